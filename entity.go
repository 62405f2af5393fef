package beian

import "time"

// Entity is a filed entity (主体 / 主办单位): an organisation or a person that
// holds one main number (主体备案号) and files services under it.
type Entity struct {
	ID          int64
	UnitName    string // 主办单位名称
	Nature      string // 单位性质 label, e.g. 企业, 个人
	Province    string // GB/T 2260 code of the entity's province, e.g. "330000"
	CertType    string // entity certificate type label (a person type for 个人)
	CertNo      string
	CertAddress string // 证件住所
	Address     string // 通信地址
	MainLicence string // 主体备案号, e.g. 浙ICP备2021012345号
	Principal   Principal
	Services    []*Service
	Cancelled   bool
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Principal is a responsible person (负责人) of an entity or of a service.
type Principal struct {
	Name     string
	CertType string // person certificate type label, e.g. 居民身份证
	CertNo   string
	Mobile   string
	Email    string
}

// ServiceType is the kind of a filed service, with MIIT's query codes.
type ServiceType int

// Service types as the MIIT query numbers them.
const (
	ServiceWebsite     ServiceType = 1
	ServiceApp         ServiceType = 6
	ServiceMiniProgram ServiceType = 7
	ServiceQuickApp    ServiceType = 8
)

// Valid reports whether t is one of the four service types.
func (t ServiceType) Valid() bool {
	switch t {
	case ServiceWebsite, ServiceApp, ServiceMiniProgram, ServiceQuickApp:
		return true
	}
	return false
}

// Label returns the Chinese name of the service type.
func (t ServiceType) Label() string {
	switch t {
	case ServiceWebsite:
		return "网站"
	case ServiceApp:
		return "App"
	case ServiceMiniProgram:
		return "小程序"
	case ServiceQuickApp:
		return "快应用"
	}
	return ""
}

// Service is one filed internet information service (网站, App, 小程序, 快应用)
// of an entity.
type Service struct {
	ID           int64
	EntityID     int64
	Type         ServiceType
	Name         string     // 网站名称 / 服务名称
	Licence      string     // 服务备案号, e.g. 浙ICP备2021012345号-1
	Domains      []string   // registrable domains in ASCII; websites have at least one
	HomeURL      string     // 首页网址, websites only
	Principal    *Principal // nil means the entity principal
	Access       []Access
	ContentTypes []string // 服务内容 / 前置审批 labels shown as contentTypeName
	ApprovedAt   time.Time
	LimitAccess  bool // 是否限制接入
	Cancelled    bool
}

// Access records one access provider (接入商) of a service and the IPs it
// serves the service from.
type Access struct {
	Provider string
	IPs      []string
}
