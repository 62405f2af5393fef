package http

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// clientAddr is the address a client is counted by. Without trusted proxies
// it is the peer's. Behind them it is read from X-Forwarded-For from the
// right, past the proxies' own entries: the leftmost entries are whatever
// the client sent, and taking one of them would let any client choose the
// address its limits are counted under.
func (s *Server) clientAddr(r *http.Request) string {
	peer := peerAddr(r)
	hops := s.ProxyHops
	if s.TrustProxy && hops == 0 {
		hops = 1
	}
	if hops == 0 && len(s.TrustedProxies) == 0 {
		return peer
	}
	chain := forwardedFor(r)
	chain = append(chain, peer)
	i := len(chain) - 1
	for i > 0 && (hops > 0 || s.trustedProxy(chain[i])) {
		if _, err := netip.ParseAddr(chain[i-1]); err != nil {
			break // an entry no proxy of ours wrote: stop at the last good one
		}
		hops--
		i--
	}
	return chain[i]
}

// peerAddr is the IP of the connection's other end.
func peerAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if a, err := netip.ParseAddr(host); err == nil {
		return a.Unmap().String()
	}
	return host
}

// forwardedFor lists the X-Forwarded-For entries of every such header, in
// order, normalised where they are addresses.
func forwardedFor(r *http.Request) []string {
	var out []string
	for _, h := range r.Header.Values("X-Forwarded-For") {
		for _, e := range strings.Split(h, ",") {
			e = strings.TrimSpace(e)
			if a, err := netip.ParseAddr(e); err == nil {
				e = a.Unmap().String()
			}
			out = append(out, e)
		}
	}
	return out
}

func (s *Server) trustedProxy(addr string) bool {
	a, err := netip.ParseAddr(addr)
	return err == nil && inNetworks(a, s.TrustedProxies)
}

func inNetworks(a netip.Addr, nets []netip.Prefix) bool {
	a = a.Unmap()
	for _, n := range nets {
		if n.Contains(a) {
			return true
		}
	}
	return false
}
