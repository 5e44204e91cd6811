package central

import "testing"

// TestWebOrderSettled: an order is settled once nothing more will move
// it: handed over, or ended with no refund owed and no request pending.
func TestWebOrderSettled(t *testing.T) {
	for name, tc := range map[string]struct {
		o    WebOrder
		want bool
	}{
		"waiting":            {WebOrder{State: WebWaiting, Status: "placed"}, false},
		"preparing":          {WebOrder{State: WebAccepted, Status: "preparing"}, false},
		"delivered":          {WebOrder{State: WebAccepted, Status: "delivered"}, true},
		"picked up":          {WebOrder{State: WebAccepted, Status: "picked_up"}, true},
		"request pending":    {WebOrder{State: WebAccepted, Status: "delivered", Request: "cancel"}, false},
		"payment failed":     {WebOrder{State: WebPaymentFailed}, true},
		"cancelled, counter": {WebOrder{State: WebCancelled, PaymentMethod: PayOnDelivery, PaymentStatus: WebPaymentPending}, true},
		"cancelled, refund owed": {WebOrder{State: WebCancelled, PaymentMethod: PayOnline,
			PaymentStatus: WebPaymentPaid}, false},
		"cancelled, refunded": {WebOrder{State: WebCancelled, PaymentMethod: PayOnline,
			PaymentStatus: WebPaymentRefunded}, true},
		"cancelled unpaid, may be paid late": {WebOrder{State: WebCancelled, PaymentMethod: PayOnline,
			PaymentStatus: WebPaymentPending}, false},
	} {
		if got := tc.o.Settled(); got != tc.want {
			t.Errorf("%s: settled %v, want %v", name, got, tc.want)
		}
	}
}
