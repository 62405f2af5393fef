package beian

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// RecordUpdate is what an approved change, cancellation or new access does
// to one filed entity: the entity as it stands afterwards, and what changed
// of it and of each service it touched (the history keeps the old values).
type RecordUpdate struct {
	After *Entity
	// EntityWhat says what changed of the entity ("" when nothing did),
	// e.g. "主办单位名称、主体负责人" or "注销主体".
	EntityWhat string
	// ServiceWhat says, by service id, what changed of each touched service.
	ServiceWhat map[int64]string
}

// Touched reports whether the update changes anything.
func (u *RecordUpdate) Touched() bool { return u.EntityWhat != "" || len(u.ServiceWhat) > 0 }

// ApplyFiling returns what the approval of filing f does to cur, the live
// entity it names (with its services and access records). cur is left as it
// is. The provider of f is the one whose access records a change of access,
// a new access or a 取消接入 works on. Numbers never change.
func ApplyFiling(cur *Entity, f Filing) (*RecordUpdate, error) {
	if cur == nil || cur.Cancelled {
		return nil, Errorf(ENOTFOUND, "mainLicence: 未找到已备案的主体")
	}
	u := &RecordUpdate{After: cloneEntity(cur), ServiceWhat: map[int64]string{}}
	var err error
	switch {
	case f.FilingType.IsCancel():
		err = u.cancel(f)
	case f.Record == nil:
		err = Errorf(EINVALID, "record: 缺少备案信息")
	case f.Record.Entity.MainLicence != cur.MainLicence:
		err = FieldErrorf("mainLicence", "主体备案号 %s 与已备案主体不符", f.Record.Entity.MainLicence)
	case f.FilingType == FilingChangeEntity:
		err = u.changeEntity(&f.Record.Entity)
	case f.FilingType == FilingChangeSite:
		err = u.changeServices(f.Record.Entity.Services)
	case f.FilingType == FilingChangeAccess, f.FilingType == FilingNewAccess:
		err = u.access(f.FilingType, f.Provider, f.Record.Entity.Services)
	case f.FilingType == FilingChange:
		if err = u.changeEntity(&f.Record.Entity); err == nil {
			err = u.changeServices(f.Record.Entity.Services)
		}
	default:
		err = Errorf(EINVALID, "filingType: %s由管局审核通过时新建备案，不修改已有记录", f.FilingType)
	}
	if err != nil {
		return nil, err
	}
	return u, nil
}

func cloneEntity(e *Entity) *Entity {
	c := *e
	c.Services = make([]*Service, len(e.Services))
	for i, s := range e.Services {
		sc := *s
		sc.Domains = slices.Clone(s.Domains)
		sc.ContentTypes = slices.Clone(s.ContentTypes)
		sc.Access = make([]Access, len(s.Access))
		for j, a := range s.Access {
			sc.Access[j] = Access{Provider: a.Provider, IPs: slices.Clone(a.IPs)}
		}
		if s.Principal != nil {
			p := *s.Principal
			sc.Principal = &p
		}
		c.Services[i] = &sc
	}
	return &c
}

// service returns the live service of u numbered licence, or a field error.
func (u *RecordUpdate) service(field, licence string) (*Service, error) {
	for _, s := range u.After.Services {
		if s.Licence == licence && !s.Cancelled {
			return s, nil
		}
	}
	return nil, FieldErrorf(field, "服务备案号 %s 不属于该主体或已注销", licence)
}

func (u *RecordUpdate) note(s *Service, what string) {
	if old := u.ServiceWhat[s.ID]; old != "" {
		what = old + "、" + what
	}
	u.ServiceWhat[s.ID] = what
}

// changeEntity takes the entity fields and the entity principal of n: the
// province and the certificate stay, and an organisation never becomes a
// person.
func (u *RecordUpdate) changeEntity(n *Entity) error {
	e := u.After
	switch {
	case n.Province != e.Province:
		return FieldErrorf("province", "变更主体不能变更省份：跨省请先注销再在新省份备案")
	case NormalizeCertNo(n.CertNo) != e.CertNo:
		return FieldErrorf("certNo", "证件号码须与已备案主体一致")
	case n.Nature != e.Nature && (n.Nature == "个人" || e.Nature != "个人"):
		return FieldErrorf("natureName", "单位性质不能由%s变更为%s", e.Nature, n.Nature)
	}
	var what []string
	set := func(label string, dst *string, v string) {
		if *dst != v {
			*dst = v
			what = append(what, label)
		}
	}
	set("主办单位名称", &e.UnitName, n.UnitName)
	set("单位性质", &e.Nature, n.Nature)
	set("证件类型", &e.CertType, n.CertType)
	set("证件住所", &e.CertAddress, n.CertAddress)
	set("通信地址", &e.Address, n.Address)
	if e.Principal != n.Principal {
		e.Principal = n.Principal
		what = append(what, "主体负责人")
	}
	u.EntityWhat = strings.Join(what, "、")
	return nil
}

// changeServices takes each named service's data and principal; its
// domains may only lose some, never gain one.
func (u *RecordUpdate) changeServices(ns []*Service) error {
	for i, n := range ns {
		field := fmt.Sprintf("services[%d]", i)
		s, err := u.service(field+".serviceLicence", n.Licence)
		if err != nil {
			return err
		}
		if n.Type != s.Type {
			return FieldErrorf(field+".serviceType", "不能变更服务类型")
		}
		for j, d := range n.Domains {
			if !slices.Contains(s.Domains, d) {
				return FieldErrorf(fmt.Sprintf("%s.domains[%d]", field, j), "变更网站只能删除域名，不能新增（%s 请以新增网站办理）", d)
			}
		}
		var what []string
		if n.Name != s.Name {
			s.Name, what = n.Name, append(what, "服务名称")
		}
		if !slices.Equal(n.Domains, s.Domains) && s.Type == ServiceWebsite {
			s.Domains, what = slices.Clone(n.Domains), append(what, "域名")
		}
		if n.HomeURL != s.HomeURL {
			s.HomeURL, what = n.HomeURL, append(what, "首页网址")
		}
		if !samePrincipal(n.Principal, s.Principal) {
			s.Principal, what = n.Principal, append(what, "服务负责人")
		}
		if n.ContentTypes != nil && !slices.Equal(n.ContentTypes, s.ContentTypes) {
			s.ContentTypes, what = slices.Clone(n.ContentTypes), append(what, "服务内容")
		}
		if len(what) > 0 {
			u.note(s, strings.Join(what, "、"))
		}
	}
	return nil
}

func samePrincipal(a, b *Principal) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// access sets provider's access record of each named service from the
// products (their access records): 新增接入 adds one where the provider has
// none, 变更接入 replaces the one it has.
func (u *RecordUpdate) access(ft FilingType, provider string, ns []*Service) error {
	if provider == "" {
		return Errorf(EINVALID, "provider: 缺少接入商")
	}
	for i, n := range ns {
		field := fmt.Sprintf("services[%d]", i)
		s, err := u.service(field+".serviceLicence", n.Licence)
		if err != nil {
			return err
		}
		var ips []string
		for _, a := range n.Access {
			if a.Provider == provider {
				ips = append(ips, a.IPs...)
			}
		}
		if len(ips) == 0 {
			return FieldErrorf(field, "%s须选择本接入商的产品", ft)
		}
		at := slices.IndexFunc(s.Access, func(a Access) bool { return a.Provider == provider })
		switch {
		case ft == FilingNewAccess && at >= 0:
			return FieldErrorf(field+".serviceLicence", "服务 %s 已接入%s，无需新增接入", s.Licence, provider)
		case ft == FilingNewAccess:
			s.Access = append(s.Access, Access{Provider: provider, IPs: ips})
			u.note(s, "新增接入："+provider)
		case at < 0:
			return FieldErrorf(field+".serviceLicence", "服务 %s 未接入%s，不能变更接入", s.Licence, provider)
		case !slices.Equal(s.Access[at].IPs, ips):
			s.Access[at].IPs = ips
			u.note(s, "变更接入："+provider)
		}
	}
	return nil
}

// cancel applies 注销主体 (every service goes), 注销网站 (one) or 取消接入
// (only the provider's access record; the service may become a shell).
func (u *RecordUpdate) cancel(f Filing) error {
	c := f.Cancel
	if c == nil {
		return Errorf(EINVALID, "record: 缺少注销信息")
	}
	e := u.After
	switch f.FilingType {
	case FilingCancelEntity:
		if c.MainLicence != e.MainLicence {
			return FieldErrorf("mainLicence", "主体备案号 %s 与已备案主体不符", c.MainLicence)
		}
		for _, s := range e.Services {
			if !s.Cancelled {
				s.Cancelled = true
				u.note(s, "注销主体")
			}
		}
		e.Cancelled, u.EntityWhat = true, "注销主体"
	case FilingCancelSite:
		s, err := u.service("serviceLicence", c.ServiceLicence)
		if err != nil {
			return err
		}
		s.Cancelled = true
		u.note(s, "注销网站")
	case FilingCancelAccess:
		s, err := u.service("serviceLicence", c.ServiceLicence)
		if err != nil {
			return err
		}
		at := slices.IndexFunc(s.Access, func(a Access) bool { return a.Provider == f.Provider })
		if at < 0 {
			return FieldErrorf("productId", "服务 %s 未接入%s，无可取消的接入", s.Licence, f.Provider)
		}
		s.Access = slices.Delete(s.Access, at, at+1)
		u.note(s, "取消接入："+f.Provider)
	}
	return nil
}

// IsShell reports whether s is a live service no provider serves (空壳网站).
func (s *Service) IsShell() bool { return !s.Cancelled && len(s.Access) == 0 }

// IsShell reports whether e is a live entity without a live service that a
// provider serves (空壳主体).
func (e *Entity) IsShell() bool {
	if e.Cancelled {
		return false
	}
	for _, s := range e.Services {
		if !s.Cancelled && !s.IsShell() {
			return false
		}
	}
	return true
}

// ChangeScopeOf says what a 变更备案 changes of cur, for SMSVerifiers: the
// entity when its fields or principal differ, a site when a service does.
func ChangeScopeOf(cur *Entity, f Filing) ChangeScope {
	u, err := ApplyFiling(cur, f)
	if err != nil {
		return ChangeScope{Entity: true, Site: true}
	}
	return ChangeScope{Entity: u.EntityWhat != "", Site: len(u.ServiceWhat) > 0}
}

// HistoryEntry is one filing's change to a filed entity or to one of its
// services (ServiceLicence set), as the history keeps it.
type HistoryEntry struct {
	At             time.Time
	FilingType     FilingType
	ApplicationID  int64  // 0: the bureau on its own authority
	ServiceLicence string // "" for the entity
	What           string
}
