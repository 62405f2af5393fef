package registry

import (
	"fmt"

	"github.com/beianhq/beian"
)

// firstLines remembers, for each number, domain and certificate an import
// has handed to the store, the line that brought it, so that a later line
// taking the same one is refused with the line it repeats. The store would
// refuse it too, but it cannot name the line.
type firstLines map[string]int

// dupKey is one thing an entity takes, with the field that names it on its
// line and the message that follows "与第 N 行重复" is built from.
type dupKey struct {
	key, field, what string
}

// entityKeys lists what e takes, in the order the store checks them.
func entityKeys(e *beian.Entity) []dupKey {
	var ks []dupKey
	if e.MainLicence != "" {
		ks = append(ks, dupKey{"m:" + e.MainLicence, "mainLicence", "备案号 " + e.MainLicence + " "})
	}
	ks = append(ks, dupKey{"c:" + e.CertNo, "certNo", "该证件号码"})
	for i, s := range e.Services {
		if s.Licence != "" {
			ks = append(ks, dupKey{"s:" + s.Licence, fmt.Sprintf("services[%d].serviceLicence", i), "备案号 " + s.Licence + " "})
		}
		for j, d := range s.Domains {
			ks = append(ks, dupKey{"d:" + d, fmt.Sprintf("services[%d].domains[%d]", i, j), "域名 " + d + " "})
		}
	}
	return ks
}

// claim records the keys of e as taken by line, or, when one of them was
// taken by an earlier line, records nothing and returns the conflict naming
// that line.
func (f firstLines) claim(line int, e *beian.Entity) *beian.Error {
	ks := entityKeys(e)
	seen := map[string]bool{}
	for _, k := range ks {
		if first, ok := f[k.key]; ok {
			err := beian.FieldErrorf(k.field, "%s与第 %d 行重复", k.what, first)
			err.Code = beian.ECONFLICT
			return err
		}
		if seen[k.key] {
			continue // the same domain twice on one line: the store says so
		}
		seen[k.key] = true
	}
	for _, k := range ks {
		f[k.key] = line
	}
	return nil
}

// release forgets the keys of a line the store refused, so later lines are
// measured against the store instead.
func (f firstLines) release(line int, e *beian.Entity) {
	for _, k := range entityKeys(e) {
		if f[k.key] == line {
			delete(f, k.key)
		}
	}
}
