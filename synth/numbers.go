package synth

import (
	"strconv"
	"time"

	"github.com/beianhq/beian/rules"
)

// Birth dates of principals and individuals run from 1955-01-01 to
// 2004-12-31; each day has the sequence numbers 001 to 999.
const (
	birthDays  = 18263 // days from 1955-01-01 to 2004-12-31
	idSeqs     = 999
	idSlots    = birthDays * idSeqs
	mobileSpan = 100_000_000 // the eight digits after a mobile prefix
	orgMASpan  = 31 * 31 * 31 * 31 * 31 * 31
	orgNumSpan = 100_000_000
)

// usccChars are the characters of a unified social credit code (GB 32100):
// digits and capitals without I, O, S, V and Z.
const usccChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// birthDates holds "YYYYMMDD" for every birth day; birthEpoch the day of
// 1955-01-01 counted from 1970-01-01.
var (
	birthDates [birthDays][8]byte
	birthEpoch = int(time.Date(1955, 1, 1, 0, 0, 0, 0, time.UTC).Unix() / 86400)
)

func init() {
	t := time.Date(1955, 1, 1, 0, 0, 0, 0, time.UTC)
	for d := range birthDates {
		y, m, day := t.AddDate(0, 0, d).Date()
		b := birthDates[d][:0]
		b = strconv.AppendInt(b, int64(y), 10)
		b = append(b, byte('0'+int(m)/10), byte('0'+int(m)%10), byte('0'+day/10), byte('0'+day%10))
		copy(birthDates[d][:], b)
	}
}

// residentID returns the 18-digit resident ID for region (six digits) and
// an identity slot below idSlots, and whether the holder is male. Distinct
// slots give distinct numbers whatever the region.
func residentID(region string, slot uint64) (id string, birthDay int, male bool) {
	day, seq := int(slot/idSeqs), int(slot%idSeqs)+1
	var b [18]byte
	copy(b[:6], region)
	copy(b[6:14], birthDates[day][:])
	b[14], b[15], b[16] = byte('0'+seq/100), byte('0'+seq/10%10), byte('0'+seq%10)
	b[17] = rules.ResidentIDCheckDigit(string(b[:17]))
	return string(b[:]), day, seq%2 == 1
}

// orgCodeBody returns the eight-character body of an organisation code
// (GB 11714) for a unique number: new-style "MA" codes when ma is set,
// else eight digits. The two forms never meet.
func (g *Generator) orgCodeBody(b []byte, n uint64, ma bool) []byte {
	if ma {
		v := g.orgMAPerm.at(n % orgMASpan)
		b = append(b, 'M', 'A')
		var c [6]byte
		for i := 5; i >= 0; i-- {
			c[i] = usccChars[v%31]
			v /= 31
		}
		return append(b, c[:]...)
	}
	v := g.orgNumPerm.at(n % orgNumSpan)
	var c [8]byte
	for i := 7; i >= 0; i-- {
		c[i] = byte('0' + v%10)
		v /= 10
	}
	return append(b, c[:]...)
}

// orgCode returns a nine-character organisation code with its check
// character.
func (g *Generator) orgCode(n uint64, ma bool) string {
	b := g.orgCodeBody(make([]byte, 0, 9), n, ma)
	b = append(b, rules.OrgCodeCheckChar(string(b)))
	return string(b)
}

// uscc returns an 18-character unified social credit code: class is the
// registration authority and organisation type ("91" for an enterprise),
// region six digits, and n the unique number behind the organisation code.
func (g *Generator) uscc(class, region string, n uint64, ma bool) string {
	b := make([]byte, 0, 18)
	b = append(b, class...)
	b = append(b, region...)
	b = g.orgCodeBody(b, n, ma)
	b = append(b, rules.OrgCodeCheckChar(string(b[8:16])))
	b = append(b, rules.USCCCheckChar(string(b)))
	return string(b)
}

// mobilePrefixes are the first three digits of mobile numbers in use.
var mobilePrefixes = newWeighted([]weightedItem[string]{
	{"130", 3}, {"131", 3}, {"132", 3}, {"133", 3}, {"134", 3}, {"135", 5}, {"136", 5}, {"137", 5},
	{"138", 6}, {"139", 6}, {"150", 3}, {"151", 3}, {"152", 3}, {"153", 2}, {"155", 2}, {"156", 2},
	{"157", 2}, {"158", 3}, {"159", 3}, {"166", 1}, {"173", 1}, {"175", 1}, {"176", 1}, {"177", 2},
	{"178", 1}, {"180", 2}, {"181", 2}, {"182", 2}, {"183", 2}, {"184", 1}, {"185", 2}, {"186", 3},
	{"187", 3}, {"188", 3}, {"189", 3}, {"191", 1}, {"193", 1}, {"195", 1}, {"198", 2}, {"199", 2},
})

// mobile returns the mobile number of person number n: a random prefix and
// eight digits that are unique to n.
func (g *Generator) mobile(n uint64) string {
	v := g.mobilePerm.at(n % mobileSpan)
	var b [11]byte
	copy(b[:3], mobilePrefixes.pick(g.rng))
	for i := 10; i >= 3; i-- {
		b[i] = byte('0' + v%10)
		v /= 10
	}
	return string(b[:])
}
