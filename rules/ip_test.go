package rules

import (
	"net/netip"
	"testing"
)

func TestParsePublicIP(t *testing.T) {
	tests := []struct {
		name, in, want, wantErr string
	}{
		{"public v4", "221.225.81.248", "221.225.81.248", ""},
		{"spaces", " 8.8.8.8 ", "8.8.8.8", ""},
		{"public v6", "2400:3200::1", "2400:3200::1", ""},
		{"public v6 upper", "2400:DA00::6666", "2400:da00::6666", ""},
		{"mapped public", "::ffff:114.114.114.114", "114.114.114.114", ""},
		{"edge of 172.16/12", "172.32.0.1", "172.32.0.1", ""},
		{"edge of 100.64/10", "100.128.0.1", "100.128.0.1", ""},
		{"invalid", "256.1.1.1", "", "不是合法的IP地址"},
		{"leading zeros", "010.1.1.1", "", "不是合法的IP地址"},
		{"host name", "example.com", "", "不是合法的IP地址"},
		{"range", "1.1.1.1-1.1.1.2", "", "不是合法的IP地址"},
		{"empty", "", "", "不能为空"},
		{"zone", "fe80::1%eth0", "", "区域标识"},
		{"unspecified v4", "0.0.0.0", "", "是未指定地址"},
		{"this network", "0.1.2.3", "", "保留地址"},
		{"10/8", "10.1.2.3", "", "是私有地址（10.0.0.0/8），应为公网IP地址"},
		{"172.16/12", "172.31.255.255", "", "私有地址"},
		{"192.168/16", "192.168.1.1", "", "私有地址"},
		{"mapped private", "::ffff:192.168.1.1", "", "私有地址"},
		{"CGNAT", "100.64.0.1", "", "运营商级NAT共享地址"},
		{"loopback", "127.0.0.1", "", "环回地址"},
		{"link-local", "169.254.1.1", "", "链路本地地址"},
		{"IETF", "192.0.0.8", "", "保留地址"},
		{"TEST-NET-1 accepted", "192.0.2.1", "192.0.2.1", ""},
		{"TEST-NET-2 accepted", "198.51.100.7", "198.51.100.7", ""},
		{"TEST-NET-3 accepted (the import format's example)", "203.0.113.10", "203.0.113.10", ""},
		{"benchmarking", "198.19.0.1", "", "网络测试地址"},
		{"multicast", "224.0.0.1", "", "组播地址"},
		{"reserved", "240.0.0.1", "", "保留地址（240.0.0.0/4）"},
		{"broadcast", "255.255.255.255", "", "广播地址"},
		{"unspecified v6", "::", "", "未指定地址"},
		{"loopback v6", "::1", "", "环回地址"},
		{"ULA", "fd00::1", "", "私有地址"},
		{"link-local v6", "fe80::1", "", "链路本地地址"},
		{"multicast v6", "ff02::1", "", "组播地址"},
		{"documentation v6 accepted", "2001:db8::1", "2001:db8::1", ""},
		{"documentation 3fff accepted", "3fff::1", "3fff::1", ""},
		{"benchmarking v6", "2001:2::1", "", "网络测试地址"},
		{"IPv4-compatible", "::1.2.3.4", "", "不在IPv6全球单播地址段2000::/3内"},
		{"NAT64", "64:ff9b::808:808", "", "保留地址"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParsePublicIP(tt.in)
			var want netip.Addr
			if tt.want != "" {
				want = netip.MustParseAddr(tt.want)
			}
			if !errMatches(err, tt.wantErr) || got != want {
				t.Errorf("ParsePublicIP(%q) = %v, %v; want %v, %q", tt.in, got, err, want, tt.wantErr)
			}
		})
	}
}
