package manager

import "net/url"

// checkURL accepts what browsers accept for a WebSocket: an absolute ws://
// or wss:// URL (http and https are mapped to them) with a host and no
// fragment. It fails early and in words, where a browser would throw a bare
// SyntaxError.
func checkURL(raw string) (string, error) {
	bad := func(why string) (string, error) {
		return "", errorf(ErrInvalidURL, `invalid WebSocket URL "`+raw+`": `+why, nil)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return bad("it does not parse as a URL")
	}
	switch u.Scheme {
	case "ws", "wss":
	case "http":
		u.Scheme = "ws"
	case "https":
		u.Scheme = "wss"
	case "":
		return bad("it must be absolute and start with ws:// or wss://")
	default:
		return bad("the scheme must be ws:// or wss://, not " + u.Scheme + "://")
	}
	if u.Host == "" {
		return bad("it has no host")
	}
	if u.Fragment != "" || u.RawFragment != "" {
		return bad("a WebSocket URL cannot have a #fragment")
	}
	return u.String(), nil
}
