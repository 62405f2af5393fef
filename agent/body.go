// Package agent holds the access provider's side of filing (接入商代备案):
// the applications applicants file through their provider and the
// provider's initial review.
package agent

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/registry"
	"github.com/beianhq/beian/rules"
)

// ApplicationBody is a decoded and checked application request body (the
// create and update calls share it).
type ApplicationBody struct {
	// FilingType is the type the body names: empty for a new filing, whose
	// type the type check decides; set for 新增接入, changes and cancellations.
	FilingType     beian.FilingType
	Record         *beian.ApplicationRecord // nil for a cancellation
	Cancel         *beian.Cancellation      // set for a cancellation
	Products       []beian.ProductChoice
	LegacyPassword string
}

// The JSON shapes. The record reuses the import record's types, so that it
// is checked by the same code; services add the App fields.
type (
	bodyJSON struct {
		FilingType     string        `json:"filingType"`
		Record         *recordJSON   `json:"record"`
		Products       []productJSON `json:"products"`
		LegacyPassword string        `json:"legacyPassword"`
		Reason         string        `json:"reason"`
	}
	recordJSON struct {
		registry.Record
		Services []serviceJSON `json:"services"`
		// Cancellations name what goes instead of describing an entity.
		ServiceLicence string `json:"serviceLicence"`
		ProductID      string `json:"productId"`
	}
	serviceJSON struct {
		registry.ServiceRecord
		App *appJSON `json:"app"`
	}
	appJSON struct {
		PackageName string         `json:"packageName"`
		Platforms   []platformJSON `json:"platforms"`
		Platform    string         `json:"platform"`
		AppID       string         `json:"appId"`
	}
	platformJSON struct {
		Name        string `json:"name"`
		Fingerprint string `json:"fingerprint"`
	}
	productJSON struct {
		Service   *int   `json:"service"`
		ProductID string `json:"productId"`
		AuthCode  string `json:"authCode"`
	}
)

// What an application record never carries: the registry sets these.
var alwaysDenied = map[string]string{
	"record.services[].access":      "接入信息来自所选产品，不能直接填写",
	"record.services[].approvedAt":  "审核通过时间由管局给出，不能填写",
	"record.services[].limitAccess": "不能由申请人填写",
}

// Numbers the bureau allocates: a new filing may not name them.
var numbersDenied = map[string]string{
	"record.mainLicence":               "新备案不填写备案号，由管局审核通过后分配",
	"record.services[].serviceLicence": "新备案不填写备案号，由管局审核通过后分配",
}

// DecodeApplicationBody decodes an application request body strictly and
// checks it as of asOf. Errors are EINVALID *beian.Error values naming the
// field; fields inside the record are named from the record
// (services[0].domains[1]), the others from the body (products[0].service).
func DecodeApplicationBody(b []byte, asOf time.Time) (*ApplicationBody, error) {
	var head struct {
		FilingType string `json:"filingType"`
	}
	// The filing type decides which fields are allowed, so read it first;
	// the strict pass below reports any malformation of the body.
	_ = decodeLoose(b, &head)
	ft := beian.FilingType(strings.TrimSpace(head.FilingType))
	if ft != "" && (!ft.Valid() || ft == beian.FilingFirst || ft == beian.FilingNewSite) {
		return nil, beian.FieldErrorf("filingType", "应为新增接入、变更或注销类型之一（首次备案和新增网站由系统判断，不必填写）")
	}
	deny := map[string]string{}
	for k, v := range alwaysDenied {
		deny[k] = v
	}
	if !ft.CarriesNumbers() {
		for k, v := range numbersDenied {
			deny[k] = v
		}
	}
	var j bodyJSON
	if err := decodeStrict(b, &j, deny); err != nil {
		return nil, trimRecordPath(err)
	}
	body := &ApplicationBody{FilingType: ft, LegacyPassword: strings.TrimSpace(j.LegacyPassword)}
	if n := utf8.RuneCountInString(body.LegacyPassword); n > 32 {
		return nil, beian.FieldErrorf("legacyPassword", "不能超过32个字符")
	}
	if j.Record == nil {
		return nil, beian.FieldErrorf("record", "缺少备案信息")
	}
	var err error
	if ft.IsCancel() {
		body.Cancel, err = j.Record.cancellation(ft, j.Reason)
	} else {
		if strings.TrimSpace(j.Reason) != "" {
			return nil, beian.FieldErrorf("reason", "只有注销和取消接入填写原因")
		}
		if j.Record.ServiceLicence != "" || j.Record.ProductID != "" {
			return nil, beian.FieldErrorf("serviceLicence", "只有注销网站和取消接入填写")
		}
		body.Record, err = j.Record.record(asOf)
		if err == nil {
			err = checkNumbers(ft, body.Record)
		}
	}
	if err != nil {
		return nil, err
	}
	if body.Products, err = products(j.Products, body.Record, ft); err != nil {
		return nil, err
	}
	return body, nil
}

// record converts and checks the entity part with the import's own checks,
// then the App fields.
func (r *recordJSON) record(asOf time.Time) (*beian.ApplicationRecord, error) {
	rec := r.Record
	rec.Services = make([]registry.ServiceRecord, len(r.Services))
	for i := range r.Services {
		rec.Services[i] = r.Services[i].ServiceRecord
	}
	e, err := rec.Entity(asOf)
	if err != nil {
		return nil, err
	}
	out := &beian.ApplicationRecord{Entity: *e, Apps: make([]*beian.AppInfo, len(r.Services))}
	for i, s := range r.Services {
		if s.App == nil {
			continue
		}
		a := &beian.AppInfo{PackageName: s.App.PackageName, Platform: s.App.Platform, AppID: s.App.AppID}
		for _, p := range s.App.Platforms {
			a.Platforms = append(a.Platforms, beian.AppPlatform{Name: p.Name, Fingerprint: p.Fingerprint})
		}
		out.Apps[i] = a
	}
	if err := out.ValidateApps(); err != nil {
		return nil, err
	}
	return out, nil
}

// checkNumbers checks what a type that works on filed services names: the
// entity's main number, and each service's number (the services a change
// touches, or those a new access serves); 变更主体 changes no service.
func checkNumbers(ft beian.FilingType, r *beian.ApplicationRecord) error {
	if !ft.CarriesNumbers() {
		return nil
	}
	if r.Entity.MainLicence == "" {
		return beian.FieldErrorf("mainLicence", "%s须填写主体备案号", ft)
	}
	if ft == beian.FilingChangeEntity {
		if len(r.Entity.Services) > 0 {
			return beian.FieldErrorf("services", "变更主体只变更主体信息，services 应为空")
		}
		return nil
	}
	if len(r.Entity.Services) == 0 && ft != beian.FilingChange {
		return beian.FieldErrorf("services", "%s须列出涉及的服务", ft)
	}
	for i, s := range r.Entity.Services {
		if s.Licence == "" {
			return beian.FieldErrorf(fmt.Sprintf("services[%d].serviceLicence", i), "%s须填写已备案服务的备案号", ft)
		}
	}
	return nil
}

// cancellation checks the record of a cancellation: the number it removes.
func (r *recordJSON) cancellation(ft beian.FilingType, reason string) (*beian.Cancellation, error) {
	c := &beian.Cancellation{ProductID: strings.TrimSpace(r.ProductID), Reason: strings.TrimSpace(reason)}
	wantMain := ft == beian.FilingCancelEntity
	if r.UnitName != "" || r.NatureName != "" || r.Province != "" || r.CertType != "" || r.CertNo != "" ||
		r.CertAddress != "" || r.Address != "" || r.Principal != nil || len(r.Services) > 0 {
		return nil, beian.FieldErrorf("record", "%s只填写要注销的备案号", ft)
	}
	if wantMain {
		l, err := rules.ParseLicence(strings.TrimSpace(r.MainLicence))
		if err != nil {
			return nil, beian.FieldError("mainLicence", err)
		}
		if !l.IsMain() {
			return nil, beian.FieldErrorf("mainLicence", "应为主体备案号")
		}
		c.MainLicence = l.String()
	} else {
		if r.MainLicence != "" {
			return nil, beian.FieldErrorf("mainLicence", "%s填写 serviceLicence，不填写主体备案号", ft)
		}
		l, err := rules.ParseLicence(strings.TrimSpace(r.ServiceLicence))
		if err != nil {
			return nil, beian.FieldError("serviceLicence", err)
		}
		if l.IsMain() {
			return nil, beian.FieldErrorf("serviceLicence", "应为服务备案号（主体备案号后加“-序号”）")
		}
		c.ServiceLicence = l.String()
	}
	switch {
	case ft == beian.FilingCancelAccess && !beian.ValidProductID(c.ProductID):
		return nil, beian.FieldErrorf("productId", "取消接入须填写本接入商的产品编号")
	case ft != beian.FilingCancelAccess && c.ProductID != "":
		return nil, beian.FieldErrorf("productId", "只有取消接入填写产品编号")
	}
	if n := utf8.RuneCountInString(c.Reason); n < 2 || n > 200 {
		return nil, beian.FieldErrorf("reason", "请填写注销原因（2到200个字符）")
	}
	return c, nil
}

// products checks the product choices: each names a service of the record
// once, by a product id or an authorization code; for a new filing or a
// change of access every website names one.
func products(ps []productJSON, rec *beian.ApplicationRecord, ft beian.FilingType) ([]beian.ProductChoice, error) {
	var services []*beian.Service
	if rec != nil {
		services = rec.Entity.Services
	}
	if ft.IsCancel() || ft == beian.FilingChangeEntity {
		if len(ps) > 0 {
			return nil, beian.FieldErrorf("products", "%s不选择产品", ft)
		}
		return nil, nil
	}
	var out []beian.ProductChoice
	taken := map[int]bool{}
	for i, p := range ps {
		field := fmt.Sprintf("products[%d]", i)
		if p.Service == nil {
			return nil, beian.FieldErrorf(field+".service", "请填写服务序号")
		}
		if *p.Service < 0 || *p.Service >= len(services) {
			return nil, beian.FieldErrorf(field+".service", "服务序号 %d 不存在（共 %d 个服务）", *p.Service, len(services))
		}
		if taken[*p.Service] {
			return nil, beian.FieldErrorf(field+".service", "服务 %d 已选择产品", *p.Service)
		}
		taken[*p.Service] = true
		c := beian.ProductChoice{Service: *p.Service, ProductID: strings.TrimSpace(p.ProductID), AuthCode: strings.TrimSpace(p.AuthCode)}
		switch {
		case c.ProductID != "" && c.AuthCode != "":
			return nil, beian.FieldErrorf(field, "productId 和 authCode 只能填写一个")
		case c.ProductID == "" && c.AuthCode == "":
			return nil, beian.FieldErrorf(field, "请填写 productId 或 authCode")
		case c.ProductID != "" && !beian.ValidProductID(c.ProductID):
			return nil, beian.FieldErrorf(field+".productId", "产品编号只能包含字母、数字和“-”")
		case c.AuthCode != "" && !beian.ValidAuthCode(c.AuthCode):
			return nil, beian.FieldErrorf(field+".authCode", "备案授权码格式错误")
		}
		out = append(out, c)
	}
	if ft == "" || ft == beian.FilingNewAccess || ft == beian.FilingChangeAccess {
		for i, s := range services {
			if s.Type == beian.ServiceWebsite && !taken[i] {
				return nil, beian.FieldErrorf(fmt.Sprintf("services[%d]", i), "网站须选择一个产品（products）")
			}
		}
	}
	return out, nil
}

// trimRecordPath names fields inside the record from the record, as the
// import does (services[0]…, not record.services[0]…).
func trimRecordPath(err error) error {
	e, ok := err.(*beian.Error)
	if !ok || !strings.HasPrefix(e.Field, "record.") {
		return err
	}
	f := strings.TrimPrefix(e.Field, "record.")
	return &beian.Error{Code: e.Code, Field: f, Message: f + strings.TrimPrefix(e.Message, e.Field)}
}
