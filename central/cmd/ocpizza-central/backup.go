package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/ocpizza/ocpizza/syncproto/cmdline"
)

// runBackup writes a pg_dump of the database, in PostgreSQL's custom
// format, to FILE. The dump is written beside FILE under a temporary name,
// read back with pg_restore --list and synced to disk before it takes its
// name, so that FILE is never a partial dump. It never overwrites a file.
// A restore is only proven by restoring: see the operations manual.
func runBackup(ctx context.Context, args []string, _ io.Reader, stdout io.Writer) error {
	fs := program.FlagSet("backup", stdout)
	dbURL := cmdline.EnvString(fs, "db", "OCPIZZA_DB", "", "PostgreSQL URL of the database to back up")
	positional, err := cmdline.ParseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(positional) != 1 {
		fs.Usage()
		return errors.New("backup takes exactly one FILE")
	}
	if err := validateDBURL(*dbURL); err != nil {
		return err
	}
	file := positional[0]

	// Refuse before any work: an existing file, or missing tools.
	if err := mustNotExist(file); err != nil {
		return err
	}
	pgDump, err := exec.LookPath("pg_dump")
	if err != nil {
		return errors.New("backup: pg_dump not found in PATH: install the PostgreSQL client tools")
	}
	pgRestore, err := exec.LookPath("pg_restore")
	if err != nil {
		return errors.New("backup: pg_restore not found in PATH: install the PostgreSQL client tools")
	}

	// The dump, under a temporary name in FILE's directory.
	tmp, err := os.CreateTemp(filepath.Dir(file), "."+filepath.Base(file)+".partial-*")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	_ = tmp.Close()
	defer os.Remove(tmp.Name())
	conn, env := pgConnection(*dbURL)
	_, err = command(ctx, env, pgDump, "--format=custom", "--file="+tmp.Name(), "--dbname="+conn)
	if err != nil {
		return fmt.Errorf("backup: pg_dump: %w", err)
	}

	// Read back, synced, then named.
	toc, err := command(ctx, nil, pgRestore, "--list", tmp.Name())
	if err != nil {
		return fmt.Errorf("backup: the dump does not read back: pg_restore --list: %w", err)
	}
	size, err := syncFile(tmp.Name())
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := publish(tmp.Name(), file); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	fmt.Fprintf(stdout,
		"backup of %s written to %s: %d bytes, %d entries, read back by pg_restore --list\n",
		redacted(*dbURL), file, size, tocEntries(toc))
	return nil
}

// mustNotExist refuses a path that exists.
func mustNotExist(path string) error {
	_, err := os.Lstat(path)
	switch {
	case err == nil:
		return fmt.Errorf("backup: %s exists; a backup never overwrites a file", path)
	case !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// pgConnection returns the URL to give the PostgreSQL tools, without its
// password, and the environment that carries the password instead, so that
// it never shows in the process list.
func pgConnection(raw string) (string, []string) {
	u, err := url.Parse(raw)
	if err != nil {
		return raw, nil
	}
	var password string
	if u.User != nil {
		password, _ = u.User.Password()
		u.User = url.User(u.User.Username())
	}
	q := u.Query()
	if p := q.Get("password"); p != "" {
		password = p
		q.Del("password")
		u.RawQuery = q.Encode()
	}
	if password == "" {
		return u.String(), nil
	}
	return u.String(), append(os.Environ(), "PGPASSWORD="+password)
}

// command runs a program and returns its standard output; its error says
// the end of what it wrote on standard error.
func command(ctx context.Context, env []string, name string, args ...string) ([]byte, error) {
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if len(msg) > 500 {
			msg = "..." + msg[len(msg)-500:]
		}
		return nil, fmt.Errorf("%w: %s", err, msg)
	}
	return stdout.Bytes(), nil
}

// tocEntries counts the entries of a pg_restore --list table of contents.
func tocEntries(toc []byte) int {
	n := 0
	for _, line := range bytes.Split(toc, []byte("\n")) {
		if len(bytes.TrimSpace(line)) > 0 && line[0] != ';' {
			n++
		}
	}
	return n
}

// syncFile flushes a file to disk and returns its size.
func syncFile(path string) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return 0, err
	}
	st, err := f.Stat()
	if err != nil {
		return 0, err
	}
	return st.Size(), nil
}

// publish gives the checked dump its name, failing if the name was taken
// meanwhile: a hard link never replaces a file, unlike a rename.
func publish(tmp, file string) error {
	if err := os.Link(tmp, file); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s appeared during the backup; a backup never overwrites a file", file)
		}
		// A file system without hard links: check, then rename.
		if err := mustNotExist(file); err != nil {
			return err
		}
		if err := os.Rename(tmp, file); err != nil {
			return err
		}
	}
	dir, err := os.Open(filepath.Dir(file))
	if err != nil {
		return err
	}
	defer dir.Close()
	return dir.Sync()
}
