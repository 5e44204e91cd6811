package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/central/postgres"
	"github.com/ocpizza/ocpizza/central/postgres/pgtest"
)

// clock is a settable time for the session deadlines.
type clock struct{ now time.Time }

func newClock() *clock { return &clock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time { return c.now }

func (c *clock) advance(d time.Duration) { c.now = c.now.Add(d) }

// at returns the time d from now on the clock.
func (c *clock) at(d time.Duration) time.Time { return c.now.Add(d) }

func useClock(db *postgres.DB, c *clock) { db.Now = c.Now }

func sessionToken(s string) []byte { return []byte("token-hash-" + s) }

func TestSessionLifetime(t *testing.T) {
	ctx := context.Background()

	t.Run("created, found, deleted", func(t *testing.T) {
		db := pgtest.Open(t)
		c := newClock()
		useClock(db, c)
		u := mustCreateUser(t, db, "ops", central.RoleOps, "")

		s, err := db.CreateSession(ctx, u.ID, sessionToken("1"))
		if err != nil {
			t.Fatal(err)
		}
		if s.User.ID != u.ID || !s.ExpiresAt.Equal(c.at(central.SessionIdleTimeout)) {
			t.Fatalf("session %+v, want user %s until %v", s, u.ID, c.at(central.SessionIdleTimeout))
		}
		found, err := db.FindSession(ctx, sessionToken("1"))
		if err != nil || found.User.Username != "ops" || found.User.Role != central.RoleOps {
			t.Fatalf("found %+v, %v", found, err)
		}

		if err := db.DeleteSession(ctx, sessionToken("1")); err != nil {
			t.Fatal(err)
		}
		_, err = db.FindSession(ctx, sessionToken("1"))
		wantCode(t, err, central.EUNAUTHORIZED)
		if err := db.DeleteSession(ctx, sessionToken("1")); err != nil {
			t.Errorf("deleting an ended session: %v", err)
		}
	})

	t.Run("idle timeout, slid by use", func(t *testing.T) {
		db := pgtest.Open(t)
		c := newClock()
		useClock(db, c)
		u := mustCreateUser(t, db, "ops", central.RoleOps, "")
		if _, err := db.CreateSession(ctx, u.ID, sessionToken("1")); err != nil {
			t.Fatal(err)
		}

		// Used after 2 hours: the deadline moves 12 hours on from then.
		c.advance(2 * time.Hour)
		s, err := db.FindSession(ctx, sessionToken("1"))
		if err != nil {
			t.Fatal(err)
		}
		if want := c.at(central.SessionIdleTimeout); !s.ExpiresAt.Equal(want) {
			t.Errorf("deadline %v, want %v", s.ExpiresAt, want)
		}

		// Left alone for the idle timeout: over.
		c.advance(central.SessionIdleTimeout)
		_, err = db.FindSession(ctx, sessionToken("1"))
		wantCode(t, err, central.EUNAUTHORIZED)
	})

	t.Run("absolute limit, whatever the use", func(t *testing.T) {
		db := pgtest.Open(t)
		c := newClock()
		useClock(db, c)
		u := mustCreateUser(t, db, "ops", central.RoleOps, "")
		if _, err := db.CreateSession(ctx, u.ID, sessionToken("1")); err != nil {
			t.Fatal(err)
		}
		for elapsed := time.Duration(0); elapsed+time.Hour < central.SessionMaxAge; elapsed += time.Hour {
			c.advance(time.Hour)
			s, err := db.FindSession(ctx, sessionToken("1"))
			if err != nil {
				t.Fatalf("after %v: %v", elapsed+time.Hour, err)
			}
			if s.ExpiresAt.After(newClock().at(central.SessionMaxAge)) {
				t.Fatalf("deadline %v slid past the absolute limit", s.ExpiresAt)
			}
		}
		c.advance(time.Hour)
		_, err := db.FindSession(ctx, sessionToken("1"))
		wantCode(t, err, central.EUNAUTHORIZED)
	})

	t.Run("disabled user", func(t *testing.T) {
		db := pgtest.Open(t)
		u := mustCreateUser(t, db, "ops", central.RoleOps, "")
		if _, err := db.CreateSession(ctx, u.ID, sessionToken("1")); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Pool.Exec(ctx, `UPDATE users SET disabled = true WHERE id = $1`, u.ID); err != nil {
			t.Fatal(err)
		}
		_, err := db.FindSession(ctx, sessionToken("1"))
		wantCode(t, err, central.EUNAUTHORIZED)
		_, err = db.CreateSession(ctx, u.ID, sessionToken("2"))
		wantCode(t, err, central.EUNAUTHORIZED)
	})

	t.Run("unknown token or user", func(t *testing.T) {
		db := pgtest.Open(t)
		_, err := db.FindSession(ctx, sessionToken("nobody"))
		wantCode(t, err, central.EUNAUTHORIZED)
		_, err = db.CreateSession(ctx, uuid.NewString(), sessionToken("1"))
		wantCode(t, err, central.EUNAUTHORIZED)
		_, err = db.CreateSession(ctx, "not-a-uuid", sessionToken("1"))
		wantCode(t, err, central.EUNAUTHORIZED)
	})

	t.Run("expired sessions swept at the next log-in", func(t *testing.T) {
		db := pgtest.Open(t)
		c := newClock()
		useClock(db, c)
		u := mustCreateUser(t, db, "ops", central.RoleOps, "")
		if _, err := db.CreateSession(ctx, u.ID, sessionToken("old")); err != nil {
			t.Fatal(err)
		}
		c.advance(central.SessionMaxAge + time.Minute)
		if _, err := db.CreateSession(ctx, u.ID, sessionToken("new")); err != nil {
			t.Fatal(err)
		}
		var n int
		err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM sessions WHERE user_id = $1`, u.ID).Scan(&n)
		if err != nil || n != 1 {
			t.Errorf("%d sessions left (%v), want only the new one", n, err)
		}
	})
}
