package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
)

// applyWebOrderAnswers applies to the web orders the answers a pizzeria
// gave their commands, in the transaction that records them. Each answer
// moves a state that is waiting for it (a pending assignment, a pending
// request), so an answer received again changes nothing.
func applyWebOrderAnswers(ctx context.Context, tx pgx.Tx, pizzeria string,
	answers []*commandAnswer, now time.Time) error {
	for _, a := range answers {
		var err error
		switch a.Type {
		case syncproto.CommandOrderPlace:
			err = applyPlaceAnswer(ctx, tx, pizzeria, a, now)
		case syncproto.CommandOrderCancel, syncproto.CommandOrderModify:
			err = applyRequestAnswer(ctx, tx, pizzeria, a, now)
		}
		if err != nil {
			return fmt.Errorf("apply %s answer %s: %w", a.Type, a.CommandID, err)
		}
	}
	return nil
}

// applyPlaceAnswer applies the answer to an order.place: accepted, the
// order is the pizzeria's; refused, it goes to the next candidate; an
// accepted answer to an offer that expired is late, and the order is
// withdrawn from that pizzeria.
func applyPlaceAnswer(ctx context.Context, tx pgx.Tx, pizzeria string, a *commandAnswer,
	now time.Time) error {
	var id, state string
	var version int64
	err := tx.QueryRow(ctx, `
		SELECT order_id::text, version, state FROM web_order_assignments
		WHERE command_id = $1::text::uuid AND pizzeria_id = $2`, a.CommandID, pizzeria).
		Scan(&id, &version, &state)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	} else if err != nil {
		return err
	}
	o, err := lockWebOrder(ctx, tx, "id = $1", id)
	if err != nil || o == nil {
		return err
	}

	accepted := a.answer == central.AnswerAccepted
	switch {
	case state == "expired" && accepted:
		if err := setAssignment(ctx, tx, id, version, "late", "", now); err != nil {
			return err
		}
		return withdraw(ctx, tx, id, version, pizzeria, "late", now)
	case state != "pending":
		return nil
	case accepted:
		if err := setAssignment(ctx, tx, id, version, "accepted", "", now); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `
			UPDATE web_orders SET state = 'accepted', updated_at = $2
			WHERE id = $1 AND state = 'waiting'`, id, now)
		return err
	}

	// Refused: the next pizzeria, unless the customer asked to cancel.
	if err := setAssignment(ctx, tx, id, version, "refused", a.Code, now); err != nil {
		return err
	}
	if o.state == string(central.WebCancelRequested) {
		if err := endWebOrder(ctx, tx, o, central.WebCancelled, now); err != nil {
			return err
		}
		return oweRefund(ctx, tx, o, "", 0, now)
	}
	return routeNext(ctx, tx, id, now)
}

// setAssignment records where an assignment stands.
func setAssignment(ctx context.Context, tx pgx.Tx, id string, version int64, state, code string,
	now time.Time) error {
	_, err := tx.Exec(ctx, `
		UPDATE web_order_assignments SET state = $3, answer_code = $4, updated_at = $5
		WHERE order_id = $1 AND version = $2`, id, version, state, code, now)
	return err
}

// webChange is a customer's change waiting for the pizzeria, priced when
// asked.
type webChange struct {
	Lines      []central.WebOrderLine `json:"lines,omitempty"`
	TotalCents int64                  `json:"total_cents"`
	Address    string                 `json:"address,omitempty"`
	Postcode   string                 `json:"postcode,omitempty"`
}

// applyRequestAnswer applies the pizzeria's decision on a customer's
// cancel or change. Only the pizzeria of the current assignment decides:
// the answer of one the order has left changes nothing.
func applyRequestAnswer(ctx context.Context, tx pgx.Tx, pizzeria string, a *commandAnswer,
	now time.Time) error {
	o, err := lockWebOrder(ctx, tx, "request_command_id = $1::text::uuid", a.CommandID)
	if err != nil || o == nil || o.request == "" || !holdsOrder(o, pizzeria) {
		return err
	}
	accepted := a.answer == central.AnswerAccepted

	switch {
	case o.request == "cancel" && accepted:
		if err := endWebOrder(ctx, tx, o, central.WebCancelled, now); err != nil {
			return err
		}
		return oweRefund(ctx, tx, o, pizzeria, o.assignment, now)
	case o.request == "modify" && accepted:
		if err := applyChange(ctx, tx, o); err != nil {
			return err
		}
	}

	// The request is answered; a refused cancel leaves the order where
	// the pizzeria's answer to the offer put it.
	_, err = tx.Exec(ctx, `
		UPDATE web_orders SET request = '', request_payload = NULL, request_answer = $2,
			request_reason = $3, updated_at = $4,
			state = CASE WHEN state <> 'cancel_requested' THEN state
			             WHEN EXISTS (SELECT 1 FROM web_order_assignments
			                          WHERE order_id = $1 AND version = assignment AND state = 'accepted')
			             THEN 'accepted' ELSE 'waiting' END
		WHERE id = $1`, o.id, a.answer, a.Code, now)
	return err
}

// holdsOrder reports whether pizzeria is the one of o's current
// assignment.
func holdsOrder(o *lockedOrder, pizzeria string) bool {
	return o.assignment >= 1 && o.assignment <= int64(len(o.candidates)) &&
		o.candidates[o.assignment-1] == pizzeria
}

// applyChange writes the change the pizzeria accepted.
func applyChange(ctx context.Context, tx pgx.Tx, o *lockedOrder) error {
	var c webChange
	if err := json.Unmarshal(o.payload, &c); err != nil {
		return fmt.Errorf("read change: %w", err)
	}
	if len(c.Lines) > 0 {
		if err := replaceWebLines(ctx, tx, o.id, c.Lines); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE web_orders SET total_cents = $2 WHERE id = $1`,
			o.id, c.TotalCents); err != nil {
			return err
		}
	}
	if c.Address != "" {
		_, err := tx.Exec(ctx, `UPDATE web_orders SET address = $2, postcode = $3 WHERE id = $1`,
			o.id, c.Address, c.Postcode)
		return err
	}
	return nil
}
