package postgres

import (
	"encoding/json"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
)

// commandAnswer is a pizzeria's answer to one of central's commands, as a
// command.accepted or command.refused event carries it.
type commandAnswer struct {
	syncproto.CommandAnswer
	answer string // central.AnswerAccepted or central.AnswerRefused
	at     time.Time
}

// decodeAnswer reads the payload of a command.accepted or command.refused
// event.
func decodeAnswer(e *syncproto.Event) (*commandAnswer, error) {
	a := &commandAnswer{answer: central.AnswerAccepted, at: e.OccurredAt}
	refused := e.Type == syncproto.EventCommandRefused
	if refused {
		a.answer = central.AnswerRefused
	}
	if err := json.Unmarshal(e.Payload, &a.CommandAnswer); err != nil {
		return nil, err
	}
	if err := a.Validate(refused); err != nil {
		return nil, err
	}
	if !validText(a.Reason) {
		a.Reason = ""
	}
	return a, nil
}

// queueAnswers records on each command of the outbox the answer its
// pizzeria gave. The first answer stays: a pizzeria answers a command
// once, and an answer sent again (a new epoch) changes nothing. The
// command must be the pizzeria's own at that position.
func (p *projection) queueAnswers(b *pgx.Batch) {
	for _, a := range p.answers {
		b.Queue(`
			UPDATE commands SET answer = $4, answer_code = $5, answer_reason = $6, answered_at = $7
			WHERE pizzeria_id = $1 AND position = $2 AND id = $3::text::uuid AND answer IS NULL`,
			p.pizzeria, a.Position, a.CommandID, a.answer, a.Code, a.Reason, a.at)
	}
}
