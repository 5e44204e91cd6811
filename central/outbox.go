package central

import (
	"context"
	"time"
)

// Answers a pizzeria gives a command.
const (
	AnswerAccepted = "accepted"
	AnswerRefused  = "refused"
)

// Command is a command of central's down outbox and where it stands:
// published to JetStream or not yet, answered by its pizzeria or not yet.
type Command struct {
	ID           string     `json:"id"`
	Pizzeria     string     `json:"pizzeria"`
	Position     int64      `json:"position"`
	Type         string     `json:"type"`
	CreatedAt    time.Time  `json:"created_at"`
	PublishedAt  *time.Time `json:"published_at"`
	Answer       string     `json:"answer,omitempty"` // "", AnswerAccepted or AnswerRefused
	AnswerCode   string     `json:"answer_code,omitempty"`
	AnswerReason string     `json:"answer_reason,omitempty"`
	AnsweredAt   *time.Time `json:"answered_at,omitempty"`
}

// CommandFilter selects commands; zero fields select everything.
type CommandFilter struct {
	Pizzeria string
	Type     string
	Limit    int // 100 when zero
}

// OutboundCommand is a command waiting to be published: its pizzeria,
// its position, its JetStream message id and the envelope to send.
type OutboundCommand struct {
	Pizzeria string
	Position int64
	MsgID    string
	Data     []byte
}

// OutboxService reads central's down outbox. Commands are written by the
// services whose changes cause them, in the same transaction; each
// pizzeria's commands are numbered from 1 without gaps, in commit order.
type OutboxService interface {
	// FindCommands returns commands, the newest first.
	FindCommands(ctx context.Context, filter CommandFilter) ([]*Command, error)

	// FindUnpublishedCommands returns up to limit commands not yet
	// published, each pizzeria's in position order.
	FindUnpublishedCommands(ctx context.Context, limit int) ([]*OutboundCommand, error)

	// MarkCommandsPublished records that JetStream acked the commands of
	// pizzeria at positions.
	MarkCommandsPublished(ctx context.Context, pizzeria string, positions []int64) error

	// FindStaleCommands returns up to limit commands published before
	// before and still unanswered, each pizzeria's in position order:
	// those JetStream may have lost.
	FindStaleCommands(ctx context.Context, before time.Time, limit int) ([]*OutboundCommand, error)

	// MarkCommandsResent records that the commands of pizzeria at
	// positions were published again, now, so that they are not stale
	// again before another wait.
	MarkCommandsResent(ctx context.Context, pizzeria string, positions []int64) error
}

// StaffService manages the staff accounts that central syncs down: each
// change to an account of a role that works at one pizzeria enqueues a
// staff.account command for that pizzeria in the same transaction, with
// the password hash, never the password.
type StaffService interface {
	// AddStaff creates an account, as AccountService.CreateUser does, and
	// enqueues it for its pizzeria.
	AddStaff(ctx context.Context, u *User) error

	// SetStaffDisabled disables or enables an account and enqueues the
	// change. Returns ENOTFOUND for an unknown user.
	SetStaffDisabled(ctx context.Context, username string, disabled bool) error

	// SetStaffPassword replaces a password hash, ends the account's
	// sessions at central and enqueues the change. Returns ENOTFOUND for
	// an unknown user.
	SetStaffPassword(ctx context.Context, username, hash string) error
}
