package http

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/http/form"
)

// upload is a material upload: the kind and the file's name and content.
type upload struct {
	kind string
	name string
	data []byte
}

// multipartSlack is what a multipart body may carry besides the file: the
// boundaries, part headers and the kind field.
const multipartSlack = 64 << 10

var (
	errUploadType = beian.FieldErrorf("file", "请以 multipart/form-data 上传文件（字段 kind 和 file）")
	errUploadBody = beian.FieldErrorf("file", "上传内容不完整或格式错误")
	errNoFile     = beian.FieldErrorf("file", "请选择要上传的文件")
	errNoKind     = beian.FieldErrorf("kind", "请填写材料类型")
)

// readUpload reads a multipart body with the fields kind and file, the file
// at most maxFile bytes. Every error is EINVALID and names kind or file.
func readUpload(w http.ResponseWriter, r *http.Request, maxFile int64) (*upload, error) {
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		return nil, errUploadType
	}
	body := http.MaxBytesReader(w, r.Body, maxFile+multipartSlack)
	mr := multipart.NewReader(body, params["boundary"])
	var (
		u        upload
		haveFile bool
		haveKind bool
	)
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, uploadError(err, maxFile)
		}
		switch p.FormName() {
		case "kind":
			if haveKind {
				return nil, beian.FieldErrorf("kind", "重复的字段")
			}
			b, err := io.ReadAll(io.LimitReader(p, 65))
			if err != nil {
				return nil, uploadError(err, maxFile)
			}
			if len(b) > 64 {
				return nil, beian.FieldErrorf("kind", "材料类型过长")
			}
			if err := form.Text("kind", string(b)); err != nil {
				return nil, err
			}
			u.kind, haveKind = strings.TrimSpace(string(b)), true
		case "file":
			if haveFile {
				return nil, beian.FieldErrorf("file", "一次只能上传一个文件")
			}
			b, err := io.ReadAll(io.LimitReader(p, maxFile+1))
			if err != nil {
				return nil, uploadError(err, maxFile)
			}
			if int64(len(b)) > maxFile {
				return nil, tooLarge(maxFile)
			}
			u.data, u.name, haveFile = b, cleanFileName(p.FileName()), true
		default:
			return nil, beian.FieldErrorf("file", "未知字段 %q（只接受 kind 和 file）", truncate(p.FormName(), 40))
		}
		p.Close()
	}
	switch {
	case !haveKind || u.kind == "":
		return nil, errNoKind
	case !haveFile || len(u.data) == 0:
		return nil, errNoFile
	}
	return &u, nil
}

func uploadError(err error, maxFile int64) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return tooLarge(maxFile)
	}
	return errUploadBody
}

func tooLarge(maxFile int64) error {
	return beian.FieldErrorf("file", "文件大小不能超过 %d MB", max(1, maxFile>>20))
}

// cleanFileName keeps a displayable file name: its base, valid text, at
// most 100 characters.
func cleanFileName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	if form.Text("file", name) != nil {
		return ""
	}
	return truncate(name, 100)
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}
