module github.com/wasmsocket/wasmsocket/bench

go 1.26.0

require (
	github.com/wasmsocket/wasmsocket v0.0.0
	golang.org/x/image v0.47.0
)

require (
	github.com/coder/websocket v1.8.15 // indirect
	github.com/hack-pad/safejs v0.1.0 // indirect
	golang.org/x/sys v0.49.0 // indirect
	golang.org/x/text v0.43.0 // indirect
)

replace github.com/wasmsocket/wasmsocket => ../
