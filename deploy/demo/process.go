package demo

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"sync/atomic"
	"syscall"
	"time"
)

// Process is a service the demo runs until it stops.
type Process struct {
	Name  string
	Args  []string // the program, then its arguments
	Env   []string // added to the launcher's environment
	Ready string   // a URL that answers 200 once the process is ready
	Links []Link   // printed for the user
}

// Link is an address the demo prints.
type Link struct{ Label, URL string }

// Timeouts of a process: to become ready, and to exit once told to stop.
const (
	readyTimeout = time.Minute
	stopTimeout  = 20 * time.Second
)

// running is a started process.
type running struct {
	p       Process
	cmd     *exec.Cmd
	logPath string
	done    chan struct{}
	err     error       // how it exited, once done is closed
	stopped atomic.Bool // told to stop, so its exit is expected
}

// startProcess starts p with its output appended to logPath. When it
// exits without being told to, it is sent on exited.
func startProcess(p Process, env []string, logPath string, exited chan<- *running) (*running, error) {
	log, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("%s: log: %w", p.Name, err)
	}
	cmd := exec.Command(p.Args[0], p.Args[1:]...)
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = log, log
	// A process group of its own: a Ctrl-C in the terminal reaches the
	// launcher only, which stops the processes in order.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		_ = log.Close()
		return nil, fmt.Errorf("%s: start: %w", p.Name, err)
	}

	r := &running{p: p, cmd: cmd, logPath: logPath, done: make(chan struct{})}
	go func() {
		r.err = cmd.Wait()
		_ = log.Close()
		close(r.done)
		if !r.stopped.Load() {
			select {
			case exited <- r:
			default:
			}
		}
	}()
	return r, nil
}

// waitReady polls the process's readiness URL until it answers 200.
func (r *running) waitReady(ctx context.Context) error {
	if r.p.Ready == "" {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, readyTimeout)
	defer cancel()
	client := &http.Client{Timeout: 2 * time.Second}
	for {
		select {
		case <-r.done:
			return fmt.Errorf("%s exited at start (%v); see %s:\n%s", r.p.Name, r.err, r.logPath, r.logTail())
		case <-ctx.Done():
			return fmt.Errorf("%s not ready after %s; see %s:\n%s", r.p.Name, readyTimeout, r.logPath, r.logTail())
		case <-time.After(100 * time.Millisecond):
		}
		resp, err := client.Get(r.p.Ready)
		if err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
	}
}

// stop asks the process to stop (SIGTERM), waits for it, and kills it
// past stopTimeout. It returns an error unless the process exited 0.
func (r *running) stop() error {
	r.stopped.Store(true)
	select {
	case <-r.done:
		return r.exitError()
	default:
	}
	_ = r.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-r.done:
		return r.exitError()
	case <-time.After(stopTimeout):
		_ = r.cmd.Process.Kill()
		<-r.done
		return fmt.Errorf("%s: killed, still running %s after SIGTERM", r.p.Name, stopTimeout)
	}
}

func (r *running) exitError() error {
	if r.err != nil {
		return fmt.Errorf("%s: %w; see %s", r.p.Name, r.err, r.logPath)
	}
	return nil
}

// Name is the process's name in the plan.
func (r *running) Name() string { return r.p.Name }

// Err says how the process exited.
func (r *running) Err() error { return errors.Join(r.err, fmt.Errorf("see %s", r.logPath)) }

// logTail returns the end of the process's log.
func (r *running) logTail() string {
	data, _ := os.ReadFile(r.logPath)
	return tail(string(data), 1500)
}
