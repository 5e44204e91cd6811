package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
)

// Ensure the services are implemented.
var (
	_ central.WebOrderService = (*DB)(nil)
	_ central.WebOrderRouter  = (*DB)(nil)
	_ central.OrderService    = (*DB)(nil)
)

// CreateWebOrder implements central.WebOrderService.
func (db *DB) CreateWebOrder(ctx context.Context, customer *central.Customer,
	req *central.WebOrderRequest) (*central.WebOrder, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	// A retry: the order the first request made, whatever has changed
	// since (a price, a pizzeria closed).
	if id, err := keyedWebOrder(ctx, db.Pool, customer.ID, req.ClientKey); id != "" || err != nil {
		return db.findCreated(ctx, customer.ID, id, err)
	}

	// Where it may go: the chosen pizzeria, or those serving the address.
	candidates, err := db.candidates(ctx, req)
	if err != nil {
		return nil, err
	}
	id, err := uuid.NewV7()
	if err != nil {
		return nil, fmt.Errorf("create web order: %w", err)
	}
	now := db.Now().UTC().Truncate(time.Microsecond)
	o := &central.WebOrder{ID: id.String(), CustomerID: customer.ID, Fulfilment: req.Fulfilment,
		CustomerName: customer.Name, CustomerPhone: customer.Phone,
		PaymentMethod: req.PaymentMethod, PaymentStatus: central.WebPaymentPending,
		State: central.WebAwaitingPayment, CreatedAt: now, UpdatedAt: now}
	if req.Address != nil && req.Fulfilment == "delivery" {
		o.Postcode, o.Address = req.Address.Postcode, req.Address.OneLine()
	}

	replayed := ""
	err = pgx.BeginFunc(ctx, db.Pool, func(tx pgx.Tx) error {
		// One creation at a time per customer, so that the cap below and
		// the key hold when two requests race.
		if _, err := tx.Exec(ctx, `SELECT 1 FROM customers WHERE id = $1 FOR UPDATE`,
			customer.ID); err != nil {
			return fmt.Errorf("lock customer: %w", err)
		}
		if replayed, err = keyedWebOrder(ctx, tx, customer.ID, req.ClientKey); replayed != "" || err != nil {
			return err
		}
		if err := checkOpenWebOrders(ctx, tx, customer.ID); err != nil {
			return err
		}

		// Priced from the latest catalog, which the pizzerias hold before
		// any order.place sent after it.
		version, err := priceLines(ctx, tx, o, req.Lines)
		if err != nil {
			return err
		}
		if err := insertWebOrder(ctx, tx, o, candidates, version, req.ClientKey); err != nil {
			return err
		}

		// Paid on delivery: placed at once. Online: once paid.
		if req.PaymentMethod == central.PayOnDelivery {
			return routeNext(ctx, tx, o.ID, now)
		}
		return nil
	})
	if replayed != "" {
		return db.findCreated(ctx, customer.ID, replayed, err)
	}
	return db.findCreated(ctx, customer.ID, o.ID, err)
}

// queryer is what keyedWebOrder reads with: the pool or a transaction.
type queryer interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// keyedWebOrder returns the id of the order a customer's request with key
// made, or "" when there is none (or no key).
func keyedWebOrder(ctx context.Context, q queryer, customerID, key string) (string, error) {
	if key == "" {
		return "", nil
	}
	var id string
	err := q.QueryRow(ctx, `SELECT id FROM web_orders WHERE customer_id = $1 AND client_key = $2`,
		customerID, key).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	} else if err != nil {
		return "", fmt.Errorf("find web order by key: %w", err)
	}
	return id, nil
}

// FindKeyedWebOrder implements central.WebOrderService.
func (db *DB) FindKeyedWebOrder(ctx context.Context, customerID, key string) (*central.WebOrder,
	error) {
	id, err := keyedWebOrder(ctx, db.Pool, customerID, key)
	if id == "" || err != nil {
		return nil, err
	}
	return db.FindWebOrder(ctx, customerID, id)
}

// findCreated returns the order CreateWebOrder made or found, unless err.
func (db *DB) findCreated(ctx context.Context, customerID, id string, err error) (*central.WebOrder, error) {
	if err != nil {
		return nil, err
	}
	return db.FindWebOrder(ctx, customerID, id)
}

// checkOpenWebOrders refuses a new order of a customer who already has
// central.MaxOpenWebOrders waiting for their payment or for an answer.
func checkOpenWebOrders(ctx context.Context, tx pgx.Tx, customerID string) error {
	var open int
	err := tx.QueryRow(ctx, `
		SELECT count(*) FROM web_orders
		WHERE customer_id = $1 AND state IN ('awaiting_payment', 'waiting', 'cancel_requested')`,
		customerID).Scan(&open)
	if err != nil {
		return fmt.Errorf("count open web orders: %w", err)
	}
	if open >= central.MaxOpenWebOrders {
		return central.Errorm(central.ECONFLICT, central.MsgTooManyOpenOrders, central.MaxOpenWebOrders)
	}
	return nil
}

// candidates returns the pizzerias a new order may be offered to, in
// order.
func (db *DB) candidates(ctx context.Context, req *central.WebOrderRequest) ([]string, error) {
	if req.Fulfilment == "pickup" {
		var ok bool
		err := db.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pizzerias WHERE id = $1)`,
			req.Pizzeria).Scan(&ok)
		if err != nil {
			return nil, fmt.Errorf("create web order: %w", err)
		}
		if !ok {
			return nil, central.Invalid("pizzeria", central.MsgUnknownPizzeria, req.Pizzeria)
		}
		return []string{req.Pizzeria}, nil
	}
	serving, err := db.FindPizzeriasServing(ctx, req.Address.Postcode)
	if err != nil {
		return nil, err
	}

	// The pizzeria whose menu the customer ordered from comes first; the
	// others serving the address follow, by id.
	ids := make([]string, 0, len(serving))
	if req.Pizzeria != "" {
		ids = append(ids, req.Pizzeria)
	}
	for _, p := range serving {
		if p.ID != req.Pizzeria {
			ids = append(ids, p.ID)
		}
	}
	if len(ids) > len(serving) {
		return nil, central.Invalid("pizzeria", central.MsgPizzeriaDoesNotServe,
			req.Pizzeria, req.Address.Postcode)
	}
	return ids, nil
}

// priceLines sets o's lines and total from the latest catalog and
// returns its version. A product it does not sell is EINVALID.
func priceLines(ctx context.Context, tx pgx.Tx, o *central.WebOrder,
	lines []central.WebLineRequest) (int64, error) {
	cat, err := latestCatalog(ctx, tx)
	if err != nil {
		return 0, fmt.Errorf("price web order: %w", err)
	}
	if cat == nil {
		return 0, central.Errorm(central.ECONFLICT, central.MsgNoCatalog)
	}
	products := make(map[string]*syncproto.CatalogProduct, len(cat.Products))
	for i := range cat.Products {
		products[cat.Products[i].ID] = &cat.Products[i]
	}

	o.Lines, o.TotalCents = nil, 0
	for _, l := range lines {
		p := products[l.ProductID]
		if p == nil {
			return 0, central.Invalid("lines.product_id", central.MsgProductNotFound, l.ProductID)
		}
		o.Lines = append(o.Lines, central.WebOrderLine{ProductID: p.ID, ProductName: p.Name,
			Quantity: l.Quantity, UnitPriceCents: p.PriceCents, Note: l.Note})
		o.TotalCents += l.Quantity * p.PriceCents
	}
	if o.TotalCents > central.MaxPaymentCents {
		return 0, central.Invalid("lines", central.MsgBadAmount, central.MaxPaymentCents/100)
	}
	return cat.Version, nil
}

// insertWebOrder writes a new order and its lines.
func insertWebOrder(ctx context.Context, tx pgx.Tx, o *central.WebOrder, candidates []string,
	version int64, key string) error {
	_, err := tx.Exec(ctx, `
		INSERT INTO web_orders (id, customer_id, state, fulfilment, postcode, address,
			customer_name, customer_phone, candidates, catalog_version, total_cents,
			payment_method, payment_status, client_key, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, NULLIF($14, ''), $15, $15)`,
		o.ID, o.CustomerID, o.State, o.Fulfilment, o.Postcode, o.Address, o.CustomerName,
		o.CustomerPhone, candidates, version, o.TotalCents, o.PaymentMethod, o.PaymentStatus,
		key, o.CreatedAt)
	if err != nil {
		return fmt.Errorf("insert web order: %w", err)
	}
	return replaceWebLines(ctx, tx, o.ID, o.Lines)
}

// replaceWebLines writes an order's lines in place of those it had.
func replaceWebLines(ctx context.Context, tx pgx.Tx, id string, lines []central.WebOrderLine) error {
	b := &pgx.Batch{}
	b.Queue(`DELETE FROM web_order_lines WHERE order_id = $1`, id)
	for i, l := range lines {
		b.Queue(`
			INSERT INTO web_order_lines (order_id, position, product_id, product_name, quantity,
				unit_price_cents, note) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			id, i+1, l.ProductID, l.ProductName, l.Quantity, l.UnitPriceCents, l.Note)
	}
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("write web order lines: %w", err)
	}
	return nil
}

// SetWebOrderPayment implements central.WebOrderService. Only an order
// still waiting for its payment takes an intent: one marked failed or
// cancelled meanwhile keeps none, so that no payment page is offered for
// an order that will never be placed.
func (db *DB) SetWebOrderPayment(ctx context.Context, id string, p *central.Payment) error {
	tag, err := db.Pool.Exec(ctx, `
		UPDATE web_orders SET payment_id = $2, payment_url = $3, updated_at = $4
		WHERE id = $1 AND payment_method = 'online' AND state = 'awaiting_payment'`,
		id, p.ID, p.PaymentURL, db.Now().UTC())
	if err != nil {
		return fmt.Errorf("set web order payment: %w", err)
	}
	if tag.RowsAffected() == 1 {
		return nil
	}

	// Not set: no such online order, or one no longer waiting.
	var exists bool
	err = db.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM web_orders
		WHERE id = $1 AND payment_method = 'online')`, id).Scan(&exists)
	switch {
	case err != nil:
		return fmt.Errorf("set web order payment: %w", err)
	case !exists:
		return central.Errorm(central.ENOTFOUND, central.MsgWebOrderNotFound)
	}
	return central.Errorm(central.ECONFLICT, central.MsgWebPaymentFailed)
}

// FailWebOrderPayment implements central.WebOrderService.
func (db *DB) FailWebOrderPayment(ctx context.Context, id string) error {
	_, err := db.Pool.Exec(ctx, `
		UPDATE web_orders SET state = 'payment_failed', payment_status = 'failed', updated_at = $2
		WHERE id = $1 AND state = 'awaiting_payment'`, id, db.Now().UTC())
	if err != nil {
		return fmt.Errorf("fail web order payment: %w", err)
	}
	return nil
}

// lockWebOrder reads the routing fields of an order, with the edge order
// id of its current assignment, and locks its row until tx ends. It
// returns nil when there is no such order.
func lockWebOrder(ctx context.Context, tx pgx.Tx, where string, args ...any) (*lockedOrder, error) {
	var o lockedOrder
	err := tx.QueryRow(ctx, `
		SELECT id::text, state, fulfilment, address, customer_name, customer_phone, candidates,
		       assignment, payment_method, payment_status, payment_id, total_cents, request,
		       coalesce(request_payload, 'null'::jsonb),
		       coalesce((SELECT a.edge_order_id::text FROM web_order_assignments a
		                 WHERE a.order_id = web_orders.id AND a.version = web_orders.assignment), '')
		FROM web_orders WHERE `+where+` FOR UPDATE OF web_orders`, args...).Scan(
		&o.id, &o.state, &o.fulfilment, &o.address, &o.name, &o.phone, &o.candidates,
		&o.assignment, &o.paymentMethod, &o.paymentStatus, &o.paymentID, &o.totalCents,
		&o.request, &o.payload,
		&o.edgeID)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("lock web order: %w", err)
	}
	return &o, nil
}

// lockedOrder is what routing reads of an order.
type lockedOrder struct {
	id, state, fulfilment, address, name, phone string
	candidates                                  []string
	assignment                                  int64
	paymentMethod, paymentStatus, paymentID     string
	totalCents                                  int64
	request                                     string
	payload                                     []byte
	edgeID                                      string // the order id the pizzeria knows
}
