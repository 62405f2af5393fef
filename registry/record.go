// Package registry holds the regulator's services over the national record:
// the import of filing records, number rules and the public query.
package registry

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/rules"
)

// Record is one import line (CONTRACT §2).
type Record struct {
	UnitName    string           `json:"unitName"`
	NatureName  string           `json:"natureName"`
	Province    string           `json:"province"`
	CertType    string           `json:"certType"`
	CertNo      string           `json:"certNo"`
	CertAddress string           `json:"certAddress,omitempty"`
	Address     string           `json:"address,omitempty"`
	MainLicence string           `json:"mainLicence,omitempty"`
	Principal   *PrincipalRecord `json:"principal"`
	Services    []ServiceRecord  `json:"services"`
}

// PrincipalRecord is a principal in an import record.
type PrincipalRecord struct {
	Name     string `json:"name"`
	CertType string `json:"certType"`
	CertNo   string `json:"certNo"`
	Mobile   string `json:"mobile"`
	Email    string `json:"email"`
}

// ServiceRecord is a service in an import record.
type ServiceRecord struct {
	ServiceType    int              `json:"serviceType"`
	ServiceName    string           `json:"serviceName"`
	ServiceLicence string           `json:"serviceLicence,omitempty"`
	Domains        []string         `json:"domains,omitempty"`
	HomeURL        string           `json:"homeUrl,omitempty"`
	Principal      *PrincipalRecord `json:"principal,omitempty"`
	Access         []AccessRecord   `json:"access,omitempty"`
	ApprovedAt     string           `json:"approvedAt,omitempty"`
	ContentTypes   []string         `json:"contentTypes,omitempty"`
	LimitAccess    bool             `json:"limitAccess,omitempty"`
}

// AccessRecord is an access provider of a service in an import record.
type AccessRecord struct {
	Provider string   `json:"provider"`
	IPs      []string `json:"ips"`
}

// Field length limits, in characters.
const (
	maxNameLen    = 100
	maxAddressLen = 200
)

// DecodeRecord parses one JSON line and checks it as of asOf (birth dates and
// approval times may not lie after it). The error is a *beian.Error naming
// the first field at fault.
func DecodeRecord(line []byte, asOf time.Time) (*beian.Entity, error) {
	var r Record
	dec := json.NewDecoder(bytes.NewReader(line))
	if err := dec.Decode(&r); err != nil {
		return nil, jsonError(err)
	}
	if dec.More() {
		return nil, beian.Errorf(beian.EINVALID, "JSON: 一行只能有一个对象")
	}
	return r.Entity(asOf)
}

// jsonError explains a decoding error, naming the field where it can.
func jsonError(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return beian.FieldErrorf(te.Field, "类型错误：应为%s", jsonKind(te.Type.Kind().String()))
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return beian.Errorf(beian.EINVALID, "JSON: 第%d字节处语法错误", se.Offset)
	}
	return beian.Errorf(beian.EINVALID, "JSON: 无法解析（%s）", err.Error())
}

func jsonKind(k string) string {
	switch k {
	case "string":
		return "字符串"
	case "int", "int64":
		return "整数"
	case "slice":
		return "数组"
	case "struct", "ptr":
		return "对象"
	case "bool":
		return "布尔值"
	}
	return k
}

// Entity checks r and returns the entity it describes, with canonical
// numbers, domains and codes.
func (r *Record) Entity(asOf time.Time) (*beian.Entity, error) {
	e := &beian.Entity{
		UnitName:    strings.TrimSpace(r.UnitName),
		CertAddress: strings.TrimSpace(r.CertAddress),
		Address:     strings.TrimSpace(r.Address),
	}
	if err := checkText("unitName", e.UnitName, 2, maxNameLen); err != nil {
		return nil, err
	}
	if err := checkText("certAddress", e.CertAddress, 0, maxAddressLen); err != nil {
		return nil, err
	}
	if err := checkText("address", e.Address, 0, maxAddressLen); err != nil {
		return nil, err
	}

	nature, ok := rules.LookupNature(strings.TrimSpace(r.NatureName))
	if !ok {
		return nil, beian.FieldErrorf("natureName", "未知的单位性质 %q", r.NatureName)
	}
	e.Nature = nature.Name

	province, ok := rules.LookupProvince(r.Province)
	if !ok {
		return nil, beian.FieldErrorf("province", "未知的省份 %q（请填写省份名称或6位行政区划代码）", r.Province)
	}
	e.Province = province.Code

	ct, err := rules.LookupEntityCertType(nature.Name, strings.TrimSpace(r.CertType))
	if err != nil {
		return nil, beian.FieldError("certType", err)
	}
	e.CertType = ct.Name
	e.CertNo = normalizeCertNo(r.CertNo)
	if err := rules.CheckCertNo(ct.Kind, e.CertNo, asOf); err != nil {
		return nil, beian.FieldError("certNo", err)
	}

	var main rules.Licence
	if s := strings.TrimSpace(r.MainLicence); s != "" {
		if main, err = rules.ParseLicence(s); err != nil {
			return nil, beian.FieldError("mainLicence", err)
		}
		if !main.IsMain() {
			return nil, beian.FieldErrorf("mainLicence", "应为主体备案号，请去掉“-%d%s”", main.Service, main.Suffix)
		}
		if main.Prefix != "" && main.Prefix != province.Prefix {
			return nil, beian.FieldErrorf("mainLicence", "备案号前缀“%s”与省份%s（%s）不符", main.Prefix, province.Name, province.Prefix)
		}
		e.MainLicence = main.String()
	}

	if r.Principal == nil {
		return nil, beian.FieldErrorf("principal", "缺少主体负责人")
	}
	p, err := r.Principal.principal("principal", asOf)
	if err != nil {
		return nil, err
	}
	e.Principal = *p

	for i := range r.Services {
		s, err := r.Services[i].service(fmt.Sprintf("services[%d]", i), e.MainLicence, asOf)
		if err != nil {
			return nil, err
		}
		e.Services = append(e.Services, s)
	}
	if err := checkUnique(e); err != nil {
		return nil, err
	}
	return e, nil
}

func (pr *PrincipalRecord) principal(field string, asOf time.Time) (*beian.Principal, error) {
	p := &beian.Principal{
		Name:   strings.TrimSpace(pr.Name),
		CertNo: normalizeCertNo(pr.CertNo),
		Mobile: rules.NormalizeMobile(pr.Mobile),
		Email:  strings.TrimSpace(pr.Email),
	}
	if err := checkText(field+".name", p.Name, 2, 50); err != nil {
		return nil, err
	}
	ct, ok := rules.LookupPersonCertType(strings.TrimSpace(pr.CertType))
	if !ok {
		return nil, beian.FieldErrorf(field+".certType", "未知的负责人证件类型 %q", pr.CertType)
	}
	p.CertType = ct.Name
	if err := rules.CheckCertNo(ct.Kind, p.CertNo, asOf); err != nil {
		return nil, beian.FieldError(field+".certNo", err)
	}
	if err := rules.CheckMobile(p.Mobile); err != nil {
		return nil, beian.FieldError(field+".mobile", err)
	}
	if err := rules.CheckEmail(p.Email); err != nil {
		return nil, beian.FieldError(field+".email", err)
	}
	return p, nil
}

func (sr *ServiceRecord) service(field, mainLicence string, asOf time.Time) (*beian.Service, error) {
	s := &beian.Service{
		Type:        beian.ServiceType(sr.ServiceType),
		Name:        strings.TrimSpace(sr.ServiceName),
		LimitAccess: sr.LimitAccess,
	}
	if !s.Type.Valid() {
		return nil, beian.FieldErrorf(field+".serviceType", "应为 1（网站）、6（App）、7（小程序）或 8（快应用）")
	}
	if err := checkText(field+".serviceName", s.Name, 1, 50); err != nil {
		return nil, err
	}

	if v := strings.TrimSpace(sr.ServiceLicence); v != "" {
		l, err := rules.ParseLicence(v)
		if err != nil {
			return nil, beian.FieldError(field+".serviceLicence", err)
		}
		if l.IsMain() {
			return nil, beian.FieldErrorf(field+".serviceLicence", "应为服务备案号（主体备案号后加“-序号”）")
		}
		if mainLicence == "" {
			return nil, beian.FieldErrorf(field+".serviceLicence", "给出服务备案号时须同时给出 mainLicence")
		}
		if l.Main().String() != mainLicence {
			return nil, beian.FieldErrorf(field+".serviceLicence", "服务备案号 %s 不属于主体备案号 %s", l.String(), mainLicence)
		}
		if want := rules.ServiceSuffix(int(s.Type)); l.Suffix != want {
			return nil, beian.FieldErrorf(field+".serviceLicence", "%s的服务备案号后缀应为“%s”", s.Type.Label(), want)
		}
		s.Licence = l.String()
	}

	for j, raw := range sr.Domains {
		d, err := rules.ParseFilingDomain(raw)
		if err != nil {
			return nil, beian.FieldError(fmt.Sprintf("%s.domains[%d]", field, j), err)
		}
		s.Domains = append(s.Domains, d.ASCII)
	}
	if s.Type == beian.ServiceWebsite && len(s.Domains) == 0 {
		return nil, beian.FieldErrorf(field+".domains", "网站至少需要一个域名")
	}
	if v := strings.TrimSpace(sr.HomeURL); v != "" {
		if err := rules.CheckHomeURL(v, s.Domains); err != nil {
			return nil, beian.FieldError(field+".homeUrl", err)
		}
		s.HomeURL = v
	}

	if sr.Principal != nil {
		p, err := sr.Principal.principal(field+".principal", asOf)
		if err != nil {
			return nil, err
		}
		s.Principal = p
	}
	for j, a := range sr.Access {
		af := fmt.Sprintf("%s.access[%d]", field, j)
		acc := beian.Access{Provider: strings.TrimSpace(a.Provider)}
		if err := checkText(af+".provider", acc.Provider, 2, maxNameLen); err != nil {
			return nil, err
		}
		for k, raw := range a.IPs {
			ip, err := rules.ParsePublicIP(strings.TrimSpace(raw))
			if err != nil {
				return nil, beian.FieldError(fmt.Sprintf("%s.ips[%d]", af, k), err)
			}
			acc.IPs = append(acc.IPs, ip.String())
		}
		s.Access = append(s.Access, acc)
	}
	if v := strings.TrimSpace(sr.ApprovedAt); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return nil, beian.FieldErrorf(field+".approvedAt", "时间格式应为 RFC 3339，如 2021-08-30T13:10:24+08:00")
		}
		if t.After(asOf) {
			return nil, beian.FieldErrorf(field+".approvedAt", "审核通过时间不能晚于当前时间")
		}
		s.ApprovedAt = t
	}
	for j, c := range sr.ContentTypes {
		c = strings.TrimSpace(c)
		if _, ok := rules.LookupContentType(c); !ok {
			if _, ok := rules.LookupPreApproval(c); !ok {
				return nil, beian.FieldErrorf(fmt.Sprintf("%s.contentTypes[%d]", field, j), "未知的服务内容或前置审批类型 %q", c)
			}
		}
		s.ContentTypes = append(s.ContentTypes, c)
	}
	return s, nil
}

// checkUnique rejects a record that lists a domain or service number twice.
func checkUnique(e *beian.Entity) error {
	seen := map[string]bool{}
	for i, s := range e.Services {
		if s.Licence != "" {
			if seen["s:"+s.Licence] {
				return beian.FieldErrorf(fmt.Sprintf("services[%d].serviceLicence", i), "服务备案号 %s 重复", s.Licence)
			}
			seen["s:"+s.Licence] = true
		}
		for j, d := range s.Domains {
			if seen["d:"+d] {
				return beian.FieldErrorf(fmt.Sprintf("services[%d].domains[%d]", i, j), "域名 %s 在本记录中重复", d)
			}
			seen["d:"+d] = true
		}
	}
	return nil
}

// checkText checks that v has between min and max characters and no control
// characters. min 0 makes the field optional.
func checkText(field, v string, min, max int) error {
	n := utf8.RuneCountInString(v)
	switch {
	case n == 0 && min > 0:
		return beian.FieldErrorf(field, "不能为空")
	case !utf8.ValidString(v):
		return beian.FieldErrorf(field, "含有无效的 UTF-8 字符")
	case n < min:
		return beian.FieldErrorf(field, "至少%d个字符", min)
	case n > max:
		return beian.FieldErrorf(field, "不能超过%d个字符", max)
	}
	for _, c := range v {
		if c < 0x20 || c == 0x7f {
			return beian.FieldErrorf(field, "含有控制字符")
		}
	}
	return nil
}

// normalizeCertNo trims spaces and upper-cases a certificate number.
func normalizeCertNo(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }
