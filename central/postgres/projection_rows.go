package postgres

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ocpizza/ocpizza/syncproto"
)

// projection gathers the rows a run of one pizzeria's events makes, so
// that each table takes one statement per run whatever its length. Every
// write is idempotent by entity, so that events applied again — the same
// content sent again under a new epoch — change nothing:
//
//   - an order is written only when its version is above the stored one,
//     and its lines are replaced then;
//   - a transition is keyed (order, status reached, time);
//   - a movement is keyed by its id, and a stock level moves only with a
//     movement that was new;
//   - availability and applied catalog versions are plain upserts.
//
// What central does not hold yet — the orders it never saw with their
// lines and history, and new movements — is copied in with COPY, the
// fastest way into PostgreSQL; the rest goes through UPDATE and
// INSERT ... ON CONFLICT. What central holds is read at the start of the
// run; should another batch add one of the same rows in between (two
// epochs of one pizzeria applied at once), the COPY fails on its key and
// the whole batch is applied again later, finding the row then.
type projection struct {
	pizzeria     string
	now          time.Time
	orders       map[string]*orderSnapshot // the highest version of each order
	transitions  []transitionRow
	movements    []movementRow
	availability map[string]availabilityRow // the last change of each product
	catalogs     []catalogRow
	answers      []*commandAnswer

	heldOrders    map[string]string // order id → pizzeria, for those central holds
	heldMovements map[string]bool
}

type orderSnapshot struct {
	*syncproto.Order
	businessDate time.Time
	epoch        string
	seq          int64
}

type transitionRow struct {
	orderID string
	*syncproto.Transition
}

type movementRow struct {
	*syncproto.StockMovement
	epoch    string
	seq      int64
	position int
}

type availabilityRow struct {
	*syncproto.AvailabilityPayload
	at time.Time
}

type catalogRow struct {
	version int64
	at      time.Time
}

func newProjection(pizzeria string, now time.Time) *projection {
	return &projection{pizzeria: pizzeria, now: now,
		orders: map[string]*orderSnapshot{}, availability: map[string]availabilityRow{}}
}

// findKnown reads which of the orders and movements of decoded central
// holds already, in one round trip.
func (p *projection) findKnown(ctx context.Context, tx pgx.Tx, decoded []*decodedEvent) error {
	var orderIDs, movementIDs []string
	for _, d := range decoded {
		switch {
		case d.order != nil:
			orderIDs = append(orderIDs, d.order.Order.ID)
			for _, m := range d.order.Movements {
				movementIDs = append(movementIDs, m.ID)
			}
		case d.stock != nil:
			movementIDs = append(movementIDs, d.stock.Movement.ID)
		}
	}
	p.heldOrders, p.heldMovements = map[string]string{}, map[string]bool{}
	if len(orderIDs) == 0 && len(movementIDs) == 0 {
		return nil
	}

	var id, pizzeria string
	b := &pgx.Batch{}
	orders := b.Queue(`
		SELECT id::text, pizzeria_id FROM orders WHERE id = ANY($1::text[]::uuid[])`, orderIDs)
	orders.Query(func(rows pgx.Rows) error {
		_, err := pgx.ForEachRow(rows, []any{&id, &pizzeria}, func() error {
			p.heldOrders[id] = pizzeria
			return nil
		})
		return err
	})
	movements := b.Queue(`
		SELECT id::text FROM stock_movements WHERE id = ANY($1::text[]::uuid[])`, movementIDs)
	movements.Query(func(rows pgx.Rows) error {
		_, err := pgx.ForEachRow(rows, []any{&id}, func() error {
			p.heldMovements[id] = true
			return nil
		})
		return err
	})
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("project: read orders and movements: %w", err)
	}
	return nil
}

// foreign reports whether central holds the order for another pizzeria.
func (p *projection) foreign(orderID string) bool {
	pizzeria, ok := p.heldOrders[orderID]
	return ok && pizzeria != p.pizzeria
}

// add gathers the rows of one event; events come in sequence order.
func (p *projection) add(d *decodedEvent) {
	e := d.event
	switch {
	case d.order != nil:
		o := &d.order.Order
		if cur, ok := p.orders[o.ID]; !ok || o.Version >= cur.Version {
			p.orders[o.ID] = &orderSnapshot{Order: o, businessDate: d.businessDate,
				epoch: e.Epoch, seq: e.Seq}
		}
		if o.Transition != nil {
			p.transitions = append(p.transitions, transitionRow{o.ID, o.Transition})
		}
		for i := range d.order.Movements {
			p.movements = append(p.movements, movementRow{&d.order.Movements[i], e.Epoch, e.Seq, i})
		}
	case d.stock != nil:
		p.movements = append(p.movements, movementRow{&d.stock.Movement, e.Epoch, e.Seq, 0})
	case d.catalog != nil:
		p.catalogs = append(p.catalogs, catalogRow{d.catalog.Version, e.OccurredAt})
	case d.availability != nil:
		p.availability[d.availability.ProductID] = availabilityRow{d.availability, e.OccurredAt}
	case d.answer != nil:
		p.answers = append(p.answers, d.answer)
	}
}

// write sends the gathered rows: what central does not hold by COPY,
// then the orders it holds, then everything else in one round trip.
func (p *projection) write(ctx context.Context, tx pgx.Tx) error {
	fresh, held := p.splitOrders()
	freshTransitions, heldTransitions := p.splitTransitions(fresh)
	moved := p.newMovements()

	if err := p.copyOrders(ctx, tx, fresh); err != nil {
		return err
	}
	if err := p.copyLines(ctx, tx, fresh); err != nil {
		return err
	}
	if err := copyTransitions(ctx, tx, freshTransitions); err != nil {
		return err
	}
	if err := p.copyMovements(ctx, tx, moved); err != nil {
		return err
	}

	written, err := p.updateOrders(ctx, tx, held)
	if err != nil {
		return err
	}
	b := &pgx.Batch{}
	p.queueLines(b, written)
	queueTransitions(b, heldTransitions)
	p.queueStockLevels(b, moved)
	p.queueAvailability(b)
	p.queueCatalogs(b)
	p.queueAnswers(b)
	if b.Len() > 0 {
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return fmt.Errorf("project: %w", err)
		}
	}
	// The web orders those answers move, in the same transaction.
	if err := applyWebOrderAnswers(ctx, tx, p.pizzeria, p.answers, p.now); err != nil {
		return fmt.Errorf("project: %w", err)
	}

	// The days the run touched, whose report rows the refresher recomputes.
	return markDirty(ctx, tx, p.pizzeria, p.reportDays(moved))
}

// splitOrders returns the ids of the run's orders, those central does not
// hold apart from those it holds, in id order.
func (p *projection) splitOrders() (fresh, held []string) {
	for _, id := range slices.Sorted(maps.Keys(p.orders)) {
		if _, ok := p.heldOrders[id]; ok {
			held = append(held, id)
		} else {
			fresh = append(fresh, id)
		}
	}
	return fresh, held
}

// splitTransitions returns the run's transitions once each, those of the
// fresh orders apart from the others.
func (p *projection) splitTransitions(fresh []string) (ofFresh, others []transitionRow) {
	isFresh := make(map[string]bool, len(fresh))
	for _, id := range fresh {
		isFresh[id] = true
	}
	for _, t := range dedupeTransitions(p.transitions) {
		if isFresh[t.orderID] {
			ofFresh = append(ofFresh, t)
		} else {
			others = append(others, t)
		}
	}
	return ofFresh, others
}

// dedupeTransitions keeps the first transition of each key, at the
// microsecond PostgreSQL keeps: COPY takes no duplicate.
func dedupeTransitions(transitions []transitionRow) []transitionRow {
	type key struct {
		orderID, to string
		at          int64
	}
	seen := make(map[key]bool, len(transitions))
	var kept []transitionRow
	for _, t := range transitions {
		k := key{t.orderID, t.To, t.At.UnixMicro()}
		if !seen[k] {
			seen[k] = true
			kept = append(kept, t)
		}
	}
	return kept
}

// newMovements returns the movements central does not hold, once each,
// in the order they were made.
func (p *projection) newMovements() []movementRow {
	seen := make(map[string]bool, len(p.movements))
	var moved []movementRow
	for _, m := range p.movements {
		if !p.heldMovements[m.ID] && !seen[m.ID] {
			seen[m.ID] = true
			moved = append(moved, m)
		}
	}
	return moved
}
