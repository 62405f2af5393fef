package smpp

import (
	"fmt"
	"strings"
)

// decoder reads the mandatory parameters of a PDU body. The first error
// sticks; later reads return zero values.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf(format, args...)
	}
}

// byte1 reads one octet.
func (d *decoder) byte1(field string) byte {
	if d.err != nil {
		return 0
	}
	if len(d.b) < 1 {
		d.fail("%s: truncated", field)
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

// cstring reads a C-Octet String of at most max octets including the NUL.
func (d *decoder) cstring(field string, max int) string {
	if d.err != nil {
		return ""
	}
	for i, c := range d.b[:min(max, len(d.b))] {
		if c == 0 {
			s := string(d.b[:i])
			d.b = d.b[i+1:]
			return s
		}
	}
	d.fail("%s: no NUL terminator within %d octets", field, max)
	return ""
}

// octets reads n octets; zero octets give nil.
func (d *decoder) octets(field string, n int) []byte {
	if d.err != nil {
		return nil
	}
	if len(d.b) < n {
		d.fail("%s: want %d octets, have %d", field, n, len(d.b))
		return nil
	}
	if n == 0 {
		return nil
	}
	v := append([]byte(nil), d.b[:n]...)
	d.b = d.b[n:]
	return v
}

// tlvs reads optional parameters until the end of the body.
func (d *decoder) tlvs() TLVs {
	var ts TLVs
	for d.err == nil && len(d.b) > 0 {
		if len(d.b) < 4 {
			d.fail("optional parameter: %d trailing octets", len(d.b))
			return nil
		}
		tag := Tag(uint16(d.b[0])<<8 | uint16(d.b[1]))
		n := int(d.b[2])<<8 | int(d.b[3])
		d.b = d.b[4:]
		v := d.octets(fmt.Sprintf("optional parameter 0x%04X", uint16(tag)), n)
		ts = append(ts, TLV{Tag: tag, Value: v})
	}
	if d.err != nil {
		return nil
	}
	return ts
}

// encoder appends the mandatory parameters of a PDU body. The first error
// sticks.
type encoder struct {
	b   []byte
	err error
}

func (e *encoder) byte1(c byte) { e.b = append(e.b, c) }

func (e *encoder) cstring(field, s string, max int) {
	if e.err != nil {
		return
	}
	if len(s)+1 > max {
		e.err = fmt.Errorf("smpp: %s: %d octets, at most %d allowed", field, len(s), max-1)
		return
	}
	if strings.IndexByte(s, 0) >= 0 {
		e.err = fmt.Errorf("smpp: %s: contains a NUL octet", field)
		return
	}
	e.b = append(e.b, s...)
	e.b = append(e.b, 0)
}

func (e *encoder) tlvs(ts TLVs) {
	if e.err != nil {
		return
	}
	e.b, e.err = appendTLVs(e.b, ts)
}
