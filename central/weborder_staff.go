package central

import (
	"context"
	"time"
)

// Order is an order as its pizzeria last reported it to central, for
// staff (SPEC §6 GET /api/v1/orders/{id}); Web tells a web order apart.
type Order struct {
	ID            string          `json:"id"`
	Pizzeria      string          `json:"pizzeria"`
	Ticket        int64           `json:"ticket"`
	Channel       string          `json:"channel"`
	Fulfilment    string          `json:"fulfilment"`
	Status        string          `json:"status"`
	CustomerName  string          `json:"customer_name"`
	CustomerPhone string          `json:"customer_phone"`
	Address       string          `json:"address"`
	Lines         []WebOrderLine  `json:"lines"`
	TotalCents    int64           `json:"total_cents"`
	PaymentMethod string          `json:"payment_method"`
	PaymentStatus string          `json:"payment_status"`
	History       []WebOrderEvent `json:"history"`
	Web           bool            `json:"web"`
	CreatedAt     time.Time       `json:"created_at"`
	UpdatedAt     time.Time       `json:"updated_at"`
}

// OrderService reads the orders the pizzerias report.
type OrderService interface {
	// FindOrder returns an order as its pizzeria last reported it, or
	// ENOTFOUND.
	FindOrder(ctx context.Context, id string) (*Order, error)
}
