package beian

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
)

// Content types an upload may have, decided by its content, never by its
// name or the type the client claims.
const (
	ContentJPEG = "image/jpeg"
	ContentPNG  = "image/png"
	ContentPDF  = "application/pdf"
)

// UploadLimits bounds an uploaded material.
type UploadLimits struct {
	MaxBytes int64 // default 5 MB
	// Images must be at least MinSide pixels on their shorter side (0: any)
	// and at most MaxSide on their longer side (a decompression bomb declares
	// a huge size in a small file).
	MinSide, MaxSide int
}

// DefaultUploadLimits: 5 MB, images at most 8000 pixels a side. There is no
// minimum by default: whether a photo is legible is the reviewer's call (a
// rejection reason of its own), and an operator may set one.
var DefaultUploadLimits = UploadLimits{MaxBytes: 5 << 20, MaxSide: 8000}

// SniffContent returns the content type of b by its leading bytes, or "" when
// it is none of JPEG, PNG or PDF.
func SniffContent(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}):
		return ContentJPEG
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return ContentPNG
	case bytes.HasPrefix(b, []byte("%PDF-")):
		return ContentPDF
	}
	return ""
}

// CheckUpload checks a whole uploaded file and returns its content type. The
// error is an EINVALID error naming the field "file". Images are checked by
// their header only (image.DecodeConfig), so a huge declared size costs
// nothing.
func CheckUpload(b []byte, lim UploadLimits) (string, error) {
	if lim.MaxBytes <= 0 {
		lim.MaxBytes = DefaultUploadLimits.MaxBytes
	}
	if len(b) == 0 {
		return "", FieldErrorf("file", "文件为空")
	}
	if int64(len(b)) > lim.MaxBytes {
		return "", FieldErrorf("file", "文件大小不能超过 %s", formatBytes(lim.MaxBytes))
	}
	ct := SniffContent(b)
	var cfg image.Config
	var err error
	switch ct {
	case "":
		return "", FieldErrorf("file", "只接受 JPEG、PNG 或 PDF 文件")
	case ContentPDF:
		// Not parsed: the reviewer opens it; PDFs in the wild often carry
		// bytes after their last %%EOF, so a trailer check refuses good files.
		return ct, nil
	case ContentJPEG:
		cfg, err = jpeg.DecodeConfig(bytes.NewReader(b))
	case ContentPNG:
		cfg, err = png.DecodeConfig(bytes.NewReader(b))
	}
	if err != nil {
		return "", FieldErrorf("file", "图片已损坏，无法读取")
	}
	short, long := min(cfg.Width, cfg.Height), max(cfg.Width, cfg.Height)
	if lim.MinSide > 0 && short < lim.MinSide {
		return "", FieldErrorf("file", "图片分辨率过低（%d×%d），短边至少 %d 像素", cfg.Width, cfg.Height, lim.MinSide)
	}
	if lim.MaxSide > 0 && long > lim.MaxSide {
		return "", FieldErrorf("file", "图片尺寸过大（%d×%d），长边不能超过 %d 像素", cfg.Width, cfg.Height, lim.MaxSide)
	}
	return ct, nil
}

func formatBytes(n int64) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	if n%(1<<10) == 0 {
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d 字节", n)
}
