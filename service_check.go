package beian

import (
	"fmt"
	"strings"
	"time"

	"github.com/beianhq/beian/rules"
)

// validate checks a service whose fields are named under field, of the
// entity with main number mainLicence ("" when it is yet to be allocated).
func (s *Service) validate(field, mainLicence string, asOf time.Time) error {
	s.Name = strings.TrimSpace(s.Name)
	if !s.Type.Valid() {
		return FieldErrorf(field+".serviceType", "应为 1（网站）、6（App）、7（小程序）或 8（快应用）")
	}
	if err := CheckField(field+".serviceName", s.Name, 1, maxServiceLen); err != nil {
		return err
	}
	if err := s.validateLicence(field, mainLicence); err != nil {
		return err
	}
	for j, raw := range s.Domains {
		d, err := rules.ParseFilingDomain(raw)
		if err != nil {
			return FieldError(fmt.Sprintf("%s.domains[%d]", field, j), err)
		}
		s.Domains[j] = d.ASCII
	}
	if s.Type == ServiceWebsite && len(s.Domains) == 0 {
		return FieldErrorf(field+".domains", "网站至少需要一个域名")
	}
	if s.HomeURL = strings.TrimSpace(s.HomeURL); s.HomeURL != "" {
		if err := rules.CheckHomeURL(s.HomeURL, s.Domains); err != nil {
			return FieldError(field+".homeUrl", err)
		}
	}
	if s.Principal != nil {
		if err := s.Principal.validate(field+".principal", asOf); err != nil {
			return err
		}
	}
	for j := range s.Access {
		if err := s.Access[j].validate(fmt.Sprintf("%s.access[%d]", field, j)); err != nil {
			return err
		}
	}
	if s.ApprovedAt.After(asOf) {
		return FieldErrorf(field+".approvedAt", "审核通过时间不能晚于当前时间")
	}
	for j, c := range s.ContentTypes {
		c = strings.TrimSpace(c)
		if _, ok := rules.LookupContentType(c); !ok {
			if _, ok := rules.LookupPreApproval(c); !ok {
				return FieldErrorf(fmt.Sprintf("%s.contentTypes[%d]", field, j), "未知的服务内容或前置审批类型 %q", c)
			}
		}
		s.ContentTypes[j] = c
	}
	return nil
}

func (s *Service) validateLicence(field, mainLicence string) error {
	v := strings.TrimSpace(s.Licence)
	if v == "" {
		s.Licence = ""
		return nil
	}
	l, err := rules.ParseLicence(v)
	if err != nil {
		return FieldError(field+".serviceLicence", err)
	}
	switch {
	case l.IsMain():
		return FieldErrorf(field+".serviceLicence", "应为服务备案号（主体备案号后加“-序号”）")
	case mainLicence == "":
		return FieldErrorf(field+".serviceLicence", "给出服务备案号时须同时给出 mainLicence")
	case l.Main().String() != mainLicence:
		return FieldErrorf(field+".serviceLicence", "服务备案号 %s 不属于主体备案号 %s", l.String(), mainLicence)
	}
	if want := rules.ServiceSuffix(int(s.Type)); l.Suffix != want {
		return FieldErrorf(field+".serviceLicence", "%s的服务备案号后缀应为“%s”", s.Type.Label(), want)
	}
	s.Licence = l.String()
	return nil
}

// validate checks an access record whose fields are named under field.
func (a *Access) validate(field string) error {
	a.Provider = strings.TrimSpace(a.Provider)
	if err := CheckField(field+".provider", a.Provider, 2, MaxUnitNameLen); err != nil {
		return err
	}
	for k, raw := range a.IPs {
		ip, err := rules.ParsePublicIP(strings.TrimSpace(raw))
		if err != nil {
			return FieldError(fmt.Sprintf("%s.ips[%d]", field, k), err)
		}
		a.IPs[k] = ip.String()
	}
	return nil
}
