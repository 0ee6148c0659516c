package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/wasmsocket/wasmsocket/testserver/server"
)

// target is the test server the clients storm: in this process when the
// open-file limit allows two sockets per client, else in a child process
// with a budget of its own (RLIMIT_NOFILE is per process, and a container
// may forbid raising the hard limit). The storm drives both the same way,
// through the control API.
type target interface {
	WSURL() string
	URL() string
	Stats() (server.Stats, error)
	Reset() error
	Close() error
	Where() string // for the report
}

// inProcess is the server running in this process.
type inProcess struct{ *server.Running }

func listenInProcess() (target, error) {
	r, err := server.Listen("127.0.0.1:0", server.Options{})
	if err != nil {
		return nil, err
	}
	return inProcess{r}, nil
}

func (p inProcess) WSURL() string                { return p.Running.WSURL }
func (p inProcess) URL() string                  { return p.Running.URL }
func (p inProcess) Stats() (server.Stats, error) { return p.Running.Stats(), nil }
func (p inProcess) Reset() error                 { p.Running.Reset(); return nil }
func (p inProcess) Close() error                 { return p.Running.Close() }
func (p inProcess) Where() string                { return "in-process" }

// childEnv marks the process started by startChild as the server; its
// value is the open-file limit the server needs.
const childEnv = "STORM_CHILD_SERVER"

// serveChild is the child's whole life: start the server, tell the parent
// where it is on stdout, and run until the parent closes stdin (or dies,
// which closes it too, so no server outlives a crashed benchmark).
func serveChild() error {
	r, err := server.Listen("127.0.0.1:0", server.Options{})
	if err != nil {
		return err
	}
	fmt.Println(r.URL, r.WSURL)
	_, _ = io.Copy(io.Discard, os.Stdin)
	return r.Close()
}

// child is the server running in a child process: this same binary,
// started with childEnv set to the open-file limit it needs.
type child struct {
	cmd       *exec.Cmd
	stdin     io.WriteCloser
	url, ws   string
	transport *http.Transport
}

func startChild(fileLimit uint64) (target, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), childEnv+"="+strconv.FormatUint(fileLimit, 10))
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	url, ws, ok := strings.Cut(strings.TrimSpace(line), " ")
	if err != nil || !ok {
		stdin.Close()
		_ = cmd.Wait()
		return nil, fmt.Errorf("server child process did not start: %q, %v", line, err)
	}
	return &child{cmd: cmd, stdin: stdin, url: url, ws: ws, transport: &http.Transport{}}, nil
}

func (c *child) WSURL() string { return c.ws }
func (c *child) URL() string   { return c.url }
func (c *child) Where() string { return "child process" }

func (c *child) Stats() (server.Stats, error) {
	var st server.Stats
	return st, c.control("GET", "/control/stats", &st)
}

func (c *child) Reset() error { return c.control("POST", "/control/reset", nil) }

func (c *child) control(method, path string, into any) error {
	req, err := http.NewRequest(method, c.url+path, nil)
	if err != nil {
		return err
	}
	resp, err := (&http.Client{Transport: c.transport, Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s %s: %s", method, path, resp.Status)
	}
	if into == nil {
		_, err = io.Copy(io.Discard, resp.Body)
		return err
	}
	return json.NewDecoder(resp.Body).Decode(into)
}

// Close ends the child by closing its stdin and waits for it, killing it
// if it does not go within ten seconds.
func (c *child) Close() error {
	c.transport.CloseIdleConnections()
	c.stdin.Close()
	done := make(chan error, 1)
	go func() { done <- c.cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		_ = c.cmd.Process.Kill()
		return errors.Join(errors.New("server child process did not exit; killed"), <-done)
	}
}
