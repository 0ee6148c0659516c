package server

import "strconv"

// The sink endpoint, /ws/sink, is what a send benchmark talks to: it reads
// every data message and discards it, counting it but neither echoing nor
// logging it, so the client's send path is measured and not the server's
// replies or log. The in-band text command {"type":"count"} (exactly those
// bytes) is answered with {"type":"count","n":N}, N being the data messages
// received on this connection before the command; since a connection's
// messages are read in order, a reply with N equal to what the client sent
// proves all of it arrived. Everything else works as on /ws/echo: "ping" is
// answered "pong", flood commands flood, the per-connection faults of the
// URL query apply (their thresholds count the sink's data messages), and
// the data messages count in Stats (TotalMessages, ConnInfo.Received).
// On the other endpoints {"type":"count"} is ordinary data.

// countReply is the answer to the count command after n data messages.
func countReply(n int64) []byte {
	b := append([]byte(nil), `{"type":"count","n":`...)
	b = strconv.AppendInt(b, n, 10)
	return append(b, '}')
}
