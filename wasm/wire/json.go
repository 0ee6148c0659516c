package wire

import (
	"strconv"
	"unicode/utf8"
)

// object writes one flat JSON object. Its methods are kept out of line:
// JSON records are rare (messages never use them) and Go's wasm code is
// large, so inlining them would cost more in download than it saves.
//
// object writes one flat JSON object. A hand-written writer instead of
// encoding/json: the records are few and fixed, and reflection would cost
// the wasm tens of kilobytes.
type object struct {
	b     []byte
	comma bool
}

func (o *object) open(b []byte) { o.b, o.comma = append(b, '{'), false }

func (o *object) close() []byte { return append(o.b, '}') }

//go:noinline
func (o *object) key(k string) {
	if o.comma {
		o.b = append(o.b, ',')
	}
	o.comma = true
	o.b = append(o.b, '"')
	o.b = append(o.b, k...)
	o.b = append(o.b, '"', ':')
}

//go:noinline
func (o *object) str(k, v string) {
	o.key(k)
	o.b = appendString(o.b, v)
}

//go:noinline
func (o *object) int(k string, v int64) {
	o.key(k)
	o.b = strconv.AppendInt(o.b, v, 10)
}

//go:noinline
func (o *object) float(k string, v float64) {
	o.key(k)
	o.b = strconv.AppendFloat(o.b, v, 'f', -1, 64)
}

//go:noinline
func (o *object) bool(k string, v bool) {
	o.key(k)
	o.b = strconv.AppendBool(o.b, v)
}

//go:noinline
func (o *object) null(k string) {
	o.key(k)
	o.b = append(o.b, "null"...)
}

// raw writes a value already encoded as JSON.
//
//go:noinline
func (o *object) raw(k string, v []byte) {
	o.key(k)
	o.b = append(o.b, v...)
}

const hex = "0123456789abcdef"

// appendString writes s as a JSON string. Invalid UTF-8 becomes U+FFFD, as
// a browser would decode it.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c >= 0x20:
				b = append(b, c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029': // valid JSON, but not valid JavaScript before ES2019
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}
