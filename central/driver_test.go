package central

import "testing"

func TestDriverUpdateCheckOrder(t *testing.T) {
	ready := &DeliveryOrder{Ticket: 4, Status: "ready", PaymentStatus: "pending"}
	out := &DeliveryOrder{Ticket: 5, Status: "out_for_delivery", PaymentStatus: "pending"}
	paidOut := &DeliveryOrder{Ticket: 6, Status: "out_for_delivery", PaymentStatus: "paid"}
	for _, tc := range []struct {
		name  string
		upd   DriverUpdate
		order *DeliveryOrder
		code  string
	}{
		{"take", DriverUpdate{To: DriverTake}, ready, ""},
		{"take twice", DriverUpdate{To: DriverTake}, out, ECONFLICT},
		{"deliver before taking", DriverUpdate{To: DriverDeliver, Collected: "cash"}, ready, ECONFLICT},
		{"deliver unpaid, cash", DriverUpdate{To: DriverDeliver, Collected: "cash"}, out, ""},
		{"deliver unpaid, nothing collected", DriverUpdate{To: DriverDeliver}, out, EINVALID},
		{"deliver paid", DriverUpdate{To: DriverDeliver}, paidOut, ""},
		{"deliver paid, card collected", DriverUpdate{To: DriverDeliver, Collected: "card"}, paidOut, EINVALID},
	} {
		if got := ErrorCode(tc.upd.CheckOrder(tc.order)); got != tc.code {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.code)
		}
	}
}

func TestDriverRequestState(t *testing.T) {
	for _, tc := range []struct {
		status, to, answer, want string
	}{
		{"ready", "", "", RequestSettled},
		{"ready", DriverTake, "", RequestPending},
		{"ready", DriverTake, AnswerAccepted, RequestPending}, // the new status not seen yet
		{"ready", DriverTake, AnswerRefused, RequestRefused},
		{"out_for_delivery", DriverTake, AnswerAccepted, RequestSettled},
		{"out_for_delivery", DriverDeliver, "", RequestPending},
		{"out_for_delivery", DriverDeliver, AnswerRefused, RequestRefused},
	} {
		o := &DeliveryOrder{Status: tc.status}
		if tc.to != "" {
			o.Request = &DriverRequest{To: tc.to, Answer: tc.answer}
		}
		if got := o.RequestState(); got != tc.want {
			t.Errorf("%s, request to %q answered %q: %q, want %q", tc.status, tc.to, tc.answer, got, tc.want)
		}
	}
}

func TestDriverScope(t *testing.T) {
	for role, want := range map[Role]string{RoleDriver: "", RoleManager: "", RoleHeadOffice: EFORBIDDEN,
		RoleOps: EFORBIDDEN, RolePizzaiolo: EFORBIDDEN, RoleOrderTaker: EFORBIDDEN} {
		u := &User{Username: "x", Role: role}
		if !role.AllPizzerias() {
			u.PizzeriaID = "paris-11"
		}
		if _, err := DriverScope(u); ErrorCode(err) != want {
			t.Errorf("%s: %v", role, err)
		}
	}
}
