package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
)

// lockCustomerOrder locks one of a customer's orders; another's, or a
// malformed id, is ENOTFOUND.
func lockCustomerOrder(ctx context.Context, tx pgx.Tx, customerID, id string) (*lockedOrder, error) {
	notFound := central.Errorm(central.ENOTFOUND, central.MsgWebOrderNotFound)
	if uuid.Validate(id) != nil || uuid.Validate(customerID) != nil {
		return nil, notFound
	}
	o, err := lockWebOrder(ctx, tx, "id = $1::text::uuid AND customer_id = $2::text::uuid", id, customerID)
	if err != nil {
		return nil, err
	}
	if o == nil {
		return nil, notFound
	}
	return o, nil
}

// RequestWebOrderCancel implements central.WebOrderService. An order no
// pizzeria holds yet (waiting for its payment) is cancelled at once;
// otherwise order.cancel goes to the pizzeria, which decides.
func (db *DB) RequestWebOrderCancel(ctx context.Context, customerID, id string) (*central.WebOrder, error) {
	now := db.Now().UTC().Truncate(time.Microsecond)
	err := pgx.BeginFunc(ctx, db.Pool, func(tx pgx.Tx) error {
		o, err := lockCustomerOrder(ctx, tx, customerID, id)
		if err != nil {
			return err
		}
		switch {
		case o.state == string(central.WebAwaitingPayment):
			return endWebOrder(ctx, tx, o, central.WebCancelled, now)
		case o.state != string(central.WebWaiting) && o.state != string(central.WebAccepted):
			return central.Errorm(central.ECONFLICT, central.MsgWebOrderTooLate)
		case o.request != "":
			return central.Errorm(central.ECONFLICT, central.MsgWebRequestPending)
		}
		ref := &syncproto.OrderRef{OrderID: o.edgeID, Assignment: o.assignment, Reason: "customer"}
		return sendRequest(ctx, tx, o, "cancel", syncproto.CommandOrderCancel, ref, nil, now)
	})
	if err != nil {
		return nil, err
	}
	return db.FindWebOrder(ctx, customerID, id)
}

// RequestWebOrderChange implements central.WebOrderService. The change is
// priced now; a paid order keeps its total.
func (db *DB) RequestWebOrderChange(ctx context.Context, customerID, id string,
	c *central.WebOrderChange) (*central.WebOrder, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	now := db.Now().UTC().Truncate(time.Microsecond)
	err := pgx.BeginFunc(ctx, db.Pool, func(tx pgx.Tx) error {
		o, err := lockCustomerOrder(ctx, tx, customerID, id)
		if err != nil {
			return err
		}
		switch {
		case o.state != string(central.WebWaiting) && o.state != string(central.WebAccepted):
			return central.Errorm(central.ECONFLICT, central.MsgWebOrderTooLate)
		case o.request != "":
			return central.Errorm(central.ECONFLICT, central.MsgWebRequestPending)
		}
		change, cmd, err := priceChange(ctx, tx, o, c)
		if err != nil {
			return err
		}
		return sendRequest(ctx, tx, o, "modify", syncproto.CommandOrderModify, cmd, change, now)
	})
	if err != nil {
		return nil, err
	}
	return db.FindWebOrder(ctx, customerID, id)
}

// priceChange prices a change and returns it with its command.
func priceChange(ctx context.Context, tx pgx.Tx, o *lockedOrder,
	c *central.WebOrderChange) (*webChange, *syncproto.OrderModify, error) {
	change := &webChange{}
	cmd := &syncproto.OrderModify{OrderID: o.edgeID, Assignment: o.assignment}
	if c.Address != nil {
		if o.fulfilment != "delivery" {
			return nil, nil, central.Invalid("address", central.MsgBadFulfilment)
		}
		if err := checkServed(ctx, tx, o, c.Address.Postcode); err != nil {
			return nil, nil, err
		}
		change.Address, change.Postcode = c.Address.OneLine(), c.Address.Postcode
		cmd.Address = change.Address
	}
	if len(c.Lines) == 0 {
		return change, cmd, nil
	}

	priced := &central.WebOrder{}
	if _, err := priceLines(ctx, tx, priced, c.Lines); err != nil {
		return nil, nil, err
	}
	var total int64
	if err := tx.QueryRow(ctx, `SELECT total_cents FROM web_orders WHERE id = $1`, o.id).
		Scan(&total); err != nil {
		return nil, nil, fmt.Errorf("price change: %w", err)
	}
	if o.paymentStatus == central.WebPaymentPaid && priced.TotalCents != total {
		return nil, nil, central.Errorm(central.ECONFLICT, central.MsgPaidTotalChange)
	}
	change.Lines, change.TotalCents = priced.Lines, priced.TotalCents
	for _, l := range c.Lines {
		cmd.Lines = append(cmd.Lines, syncproto.PlaceLine{ProductID: l.ProductID,
			Quantity: l.Quantity, Note: l.Note})
	}
	return change, cmd, nil
}

// checkServed refuses a new delivery address that the pizzeria holding
// the order does not serve.
func checkServed(ctx context.Context, tx pgx.Tx, o *lockedOrder, postcode string) error {
	if o.assignment < 1 || o.assignment > int64(len(o.candidates)) {
		return nil // no pizzeria holds it: the request is refused further on
	}
	pizzeria := o.candidates[o.assignment-1]
	var served bool
	err := tx.QueryRow(ctx, `SELECT $2 = ANY (postcodes) FROM pizzerias WHERE id = $1`,
		pizzeria, postcode).Scan(&served)
	if err != nil {
		return fmt.Errorf("check served postcode: %w", err)
	}
	if !served {
		return central.Invalid("address", central.MsgPizzeriaDoesNotServe, pizzeria, postcode)
	}
	return nil
}

// sendRequest enqueues the customer's request to the pizzeria holding the
// current assignment and records it as pending on the order.
func sendRequest(ctx context.Context, tx pgx.Tx, o *lockedOrder, kind, typ string, payload any,
	change *webChange, now time.Time) error {
	var pizzeria string
	err := tx.QueryRow(ctx, `
		SELECT pizzeria_id FROM web_order_assignments WHERE order_id = $1 AND version = $2`,
		o.id, o.assignment).Scan(&pizzeria)
	if err != nil {
		return fmt.Errorf("send %s: %w", kind, err)
	}
	c, err := enqueue(ctx, tx, pizzeria, typ, now, payload)
	if err != nil {
		return err
	}
	var changeJSON []byte
	if change != nil {
		if changeJSON, err = json.Marshal(change); err != nil {
			return fmt.Errorf("send %s: %w", kind, err)
		}
	}
	_, err = tx.Exec(ctx, `
		UPDATE web_orders SET request = $2, request_command_id = $3, request_payload = $4,
			request_answer = '', request_reason = '', updated_at = $5,
			state = CASE WHEN $2 = 'cancel' THEN 'cancel_requested' ELSE state END
		WHERE id = $1`, o.id, kind, c.ID, changeJSON, now)
	if err != nil {
		return fmt.Errorf("send %s: %w", kind, err)
	}
	return nil
}

// dropChange closes, as refused with central.WebReasonRerouted, a change
// still pending when the order moves to another pizzeria: the pizzeria
// it was asked of no longer holds the order, and its answer would change
// lines the new one never saw. The customer may ask again. A pending
// cancel never gets here: the order ends instead of moving on.
func dropChange(ctx context.Context, tx pgx.Tx, o *lockedOrder, now time.Time) error {
	if o.request != "modify" {
		return nil
	}
	_, err := tx.Exec(ctx, `
		UPDATE web_orders SET request = '', request_payload = NULL, request_answer = $2,
			request_reason = $3, updated_at = $4
		WHERE id = $1 AND request = 'modify'`,
		o.id, central.AnswerRefused, central.WebReasonRerouted, now)
	if err != nil {
		return fmt.Errorf("drop change: %w", err)
	}
	o.request, o.payload = "", nil
	return nil
}
