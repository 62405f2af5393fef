package http

import (
	"net/http"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/registry"
)

// queryRow is a result row with MIIT's field names.
type queryRow struct {
	UnitName         string `json:"unitName"`
	NatureName       string `json:"natureName"`
	MainLicence      string `json:"mainLicence"`
	ServiceLicence   string `json:"serviceLicence"`
	ServiceName      string `json:"serviceName"`
	ServiceType      int    `json:"serviceType"`
	Domain           string `json:"domain"`
	HomeURL          string `json:"homeUrl"`
	UpdateRecordTime string `json:"updateRecordTime"`
	LimitAccess      string `json:"limitAccess"`
	ContentTypeName  string `json:"contentTypeName"`
	MainID           int64  `json:"mainId"`
	ServiceID        int64  `json:"serviceId"`
}

type queryPage struct {
	List       []queryRow `json:"list"`
	Total      int        `json:"total"`
	Pages      int        `json:"pages"`
	PageNum    int        `json:"pageNum"`
	PageSize   int        `json:"pageSize"`
	IsLastPage bool       `json:"isLastPage"`
	Capped     bool       `json:"-"` // the page says "10000+"
}

// timeLayout is how MIIT writes updateRecordTime.
const timeLayout = "2006-01-02 15:04:05"

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

func newQueryPage(res beian.QueryResult) queryPage {
	p := queryPage{
		List:       make([]queryRow, 0, len(res.Rows)),
		Total:      res.Total,
		Pages:      res.Pages(),
		PageNum:    res.PageNum,
		PageSize:   res.PageSize,
		IsLastPage: res.PageNum >= res.Pages(),
		Capped:     res.Capped,
	}
	for _, r := range res.Rows {
		p.List = append(p.List, queryRow{
			UnitName:         r.UnitName,
			NatureName:       r.NatureName,
			MainLicence:      r.MainLicence,
			ServiceLicence:   r.ServiceLicence,
			ServiceName:      r.ServiceName,
			ServiceType:      int(r.ServiceType),
			Domain:           r.Domain,
			HomeURL:          r.HomeURL,
			UpdateRecordTime: r.UpdateRecordAt.In(beian.Shanghai).Format(timeLayout),
			LimitAccess:      yesNo(r.LimitAccess),
			ContentTypeName:  r.ContentTypeName,
			MainID:           r.EntityID,
			ServiceID:        r.ServiceID,
		})
	}
	return p
}

func queryParams(r *http.Request) registry.QueryParams {
	q := r.URL.Query()
	return registry.QueryParams{
		Keyword:     q.Get("keyword"),
		ServiceType: q.Get("serviceType"),
		PageNum:     q.Get("pageNum"),
		PageSize:    q.Get("pageSize"),
	}
}

// handleAPIQuery serves GET /api/v1/query. With the registry's cache, a
// repeated answer is written from its stored encoding.
func (s *Server) handleAPIQuery(w http.ResponseWriter, r *http.Request) error {
	body, err := s.Registry.QueryEncoded(r.Context(), queryParams(r), encodeQueryAnswer)
	if err != nil {
		return err
	}
	writeJSONBody(w, http.StatusOK, body)
	return nil
}

// encodeQueryAnswer is the body of a query answer.
func encodeQueryAnswer(res beian.QueryResult) ([]byte, error) {
	return encodeJSON(envelope{Code: 200, Msg: "操作成功", Success: true, Params: newQueryPage(res)})
}
