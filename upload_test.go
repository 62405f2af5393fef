package beian_test

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"

	"github.com/beianhq/beian"
)

func pngOf(t testing.TB, w, h int) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func jpegOf(t testing.TB, w, h int) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, w, h)), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

var minimalPDF = []byte("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")

func TestCheckUpload(t *testing.T) {
	lim := beian.DefaultUploadLimits
	tests := []struct {
		name string
		b    []byte
		lim  beian.UploadLimits
		ct   string
		err  string
	}{
		{"png", pngOf(t, 800, 600), lim, beian.ContentPNG, ""},
		{"jpeg", jpegOf(t, 600, 900), lim, beian.ContentJPEG, ""},
		{"pdf", minimalPDF, lim, beian.ContentPDF, ""},
		{"empty", nil, lim, "", "文件为空"},
		{"text", []byte("hello, this is not an image"), lim, "", "只接受 JPEG、PNG 或 PDF"},
		{"gif", []byte("GIF89a\x01\x00\x01\x00"), lim, "", "只接受"},
		{"tiny by default", pngOf(t, 1, 1), lim, beian.ContentPNG, ""},
		{"too small", pngOf(t, 200, 900), beian.UploadLimits{MinSide: 300}, "", "短边至少 300 像素"},
		{"too large", pngOf(t, 8001, 400), lim, "", "长边不能超过 8000 像素"},
		{"over size", pngOf(t, 800, 600), beian.UploadLimits{MaxBytes: 100}, "", "不能超过 100 字节"},
		{"broken png", []byte("\x89PNG\r\n\x1a\nrubbish"), lim, "", "图片已损坏"},
		{"pdf without trailer", []byte("%PDF-1.4\n1 0 obj"), lim, beian.ContentPDF, ""},
		{"default size", append(pngOf(t, 800, 600), make([]byte, 5<<20)...), beian.UploadLimits{}, "", "不能超过 5 MB"},
	}
	for _, tt := range tests {
		ct, err := beian.CheckUpload(tt.b, tt.lim)
		if tt.err == "" {
			if err != nil || ct != tt.ct {
				t.Errorf("%s: %q, %v", tt.name, ct, err)
			}
			continue
		}
		e, ok := err.(*beian.Error)
		if !ok || e.Field != "file" || e.Code != beian.EINVALID || !strings.Contains(e.Message, tt.err) {
			t.Errorf("%s: %v, want file error containing %q", tt.name, err, tt.err)
		}
	}
}

func FuzzCheckUpload(f *testing.F) {
	f.Add(pngOf(f, 320, 320))
	f.Add(jpegOf(f, 320, 400))
	f.Add(minimalPDF)
	f.Add([]byte("\xff\xd8\xff\xe0garbage"))
	f.Add([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x7f\xff\xff\xff\x7f\xff\xff\xff\x08\x02"))
	f.Fuzz(func(t *testing.T, b []byte) {
		ct, err := beian.CheckUpload(b, beian.DefaultUploadLimits)
		if err != nil {
			if e, ok := err.(*beian.Error); !ok || e.Field != "file" {
				t.Fatalf("error not naming file: %v", err)
			}
			return
		}
		if ct != beian.SniffContent(b) || ct == "" {
			t.Fatalf("accepted as %q, sniffed %q", ct, beian.SniffContent(b))
		}
	})
}
