module github.com/wasmsocket/wasmsocket

go 1.26

require (
	github.com/coder/websocket v1.8.15
	github.com/hack-pad/safejs v0.1.0
)
