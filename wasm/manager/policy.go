package manager

// CloseInfo describes the end of a connection.
type CloseInfo struct {
	Code          int
	Reason        string
	WasClean      bool
	WillReconnect bool // set on the close event: whether a retry follows
}

// DefaultShouldReconnect is the close-code policy: reconnect after codes
// that mean "a passing problem" and not after codes that mean "this will
// fail again" or "the server wants you gone".
//
//	no:  1000 normal, 1002 protocol error, 1003 unsupported data,
//	     1007 invalid payload, 1008 policy violation, 1009 too big,
//	     1010 missing extension, 4500–4999 (application: final)
//	yes: 1001 going away, 1005 no status, 1006 abnormal, 1011 server error,
//	     1012 restart, 1013 try later, 1014 bad gateway,
//	     3000–4499 (library and application: transient), and anything else
func DefaultShouldReconnect(ci CloseInfo) bool {
	switch c := ci.Code; {
	case c == 1000, c == 1002, c == 1003, c == 1007, c == 1008, c == 1009, c == 1010:
		return false
	case c >= 4500 && c <= 4999:
		return false
	}
	return true
}
