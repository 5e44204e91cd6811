package demo

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
)

// postgresServer is the demo's private PostgreSQL: its own data directory,
// port and socket directory under var/pg, trust authentication on the
// loopback only.
type postgresServer struct {
	bin  string // the directory of initdb and pg_ctl
	dir  string
	host string
	port int
	as   *syscall.Credential // the postgres user's, when run by root
}

// startPostgres makes the cluster on the first run, and starts it unless
// it is running already.
func startPostgres(ctx context.Context, dir, host string, port int) (*postgresServer, error) {
	bin, err := postgresBinDir()
	if err != nil {
		return nil, err
	}
	pg := &postgresServer{bin: bin, dir: dir, host: host, port: port}
	if err := pg.prepareDirs(); err != nil {
		return nil, err
	}

	// The cluster, made once.
	if _, err := os.Stat(filepath.Join(dir, "data", "PG_VERSION")); errors.Is(err, os.ErrNotExist) {
		_, err := pg.run(ctx, "initdb", "--pgdata="+pg.data(), "--username=postgres",
			"--auth=trust", "--encoding=UTF8", "--no-locale")
		if err != nil {
			return nil, err
		}
	}

	// Started, unless a previous run left it running.
	if _, err := pg.run(ctx, "pg_ctl", "status", "--pgdata="+pg.data()); err == nil {
		return pg, nil
	}
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=%s", port, filepath.Join(dir, "run"), host)
	_, err = pg.run(ctx, "pg_ctl", "start", "--pgdata="+pg.data(), "--wait", "--timeout=60",
		"--log="+filepath.Join(dir, "postgres.log"), "-o", opts)
	if err != nil {
		return nil, fmt.Errorf("%w (see %s)", err, filepath.Join(dir, "postgres.log"))
	}
	return pg, nil
}

// postgresBinDir finds the PostgreSQL server programs: $PG_BIN, else the
// newest /usr/lib/postgresql/*/bin (Debian), else the PATH.
func postgresBinDir() (string, error) {
	if dir := os.Getenv("PG_BIN"); dir != "" {
		return dir, nil
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	slices.SortFunc(dirs, func(a, b string) int { return majorOf(a) - majorOf(b) })
	for i := len(dirs) - 1; i >= 0; i-- {
		if _, err := os.Stat(filepath.Join(dirs[i], "pg_ctl")); err == nil {
			return dirs[i], nil
		}
	}
	if path, err := exec.LookPath("pg_ctl"); err == nil {
		return filepath.Dir(path), nil
	}
	return "", errors.New("PostgreSQL server programs not found: install postgresql, " +
		"set PG_BIN to the directory of pg_ctl, or set DATABASE_URL")
}

// majorOf reads the version in /usr/lib/postgresql/VERSION/bin.
func majorOf(dir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	return n
}

// prepareDirs makes the data and socket directories. PostgreSQL refuses to
// run as root, so under root they belong to the postgres user, which runs
// the server programs.
func (pg *postgresServer) prepareDirs() error {
	for _, d := range []string{pg.dir, filepath.Join(pg.dir, "run")} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return fmt.Errorf("postgres dir: %w", err)
		}
	}
	if os.Geteuid() != 0 {
		return nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return fmt.Errorf("running as root, PostgreSQL needs the postgres user: %w", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	pg.as = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	for _, d := range []string{pg.dir, filepath.Join(pg.dir, "run")} {
		if err := os.Chown(d, uid, gid); err != nil {
			return fmt.Errorf("postgres dir: %w", err)
		}
	}
	return nil
}

// ensureDatabase makes the database unless it exists, and returns its URL.
func (pg *postgresServer) ensureDatabase(ctx context.Context, name string) (string, error) {
	out, err := pg.run(ctx, "psql", pg.conn("postgres"), "-tAc",
		"SELECT 1 FROM pg_database WHERE datname = '"+name+"'")
	if err != nil {
		return "", err
	}
	if strings.TrimSpace(out) != "1" {
		if _, err := pg.run(ctx, "createdb", "--host="+pg.host, "--port="+strconv.Itoa(pg.port),
			"--username=postgres", name); err != nil {
			return "", err
		}
	}
	return pg.conn(name), nil
}

// conn is the URL of a database of the server.
func (pg *postgresServer) conn(db string) string {
	return fmt.Sprintf("postgres://postgres@%s:%d/%s?sslmode=disable", pg.host, pg.port, db)
}

func (pg *postgresServer) data() string { return filepath.Join(pg.dir, "data") }

// stop stops the server, fast: open sessions are ended, nothing is lost.
func (pg *postgresServer) stop() error {
	_, err := pg.run(context.Background(), "pg_ctl", "stop", "--pgdata="+pg.data(), "--mode=fast", "--wait")
	return err
}

// run runs one of the server programs, as the postgres user under root.
func (pg *postgresServer) run(ctx context.Context, program string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, filepath.Join(pg.bin, program), args...)
	cmd.Dir = pg.dir
	// A process group of its own, which the server inherits: a Ctrl-C in
	// the terminal must not stop it behind the launcher's back.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Credential: pg.as}
	out, err := cmd.Output()
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return "", fmt.Errorf("%s: %w: %s", program, err, tail(string(exit.Stderr), 600))
		}
		return "", fmt.Errorf("%s: %w", program, err)
	}
	return string(out), nil
}
