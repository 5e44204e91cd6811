package postgres_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/central/postgres"
	"github.com/ocpizza/ocpizza/syncproto"
)

const staffHash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U"

// unpublished returns every command waiting to be published, decoded.
func unpublished(tb testing.TB, db *postgres.DB) []*syncproto.Command {
	tb.Helper()
	out, err := db.FindUnpublishedCommands(context.Background(), 100_000)
	if err != nil {
		tb.Fatal(err)
	}
	var commands []*syncproto.Command
	for _, o := range out {
		c, err := syncproto.DecodeCommand(o.Data, o.Pizzeria)
		if err != nil {
			tb.Fatalf("command %s: %v", o.MsgID, err)
		}
		if o.MsgID != c.MsgID() || o.Position != c.Position {
			tb.Errorf("outbound %s at %d holds %s", o.MsgID, o.Position, c.MsgID())
		}
		commands = append(commands, c)
	}
	return commands
}

// TestPositionsGaplessUnderConcurrency adds staff accounts from many
// goroutines at once, some refused (a name taken) and some rolled back
// after they took a position: every pizzeria's positions are 1..n once
// each, and each one committed in its order, since a reader that saw
// position n also sees every position below.
func TestPositionsGaplessUnderConcurrency(t *testing.T) {
	db, _ := openSyncDB(t, "paris-11", "lyon-2")
	const workers, each = 8, 15
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				pizzeria := []string{"paris-11", "lyon-2"}[i%2]
				// Every third name is taken by worker 0: a rolled-back
				// enqueue.
				name := fmt.Sprintf("staff-%d-%d", w, i)
				if i%3 == 0 {
					name = fmt.Sprintf("staff-0-%d", i)
				}
				err := db.AddStaff(context.Background(), &central.User{Username: name,
					Role: central.RoleOrderTaker, PizzeriaID: pizzeria, PasswordHash: staffHash})
				if err != nil && central.ErrorCode(err) != central.ECONFLICT {
					t.Errorf("add staff: %v", err)
				}
				if i%4 == 1 {
					if err := db.EnqueueAndRollBack(context.Background(), pizzeria); err != nil {
						t.Errorf("enqueue and roll back: %v", err)
					}
				}
			}
		})
	}

	// Meanwhile a reader checks that what is committed has no gap.
	done := make(chan struct{})
	var reads sync.WaitGroup
	reads.Go(func() {
		for {
			select {
			case <-done:
				return
			default:
			}
			checkGapless(t, unpublished(t, db))
		}
	})
	wg.Wait()
	close(done)
	reads.Wait()

	commands := unpublished(t, db)
	checkGapless(t, commands)
	users, err := db.FindUsers(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(commands) != len(users) {
		t.Errorf("%d commands for %d accounts", len(commands), len(users))
	}
}

// checkGapless fails the test unless each pizzeria's positions are 1..n.
func checkGapless(tb testing.TB, commands []*syncproto.Command) {
	tb.Helper()
	positions := map[string][]int64{}
	for _, c := range commands {
		positions[c.Pizzeria] = append(positions[c.Pizzeria], c.Position)
	}
	for pizzeria, got := range positions {
		for i, p := range got {
			if p != int64(i+1) {
				tb.Fatalf("%s positions %v: a gap or a position out of order", pizzeria, got)
			}
		}
	}
}

func TestStaffCommands(t *testing.T) {
	db, _ := openSyncDB(t, "paris-11")
	ctx := context.Background()
	anna := &central.User{Username: "anna", Role: central.RoleManager, PizzeriaID: "paris-11",
		PasswordHash: staffHash}
	if err := db.AddStaff(ctx, anna); err != nil {
		t.Fatal(err)
	}
	// Head office logs in at central only: nothing goes down.
	err := db.AddStaff(ctx, &central.User{Username: "siege", Role: central.RoleHeadOffice,
		PasswordHash: staffHash})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetStaffDisabled(ctx, "ANNA", true); err != nil {
		t.Fatal(err)
	}
	wantCode(t, db.SetStaffDisabled(ctx, "nobody", true), central.ENOTFOUND)
	wantCode(t, db.AddStaff(ctx, &central.User{Username: "bob", Role: central.RoleDriver,
		PizzeriaID: "nowhere", PasswordHash: staffHash}), central.EINVALID)

	commands := unpublished(t, db)
	if len(commands) != 2 {
		t.Fatalf("%d commands, want the creation and the disabling of anna", len(commands))
	}
	created, err := commands[0].StaffAccountOf()
	if err != nil {
		t.Fatal(err)
	}
	disabled, err := commands[1].StaffAccountOf()
	if err != nil {
		t.Fatal(err)
	}
	if created.Disabled || !disabled.Disabled || disabled.PasswordHash != staffHash ||
		disabled.Role != "manager" || commands[1].Position != 2 {
		t.Errorf("commands: %+v then %+v", created, disabled)
	}
	if u, _ := db.FindUserByUsername(ctx, "anna"); !u.Disabled {
		t.Error("anna is not disabled at central")
	}
}

// TestCommandPublishedAndAnswered follows a command through the outbox:
// waiting, published, then answered by an event of its pizzeria.
func TestCommandPublishedAndAnswered(t *testing.T) {
	db, _ := openSyncDB(t, "paris-11", "lyon-2")
	ctx := context.Background()
	for _, name := range []string{"anna", "bruno"} {
		err := db.AddStaff(ctx, &central.User{Username: name, Role: central.RolePizzaiolo,
			PizzeriaID: "paris-11", PasswordHash: staffHash})
		if err != nil {
			t.Fatal(err)
		}
	}
	commands := unpublished(t, db)

	// Published: no longer waiting.
	if err := db.MarkCommandsPublished(ctx, "paris-11", []int64{1}); err != nil {
		t.Fatal(err)
	}
	if left := unpublished(t, db); len(left) != 1 || left[0].Position != 2 {
		t.Fatalf("waiting after publishing 1: %v", left)
	}

	// Answered by the pizzeria; an answer from another pizzeria, or for
	// another command, changes nothing.
	paris := newOutbox(t, "paris-11", newUUID())
	lyon := newOutbox(t, "lyon-2", newUUID())
	accepted := syncproto.CommandAnswer{CommandID: commands[0].ID, Position: 1,
		Type: syncproto.CommandStaffAccount}
	refused := syncproto.CommandAnswer{CommandID: commands[1].ID, Position: 2,
		Type: syncproto.CommandStaffAccount, Code: syncproto.CodeOutdated, Reason: "plus récent"}
	apply(t, db, batchOf(t,
		lyon.event(syncproto.EventCommandAccepted, refused),
		paris.event(syncproto.EventCommandAccepted, accepted),
		paris.event(syncproto.EventCommandRefused, refused),
		paris.event(syncproto.EventCommandAccepted, accepted), // again: the first answer stays
	)...)

	found, err := db.FindCommands(ctx, central.CommandFilter{Pizzeria: "paris-11"})
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(found, func(a, b *central.Command) int { return int(a.Position - b.Position) })
	if len(found) != 2 || found[0].Answer != central.AnswerAccepted || found[0].PublishedAt == nil ||
		found[1].Answer != central.AnswerRefused || found[1].AnswerCode != syncproto.CodeOutdated ||
		found[1].AnswerReason != "plus récent" || found[1].AnsweredAt == nil {
		for _, c := range found {
			t.Errorf("command %+v", c)
		}
	}
}
