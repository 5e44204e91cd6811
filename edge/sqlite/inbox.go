package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/ocpizza/ocpizza/edge"
	"github.com/ocpizza/ocpizza/syncproto"
)

// Answers stored in the inbox.
const (
	answerAccepted = "accepted"
	answerRefused  = "refused"
)

// ApplyCommand applies a command from central once. The inbox row, the
// command's effect and its answer event (command.accepted or
// command.refused, in the outbox) commit in one transaction, so a command
// delivered again finds its row, changes nothing and gets the answer it
// got the first time, with fresh false. A refusal keeps the inbox row and
// the answer but none of the effect.
//
// It returns an error only when the database fails: nothing is recorded
// then, and the command may be delivered again.
func (db *DB) ApplyCommand(ctx context.Context, c *syncproto.Command) (*syncproto.CommandAnswer, bool, error) {
	if c.Pizzeria != db.Pizzeria {
		// The consumer reads this pizzeria's subject only; this is a bug.
		return nil, false, fmt.Errorf("apply command %d: for pizzeria %q", c.Position, c.Pizzeria)
	}
	var answer *syncproto.CommandAnswer
	fresh := false
	err := db.update(ctx, func(tx *Tx) error {
		// A command seen before: its answer went up with it.
		prev, err := tx.findInbox(ctx, c)
		if err != nil || prev != nil {
			answer = prev
			return err
		}

		// The effect, in a savepoint that a refusal rolls back.
		answer, err = tx.applyInSavepoint(ctx, c)
		if err != nil {
			return err
		}
		fresh = true
		return tx.recordAnswer(ctx, c, answer)
	})
	if err != nil {
		return nil, false, fmt.Errorf("apply command %d: %w", c.Position, err)
	}
	return answer, fresh, nil
}

// findInbox returns the answer recorded for the command, or nil when the
// inbox does not hold it. A row at the same position with another id (or
// the same id at another position) means central reused a position, which
// it never does unless its database was put back from an older copy: the
// command is refused without being recorded.
func (tx *Tx) findInbox(ctx context.Context, c *syncproto.Command) (*syncproto.CommandAnswer, error) {
	a := syncproto.CommandAnswer{}
	var answer string
	err := tx.QueryRowContext(ctx, `
		SELECT id, position, type, answer, code, reason FROM inbox WHERE position = ? OR id = ?
		ORDER BY position LIMIT 1`, c.Position, c.ID).
		Scan(&a.CommandID, &a.Position, &a.Type, &answer, &a.Code, &a.Reason)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("read inbox: %w", err)
	case a.CommandID != c.ID || a.Position != c.Position:
		return &syncproto.CommandAnswer{CommandID: c.ID, Position: c.Position, Type: c.Type,
			Code:   syncproto.CodeConflict,
			Reason: fmt.Sprintf("position %d already holds command %s", a.Position, a.CommandID)}, nil
	}
	return &a, nil
}

// applyInSavepoint applies the command's effect and returns its answer:
// accepted, or refused with a code when the command cannot apply, in which
// case whatever it wrote is rolled back. A database failure is returned
// as an error.
func (tx *Tx) applyInSavepoint(ctx context.Context, c *syncproto.Command) (*syncproto.CommandAnswer, error) {
	if _, err := tx.ExecContext(ctx, `SAVEPOINT command`); err != nil {
		return nil, err
	}
	answer := &syncproto.CommandAnswer{CommandID: c.ID, Position: c.Position, Type: c.Type}
	refusal, err := tx.applyCommand(ctx, c)
	switch {
	case err != nil:
		return nil, err
	case refusal != nil:
		answer.Code, answer.Reason = refusal.Code, refusal.Message
		if _, err := tx.ExecContext(ctx, `ROLLBACK TO command`); err != nil {
			return nil, err
		}
	}
	if _, err := tx.ExecContext(ctx, `RELEASE command`); err != nil {
		return nil, err
	}
	return answer, nil
}

// applyCommand applies the command by its type. It returns a refusal for a
// command that cannot apply, and an error when the database fails.
func (tx *Tx) applyCommand(ctx context.Context, c *syncproto.Command) (*syncproto.Error, error) {
	if err := c.Supported(); err != nil {
		return refusal(err, edge.MsgCommandUnsupported, c.Type), nil
	}
	switch c.Type {
	case syncproto.CommandCatalogVersion:
		cat, err := c.CatalogVersionOf()
		if err != nil {
			return refusal(err, edge.MsgBadCatalog, err), nil
		}
		return tx.applyCatalogVersion(ctx, cat)
	case syncproto.CommandStaffAccount:
		a, err := c.StaffAccountOf()
		if err != nil {
			return refusal(err, edge.MsgBadCommand, err), nil
		}
		return tx.applyStaffAccount(ctx, c.Position, a)
	case syncproto.CommandOrderPlace, syncproto.CommandOrderWithdraw, syncproto.CommandOrderCancel,
		syncproto.CommandOrderModify, syncproto.CommandOrderPayment, syncproto.CommandOrderDriver:
		return tx.applyOrderCommand(ctx, c)
	}
	// Supported knows a type that this switch does not: a bug.
	return nil, fmt.Errorf("no handler for command type %s", c.Type)
}

// refusal returns the refusal of err's protocol code, with the French
// sentence of key as its reason.
func refusal(err error, key edge.MessageKey, args ...any) *syncproto.Error {
	return &syncproto.Error{Code: syncproto.ErrorCode(err), Message: edge.Message(key, args...)}
}

// recordAnswer writes the inbox row of the command and its answer event.
func (tx *Tx) recordAnswer(ctx context.Context, c *syncproto.Command, a *syncproto.CommandAnswer) error {
	answer, event := answerAccepted, syncproto.EventCommandAccepted
	if a.Code != "" {
		answer, event = answerRefused, syncproto.EventCommandRefused
	}
	_, err := tx.ExecContext(ctx, `
		INSERT INTO inbox (position, id, type, created_at, applied_at, answer, code, reason)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		c.Position, c.ID, c.Type, formatTime(c.CreatedAt), tx.nowText(), answer, a.Code, a.Reason)
	if err != nil {
		return fmt.Errorf("record inbox: %w", err)
	}
	return tx.emit(ctx, event, a)
}

// LastCommandPosition returns the highest position in the inbox, 0 when
// it is empty.
func (db *DB) LastCommandPosition(ctx context.Context) (int64, error) {
	var pos int64
	err := db.read.QueryRowContext(ctx, `SELECT coalesce(max(position), 0) FROM inbox`).Scan(&pos)
	if err != nil {
		return 0, fmt.Errorf("last command position: %w", err)
	}
	return pos, nil
}
