package server_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/coder/websocket"

	"github.com/wasmsocket/wasmsocket/testserver/server"
)

func benchServer(b *testing.B) *server.Running {
	srv, err := server.Listen("127.0.0.1:0", server.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = srv.Close() })
	return srv
}

func benchDial(b *testing.B, url string) *websocket.Conn {
	c, _, err := websocket.Dial(context.Background(), url, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = c.CloseNow() })
	return c
}

// BenchmarkEchoRoundTrip measures one 64-byte message echoed per iteration.
func BenchmarkEchoRoundTrip(b *testing.B) {
	srv := benchServer(b)
	c := benchDial(b, srv.WSURL+"/ws/echo")
	ctx := context.Background()
	msg := make([]byte, 64)
	b.SetBytes(int64(len(msg)))
	for b.Loop() {
		if err := c.Write(ctx, websocket.MessageBinary, msg); err != nil {
			b.Fatal(err)
		}
		if _, _, err := c.Read(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFlood measures server-to-client throughput of 64-byte flood
// messages.
func BenchmarkFlood(b *testing.B) {
	srv := benchServer(b)
	c := benchDial(b, srv.WSURL+"/ws/echo")
	ctx := context.Background()
	b.SetBytes(64)
	b.ResetTimer()
	cmd := fmt.Sprintf(`{"type":"flood","count":%d,"size":64,"binary":true}`, b.N)
	if err := c.Write(ctx, websocket.MessageText, []byte(cmd)); err != nil {
		b.Fatal(err)
	}
	for i := 0; i < b.N; i++ {
		if _, _, err := c.Read(ctx); err != nil {
			b.Fatal(err)
		}
	}
}
