// Package registry holds the regulator's services over the national record:
// the import of filing records, number rules and the public query.
package registry

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/beianhq/beian"
)

// Record is one import line.
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

// DecodeRecord parses one JSON line and checks it as of asOf (birth dates and
// approval times may not lie after it). The error is a *beian.Error naming
// the first field at fault.
func DecodeRecord(line []byte, asOf time.Time) (*beian.Entity, error) {
	var r Record
	// Editors on Windows start a UTF-8 file with a byte order mark.
	line = bytes.TrimPrefix(line, []byte("\ufeff"))
	dec := json.NewDecoder(bytes.NewReader(line))
	if err := dec.Decode(&r); err != nil {
		return nil, jsonError(line, err)
	}
	if dec.More() {
		return nil, beian.Errorf(beian.EINVALID, "JSON: 一行只能有一个对象")
	}
	return r.Entity(asOf)
}

// jsonError explains a decoding error, naming the field where it can.
func jsonError(line []byte, err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		field := te.Field
		if p := indexedPath(line, te.Field, te.Value); p != "" {
			field = strings.TrimPrefix(p, ".")
		}
		return beian.FieldErrorf(field, "类型错误：应为%s", jsonKind(te.Type.Kind().String()))
	}
	if te != nil {
		return beian.Errorf(beian.EINVALID, "JSON: 每行应为一个 JSON 对象")
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return beian.Errorf(beian.EINVALID, "JSON: 第%d字节处语法错误", se.Offset)
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return beian.Errorf(beian.EINVALID, "JSON: 内容不完整")
	}
	// Go's own wording is English; the line is refused in Chinese.
	return beian.Errorf(beian.EINVALID, "JSON: 无法解析")
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

// Entity translates r into the entity it describes and checks it with the
// domain's Entity.Validate, which gives canonical numbers, domains and
// codes. Only what is particular to the JSON form is checked here.
func (r *Record) Entity(asOf time.Time) (*beian.Entity, error) {
	e := &beian.Entity{
		UnitName:    r.UnitName,
		Nature:      r.NatureName,
		Province:    r.Province,
		CertType:    r.CertType,
		CertNo:      r.CertNo,
		CertAddress: r.CertAddress,
		Address:     r.Address,
		MainLicence: r.MainLicence,
	}
	if r.Principal != nil { // else Validate says it is missing, in its turn
		e.Principal = *r.Principal.principal()
	}
	for i := range r.Services {
		s, err := r.Services[i].service(fmt.Sprintf("services[%d]", i))
		if err != nil {
			return nil, err
		}
		e.Services = append(e.Services, s)
	}
	if err := e.Validate(asOf); err != nil {
		return nil, err
	}
	return e, nil
}

func (pr *PrincipalRecord) principal() *beian.Principal {
	return &beian.Principal{Name: pr.Name, CertType: pr.CertType, CertNo: pr.CertNo, Mobile: pr.Mobile, Email: pr.Email}
}

// service translates a service record; its approval time is the one field
// whose form (an RFC 3339 string) belongs to the JSON.
func (sr *ServiceRecord) service(field string) (*beian.Service, error) {
	s := &beian.Service{
		Type:         beian.ServiceType(sr.ServiceType),
		Name:         sr.ServiceName,
		Licence:      sr.ServiceLicence,
		Domains:      slices.Clone(sr.Domains),
		HomeURL:      sr.HomeURL,
		LimitAccess:  sr.LimitAccess,
		ContentTypes: slices.Clone(sr.ContentTypes),
	}
	if sr.Principal != nil {
		s.Principal = sr.Principal.principal()
	}
	for _, a := range sr.Access {
		s.Access = append(s.Access, beian.Access{Provider: a.Provider, IPs: slices.Clone(a.IPs)})
	}
	if v := strings.TrimSpace(sr.ApprovedAt); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return nil, beian.FieldErrorf(field+".approvedAt", "时间格式应为 RFC 3339，如 2021-08-30T13:10:24+08:00")
		}
		s.ApprovedAt = t
	}
	return s, nil
}

// normalizeCertNo trims spaces and upper-cases a certificate number.
func normalizeCertNo(s string) string { return beian.NormalizeCertNo(s) }
