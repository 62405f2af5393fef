package http

import (
	"errors"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/beianhq/beian"
)

// FuzzUpload feeds arbitrary multipart bodies to the upload reader: it never
// panics, and every refusal is a field error naming kind or file.
func FuzzUpload(f *testing.F) {
	f.Add("--B\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nprincipalPhoto\r\n--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\n\x89PNG\r\n\x1a\n\r\n--B--\r\n", "B")
	f.Add("--B\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n%PDF-1.4 %%EOF\r\n--B--\r\n", "B")
	f.Add("--B\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n--B--\r\n", "B")
	f.Add("garbage", "")
	f.Fuzz(func(t *testing.T, body, boundary string) {
		req := httptest.NewRequest("POST", "/api/v1/agent/applications/1/materials", strings.NewReader(body))
		req.Header.Set("Content-Type", "multipart/form-data; boundary="+boundary)
		u, err := readUpload(httptest.NewRecorder(), req, 1<<10)
		if err == nil {
			if u.kind == "" || len(u.data) == 0 || len(u.data) > 1<<10 {
				t.Fatalf("accepted %q with %d bytes", u.kind, len(u.data))
			}
			return
		}
		var e *beian.Error
		if !errors.As(err, &e) || e.Code != beian.EINVALID || (e.Field != "file" && e.Field != "kind") {
			t.Fatalf("error %v is not a field error naming kind or file", err)
		}
	})
}

func TestReadUploadTooLarge(t *testing.T) {
	body := "--B\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nother\r\n--B\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n" +
		strings.Repeat("x", 2048) + "\r\n--B--\r\n"
	req := httptest.NewRequest("POST", "/", strings.NewReader(body))
	req.Header.Set("Content-Type", "multipart/form-data; boundary=B")
	if _, err := readUpload(httptest.NewRecorder(), req, 1<<10); faultField(err) != "file" {
		t.Fatalf("err = %v, want one naming file", err)
	}
}
