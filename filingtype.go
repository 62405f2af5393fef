package beian

// FilingType is the kind of an application (备案类型). The values are the
// Chinese names the public API uses.
type FilingType string

// Filing types. The first three add to the national record and are decided
// by the type check; the others change or cancel what was approved and are
// named by the applicant.
const (
	FilingFirst     FilingType = "首次备案" // neither the entity nor the domain has a number
	FilingNewSite   FilingType = "新增网站" // the entity has a number, the service has none
	FilingNewAccess FilingType = "新增接入" // entity and service filed; this provider is added

	FilingChangeEntity FilingType = "变更主体" // entity fields and principal
	FilingChangeSite   FilingType = "变更网站" // service fields and principal; domains may only be removed
	FilingChangeAccess FilingType = "变更接入" // the products of named services
	FilingChange       FilingType = "变更备案" // entity and services together

	FilingCancelEntity FilingType = "注销主体" // the entity and all its services
	FilingCancelSite   FilingType = "注销网站" // one service
	FilingCancelAccess FilingType = "取消接入" // one provider's access record of a service
)

// FilingTypes lists every filing type.
var FilingTypes = []FilingType{
	FilingFirst, FilingNewSite, FilingNewAccess,
	FilingChangeEntity, FilingChangeSite, FilingChangeAccess, FilingChange,
	FilingCancelEntity, FilingCancelSite, FilingCancelAccess,
}

// Valid reports whether t is a known filing type.
func (t FilingType) Valid() bool {
	for _, v := range FilingTypes {
		if v == t {
			return true
		}
	}
	return false
}

// IsNew reports whether t adds to the national record (首次备案, 新增网站,
// 新增接入).
func (t FilingType) IsNew() bool {
	return t == FilingFirst || t == FilingNewSite || t == FilingNewAccess
}

// IsChange reports whether t changes an approved filing.
func (t FilingType) IsChange() bool {
	return t == FilingChangeEntity || t == FilingChangeSite || t == FilingChangeAccess || t == FilingChange
}

// IsCancel reports whether t removes an approved filing or access record.
func (t FilingType) IsCancel() bool {
	return t == FilingCancelEntity || t == FilingCancelSite || t == FilingCancelAccess
}

// CarriesNumbers reports whether the record of an application of type t
// names existing numbers (mainLicence, serviceLicence): every type but the
// first two, whose numbers the bureau allocates on approval.
func (t FilingType) CarriesNumbers() bool {
	return t.Valid() && t != FilingFirst && t != FilingNewSite
}
