package syncproto

import "time"

// Order is an order as a pizzeria reports it: the whole order after the
// change the event records, so that applying the latest one is enough.
type Order struct {
	ID            string      `json:"id"`
	Ticket        int64       `json:"ticket"`
	BusinessDate  string      `json:"business_date"`
	Channel       string      `json:"channel"`
	Fulfilment    string      `json:"fulfilment"`
	Status        string      `json:"status"`
	CustomerName  string      `json:"customer_name"`
	CustomerPhone string      `json:"customer_phone"`
	Address       string      `json:"address"`
	Lines         []OrderLine `json:"lines"`
	TotalCents    int64       `json:"total_cents"`
	PaymentMethod string      `json:"payment_method"`
	PaymentStatus string      `json:"payment_status"`
	PaidBy        string      `json:"paid_by,omitempty"`
	Version       int64       `json:"version"`
	Transition    *Transition `json:"transition,omitempty"`
	CreatedAt     time.Time   `json:"created_at"`
	UpdatedAt     time.Time   `json:"updated_at"`
}

// OrderLine is one line of an order with its price snapshot.
type OrderLine struct {
	ProductID      string `json:"product_id"`
	ProductName    string `json:"product_name"`
	Quantity       int64  `json:"quantity"`
	UnitPriceCents int64  `json:"unit_price_cents"`
	Note           string `json:"note,omitempty"`
}

// Transition is the status change an order event records, if any.
type Transition struct {
	From   string    `json:"from,omitempty"`
	To     string    `json:"to"`
	By     string    `json:"by,omitempty"`
	Reason string    `json:"reason,omitempty"`
	At     time.Time `json:"at"`
}

// OrderPayload is the payload of every order.* event: the order and the
// stock movements the change made (consumption on accept, return on
// cancellation, both on a modification).
type OrderPayload struct {
	Order     Order           `json:"order"`
	Movements []StockMovement `json:"movements,omitempty"`
}

// StockMovement is one line of a pizzeria's stock ledger.
type StockMovement struct {
	ID           string    `json:"id"`
	IngredientID string    `json:"ingredient_id"`
	Kind         string    `json:"kind"`
	Delta        int64     `json:"delta"`
	OnHandAfter  int64     `json:"on_hand_after"`
	OrderID      string    `json:"order_id,omitempty"`
	By           string    `json:"by,omitempty"`
	Note         string    `json:"note,omitempty"`
	At           time.Time `json:"at"`
}

// StockPayload is the payload of stock.moved: a movement recorded by staff.
type StockPayload struct {
	Movement StockMovement `json:"movement"`
}

// CatalogAppliedPayload is the payload of catalog.applied.
type CatalogAppliedPayload struct {
	Version int64 `json:"version"`
}

// AvailabilityPayload is the payload of product.availability_changed.
type AvailabilityPayload struct {
	ProductID string `json:"product_id"`
	Available bool   `json:"available"`
	By        string `json:"by,omitempty"`
}
