package postgres

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ocpizza/ocpizza/syncproto"
)

// decodedEvent is an event of the log with its payload read: one of
// order, stock, catalog or availability is set, by type.
type decodedEvent struct {
	event        *syncproto.Event
	order        *syncproto.OrderPayload
	businessDate time.Time // of the order
	stock        *syncproto.StockPayload
	catalog      *syncproto.CatalogAppliedPayload
	availability *syncproto.AvailabilityPayload
	answer       *commandAnswer // command.accepted or command.refused
}

// maxLines bounds the lines of one order and the movements of one event,
// far above any real ticket.
const maxLines = 1000

// decodePayload reads and checks an event's payload. The checks refuse
// what PostgreSQL would refuse (ids that are not UUIDs, dates that are
// not dates, NUL characters), since one refused row would fail the whole
// batch, and what would make a meaningless projection (no id, no version).
// UUIDs are turned to lowercase, PostgreSQL's own form. Unknown fields
// are ignored, so that a field added without a new schema version does
// not stop the ingest.
func decodePayload(e *syncproto.Event) (*decodedEvent, error) {
	d := &decodedEvent{event: e}
	var err error
	switch e.Type {
	case syncproto.EventOrderCreated, syncproto.EventOrderModified, syncproto.EventOrderStatusChanged,
		syncproto.EventOrderPaymentRecorded:
		d.order = new(syncproto.OrderPayload)
		if err = json.Unmarshal(e.Payload, d.order); err == nil {
			d.businessDate, err = checkOrderPayload(d.order)
		}
	case syncproto.EventStockMoved:
		d.stock = new(syncproto.StockPayload)
		if err = json.Unmarshal(e.Payload, d.stock); err == nil {
			err = checkMovement(&d.stock.Movement)
		}
	case syncproto.EventCatalogApplied:
		d.catalog = new(syncproto.CatalogAppliedPayload)
		if err = json.Unmarshal(e.Payload, d.catalog); err == nil && d.catalog.Version < 1 {
			err = errors.New("catalog version below 1")
		}
	case syncproto.EventProductAvailability:
		d.availability = new(syncproto.AvailabilityPayload)
		if err = json.Unmarshal(e.Payload, d.availability); err == nil {
			err = checkAvailability(d.availability)
		}
	case syncproto.EventCommandAccepted, syncproto.EventCommandRefused:
		d.answer, err = decodeAnswer(e)
	default:
		err = fmt.Errorf("no projection for type %q", e.Type)
	}
	if err != nil {
		return nil, fmt.Errorf("%s payload: %w", e.Type, err)
	}
	return d, nil
}

// checkOrderPayload checks an order snapshot, its lines, its transition
// and its movements, and returns its business date.
func checkOrderPayload(p *syncproto.OrderPayload) (time.Time, error) {
	o := &p.Order
	o.ID = strings.ToLower(o.ID)
	date, dateErr := time.Parse(time.DateOnly, o.BusinessDate)
	switch {
	case !validUUID(o.ID):
		return date, fmt.Errorf("order id %q is not a UUID", o.ID)
	case o.Version < 1:
		return date, fmt.Errorf("order version %d below 1", o.Version)
	case dateErr != nil || date.Year() < 1:
		return date, fmt.Errorf("business date %q is not a date", o.BusinessDate)
	case !validIdent(o.Status):
		return date, errors.New("missing or bad status")
	case !allText(o.Channel, o.Fulfilment, o.CustomerName, o.CustomerPhone, o.Address,
		o.PaymentMethod, o.PaymentStatus, o.PaidBy):
		return date, errors.New("a text field holds a NUL character or invalid UTF-8")
	case len(o.Lines) > maxLines || len(p.Movements) > maxLines:
		return date, fmt.Errorf("over %d lines or movements", maxLines)
	}
	for i, l := range o.Lines {
		if !validIdent(l.ProductID) || !allText(l.ProductName, l.Note) {
			return date, fmt.Errorf("line %d: bad product id or text", i)
		}
	}
	if t := o.Transition; t != nil && (!validIdent(t.To) || !allText(t.From, t.By, t.Reason)) {
		return date, errors.New("transition: bad status or text")
	}
	for i := range p.Movements {
		if err := checkMovement(&p.Movements[i]); err != nil {
			return date, err
		}
	}
	return date, nil
}

// checkMovement checks one stock movement.
func checkMovement(m *syncproto.StockMovement) error {
	m.ID, m.OrderID = strings.ToLower(m.ID), strings.ToLower(m.OrderID)
	switch {
	case !validUUID(m.ID):
		return fmt.Errorf("movement id %q is not a UUID", m.ID)
	case m.OrderID != "" && !validUUID(m.OrderID):
		return fmt.Errorf("movement %s: order id %q is not a UUID", m.ID, m.OrderID)
	case !validIdent(m.IngredientID) || !validIdent(m.Kind):
		return fmt.Errorf("movement %s: missing or bad ingredient or kind", m.ID)
	case !allText(m.By, m.Note):
		return fmt.Errorf("movement %s: bad text", m.ID)
	}
	return nil
}

// checkAvailability checks a product availability change.
func checkAvailability(a *syncproto.AvailabilityPayload) error {
	if !validIdent(a.ProductID) || !validText(a.By) {
		return errors.New("missing or bad product id or text")
	}
	return nil
}

func allText(texts ...string) bool {
	for _, s := range texts {
		if !validText(s) {
			return false
		}
	}
	return true
}
