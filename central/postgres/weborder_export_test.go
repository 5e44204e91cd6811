package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
)

// AnswerCommand applies a pizzeria's answer to one of its commands to the
// web orders, as the projection of a command.accepted or command.refused
// event does, in a transaction of its own.
func (db *DB) AnswerCommand(ctx context.Context, pizzeria, commandID, typ string,
	accepted bool, code string) error {
	a := &commandAnswer{CommandAnswer: syncproto.CommandAnswer{CommandID: commandID, Type: typ,
		Code: code}, answer: central.AnswerRefused, at: db.Now()}
	if accepted {
		a.answer = central.AnswerAccepted
	}
	return pgx.BeginFunc(ctx, db.Pool, func(tx pgx.Tx) error {
		return applyWebOrderAnswers(ctx, tx, pizzeria, []*commandAnswer{a}, db.Now().UTC())
	})
}

// ProgressMessage exposes the sentence of an order a pizzeria holds.
var ProgressMessage = progressMessage
