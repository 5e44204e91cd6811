package cmdline

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"slices"
	"strings"
	"testing"
)

var testProgram = &Program{
	Name: "ocpizza-test",
	Helps: []Help{
		{"serve", "serve [flags]", "serve until stopped"},
		{"gen-history", "gen-history [--days 730]", "generate orders"},
	},
	Note: "Flags fall back to OCPIZZA_* environment variables.",
}

func TestRun(t *testing.T) {
	var ran []string
	commands := map[string]Func{
		"serve": func(_ context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
			in, _ := io.ReadAll(stdin)
			ran = append(ran, strings.Join(args, " ")+"|"+string(in))
			return nil
		},
	}
	run := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := testProgram.Run(t.Context(), commands, args, strings.NewReader("secret"), &out)
		return out.String(), err
	}

	// A subcommand gets its arguments and standard input.
	if _, err := run("serve", "--addr", ":80"); err != nil || !slices.Equal(ran, []string{"--addr :80|secret"}) {
		t.Errorf("serve: %v, ran %q", err, ran)
	}

	// The usage, aligned, for help, for nothing, and for a subcommand that is not.
	for _, c := range []struct {
		args    []string
		wantErr string
	}{
		{[]string{"--help"}, flag.ErrHelp.Error()},
		{[]string{"help"}, flag.ErrHelp.Error()},
		{nil, "a subcommand is required"},
		{[]string{"bake"}, `unknown subcommand "bake"`},
	} {
		out, err := run(c.args...)
		if err == nil || err.Error() != c.wantErr {
			t.Errorf("%q: error %v, want %q", c.args, err, c.wantErr)
		}
		for _, line := range []string{"Usage: ocpizza-test SUBCOMMAND [flags]",
			"  serve        serve until stopped", "  gen-history  generate orders", testProgram.Note} {
			if !strings.Contains(out, line+"\n") {
				t.Errorf("%q printed %q, want the line %q", c.args, out, line)
			}
		}
	}
}

func TestFlagSetHelp(t *testing.T) {
	var out bytes.Buffer
	fs := testProgram.FlagSet("gen-history", &out)
	fs.Int("days", 730, "days of history")
	if err := fs.Parse([]string{"--help"}); !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("--help: %v", err)
	}
	for _, want := range []string{"Usage: ocpizza-test gen-history [--days 730]\n\ngenerate orders.\n",
		"-days int", "days of history"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("help %q, want %q", out.String(), want)
		}
	}
	if err := fs.Parse([]string{"--days", "nine"}); err == nil {
		t.Error("a bad value was accepted")
	}
}

func TestEnvFlags(t *testing.T) {
	t.Setenv("OCPIZZA_TEST_ADDR", ":9000")
	t.Setenv("OCPIZZA_TEST_TLS", "yes") // not a boolean: the default stays
	t.Setenv("OCPIZZA_TEST_DEBUG", "true")
	var help bytes.Buffer
	fs := testProgram.FlagSet("serve", &help)
	addr := EnvString(fs, "addr", "OCPIZZA_TEST_ADDR", ":8080", "address")
	name := EnvString(fs, "name", "OCPIZZA_TEST_UNSET", "paris", "name")
	tls := EnvBool(fs, "tls", "OCPIZZA_TEST_TLS", false, "serve TLS")
	debug := EnvBool(fs, "debug", "OCPIZZA_TEST_DEBUG", false, "debug")
	if err := fs.Parse(nil); err != nil {
		t.Fatal(err)
	}
	if *addr != ":9000" || *name != "paris" || *tls || !*debug {
		t.Errorf("from the environment: addr %q name %q tls %v debug %v", *addr, *name, *tls, *debug)
	}

	// A flag wins over the environment, and the usage names the variable.
	if err := fs.Parse([]string{"--addr", ":7000"}); err != nil || *addr != ":7000" {
		t.Errorf("flag over environment: %v, addr %q", err, *addr)
	}
	fs.PrintDefaults()
	if !strings.Contains(help.String(), "address (env OCPIZZA_TEST_ADDR)") {
		t.Errorf("usage %q does not name the variable", help.String())
	}
}

func TestParseInterspersed(t *testing.T) {
	fs := flag.NewFlagSet("user", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	role := fs.String("role", "", "role")
	args, err := ParseInterspersed(fs, []string{"add", "anna", "--role", "manager", "extra"})
	if err != nil || *role != "manager" || !slices.Equal(args, []string{"add", "anna", "extra"}) {
		t.Errorf("got %q, role %q, %v", args, *role, err)
	}
	if _, err := ParseInterspersed(fs, []string{"add", "--colour", "red"}); err == nil {
		t.Error("an unknown flag among the arguments was accepted")
	}
}

func TestNewLogger(t *testing.T) {
	var out bytes.Buffer
	log, err := NewLogger("warn", "JSON", &out)
	if err != nil {
		t.Fatal(err)
	}
	log.Info("hidden")
	log.Warn("shown")
	if s := out.String(); strings.Contains(s, "hidden") || !strings.Contains(s, `"msg":"shown"`) {
		t.Errorf("logged %q", s)
	}
	for _, c := range [][2]string{{"loud", "text"}, {"info", "xml"}} {
		if _, err := NewLogger(c[0], c[1], io.Discard); err == nil {
			t.Errorf("level %q, format %q accepted", c[0], c[1])
		}
	}
}
