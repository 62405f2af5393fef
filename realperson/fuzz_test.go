package realperson

import (
	"testing"

	"github.com/beianhq/beian"
)

func FuzzParseAnswer(f *testing.F) {
	for _, s := range []string{`{"verdict": "pass", "score": 97.5, "reference": "r"}`, `{"verdict": "x"}`, `{"score": -1}`, `null`, `[]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		out, err := parseAnswer(b)
		if err != nil {
			return
		}
		switch out.Verdict {
		case beian.VerdictPass, beian.VerdictFail, beian.VerdictPending:
		default:
			t.Fatalf("accepted verdict %q", out.Verdict)
		}
		if out.Score < 0 || out.Score > 100 {
			t.Fatalf("accepted score %v", out.Score)
		}
	})
}
