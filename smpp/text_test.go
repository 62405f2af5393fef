package smpp_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/beianhq/beian/smpp"
)

// chinese returns n characters of Simplified Chinese text.
func chinese(n int) string {
	src := []rune("您的备案验证码为八六三五一二，五分钟内有效。请勿泄露给他人。工业和信息化部备案管理系统")
	r := make([]rune, n)
	for i := range r {
		r[i] = src[i%len(src)]
	}
	return string(r)
}

func TestEncodeText(t *testing.T) {
	tests := []struct {
		name   string
		text   string
		coding byte
		sizes  []int // characters (GSM) or UTF-16 code units (UCS-2) per part
	}{
		{"empty", "", 0x00, []int{0}},
		{"ascii", "Your code is 123456", 0x00, []int{19}},
		{"gsm punctuation and newlines", "a@b$c_d!\"#%&'()*+,-./:;<=>?\r\n", 0x00, []int{29}},
		{"ascii 160", strings.Repeat("x", 160), 0x00, []int{160}},
		{"ascii 161", strings.Repeat("x", 161), 0x00, []int{153, 8}},
		{"ascii 3x153", strings.Repeat("y", 459), 0x00, []int{153, 153, 153}},
		{"gsm extension character", "a[b", 0x08, []int{3}},
		{"curly braces", "{code}", 0x08, []int{6}},
		{"backtick", "`x`", 0x08, []int{3}},
		{"tab", "a\tb", 0x08, []int{3}},
		{"latin accent", "café", 0x08, []int{4}},
		{"chinese 1", "备", 0x08, []int{1}},
		{"chinese 70", chinese(70), 0x08, []int{70}},
		{"chinese 71", chinese(71), 0x08, []int{67, 4}},
		{"chinese 200", chinese(200), 0x08, []int{67, 67, 66}},
		{"chinese with ascii", "验证码 123456", 0x08, []int{10}},
		{"emoji", "😀", 0x08, []int{2}},
		{"emoji fills 70", chinese(68) + "😀", 0x08, []int{70}},
		{"emoji at part boundary", chinese(66) + "😀" + chinese(10), 0x08, []int{66, 12}},
		{"emoji after boundary", chinese(67) + "😀" + chinese(5), 0x08, []int{67, 7}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dc, parts := smpp.EncodeText(tt.text)
			if dc != tt.coding {
				t.Errorf("data_coding = 0x%02X, want 0x%02X", dc, tt.coding)
			}
			if len(parts) != len(tt.sizes) {
				t.Fatalf("%d parts, want %d", len(parts), len(tt.sizes))
			}
			unit := 1
			if dc == smpp.CodingUCS2 {
				unit = 2
			}
			var text strings.Builder
			for i, p := range parts {
				payload := p
				if len(parts) > 1 {
					c, pl, err := smpp.ParseUDH(p)
					if err != nil || p[0] != 5 || p[1] != 0 || p[2] != 3 {
						t.Fatalf("part %d: UDH % X: %v", i+1, p[:min(6, len(p))], err)
					}
					if c.Total != len(parts) || c.Seq != i+1 || c.Ref != uint16(parts[0][3]) {
						t.Errorf("part %d: %+v", i+1, c)
					}
					payload = pl
				}
				if len(payload) != tt.sizes[i]*unit {
					t.Errorf("part %d: %d octets, want %d", i+1, len(payload), tt.sizes[i]*unit)
				}
				if len(p) > 140 && dc == smpp.CodingUCS2 || len(p) > 160 {
					t.Errorf("part %d: %d octets do not fit one SMS", i+1, len(p))
				}
				// Each part must decode on its own: no split surrogate pair.
				s := smpp.DecodeText(dc, payload)
				if strings.ContainsRune(s, utf8.RuneError) {
					t.Errorf("part %d decodes to %q", i+1, s)
				}
				text.WriteString(s)
			}
			if text.String() != tt.text {
				t.Errorf("re-assembled %q, want %q", text.String(), tt.text)
			}
		})
	}
}

func TestEncodeTextReference(t *testing.T) {
	_, a := smpp.EncodeText(chinese(100))
	_, b := smpp.EncodeText(chinese(100))
	if a[0][3] == b[0][3] {
		t.Errorf("two messages share concatenation reference %d", a[0][3])
	}
	if a[0][3] != a[1][3] {
		t.Errorf("parts of one message have references %d and %d", a[0][3], a[1][3])
	}
}

func TestEncodeTextTooLong(t *testing.T) {
	if _, parts := smpp.EncodeText(strings.Repeat("a", 153*255)); len(parts) != 255 {
		t.Errorf("255 parts: got %d", len(parts))
	}
	if _, parts := smpp.EncodeText(strings.Repeat("a", 153*255+1)); parts != nil {
		t.Errorf("256 parts: got %d, want nil", len(parts))
	}
}

func TestDecodeText(t *testing.T) {
	tests := []struct {
		dc   byte
		in   []byte
		want string
	}{
		{0x00, []byte("hello"), "hello"},
		{0x03, []byte{'c', 'a', 'f', 0xE9}, "café"},
		{0x08, []byte{0x4F, 0x60, 0x59, 0x7D}, "你好"},
		{0x08, []byte{0xD8, 0x3D, 0xDE, 0x00}, "😀"},
		{0x08, []byte{0x00, 0x41, 0x00}, "A\uFFFD"},
		{0x08, []byte{0xD8, 0x3D}, "\uFFFD"},
		{0x08, nil, ""},
	}
	for _, tt := range tests {
		if got := smpp.DecodeText(tt.dc, tt.in); got != tt.want {
			t.Errorf("DecodeText(0x%02X, % X) = %q, want %q", tt.dc, tt.in, got, tt.want)
		}
	}
}

func TestParseUDH(t *testing.T) {
	c, p, err := smpp.ParseUDH([]byte{6, 0x08, 4, 0x12, 0x34, 3, 2, 'h', 'i'})
	if err != nil || c != (smpp.Concat{Ref: 0x1234, Total: 3, Seq: 2}) || string(p) != "hi" {
		t.Errorf("16-bit reference: %+v %q %v", c, p, err)
	}
	// An element other than concatenation (here a port address) is skipped.
	c, p, err = smpp.ParseUDH([]byte{4, 0x04, 2, 0x0B, 0x84, 'x'})
	if err != nil || c.Total != 0 || string(p) != "x" {
		t.Errorf("port element: %+v %q %v", c, p, err)
	}
	for _, bad := range [][]byte{nil, {5, 0, 3}, {3, 0, 3, 1}, {1, 0}} {
		if _, _, err := smpp.ParseUDH(bad); err == nil {
			t.Errorf("ParseUDH(% X) succeeded", bad)
		}
	}
}
