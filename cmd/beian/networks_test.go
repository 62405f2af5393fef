package main

import (
	"slices"
	"testing"
)

func TestParseNetworks(t *testing.T) {
	for _, test := range []struct {
		list string
		want []string
		ok   bool
	}{
		{"", nil, true},
		{"10.0.0.0/8", []string{"10.0.0.0/8"}, true},
		{" 10.1.2.3/8 , 192.0.2.7,::1 ", []string{"10.0.0.0/8", "192.0.2.7/32", "::1/128"}, true},
		{"fd00::/8", []string{"fd00::/8"}, true},
		{"10.0.0.0/33", nil, false},
		{"proxy.example", nil, false},
	} {
		got, err := parseNetworks("--trusted-proxies", test.list)
		if (err == nil) != test.ok {
			t.Errorf("%q: %v", test.list, err)
			continue
		}
		var s []string
		for _, p := range got {
			s = append(s, p.String())
		}
		if !slices.Equal(s, test.want) {
			t.Errorf("%q: %v, want %v", test.list, s, test.want)
		}
	}
	c := DefaultConfig()
	c.ProxyHops = -1
	if c.Validate() == nil {
		t.Error("negative --proxy-hops accepted")
	}
	c = DefaultConfig()
	c.MetricsAllowedNetworks = "nope"
	if c.Validate() == nil {
		t.Error("a bad --metrics-allowed-networks accepted")
	}
}
