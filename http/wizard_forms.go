package http

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/agent"
	"github.com/beianhq/beian/http/form"
	"github.com/beianhq/beian/registry"
)

// How many inputs a list of the wizard offers at most.
const (
	maxDomainInputs = 10
	maxServices     = 10
)

// appPlatforms are the App platforms the services step offers, one row each.
var appPlatforms = []string{"Android", "iOS", "HarmonyOS"}

// readList reads the inputs name[0], name[1], … that are not blank.
func readList(f *form.Form, name string, n int) []string {
	var out []string
	for i := range n {
		if v := f.Trimmed(fmt.Sprintf("%s[%d]", name, i)); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// readTypeForm reads the 验证备案类型 step into st and returns the check's
// request. The step describes the entity and the first service.
func readTypeForm(f *form.Form, st *wizardState) agent.TypeCheckRequest {
	rec := &st.Body.Record
	rec.Province, rec.NatureName, rec.CertType = f.Trimmed("province"), f.Trimmed("natureName"), f.Trimmed("certType")
	rec.CertNo, rec.UnitName = f.Trimmed("certNo"), f.Trimmed("unitName")
	req := agent.TypeCheckRequest{Province: rec.Province, NatureName: rec.NatureName, CertType: rec.CertType, CertNo: rec.CertNo,
		UnitName: rec.UnitName, Domains: readList(f, "domains", maxDomainInputs), ProductID: f.Trimmed("productId")}
	req.ServiceType, _ = strconv.Atoi(f.Trimmed("serviceType"))
	if len(rec.Services) == 0 {
		rec.Services = []draftService{{}}
	}
	rec.Services[0].ServiceType, rec.Services[0].Domains = req.ServiceType, req.Domains
	if req.ProductID != "" {
		st.Body.setProduct(draftProduct{Service: 0, ProductID: req.ProductID})
	}
	return req
}

// readProductForm reads the 产品验证 step: for each service its own
// product or another account's through an authorization code.
func readProductForm(f *form.Form, st *wizardState) {
	for i := range st.Body.Record.Services {
		p := draftProduct{Service: i, ProductID: f.Trimmed(fmt.Sprintf("products[%d].productId", i)),
			AuthCode: f.Trimmed(fmt.Sprintf("products[%d].authCode", i))}
		if p.AuthCode != "" {
			p.ProductID = ""
		}
		st.Body.setProduct(p)
	}
	sortProducts(st.Body.Products)
}

func sortProducts(ps []draftProduct) {
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && ps[j].Service < ps[j-1].Service; j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
}

// readPrincipal reads the principal inputs under prefix (principal or
// services[0].principal); all blank is none.
func readPrincipal(f *form.Form, prefix string) *registry.PrincipalRecord {
	p := &registry.PrincipalRecord{Name: f.Trimmed(prefix + ".name"), CertType: f.Trimmed(prefix + ".certType"),
		CertNo: f.Trimmed(prefix + ".certNo"), Mobile: f.Trimmed(prefix + ".mobile"), Email: f.Trimmed(prefix + ".email")}
	if *p == (registry.PrincipalRecord{CertType: p.CertType}) {
		return nil
	}
	return p
}

// readEntityForm reads the 主体信息 step.
func readEntityForm(f *form.Form, st *wizardState) {
	rec := &st.Body.Record
	rec.UnitName, rec.NatureName, rec.Province = f.Trimmed("unitName"), f.Trimmed("natureName"), f.Trimmed("province")
	rec.CertType, rec.CertNo = f.Trimmed("certType"), f.Trimmed("certNo")
	rec.CertAddress, rec.Address = f.Trimmed("certAddress"), f.Trimmed("address")
	rec.Principal = readPrincipal(f, "principal")
}

// readServicesForm reads the 服务信息 step: every service shown, then the
// button pressed (op): add a service, remove one, or save.
func readServicesForm(f *form.Form, st *wizardState) string {
	n := min(len(st.Body.Record.Services), maxServices)
	services := make([]draftService, 0, n+1)
	for i := range n {
		services = append(services, readService(f, fmt.Sprintf("services[%d]", i)))
	}
	op := f.Trimmed("op")
	if rest, ok := strings.CutPrefix(op, "remove-"); ok {
		if i, err := strconv.Atoi(rest); err == nil && i > 0 && i < len(services) {
			services = append(services[:i], services[i+1:]...)
			var ps []draftProduct
			for _, p := range st.Body.Products {
				switch {
				case p.Service < i:
					ps = append(ps, p)
				case p.Service > i:
					p.Service--
					ps = append(ps, p)
				}
			}
			st.Body.Products = ps
		}
	}
	if op == "add" && len(services) < maxServices {
		services = append(services, draftService{ServiceType: int(beian.ServiceWebsite)})
	}
	st.Body.Record.Services = services
	return op
}

func readService(f *form.Form, prefix string) draftService {
	s := draftService{ServiceName: f.Trimmed(prefix + ".serviceName"), HomeURL: f.Trimmed(prefix + ".homeUrl"),
		Domains: readList(f, prefix+".domains", maxDomainInputs), Principal: readPrincipal(f, prefix+".principal")}
	s.ServiceType, _ = strconv.Atoi(f.Trimmed(prefix + ".serviceType"))
	for _, c := range f.All(prefix + ".contentTypes") {
		if c = strings.TrimSpace(c); c != "" {
			s.ContentTypes = append(s.ContentTypes, c)
		}
	}
	switch beian.ServiceType(s.ServiceType) {
	case beian.ServiceApp:
		a := &draftApp{PackageName: f.Trimmed(prefix + ".app.packageName")}
		for i, name := range appPlatforms {
			if fp := f.Trimmed(fmt.Sprintf("%s.app.platforms[%d].fingerprint", prefix, i)); fp != "" {
				a.Platforms = append(a.Platforms, draftPlatform{Name: name, Fingerprint: fp})
			}
		}
		s.App = a
	case beian.ServiceMiniProgram, beian.ServiceQuickApp:
		s.App = &draftApp{Platform: f.Trimmed(prefix + ".app.platform"), AppID: f.Trimmed(prefix + ".app.appId")}
	}
	return s
}
