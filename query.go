package beian

import "time"

// MaxPageSize is the largest page the public query returns.
const MaxPageSize = 100

// QueryKind says how a public-query keyword was understood.
type QueryKind int

// Ways a keyword is matched, tried in this order.
const (
	QueryDomain  QueryKind = iota + 1 // a registrable domain
	QueryLicence                      // a main or service number
	QueryName                         // a substring of the entity name
)

// Query is a parsed public query.
type Query struct {
	Kind        QueryKind
	Domain      string // QueryDomain: registrable domain, ASCII
	Licence     string // QueryLicence: canonical number
	MainOnly    bool   // QueryLicence: the number is a main number (list all services)
	Name        string // QueryName: the substring
	Reading     string // how the keyword was read, for people: "按备案号 浙ICP备2021012345号-1 查询"
	ServiceType ServiceType
	PageNum     int
	PageSize    int
	// CountCap bounds the count of the total: past it the total reads
	// CountCap and QueryResult.Capped is set. 0 counts every row.
	CountCap int
}

// QueryRow is one row of a public-query result: one service and, for
// services with domains, one of its domains.
type QueryRow struct {
	EntityID        int64
	ServiceID       int64
	UnitName        string
	NatureName      string
	MainLicence     string
	ServiceLicence  string
	ServiceName     string
	ServiceType     ServiceType
	Domain          string
	HomeURL         string
	UpdateRecordAt  time.Time
	LimitAccess     bool
	ContentTypeName string
}

// QueryResult is one page of a public query.
type QueryResult struct {
	Rows     []QueryRow
	Total    int
	Capped   bool // more rows than Total match (Query.CountCap)
	PageNum  int
	PageSize int
}

// Pages returns the number of pages of r.
func (r QueryResult) Pages() int {
	if r.PageSize <= 0 {
		return 0
	}
	return (r.Total + r.PageSize - 1) / r.PageSize
}
