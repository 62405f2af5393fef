package beian

// ChangeScope says what a 变更备案 changes, which decides who verifies it.
type ChangeScope struct {
	Entity bool // entity fields or the entity principal
	Site   bool // service fields or a service principal
}

// SMSVerifiers says which principals must pass the regulator's SMS
// verification (短信核验) for a filing of type t: the entity principal, the
// principal of each service it touches, or neither (then the filing goes
// straight to the bureau; 取消接入 sends no SMS at all). The emergency
// contact never verifies. scope matters for 变更备案 only.
func SMSVerifiers(t FilingType, scope ChangeScope) (entity, site bool) {
	switch t {
	case FilingFirst, FilingNewSite:
		return true, true
	case FilingNewAccess, FilingChangeSite:
		return false, true
	case FilingChange:
		return scope.Entity, scope.Site
	case FilingChangeEntity, FilingCancelEntity:
		return true, false
	}
	// 变更接入, 注销网站, 取消接入.
	return false, false
}

// SMSEntityVerifies reports whether the entity principal may verify a
// filing of type t (for 变更备案, when its scope takes the entity).
func SMSEntityVerifies(t FilingType) bool {
	e, _ := SMSVerifiers(t, ChangeScope{Entity: true, Site: true})
	return e
}
