package beian

import "time"

// Entity is a filed entity (主体 / 主办单位): an organisation or a person that
// holds one main number (主体备案号) and files services under it.
type Entity struct {
	ID          int64      `json:"id"`
	UnitName    string     `json:"unitName"` // 主办单位名称
	Nature      string     `json:"nature"`   // 单位性质 label, e.g. 企业, 个人
	Province    string     `json:"province"` // GB/T 2260 code of the entity's province, e.g. "330000"
	CertType    string     `json:"certType"` // entity certificate type label (a person type for 个人)
	CertNo      string     `json:"certNo"`
	CertAddress string     `json:"certAddress"` // 证件住所
	Address     string     `json:"address"`     // 通信地址
	MainLicence string     `json:"mainLicence"` // 主体备案号, e.g. 浙ICP备2021012345号
	Principal   Principal  `json:"principal"`
	Services    []*Service `json:"services,omitempty"`
	Cancelled   bool       `json:"cancelled"`
	CreatedAt   time.Time  `json:"createdAt"`
	UpdatedAt   time.Time  `json:"updatedAt"`
}

// Principal is a responsible person (负责人) of an entity or of a service.
type Principal struct {
	Name     string `json:"name"`
	CertType string `json:"certType"` // person certificate type label, e.g. 居民身份证
	CertNo   string `json:"certNo"`
	Mobile   string `json:"mobile"`
	Email    string `json:"email"`
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
	ID           int64       `json:"id"`
	EntityID     int64       `json:"entityId"`
	Type         ServiceType `json:"type"`
	Name         string      `json:"name"`                // 网站名称 / 服务名称
	Licence      string      `json:"licence"`             // 服务备案号, e.g. 浙ICP备2021012345号-1
	Domains      []string    `json:"domains,omitempty"`   // registrable domains in ASCII; websites have at least one
	HomeURL      string      `json:"homeUrl"`             // 首页网址, websites only
	Principal    *Principal  `json:"principal,omitempty"` // nil means the entity principal
	Access       []Access    `json:"access,omitempty"`
	ContentTypes []string    `json:"contentTypes,omitempty"` // 服务内容 / 前置审批 labels shown as contentTypeName
	ApprovedAt   time.Time   `json:"approvedAt"`
	LimitAccess  bool        `json:"limitAccess"` // 是否限制接入
	Cancelled    bool        `json:"cancelled"`
}

// Access records one access provider (接入商) of a service and the IPs it
// serves the service from.
type Access struct {
	Provider string   `json:"provider"`
	IPs      []string `json:"ips,omitempty"`
}
