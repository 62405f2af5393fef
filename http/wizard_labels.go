package http

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/beianhq/beian"
)

// pathLabels name the segments of an application's field paths in Chinese.
var pathLabels = map[string]string{
	"unitName": "主办单位名称", "natureName": "单位性质", "province": "主体所在省份", "certType": "证件类型",
	"certNo": "证件号码", "certAddress": "证件住所", "address": "通信地址", "mainLicence": "主体备案号",
	"principal": "负责人", "name": "姓名", "mobile": "手机号码", "email": "电子邮箱",
	"services": "服务", "serviceType": "服务类型", "serviceName": "服务名称", "domains": "域名", "homeUrl": "首页网址",
	"contentTypes": "服务内容", "app": "App信息", "packageName": "包名", "platforms": "发布平台",
	"fingerprint": "签名证书指纹", "platform": "所在平台", "appId": "AppID",
	"products": "产品", "productId": "产品", "authCode": "备案授权码", "service": "服务",
	"legacyPassword": "备案密码", "filingType": "备案类型", "record": "备案信息", "materials": "材料",
	"rejections": "驳回原因", "field": "字段", "reason": "原因", "file": "文件", "kind": "材料类型", "agree": "确认",
}

// pathLabel names a field path in Chinese: services[0].domains[1] is
// 「服务1 域名2」, principal.mobile 「负责人手机号码」, materials.principalPhoto
// 「真实性核验照片」.
func pathLabel(path string) string {
	if kind, ok := strings.CutPrefix(path, "materials."); ok {
		return beian.MaterialKind(kind).Label()
	}
	var parts []string
	cur := ""
	for _, seg := range strings.Split(path, ".") {
		name, idx, indexed := strings.Cut(seg, "[")
		label, ok := pathLabels[name]
		if !ok {
			label = name
		}
		cur += label
		if n, err := strconv.Atoi(strings.TrimSuffix(idx, "]")); indexed && err == nil {
			parts, cur = append(parts, cur+strconv.Itoa(n+1)), ""
		}
	}
	if cur != "" {
		parts = append(parts, cur)
	}
	return strings.Join(parts, " ")
}

// fieldErr is the error of a wizard or review form: the path of the field
// at fault ("" when the message is the form's) and the message, its field
// named by its label.
type fieldErr struct {
	Field   string
	Message string
}

// newFieldErr makes the form error of err.
func newFieldErr(err error) fieldErr {
	msg := beian.ErrorMessage(err)
	f := faultField(err)
	if f == "" {
		return fieldErr{Message: msg}
	}
	if rest, ok := strings.CutPrefix(msg, f+": "); ok {
		msg = pathLabel(f) + "：" + rest
	}
	return fieldErr{Field: f, Message: msg}
}

// For returns the message when the error is field's, else "".
func (e fieldErr) For(field string) string {
	if e.Field != "" && e.Field == field {
		return e.Message
	}
	return ""
}

// Under reports whether the error is of a field under prefix (a group of
// inputs such as a service's content types).
func (e fieldErr) Under(prefix string) string {
	if e.Field == prefix || strings.HasPrefix(e.Field, prefix+".") || strings.HasPrefix(e.Field, prefix+"[") {
		return e.Message
	}
	return ""
}

// inputID turns a field path into an element id: services[0].domains[1]
// is services-0-domains-1.
func inputID(path string) string {
	r := strings.NewReplacer("[", "-", "]", "", ".", "-")
	return r.Replace(path)
}

// dict builds a map from key-value pairs, for passing several values to a
// partial.
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("dict: odd number of arguments")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}
