//go:build js && wasm

package bridge

import (
	"fmt"
	"math"

	"github.com/hack-pad/safejs"
	"github.com/wasmsocket/wasmsocket/wasm/manager"
)

// Errors cross to JavaScript as plain {code, message} objects, which the
// client turns into WsError. Codes come from manager.ErrorCode's table.

const errInternal = "ERR_INTERNAL"

func errValue(code, message string) map[string]any {
	return map[string]any{"code": code, "message": message}
}

func errOf(err error) map[string]any {
	return errValue(manager.ErrorCode(err), err.Error())
}

// recoverTo turns a panic into a call of report, so that no Go panic ever
// unwinds into JavaScript (or kills the program from a goroutine).
func recoverTo(report func(string)) {
	if r := recover(); r != nil {
		report(fmt.Sprint(r))
	}
}

// arg returns args[i], or undefined when JavaScript passed fewer.
func arg(args []safejs.Value, i int) safejs.Value {
	if i < len(args) {
		return args[i]
	}
	return safejs.Undefined()
}

// fields reads a plain options object, remembering the first field that
// has the wrong type so the caller can say which.
type fields struct {
	v   safejs.Value
	err error
}

func (f *fields) get(name string) (safejs.Value, bool) {
	if f.err != nil || f.v.IsUndefined() || f.v.IsNull() {
		return safejs.Undefined(), false
	}
	v, err := f.v.Get(name)
	if err != nil {
		f.err = err
		return v, false
	}
	return v, !v.IsUndefined() && !v.IsNull()
}

func (f *fields) fail(name, want string) {
	if f.err == nil {
		f.err = optionError(name + " must be " + want)
	}
}

func (f *fields) number(name string) (float64, bool) {
	v, ok := f.get(name)
	if !ok {
		return 0, false
	}
	if v.Type() != safejs.TypeNumber {
		f.fail(name, "a number")
		return 0, false
	}
	x, _ := v.Float()
	if math.IsNaN(x) {
		f.fail(name, "a number, not NaN")
		return 0, false
	}
	return x, true
}

func (f *fields) boolean(name string) (bool, bool) {
	v, ok := f.get(name)
	if !ok {
		return false, false
	}
	if v.Type() != safejs.TypeBoolean {
		f.fail(name, "true or false")
		return false, false
	}
	b, _ := v.Bool()
	return b, true
}

func (f *fields) str(name string) (string, bool) {
	v, ok := f.get(name)
	if !ok {
		return "", false
	}
	if v.Type() != safejs.TypeString {
		f.fail(name, "a string")
		return "", false
	}
	s, _ := v.String()
	return s, true
}

func (f *fields) strings(name string) []string {
	v, ok := f.get(name)
	if !ok {
		return nil
	}
	n, err := v.Length()
	if err != nil {
		f.fail(name, "an array of strings")
		return nil
	}
	out := make([]string, 0, n)
	for i := range n {
		e, err := v.Index(i)
		if err != nil || e.Type() != safejs.TypeString {
			f.fail(name, "an array of strings")
			return nil
		}
		s, _ := e.String()
		out = append(out, s)
	}
	return out
}

type optionError string

func (e optionError) Error() string   { return "invalid options: " + string(e) }
func (e optionError) Is(t error) bool { return t == manager.ErrInvalidOptions }

// bytesOf reads a message from JavaScript: a string is text, a Uint8Array
// is binary.
func bytesOf(v safejs.Value) (data []byte, binary bool, ok bool) {
	switch v.Type() {
	case safejs.TypeString:
		s, err := v.String()
		return []byte(s), false, err == nil
	case safejs.TypeObject:
		n, err := v.Length()
		if err != nil {
			return nil, false, false
		}
		data = make([]byte, n)
		if _, err := safejs.CopyBytesToGo(data, v); err != nil {
			return nil, false, false
		}
		return data, true, true
	}
	return nil, false, false
}

// bytesValue is the inverse of bytesOf.
func bytesValue(data []byte, binary bool) any {
	if !binary {
		return string(data)
	}
	ctor, err := safejs.Global().Get("Uint8Array")
	if err != nil {
		return nil
	}
	arr, err := ctor.New(len(data))
	if err != nil {
		return nil
	}
	safejs.CopyBytesToJS(arr, data)
	return arr
}
