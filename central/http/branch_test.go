package http_test

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ocpizza/ocpizza/central"
	centralhttp "github.com/ocpizza/ocpizza/central/http"
	"github.com/ocpizza/ocpizza/syncproto"
)

// Two epochs of paris-11: it was restored from a backup once.
const (
	firstEpoch  = "0193a5c0-0000-7000-8000-00000000aaaa"
	secondEpoch = "0193a5c0-0001-7000-8000-00000000bbbb"
)

// syncRoles may see the sync state; every other role is refused.
var syncRoles = []central.Role{central.RoleHeadOffice, central.RoleOps}

// bringOnline makes paris-11 known in two epochs, the second current, and
// heard from just now with a backlog of 3, through the real sync service.
func bringOnline(tb testing.TB, env *testEnv) {
	tb.Helper()
	ctx := tb.Context()
	for _, epoch := range []string{firstEpoch, secondEpoch} {
		cur, err := env.DB.Cursor(ctx, &syncproto.Hello{
			Pizzeria: testPizzeria, Epoch: epoch, ProtocolVersion: syncproto.ProtocolVersion,
		})
		if err != nil || cur.Error != nil {
			tb.Fatalf("hello in epoch %s: %v %v", epoch, err, cur.Error)
		}
	}
	err := env.DB.RecordHeartbeat(ctx, &syncproto.Heartbeat{
		Pizzeria: testPizzeria, Epoch: secondEpoch, LastSeq: 5, Backlog: 3, SentAt: time.Now().UTC(),
	})
	if err != nil {
		tb.Fatalf("heartbeat: %v", err)
	}
}

func TestBranchAccess(t *testing.T) {
	env := newEnv(t)
	for _, role := range allRoles {
		want := http.StatusForbidden
		if slices.Contains(syncRoles, role) {
			want = http.StatusOK
		}
		t.Run(string(role), func(t *testing.T) {
			resp := env.as(t, role, "GET", "/api/v1/branches", nil)
			if want == http.StatusOK {
				resp.wantStatus(t, want)
			} else {
				resp.wantError(t, want, central.EFORBIDDEN)
			}
			if got := env.statusOf(t, env.Tokens[role], "GET", "/api/v1/branches/events"); got != want {
				t.Errorf("live feed: status %d, want %d", got, want)
			}
			page := env.send(t, "GET", "/console", nil, env.withCookie(role))
			page.wantStatus(t, want)
			if ct := page.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
				t.Errorf("console answered %s, want a page", ct)
			}
		})
	}

	t.Run("without a session", func(t *testing.T) {
		env.do(t, "", "GET", "/api/v1/branches", nil).wantError(t, http.StatusUnauthorized, central.EUNAUTHORIZED)
		env.do(t, "", "GET", "/api/v1/branches/events", nil).
			wantError(t, http.StatusUnauthorized, central.EUNAUTHORIZED)
		env.do(t, "bogus", "GET", "/api/v1/branches", nil).
			wantError(t, http.StatusUnauthorized, central.EUNAUTHORIZED)
		page := env.do(t, "", "GET", "/console", nil)
		page.wantStatus(t, http.StatusSeeOther)
		if loc := page.Header.Get("Location"); loc != "/login" {
			t.Errorf("redirected to %q, want /login", loc)
		}
	})
}

func TestBranchList(t *testing.T) {
	env := newEnv(t)
	bringOnline(t, env)

	resp := env.as(t, central.RoleOps, "GET", "/api/v1/branches", nil)
	resp.wantStatus(t, http.StatusOK)

	// The fields of SPEC §6, for every registered pizzeria.
	var raw []map[string]any
	resp.decode(t, &raw)
	if len(raw) != len(testPizzerias) {
		t.Fatalf("%d branches, want %d: %s", len(raw), len(testPizzerias), resp.Body)
	}
	for _, b := range raw {
		for _, f := range []string{"id", "name", "online", "last_seen_at", "epoch", "last_seq",
			"backlog", "lag_seconds", "gaps", "dead_letters"} {
			if _, ok := b[f]; !ok {
				t.Errorf("branch %v has no %s", b["id"], f)
			}
		}
	}

	// The state the sync service recorded.
	branches := decodeBranches(t, resp.Body)
	paris, lyon := branches[testPizzeria], branches["lyon-2"]
	if paris == nil || lyon == nil {
		t.Fatalf("branches %s, want paris-11 and lyon-2", resp.Body)
	}
	if !paris.Online || paris.LastSeenAt == nil || paris.Epoch != secondEpoch || paris.Epochs != 2 ||
		paris.Backlog != 3 || paris.Name != testPizzerias[testPizzeria] {
		t.Errorf("paris-11 = %+v, want online in its second epoch with a backlog of 3", paris)
	}
	if lyon.Online || lyon.LastSeenAt != nil || lyon.Epoch != "" {
		t.Errorf("lyon-2 = %+v, want never seen", lyon)
	}
}

// decodeBranches reads a list of branches by id.
func decodeBranches(tb testing.TB, data []byte) map[string]*central.Branch {
	tb.Helper()
	var list []*central.Branch
	if err := json.Unmarshal(data, &list); err != nil {
		tb.Fatalf("decode branches %s: %v", data, err)
	}
	byID := map[string]*central.Branch{}
	for _, b := range list {
		byID[b.ID] = b
	}
	return byID
}

// feed is an open live feed of the sync state.
type feed struct {
	res    *http.Response
	lines  *bufio.Reader
	cancel context.CancelFunc
}

// openFeed opens the live feed with prepare setting the credentials.
func (e *testEnv) openFeed(tb testing.TB, prepare func(*http.Request)) *feed {
	tb.Helper()
	ctx, cancel := context.WithTimeout(tb.Context(), 20*time.Second)
	req := e.request(tb, ctx, "GET", "/api/v1/branches/events", nil)
	prepare(req)
	res, err := e.client.Do(req)
	if err != nil {
		cancel()
		tb.Fatalf("open feed: %v", err)
	}
	f := &feed{res: res, lines: bufio.NewReader(res.Body), cancel: cancel}
	tb.Cleanup(func() {
		cancel()
		_ = res.Body.Close()
	})
	if res.StatusCode != http.StatusOK {
		tb.Fatalf("feed: status %d", res.StatusCode)
	}
	return f
}

// next returns the data of the next message event, skipping comments and
// other fields.
func (f *feed) next(tb testing.TB) []byte {
	tb.Helper()
	for {
		line, err := f.lines.ReadString('\n')
		if err != nil {
			tb.Fatalf("read feed: %v", err)
		}
		if data, ok := strings.CutPrefix(line, "data: "); ok {
			return []byte(strings.TrimSuffix(data, "\n"))
		}
	}
}

func TestBranchEvents(t *testing.T) {
	env := newEnv(t)
	bringOnline(t, env)

	t.Run("events carry the branches", func(t *testing.T) {
		f := env.openFeed(t, func(r *http.Request) {
			r.Header.Set("Authorization", "Bearer "+env.Tokens[central.RoleOps])
		})
		if ct := f.res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
			t.Errorf("Content-Type %q, want text/event-stream", ct)
		}
		branches := decodeBranches(t, f.next(t))
		if len(branches) != len(testPizzerias) || !branches[testPizzeria].Online {
			t.Fatalf("first event %v, want both pizzerias, paris-11 online", branches)
		}
	})

	t.Run("a change is pushed", func(t *testing.T) {
		// The browser's way: the session cookie.
		f := env.openFeed(t, env.withCookie(central.RoleHeadOffice))
		f.next(t)

		// A new pizzeria, announced as ingest announces its batches.
		err := env.DB.CreatePizzeria(t.Context(), &central.Pizzeria{ID: "nice-1", Name: "Nice Port"})
		if err != nil {
			t.Fatal(err)
		}
		env.Server.BranchesChanged()
		start := time.Now()
		for {
			if b := decodeBranches(t, f.next(t)); b["nice-1"] != nil {
				break
			}
		}
		if waited := time.Since(start); waited > 1500*time.Millisecond {
			t.Errorf("the change took %v to arrive, want it well before the next tick", waited)
		}
	})
}

// TestBranchEventsEndWithSession checks that logging out ends the live
// feeds opened with the session, at their next heartbeat.
func TestBranchEventsEndWithSession(t *testing.T) {
	env := newEnv(t)
	centralhttp.SetFeedHeartbeat(env.Server, 50*time.Millisecond)
	token := env.login(t, "ops")
	f := env.openFeed(t, func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+token) })
	f.next(t)

	env.do(t, token, "DELETE", "/api/v1/sessions", nil).wantStatus(t, http.StatusNoContent)
	var named []string
	for {
		line, err := f.lines.ReadString('\n')
		if err != nil {
			break // the server ended the stream
		}
		if name, ok := strings.CutPrefix(line, "event: "); ok {
			named = append(named, strings.TrimSpace(name))
		}
	}
	if !slices.Contains(named, "session_ended") {
		t.Errorf("the feed ended with events %v, want session_ended", named)
	}
}

// TestBranchEventsEndWhenStopping checks that the live feeds end when the
// server stops, so that a graceful shutdown does not wait for them.
func TestBranchEventsEndWhenStopping(t *testing.T) {
	env := newEnv(t)
	f := env.openFeed(t, env.withCookie(central.RoleOps))
	f.next(t)
	env.Server.Stopping()
	if _, err := io.ReadAll(f.lines); err != nil {
		t.Fatalf("the feed did not end cleanly: %v", err)
	}
}
