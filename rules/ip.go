package rules

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"
)

// ipRule is a range that ParsePublicIP refuses, and why.
type ipRule struct {
	prefix netip.Prefix
	reason string
}

// nonPublic lists the ranges that cannot be a server's public address, most
// specific first where they overlap. IPv6 addresses outside 2000::/3 are
// refused separately.
var nonPublic = func() []ipRule {
	rules := []struct{ prefix, reason string }{
		{"0.0.0.0/32", "未指定地址"},
		{"0.0.0.0/8", "保留地址（“本网络”地址0.0.0.0/8）"},
		{"10.0.0.0/8", "私有地址（10.0.0.0/8）"},
		{"100.64.0.0/10", "运营商级NAT共享地址（100.64.0.0/10）"},
		{"127.0.0.0/8", "环回地址（127.0.0.0/8）"},
		{"169.254.0.0/16", "链路本地地址（169.254.0.0/16）"},
		{"172.16.0.0/12", "私有地址（172.16.0.0/12）"},
		{"192.0.0.0/24", "保留地址（IETF协议分配192.0.0.0/24）"},
		{"192.168.0.0/16", "私有地址（192.168.0.0/16）"},
		{"198.18.0.0/15", "保留的网络测试地址（198.18.0.0/15）"},
		{"224.0.0.0/4", "组播地址（224.0.0.0/4）"},
		{"255.255.255.255/32", "广播地址"},
		{"240.0.0.0/4", "保留地址（240.0.0.0/4）"},
		{"::/128", "未指定地址"},
		{"::1/128", "环回地址"},
		{"fc00::/7", "私有地址（唯一本地地址fc00::/7）"},
		{"fe80::/10", "链路本地地址（fe80::/10）"},
		{"ff00::/8", "组播地址（ff00::/8）"},
		{"2001:2::/48", "保留的网络测试地址（2001:2::/48）"},
	}
	out := make([]ipRule, len(rules))
	for i, r := range rules {
		out[i] = ipRule{netip.MustParsePrefix(r.prefix), r.reason}
	}
	return out
}()

var globalUnicast6 = netip.MustParsePrefix("2000::/3")

// ParsePublicIP parses an IPv4 or IPv6 address that can be a server's public
// address. Surrounding spaces are ignored; an IPv4-mapped IPv6 address
// (::ffff:a.b.c.d) is unmapped first and returned as IPv4. It refuses the
// unspecified, loopback, private (RFC 1918, fc00::/7), link-local,
// multicast, broadcast, shared (100.64.0.0/10), "this network" (0.0.0.0/8),
// IETF (192.0.0.0/24), benchmarking (198.18.0.0/15, 2001:2::/48),
// and reserved (240.0.0.0/4) ranges, and IPv6
// addresses outside global unicast 2000::/3. The error names the reason, e.g.
// "是私有地址（10.0.0.0/8），应为公网IP地址".
//
// The documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24,
// 2001:db8::/32, 3fff::/20) are accepted on purpose: they route nowhere, but
// the import contract's own example uses 203.0.113.10, and examples and test
// data use them by convention.
func ParsePublicIP(s string) (netip.Addr, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return netip.Addr{}, errEmpty
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Addr{}, errors.New("不是合法的IP地址")
	}
	if a.Zone() != "" {
		return netip.Addr{}, errors.New("不是合法的公网IP地址（不能带区域标识%）")
	}
	a = a.Unmap()
	for _, r := range nonPublic {
		if r.prefix.Contains(a) {
			return netip.Addr{}, fmt.Errorf("是%s，应为公网IP地址", r.reason)
		}
	}
	if a.Is6() && !globalUnicast6.Contains(a) {
		return netip.Addr{}, errors.New("是保留地址（不在IPv6全球单播地址段2000::/3内），应为公网IP地址")
	}
	return a, nil
}
