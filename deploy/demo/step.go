package demo

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"time"
)

// Step is one setup command, run to its end before the next.
type Step struct {
	Name  string
	Args  []string // the program, then its arguments
	Env   []string // added to the launcher's environment
	Stdin string

	// UnlessListed, when set, skips the step if the listing already names
	// what the step would make: how a step that refuses to make a thing
	// twice is run again safely.
	UnlessListed *Listing
}

// Listing is a command whose output lists things, one word of which is
// looked for.
type Listing struct {
	Args []string
	Word string
}

// stepTimeout bounds one setup command.
const stepTimeout = 2 * time.Minute

// run runs the step, unless its listing shows it done.
func (st Step) run(ctx context.Context, env []string) error {
	ctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	if l := st.UnlessListed; l != nil {
		out, err := runCommand(ctx, l.Args, env, "")
		if err != nil {
			return err
		}
		if slices.Contains(strings.Fields(out), l.Word) {
			return nil
		}
	}
	_, err := runCommand(ctx, st.Args, env, st.Stdin)
	return err
}

// runCommand runs a program and returns its standard output; its error
// carries the end of what the program wrote.
func runCommand(ctx context.Context, args, env []string, stdin string) (string, error) {
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.Env = env
	cmd.Stdin = strings.NewReader(stdin)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("%s: %w: %s", strings.Join(args, " "), err, tail(stderr.String(), 600))
	}
	return stdout.String(), nil
}

// tail returns the last n bytes of s, trimmed.
func tail(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) > n {
		return "..." + s[len(s)-n:]
	}
	return s
}
