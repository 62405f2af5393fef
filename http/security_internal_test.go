package http

import (
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestSafeNext(t *testing.T) {
	for _, test := range []struct{ next, want string }{
		{"/account", "/account"},
		{"/admin/accounts?x=1#top", "/admin/accounts?x=1#top"},
		{"/query?keyword=%E4%BA%91", "/query?keyword=%E4%BA%91"},
		{"", defaultNext},
		{"account", defaultNext},
		{"//evil.example", defaultNext},
		{"///evil.example", defaultNext},
		{"/\\evil.example", defaultNext},
		{"\\\\evil.example", defaultNext},
		{"/\t/evil.example", defaultNext},
		{"/\n/evil.example", defaultNext},
		{"\x00//evil.example", defaultNext},
		{" //evil.example", defaultNext},
		{"https://evil.example/", defaultNext},
		{"javascript:alert(1)", defaultNext},
		{"http:/evil.example", defaultNext},
		{"/%2F/evil.example", defaultNext},
		{"/%2f%2fevil.example", defaultNext},
		{"//user@evil.example", defaultNext},
		{"/%", defaultNext},
		{"/ok\x7f", defaultNext},
	} {
		if got := safeNext(test.next); got != test.want {
			t.Errorf("safeNext(%q) = %q, want %q", test.next, got, test.want)
		}
	}
}

func TestClientAddr(t *testing.T) {
	nets := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("fd00::/8")}
	for _, test := range []struct {
		name   string
		server Server
		peer   string
		xff    []string
		want   string
	}{
		{"NoProxy", Server{}, "192.0.2.1:5000", []string{"203.0.113.9"}, "192.0.2.1"},
		{"OneHopNoHeader", Server{TrustProxy: true}, "10.0.0.1:5000", nil, "10.0.0.1"},
		{"OneHop", Server{TrustProxy: true}, "10.0.0.1:5000", []string{"203.0.113.9"}, "203.0.113.9"},
		// The client wrote the leftmost entry; the proxy appended the real one.
		{"OneHopSpoofed", Server{TrustProxy: true}, "10.0.0.1:5000", []string{"198.51.100.66, 203.0.113.9"}, "203.0.113.9"},
		{"OneHopTwoHeaders", Server{TrustProxy: true}, "10.0.0.1:5000", []string{"198.51.100.66", "203.0.113.9"}, "203.0.113.9"},
		{"TwoHops", Server{ProxyHops: 2}, "10.0.0.2:5000", []string{"198.51.100.66, 203.0.113.9, 10.0.0.1"}, "203.0.113.9"},
		{"TwoHopsShort", Server{ProxyHops: 2}, "10.0.0.2:5000", []string{"203.0.113.9"}, "203.0.113.9"},
		{"Networks", Server{TrustedProxies: nets}, "10.0.0.2:5000", []string{"198.51.100.66, 203.0.113.9, 10.9.9.9"}, "203.0.113.9"},
		{"NetworksUntrustedPeer", Server{TrustedProxies: nets}, "192.0.2.1:5000", []string{"203.0.113.9"}, "192.0.2.1"},
		{"NetworksAllTrusted", Server{TrustedProxies: nets}, "10.0.0.2:5000", []string{"10.0.0.3"}, "10.0.0.3"},
		{"NetworksIPv6", Server{TrustedProxies: nets}, "[fd00::1]:5000", []string{"2001:db8::7"}, "2001:db8::7"},
		{"Garbage", Server{TrustProxy: true}, "10.0.0.1:5000", []string{"not-an-ip"}, "10.0.0.1"},
		{"GarbageLeft", Server{TrustProxy: true}, "10.0.0.1:5000", []string{"not-an-ip, 203.0.113.9"}, "203.0.113.9"},
		{"Mapped", Server{TrustProxy: true}, "10.0.0.1:5000", []string{"::ffff:203.0.113.9"}, "203.0.113.9"},
	} {
		t.Run(test.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = test.peer
			for _, h := range test.xff {
				r.Header.Add("X-Forwarded-For", h)
			}
			if got := test.server.clientAddr(r); got != test.want {
				t.Errorf("clientAddr = %q, want %q", got, test.want)
			}
		})
	}
}
