package beian

import (
	"fmt"
	"strings"
	"time"

	"github.com/beianhq/beian/rules"
)

// Field length limits of a filing record, in characters.
const (
	MaxUnitNameLen = 100
	MaxAddressLen  = 200
	maxPersonLen   = 50
	maxServiceLen  = 50
)

// Validate checks e as of asOf (birth dates and approval times may not lie
// after it) and puts its fields in canonical form: trimmed text, nature
// and certificate types by their canonical labels, the province as its
// GB/T 2260 code, numbers, domains (ASCII) and IPs as the rules write them.
// It is the one check of a filing record, whether it comes from an import
// or from the filing wizard. The error is a *Error naming the first field at
// fault by its JSON path, e.g. services[0].domains[1] or principal.mobile.
func (e *Entity) Validate(asOf time.Time) error {
	e.UnitName, e.CertAddress, e.Address = strings.TrimSpace(e.UnitName), strings.TrimSpace(e.CertAddress), strings.TrimSpace(e.Address)
	if err := CheckField("unitName", e.UnitName, 2, MaxUnitNameLen); err != nil {
		return err
	}
	if err := CheckField("certAddress", e.CertAddress, 0, MaxAddressLen); err != nil {
		return err
	}
	if err := CheckField("address", e.Address, 0, MaxAddressLen); err != nil {
		return err
	}
	nature, ok := rules.LookupNature(strings.TrimSpace(e.Nature))
	if !ok {
		return FieldErrorf("natureName", "未知的单位性质 %q", e.Nature)
	}
	e.Nature = nature.Name
	province, ok := rules.LookupProvince(e.Province)
	if !ok {
		return FieldErrorf("province", "未知的省份 %q（请填写省份名称或6位行政区划代码）", e.Province)
	}
	e.Province = province.Code
	ct, err := rules.LookupEntityCertType(nature.Name, strings.TrimSpace(e.CertType))
	if err != nil {
		return FieldError("certType", err)
	}
	e.CertType = ct.Name
	e.CertNo = NormalizeCertNo(e.CertNo)
	if err := rules.CheckCertNo(ct.Kind, e.CertNo, asOf); err != nil {
		return FieldError("certNo", err)
	}
	if err := e.validateMainLicence(province); err != nil {
		return err
	}
	if e.Principal == (Principal{}) {
		return FieldErrorf("principal", "缺少主体负责人")
	}
	if err := e.Principal.validate("principal", asOf); err != nil {
		return err
	}
	for i, s := range e.Services {
		if s == nil {
			return FieldErrorf(fmt.Sprintf("services[%d]", i), "缺少服务")
		}
		if err := s.validate(fmt.Sprintf("services[%d]", i), e.MainLicence, asOf); err != nil {
			return err
		}
	}
	return e.checkUnique()
}

func (e *Entity) validateMainLicence(province rules.Province) error {
	s := strings.TrimSpace(e.MainLicence)
	if s == "" {
		e.MainLicence = ""
		return nil
	}
	main, err := rules.ParseLicence(s)
	if err != nil {
		return FieldError("mainLicence", err)
	}
	if !main.IsMain() {
		return FieldErrorf("mainLicence", "应为主体备案号，请去掉“-%d%s”", main.Service, main.Suffix)
	}
	if main.Prefix != "" && main.Prefix != province.Prefix {
		return FieldErrorf("mainLicence", "备案号前缀“%s”与省份%s（%s）不符", main.Prefix, province.Name, province.Prefix)
	}
	e.MainLicence = main.String()
	return nil
}

// validate checks a principal whose fields are named under field.
func (p *Principal) validate(field string, asOf time.Time) error {
	p.Name, p.CertNo, p.Mobile, p.Email = strings.TrimSpace(p.Name), NormalizeCertNo(p.CertNo), rules.NormalizeMobile(p.Mobile), strings.TrimSpace(p.Email)
	if err := CheckField(field+".name", p.Name, 2, maxPersonLen); err != nil {
		return err
	}
	ct, ok := rules.LookupPersonCertType(strings.TrimSpace(p.CertType))
	if !ok {
		return FieldErrorf(field+".certType", "未知的负责人证件类型 %q", p.CertType)
	}
	p.CertType = ct.Name
	if err := rules.CheckCertNo(ct.Kind, p.CertNo, asOf); err != nil {
		return FieldError(field+".certNo", err)
	}
	if err := rules.CheckMobile(p.Mobile); err != nil {
		return FieldError(field+".mobile", err)
	}
	if err := rules.CheckEmail(p.Email); err != nil {
		return FieldError(field+".email", err)
	}
	return nil
}

// checkUnique rejects a record that lists a domain or service number twice.
func (e *Entity) checkUnique() error {
	seen := map[string]bool{}
	for i, s := range e.Services {
		if s.Licence != "" {
			if seen["s:"+s.Licence] {
				return FieldErrorf(fmt.Sprintf("services[%d].serviceLicence", i), "服务备案号 %s 重复", s.Licence)
			}
			seen["s:"+s.Licence] = true
		}
		for j, d := range s.Domains {
			if seen["d:"+d] {
				return FieldErrorf(fmt.Sprintf("services[%d].domains[%d]", i, j), "域名 %s 在本记录中重复", d)
			}
			seen["d:"+d] = true
		}
	}
	return nil
}

// NormalizeCertNo trims spaces and upper-cases a certificate number.
func NormalizeCertNo(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }
