package http

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
)

// orderState is the part of an order's page that changes while the order
// goes on: the region a script swaps when the order moves. Every word in
// it is French from the catalogue, chosen here.
type orderState struct {
	ID          string
	Status      string // the raw status, for data-status
	StatusWords string
	Message     string
	Confirming  bool   // paid online, the payment not confirmed yet
	PayURL      string // the provider's page, while it waits for payment
	Answer      string // the pizzeria's answer to the last request
	Pizzeria    string
	Ticket      string
	Where       string // the delivery address, or where to pick it up
	Payment     string
	Lines       []orderLineView
	Total       string
	Steps       []orderStep
	CanCancel   bool
	CanModify   bool
	CanReorder  bool   // its lines may go back in the cart
	Stamp       string // a digest of all the above, for the script
}

// orderLineView is one line of an order.
type orderLineView struct {
	Quantity int64
	Name     string
	Note     string
	Total    string
}

// orderStep is one step of an order's history, at its Paris time.
type orderStep struct {
	At     string
	ISO    string
	Label  string
	Reason string
}

// newOrderState lays out an order for its page. names gives the
// pizzerias' names by id.
func newOrderState(o *central.WebOrder, names map[string]string) orderState {
	v := orderState{ID: o.ID, Status: o.Status, StatusWords: statusWords(o.Status),
		Message: o.Message, Total: euros(o.TotalCents), Payment: paymentWords(o),
		Answer: answerWords(o), CanCancel: canCancel(o), CanModify: canModify(o),
		CanReorder: canReorder(o)}
	if o.State == central.WebAwaitingPayment {
		v.Confirming, v.PayURL = true, o.PaymentURL
	}
	if v.Answer != "" && o.Message == central.Message(central.MsgWebRequestRefused) {
		v.Message = "" // the answer says it with its reason
	}

	// Who holds it (an order that ended before any pizzeria had it names
	// none), and where it goes.
	switch {
	case o.Pizzeria != "":
		v.Pizzeria = central.Message(central.LabelOrderPizzeria, names[o.Pizzeria])
	case !endedUnplaced(o):
		v.Pizzeria = central.Message(central.LabelOrderNoPizzeria)
	}
	if o.Ticket != nil {
		v.Ticket = central.Message(central.LabelOrderTicket, *o.Ticket)
	}
	v.Where = central.Message(central.LabelOrderPickup)
	if o.Fulfilment == "delivery" {
		v.Where = central.Message(central.LabelOrderDeliverTo, o.Address)
	}

	// Its lines, then its steps.
	for _, l := range o.Lines {
		v.Lines = append(v.Lines, orderLineView{Quantity: l.Quantity, Name: l.ProductName,
			Note: l.Note, Total: euros(l.Quantity * l.UnitPriceCents)})
	}
	v.Steps = append(v.Steps, newOrderStep(o.CreatedAt,
		central.Message(central.LabelOrderStepCreated), ""))
	for _, e := range o.History {
		v.Steps = append(v.Steps, newOrderStep(e.At, statusWords(e.To), e.Reason))
	}
	if endedUnplaced(o) {
		v.Steps = append(v.Steps, newOrderStep(o.UpdatedAt, statusWords(o.Status), ""))
	}
	v.Stamp = stateStamp(v)
	return v
}

// stateStamp digests everything an order's live region shows, so that
// its script can tell a fragment that changes nothing and leave the page
// (and the customer's focus) alone.
func stateStamp(v orderState) string {
	v.Stamp = ""
	data, err := json.Marshal(v)
	if err != nil {
		return "" // no stamp: the script swaps every fragment
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:8])
}

// endedUnplaced reports whether an order ended before any pizzeria held
// it: its payment failed, or it was cancelled while it waited for it.
func endedUnplaced(o *central.WebOrder) bool {
	return len(o.History) == 0 && (o.State == central.WebPaymentFailed ||
		o.State == central.WebCancelled || o.State == central.WebRefused)
}

// orderTime writes when an order was made, at Paris time: "03/12/2026 à
// 19:04".
func orderTime(t time.Time) string {
	return t.In(paris).Format("02/01/2006 à 15:04")
}

func newOrderStep(at time.Time, label, reason string) orderStep {
	return orderStep{At: at.In(paris).Format("02/01 à 15:04"), ISO: at.UTC().Format(time.RFC3339),
		Label: label, Reason: reason}
}

// statusWords names a status for the customer.
func statusWords(status string) string {
	key, ok := map[string]central.MessageKey{
		string(central.WebAwaitingPayment): central.LabelShopStatusWaitPay,
		string(central.WebPaymentFailed):   central.LabelShopStatusPayFailed,
		string(central.WebRefused):         central.LabelShopStatusRefused,
		"placed":                           central.LabelShopStatusPlaced,
		"accepted":                         central.LabelShopStatusAccepted,
		"preparing":                        central.LabelShopStatusPreparing,
		"ready":                            central.LabelShopStatusReady,
		"out_for_delivery":                 central.LabelShopStatusOut,
		"delivered":                        central.LabelShopStatusDelivered,
		"picked_up":                        central.LabelShopStatusPickedUp,
		"cancelled":                        central.LabelShopStatusCancelled,
		"rejected":                         central.LabelShopStatusRejected,
	}[status]
	if !ok {
		return status
	}
	return central.Message(key)
}

// paymentWords says how the order is paid, and where that stands.
func paymentWords(o *central.WebOrder) string {
	var key central.MessageKey
	switch {
	case o.PaymentStatus == central.WebPaymentRefunded:
		key = central.LabelPayRefundedShop
	case o.PaymentMethod == central.PayOnline && o.PaymentStatus == central.WebPaymentPaid &&
		(o.State == central.WebCancelled || o.State == central.WebRefused ||
			o.State == central.WebPaymentFailed):
		key = central.LabelPayRefundPending // paid, ended: the refund is owed
	case o.PaymentMethod == central.PayOnline && o.PaymentStatus == central.WebPaymentPaid:
		key = central.LabelPayOnlinePaid
	case o.PaymentMethod == central.PayOnline && o.PaymentStatus == central.WebPaymentFailedSt:
		key = central.LabelPayOnlineFailed
	case o.PaymentMethod == central.PayOnline:
		key = central.LabelPayOnlinePending
	case o.PaymentStatus == central.WebPaymentPaid:
		key = central.LabelPaySettled
	case o.Fulfilment == "delivery":
		key = central.LabelPayAtDoor
	default:
		key = central.LabelPayAtCounter
	}
	return central.Message(central.LabelOrderPayment, central.Message(key))
}

// answerWords says what the pizzeria answered to the customer's last
// request. An accepted cancel shows as the order cancelled, so an answer
// kept as accepted is a change's. A refusal does not say which request it
// was: the order keeps only the answer and its code.
func answerWords(o *central.WebOrder) string {
	switch {
	case o.Request != "", o.RequestReason == central.WebReasonRerouted:
		return "" // the order's message says it: it went to another pizzeria
	case o.RequestAnswer == central.AnswerAccepted:
		return central.Message(central.LabelOrderModifyAccepted)
	case o.RequestAnswer == central.AnswerRefused:
		return central.Message(central.LabelOrderAnswerRefused, reasonWords(o.RequestReason))
	}
	return ""
}

// reasonWords gives the reason of a pizzeria's refusal code.
func reasonWords(code string) string {
	switch code {
	case syncproto.CodeTooLate:
		return central.Message(central.LabelReasonTooLate)
	case syncproto.CodeOutOfStock:
		return central.Message(central.LabelReasonOutOfStock)
	case syncproto.CodeClosed:
		return central.Message(central.LabelReasonClosed)
	}
	return central.Message(central.LabelReasonOther)
}

// canChange reports whether the customer may still ask to change or
// cancel an order: a pizzeria has it or is asked to, no request is
// pending, and its preparation has not started.
func canChange(o *central.WebOrder) bool {
	switch {
	case o.State != central.WebWaiting && o.State != central.WebAccepted:
		return false
	case o.Request != "":
		return false
	}
	return o.Status == "placed" || o.Status == "accepted"
}

// canModify reports whether the order's lines or address may change.
func canModify(o *central.WebOrder) bool { return canChange(o) }

// canCancel reports whether the order may be cancelled; one still waiting
// for its payment is cancelled at once.
func canCancel(o *central.WebOrder) bool {
	return o.State == central.WebAwaitingPayment || canChange(o)
}
