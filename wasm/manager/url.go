package manager

import "strings"

// checkURL accepts what browsers accept for a WebSocket: an absolute ws://
// or wss:// URL (http and https are mapped to them) with a host and no
// fragment. It fails early and in words, where a browser would throw a bare
// SyntaxError. It does not use net/url, which would add about 50 KB to the
// wasm for a check the platform repeats anyway: the browser's WebSocket
// constructor, or net/http natively.
func checkURL(raw string) (string, error) {
	bad := func(why string) (string, error) {
		return "", errorf(ErrInvalidURL, `invalid WebSocket URL "`+raw+`": `+why, nil)
	}
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return bad("it must be absolute and start with ws:// or wss://")
	}
	switch strings.ToLower(scheme) {
	case "ws", "http":
		scheme = "ws"
	case "wss", "https":
		scheme = "wss"
	default:
		return bad("the scheme must be ws:// or wss://, not " + scheme + "://")
	}
	for _, c := range []byte(raw) {
		if c <= ' ' || c == 0x7f {
			return bad("it contains a space or a control character")
		}
	}
	if strings.ContainsRune(rest, '#') {
		return bad("a WebSocket URL cannot have a #fragment")
	}
	host := rest
	if i := strings.IndexAny(host, "/?"); i >= 0 {
		host = host[:i]
	}
	if i := strings.LastIndexByte(host, '@'); i >= 0 {
		host = host[i+1:]
	}
	if why := checkHost(host); why != "" {
		return bad(why)
	}
	return scheme + "://" + rest, nil
}

// checkHost checks host[:port] for the mistakes people make.
func checkHost(h string) string {
	port := ""
	switch {
	case h == "":
		return "it has no host"
	case h[0] == '[':
		end := strings.IndexByte(h, ']')
		if end < 0 {
			return "an IPv6 address must be closed with ]"
		}
		if end == 1 || strings.Trim(h[1:end], "0123456789abcdefABCDEF:.") != "" {
			return "the IPv6 address is malformed"
		}
		if rest := h[end+1:]; rest != "" {
			if rest[0] != ':' {
				return "only a :port may follow the IPv6 address"
			}
			port = rest[1:]
		}
	default:
		name := h
		if i := strings.LastIndexByte(h, ':'); i >= 0 {
			name, port = h[:i], h[i+1:]
			if name == "" {
				return "it has no host"
			}
		}
		if strings.ContainsAny(name, ":[]<>\\^`{|}\"%") {
			return "the host name contains a character hosts cannot have"
		}
	}
	if port != "" || strings.HasSuffix(h, ":") {
		n := 0
		for _, c := range []byte(port) {
			if c < '0' || c > '9' || n > 65535 {
				return "the port must be a number from 0 to 65535"
			}
			n = n*10 + int(c-'0')
		}
		if port == "" || n > 65535 {
			return "the port must be a number from 0 to 65535"
		}
	}
	return ""
}
