package http

import (
	"errors"
	"strings"

	"github.com/beianhq/beian"
)

// fieldLabels names, on the pages, the fields that the messages name by
// their JSON name: a person reads 「主体备案号：」, not "licence:".
var fieldLabels = map[string]string{
	"keyword":         "查询关键词",
	"serviceType":     "服务类型",
	"pageNum":         "页码",
	"pageSize":        "每页条数",
	"province":        "主体所在省份",
	"licence":         "主体备案号",
	"mainLicence":     "主体备案号",
	"certType":        "主体证件类型",
	"certNo":          "主体证件号码",
	"oldPassword":     "旧备案密码",
	"newPassword":     "新备案密码",
	"confirmPassword": "确认新备案密码",
	"login":           "账号",
	"password":        "密码",
	"current":         "当前密码",
	"confirm":         "确认密码",
	"code":            "验证码",
	"mobile":          "手机号码",
	"name":            "姓名",
	"kind":            "账号类型",
	"role":            "角色",
	"provider":        "所属接入商",
	"provinces":       "负责省份",
	"next":            "跳转地址",
	"to":              "收件地址",
	"disabled":        "账号状态",
	"v":               "版本",
	"action":          "操作",
	"actor":           "操作人",
	"page":            "页码",
}

// pageMessage is the message of err as a page shows it: a leading JSON field
// name becomes the field's Chinese label.
func pageMessage(err error) string {
	msg := beian.ErrorMessage(err)
	var e *beian.Error
	if !errors.As(err, &e) || e.Field == "" {
		return msg
	}
	rest, ok := strings.CutPrefix(msg, e.Field+": ")
	if !ok {
		return msg
	}
	label, ok := fieldLabels[e.Field]
	if !ok {
		label = e.Field
	}
	return label + "：" + rest
}
