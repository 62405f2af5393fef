package smpp

import (
	"errors"
	"math/rand/v2"
	"strings"
	"sync/atomic"
	"unicode/utf16"
	"unicode/utf8"
)

// Data coding schemes (data_coding) used by EncodeText and DecodeText.
const (
	CodingDefault byte = 0x00 // SMSC default alphabet (GSM 03.38)
	CodingIA5     byte = 0x01 // IA5 (CCITT T.50) / ASCII
	CodingLatin1  byte = 0x03 // ISO-8859-1
	CodingUCS2    byte = 0x08 // UCS-2 (UTF-16 big-endian here)
)

// ESM class bits used by this package.
const (
	ESMClassUDHI    byte = 0x40 // short_message begins with a user data header
	ESMClassReceipt byte = 0x04 // deliver_sm carries an SMSC delivery receipt
)

// Segment sizes: characters (septets or UTF-16 code units) per message.
const (
	gsmSingle  = 160
	gsmPart    = 153
	ucs2Single = 70
	ucs2Part   = 67
	maxParts   = 255
	udhLen     = 6
)

// concatRef numbers concatenated messages; it starts at a random value so
// that restarts do not reuse the same references first.
var concatRef atomic.Uint32

func init() { concatRef.Store(rand.Uint32()) }

// gsmASCII reports whether the ASCII character r is in the GSM 03.38 basic
// character set, so it takes one septet and survives the SMSC's conversion.
// Of printable ASCII, only [ \ ] ^ { | } ~ (escape table, two septets) and
// the backtick are missing; of control characters only LF and CR are there.
func gsmASCII(r rune) bool {
	switch {
	case r == '\n' || r == '\r':
		return true
	case r < 0x20 || r > 0x7E:
		return false
	}
	return !strings.ContainsRune("[\\]^{|}~`", r)
}

// EncodeText prepares s for submit_sm. When every character of s is ASCII
// in the GSM 03.38 basic character set it returns data_coding 0x00 with one
// octet per character (up to 160 in a single message, 153 per part when
// concatenated); otherwise 0x08 with UTF-16 big-endian (70 code units in a
// single message, 67 per part; a surrogate pair is never split across
// parts). When there is more than one part, each starts with the user data
// header 05 00 03 ref total seq, and must be sent with esm_class 0x40; ref
// differs from the previous call's. An empty s gives one empty part. A text
// that would need more than 255 parts gives nil parts.
func EncodeText(s string) (dataCoding byte, parts [][]byte) {
	gsm := true
	for _, r := range s {
		if !gsmASCII(r) {
			gsm = false
			break
		}
	}
	var chunks [][]byte
	if gsm {
		dataCoding = CodingDefault
		b := []byte(s)
		if len(b) <= gsmSingle {
			return dataCoding, [][]byte{b}
		}
		for len(b) > 0 {
			n := min(gsmPart, len(b))
			chunks = append(chunks, b[:n])
			b = b[n:]
		}
	} else {
		dataCoding = CodingUCS2
		u := utf16.Encode([]rune(s))
		if len(u) <= ucs2Single {
			return dataCoding, [][]byte{appendUTF16(nil, u)}
		}
		for len(u) > 0 {
			n := min(ucs2Part, len(u))
			if n < len(u) && utf16.IsSurrogate(rune(u[n-1])) && u[n-1] < 0xDC00 {
				n-- // keep the high surrogate with its low half
			}
			chunks = append(chunks, appendUTF16(nil, u[:n]))
			u = u[n:]
		}
	}
	if len(chunks) > maxParts {
		return dataCoding, nil
	}
	ref := byte(concatRef.Add(1))
	parts = make([][]byte, len(chunks))
	for i, c := range chunks {
		p := make([]byte, 0, udhLen+len(c))
		p = append(p, 0x05, 0x00, 0x03, ref, byte(len(chunks)), byte(i+1))
		parts[i] = append(p, c...)
	}
	return dataCoding, parts
}

func appendUTF16(b []byte, u []uint16) []byte {
	for _, c := range u {
		b = append(b, byte(c>>8), byte(c))
	}
	return b
}

// DecodeText converts a short message payload (without user data header)
// to a string: UTF-16 big-endian for data_coding 0x08 (an odd trailing
// octet or unpaired surrogate becomes U+FFFD), otherwise one character per
// octet, as ISO-8859-1 (which is ASCII for the characters EncodeText sends
// with data_coding 0x00).
func DecodeText(dataCoding byte, b []byte) string {
	if dataCoding == CodingUCS2 {
		u := make([]uint16, len(b)/2)
		for i := range u {
			u[i] = be16(b[2*i:])
		}
		s := string(utf16.Decode(u))
		if len(b)%2 == 1 {
			s += string(utf8.RuneError)
		}
		return s
	}
	var sb strings.Builder
	sb.Grow(len(b))
	for _, c := range b {
		sb.WriteRune(rune(c))
	}
	return sb.String()
}

// Concat identifies one part of a concatenated message, from the user data
// header information element 0x00 (8-bit reference) or 0x08 (16-bit).
type Concat struct {
	Ref   uint16 // same in every part of one message
	Total int    // number of parts; 0 when the header has no concatenation element
	Seq   int    // 1-based index of this part
}

// ParseUDH splits a short_message whose esm_class has the UDHI bit (0x40)
// into its concatenation information and the payload that follows the
// header.
func ParseUDH(sm []byte) (c Concat, payload []byte, err error) {
	if len(sm) == 0 || 1+int(sm[0]) > len(sm) {
		return Concat{}, nil, errors.New("smpp: user data header longer than the message")
	}
	h := sm[1 : 1+int(sm[0])]
	payload = sm[1+int(sm[0]):]
	for len(h) > 0 {
		if len(h) < 2 || 2+int(h[1]) > len(h) {
			return Concat{}, nil, errors.New("smpp: malformed user data header")
		}
		iei, data := h[0], h[2:2+int(h[1])]
		h = h[2+int(h[1]):]
		switch {
		case iei == 0x00 && len(data) == 3:
			c = Concat{Ref: uint16(data[0]), Total: int(data[1]), Seq: int(data[2])}
		case iei == 0x08 && len(data) == 4:
			c = Concat{Ref: be16(data), Total: int(data[2]), Seq: int(data[3])}
		}
	}
	return c, payload, nil
}
