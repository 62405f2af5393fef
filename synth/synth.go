// Package synth generates synthetic filing records (beian gen):
// realistic in their shares of provinces, natures and service kinds, in
// their content types and in the few services whose access is limited;
// valid in every check digit, and unique in every domain,
// certificate number and principal mobile, without numbers (they are
// allocated on import).
//
// The output depends on nothing but the seed: the same seed and count give
// the same bytes. Uniqueness is built from running counters passed through
// keyed permutations, so memory stays constant however many entities are
// written.
package synth

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"

	"github.com/beianhq/beian/registry"
)

// MaxEntities is the most entities one Generator writes; beyond it the
// resident IDs of its principals would run out.
const MaxEntities = 10_000_000

// Generate writes n synthetic entities as JSON lines (registry.Record) to w,
// the same bytes for the same n and seed.
func Generate(w io.Writer, n int, seed uint64) error {
	if n < 0 || n > MaxEntities {
		return fmt.Errorf("synth: entity count %d out of range 0 to %d", n, MaxEntities)
	}
	bw := bufio.NewWriterSize(w, 256<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	g := NewGenerator(seed)
	for range n {
		r := g.Next()
		if err := enc.Encode(&r); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// Generator makes synthetic entities one at a time. It is not safe for
// concurrent use.
type Generator struct {
	rng     *rand.Rand
	n       uint64 // entities made
	persons uint64 // persons made
	domains uint64 // domain labels made

	idPerm, mobilePerm, orgMAPerm, orgNumPerm perm
}

// pcgStream is the second PCG word: "beiangen".
const pcgStream = 0x626569616e67656e

// NewGenerator returns a Generator whose output is fixed by seed.
func NewGenerator(seed uint64) *Generator {
	k := mix64(seed ^ pcgStream)
	return &Generator{
		rng:        rand.New(rand.NewPCG(seed, pcgStream)),
		idPerm:     newPerm(idSlots, k+1),
		mobilePerm: newPerm(mobileSpan, k+2),
		orgMAPerm:  newPerm(orgMASpan, k+3),
		orgNumPerm: newPerm(orgNumSpan, k+4),
	}
}

// Service types of the import record (serviceType).
const (
	serviceWebsite = 1
	serviceApp     = 6
	serviceMini    = 7
	serviceQuick   = 8
)

var (
	// serviceCounts: about 1.3 services per entity.
	serviceCounts = newWeighted([]weightedItem[int]{{1, 78}, {2, 16}, {3, 4}, {4, 1.2}, {5, 0.8}})
	// serviceTypes: websites 65 %, mini-programs 30 %, Apps 4 %, quick apps 1 %.
	serviceTypes = newWeighted([]weightedItem[int]{{serviceWebsite, 65}, {serviceMini, 30}, {serviceApp, 4}, {serviceQuick, 1}})
)

// Next returns the next entity. It panics after MaxEntities.
func (g *Generator) Next() registry.Record {
	if g.n >= MaxEntities {
		panic("synth: more than MaxEntities entities")
	}
	nc := natures.pick(g.rng)
	e := &entity{index: g.n, spec: nc.spec, place: g.randomPlace(provinceChooser.pick(g.rng))}
	g.n++
	switch e.spec.kind {
	case kindPerson:
		g.individual(e)
	case kindCompany:
		g.company(e)
	default:
		g.organisation(e)
	}

	r := registry.Record{
		UnitName:   e.name,
		NatureName: e.spec.name,
		Province:   e.place.prov.name,
	}
	ct := nc.certs.pick(g.rng)
	r.CertType = ct.Name
	principal := e.holder
	if principal != nil {
		r.CertNo = principal.id
		r.Address = g.address(e.place, false)
		r.CertAddress = r.Address
		if chance(g.rng, 0.3) {
			r.CertAddress = g.address(g.randomPlace(e.place.prov), false)
		}
	} else {
		r.CertNo = g.certNo(e, ct)
		principal = g.newPerson(g.personRegion(e.place))
		r.Address = g.address(e.place, true)
		r.CertAddress = r.Address
		if chance(g.rng, 0.2) {
			r.CertAddress = g.address(g.nearby(e.place), true)
		}
	}

	r.Services = g.services(e)
	r.Principal = g.principalRecord(principal, e, r.Services)
	for j := range r.Services {
		if s := &r.Services[j]; e.spec.kind != kindPerson && chance(g.rng, 0.15) {
			p := g.newPerson(g.personRegion(e.place))
			s.Principal = g.principalRecord(p, e, r.Services)
			if s.Principal.Email == r.Principal.Email {
				s.Principal.Email = p.pinyin + p.mobile[7:] + "@" + emailDomains.pick(g.rng)
			}
		}
	}

	types := make([]int, len(r.Services))
	for j, s := range r.Services {
		types[j] = s.ServiceType
	}
	for j, d := range g.approvalDays(types, adultDay(principal.birthDay)) {
		r.Services[j].ApprovedAt = g.approvedAt(d)
	}
	return r
}

// personRegion returns the district code of a principal's ID: mostly the
// entity's province, sometimes anywhere.
func (g *Generator) personRegion(pl place) string {
	p := pl.prov
	if chance(g.rng, 0.15) {
		p = provinceChooser.pick(g.rng)
	}
	return g.randomPlace(p).region()
}

// newPerson makes a person with an ID from region; no other person of the
// output shares their ID or mobile.
func (g *Generator) newPerson(region string) *person {
	n := g.persons
	if n >= idSlots {
		panic("synth: resident IDs exhausted")
	}
	g.persons++
	id, birthDay, male := residentID(region, g.idPerm.at(n))
	name, py, initials := g.personName(male)
	return &person{name: name, pinyin: py, initials: initials, id: id, birthDay: birthDay, mobile: g.mobile(n)}
}

// principalRecord returns p as a principal of e, with an email at e's
// first website domain now and then.
func (g *Generator) principalRecord(p *person, e *entity, services []registry.ServiceRecord) *registry.PrincipalRecord {
	domain := ""
	if e.spec.kind != kindPerson && chance(g.rng, 0.35) {
		for _, s := range services {
			if s.ServiceType == serviceWebsite && isASCII(s.Domains[0]) {
				domain = s.Domains[0]
				break
			}
		}
	}
	return &registry.PrincipalRecord{
		Name:     p.name,
		CertType: "居民身份证",
		CertNo:   p.id,
		Mobile:   p.mobile,
		Email:    g.email(p, domain),
	}
}

// services returns the services of e, without approval times.
func (g *Generator) services(e *entity) []registry.ServiceRecord {
	k := serviceCounts.pick(g.rng)
	out := make([]registry.ServiceRecord, k)
	prov := providers.pick(g.rng)
	for j := range out {
		s := &out[j]
		s.ServiceType = serviceTypes.pick(g.rng)
		short, st := e.short, e.stems
		switch {
		case e.spec.kind == kindPerson:
			if j > 0 {
				st = g.personStems(e.holder)
			}
			short = st.cn
		case e.spec.kind == kindCompany && j > 0 && chance(g.rng, 0.5):
			// Another brand of the company.
			tr, init := g.tradeName()
			short, st = tr.ch, g.companyStems(tr, init, industries.pick(g.rng))
		}
		s.ServiceName = g.serviceName(e, s.ServiceType, short)
		if s.ServiceType == serviceWebsite {
			s.Domains = g.newDomains(st, e.spec.tlds, chance(g.rng, 0.12))
			s.HomeURL = g.homeURL(s.Domains[0])
		} else if chance(g.rng, 0.08) {
			s.Domains = g.newDomains(st, e.spec.tlds, false)
		}
		p := prov
		if chance(g.rng, 0.25) {
			p = providers.pick(g.rng)
		}
		s.Access = []registry.AccessRecord{{Provider: p.name, IPs: g.ips(p)}}
		g.content(e, s)
	}
	return out
}

// serviceName names a service of type t of e, called after short.
func (g *Generator) serviceName(e *entity, t int, short string) string {
	var end string
	switch e.spec.kind {
	case kindPerson:
		if t == serviceWebsite {
			end = personSiteNames.pick(g.rng)
		} else {
			end = personAppNames.pick(g.rng)
		}
	case kindCompany:
		switch t {
		case serviceWebsite:
			end = companySiteNames.pick(g.rng)
			if end == "" {
				return e.name
			}
		case serviceMini:
			end = companyMiniNames.pick(g.rng)
		case serviceApp:
			end = companyAppNames.pick(g.rng)
		default:
			end = companyQuickNames.pick(g.rng)
		}
	default:
		if t == serviceWebsite {
			return e.name + orgSiteNames.pick(g.rng)
		}
		end = orgAppNames.pick(g.rng)
	}
	return short + end
}

// appendInt appends the decimal form of v.
func appendInt(b []byte, v int) []byte { return strconv.AppendInt(b, int64(v), 10) }
