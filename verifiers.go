package beian

// FilingVerifiers returns the principals who must pass the SMS
// verification of filing f (SMSVerifiers by sub-case), each once: a person
// who is both the entity principal and a service principal verifies once.
// cur is the filed entity f works on (nil for 首次备案 and 新增网站); the
// principals are those the filing names, or those on file for what it does
// not restate. The emergency contact never verifies; 取消接入 none at all.
func FilingVerifiers(cur *Entity, f Filing) []Principal {
	var scope ChangeScope
	if f.FilingType == FilingChange && cur != nil {
		scope = ChangeScopeOf(cur, f)
	}
	entity, site := SMSVerifiers(f.FilingType, scope)
	var out []Principal
	add := func(p Principal) {
		for _, q := range out {
			if q.CertNo == p.CertNo && q.Mobile == p.Mobile {
				return
			}
		}
		if p.Mobile != "" {
			out = append(out, p)
		}
	}
	var rec *Entity
	if f.Record != nil {
		rec = &f.Record.Entity
	}
	if entity {
		switch {
		case rec != nil:
			add(rec.Principal)
		case cur != nil:
			add(cur.Principal)
		}
	}
	if site && rec != nil {
		for _, s := range rec.Services {
			add(servicePrincipal(cur, rec, s))
		}
	}
	return out
}

// servicePrincipal is the principal of s as filed by f's record: its own,
// else the one on file for that number, else the entity principal.
func servicePrincipal(cur, rec *Entity, s *Service) Principal {
	if s.Principal != nil {
		return *s.Principal
	}
	if cur != nil {
		for _, c := range cur.Services {
			if c.Licence == s.Licence && s.Licence != "" && c.Principal != nil {
				return *c.Principal
			}
		}
		if rec.Principal == (Principal{}) {
			return cur.Principal
		}
	}
	return rec.Principal
}
