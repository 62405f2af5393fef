package beian

import "fmt"

// TypeCheckFacts is what the registry says about an application's entity and
// domains, from which the filing type follows (验证备案类型).
type TypeCheckFacts struct {
	EntityFiled    bool   // the entity's certificate holds a main number
	MainLicence    string // that number
	EntityInFlight bool   // the entity has another application in flight, at any provider
	HeldBy         int64  // that application's id, when known
	Domains        []DomainFacts
}

// DomainFacts is what the registry says about one domain of the application.
type DomainFacts struct {
	Field  string // e.g. domains[0] or services[1].domains[0]
	Domain string
	// OtherEntity: filed under another entity, or in another entity's
	// pending application.
	OtherEntity bool
	// Filed: filed under this entity already.
	Filed bool
	// ProviderHasAccess: the applying provider is among the access providers
	// of the service the domain is filed under.
	ProviderHasAccess bool
}

// Conflict messages; the API promises these words in the message.
const (
	DomainConflict = "域名冲突"
	EntityConflict = "主办者冲突"
)

// DecideFilingType returns the filing type of a new filing:
// 首次备案 when the entity holds no number, 新增网站 when it does and the
// domains are new, 新增接入 when the domains are filed under it and the
// provider does not serve them yet. A domain of another entity is a
// 域名冲突 and an entity with an application in flight a 主办者冲突
// (ECONFLICT); new and filed domains cannot be combined.
func DecideFilingType(f TypeCheckFacts) (FilingType, error) {
	for _, d := range f.Domains {
		if d.OtherEntity {
			return "", &Error{Code: ECONFLICT, Field: d.Field, Message: fmt.Sprintf("%s: %s：域名 %s 已由其他主体备案或正在备案，请先注销或转移", d.Field, DomainConflict, d.Domain)}
		}
	}
	if f.EntityInFlight && f.HeldBy != 0 {
		return "", Errorf(ECONFLICT, "%s：该主体已有备案申请（订单 %d）正在办理，请先完成或放弃该申请", EntityConflict, f.HeldBy)
	}
	if f.EntityInFlight {
		return "", Errorf(ECONFLICT, "%s：该主体已有备案申请正在办理，请先完成或放弃该申请", EntityConflict)
	}
	if !f.EntityFiled {
		return FilingFirst, nil
	}
	types := make([]FilingType, 0, len(f.Domains))
	for _, d := range f.Domains {
		switch {
		case !d.Filed:
			types = append(types, FilingNewSite)
		case d.ProviderHasAccess:
			return "", &Error{Code: ECONFLICT, Field: d.Field, Message: fmt.Sprintf("%s: 域名 %s 已备案并已接入本接入商，无需再次备案", d.Field, d.Domain)}
		default:
			types = append(types, FilingNewAccess)
		}
	}
	if len(types) == 0 {
		// An App or mini-program without domains adds a service.
		return FilingNewSite, nil
	}
	return combineDomainTypes(f.Domains, types)
}

// combineDomainTypes is CombineFilingTypes with the domains' own field names.
func combineDomainTypes(ds []DomainFacts, types []FilingType) (FilingType, error) {
	for i, t := range types {
		if t != types[0] {
			return "", &Error{Code: ECONFLICT, Field: ds[i].Field, Message: ds[i].Field + ": 已备案域名的新增接入不能与新域名的新增网站在同一订单中办理，请先单独办理新增接入"}
		}
	}
	return types[0], nil
}
