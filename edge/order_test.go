package edge

import (
	"strings"
	"testing"
)

func TestNormalizePhone(t *testing.T) {
	tests := []struct {
		in, want string // want "" when the number is refused
	}{
		{"06 12 34 56 78", "0612345678"},
		{"06.12.34.56.78", "0612345678"},
		{"06-12-34-56-78", "0612345678"},
		{"  0612345678  ", "0612345678"},
		{"+33 6 12 34 56 78", "+33612345678"},
		{"123456", "123456"},                   // 6 digits, the shortest
		{"123456789012345", "123456789012345"}, // 15 digits, the longest
		{"+123456789012345", "+123456789012345"},
		{"12345", ""},
		{"+12345", ""}, // the + does not count as a digit
		{"1234567890123456", ""},
		{"", ""},
		{"   ", ""},
		{"06 12 34 56 7a", ""},
		{"06+12345678", ""}, // + only in front
		{"(06) 12 34 56 78", ""},
		{"06/12/34/56/78", ""},
	}
	for _, tt := range tests {
		got, err := NormalizePhone(tt.in)
		switch {
		case tt.want == "" && (ErrorCode(err) != EINVALID || ErrorField(err) != "customer.phone"):
			t.Errorf("NormalizePhone(%q) = %q, %v; want EINVALID on customer.phone", tt.in, got, err)
		case tt.want != "" && (err != nil || got != tt.want):
			t.Errorf("NormalizePhone(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

// validOrder returns a phone order for delivery that passes validation;
// each case changes one thing.
func validOrder() OrderCreate {
	return OrderCreate{
		Channel:       ChannelPhone,
		Fulfilment:    FulfilmentDelivery,
		PaymentMethod: PaymentCash,
		Customer:      Customer{Name: "Mme Durand", Phone: "06 12 34 56 78", Address: "3 rue des Lilas, Paris"},
		Lines:         []LineCreate{{ProductID: "margherita", Quantity: 2}},
	}
}

func TestOrderCreateValidate(t *testing.T) {
	manyLines := make([]LineCreate, MaxOrderLines+1)
	for i := range manyLines {
		manyLines[i] = LineCreate{ProductID: "margherita", Quantity: 1}
	}
	tests := []struct {
		name      string
		change    func(o *OrderCreate)
		wantField string // "" when valid
	}{
		{"phone delivery", func(o *OrderCreate) {}, ""},
		{"counter pickup without phone or address", func(o *OrderCreate) {
			o.Channel, o.Fulfilment, o.Customer = ChannelCounter, FulfilmentPickup, Customer{Name: "Paul"}
		}, ""},
		{"card", func(o *OrderCreate) { o.PaymentMethod = PaymentCard }, ""},
		{"web is not for staff", func(o *OrderCreate) { o.Channel = ChannelWeb }, "channel"},
		{"no channel", func(o *OrderCreate) { o.Channel = "" }, "channel"},
		{"unknown fulfilment", func(o *OrderCreate) { o.Fulfilment = "drone" }, "fulfilment"},
		{"online payment is central's", func(o *OrderCreate) { o.PaymentMethod = PaymentOnline }, "payment_method"},
		{"unknown payment", func(o *OrderCreate) { o.PaymentMethod = "cheque" }, "payment_method"},
		{"no name", func(o *OrderCreate) { o.Customer.Name = "   " }, "customer.name"},
		{"name too long", func(o *OrderCreate) { o.Customer.Name = strings.Repeat("a", MaxNameLen+1) },
			"customer.name"},
		{"phone order without phone", func(o *OrderCreate) {
			o.Fulfilment, o.Customer.Phone = FulfilmentPickup, ""
		}, "customer.phone"},
		{"delivery without phone", func(o *OrderCreate) {
			o.Channel, o.Customer.Phone = ChannelCounter, ""
		}, "customer.phone"},
		{"counter pickup with a bad phone", func(o *OrderCreate) {
			o.Channel, o.Fulfilment, o.Customer.Phone = ChannelCounter, FulfilmentPickup, "123"
		}, "customer.phone"},
		{"delivery without address", func(o *OrderCreate) { o.Customer.Address = "  " }, "customer.address"},
		{"address too long", func(o *OrderCreate) {
			o.Customer.Address = strings.Repeat("a", MaxAddressLen+1)
		}, "customer.address"},
		{"no lines", func(o *OrderCreate) { o.Lines = nil }, "lines"},
		{"too many lines", func(o *OrderCreate) { o.Lines = manyLines }, "lines"},
		{"no product", func(o *OrderCreate) { o.Lines[0].ProductID = " " }, "lines[0].product_id"},
		{"product id too long", func(o *OrderCreate) {
			o.Lines[0].ProductID = strings.Repeat("p", MaxIDLen+1)
		}, "lines[0].product_id"},
		{"zero quantity", func(o *OrderCreate) { o.Lines[0].Quantity = 0 }, "lines[0].quantity"},
		{"negative quantity", func(o *OrderCreate) { o.Lines[0].Quantity = -1 }, "lines[0].quantity"},
		{"quantity too large", func(o *OrderCreate) { o.Lines[0].Quantity = MaxLineQty + 1 },
			"lines[0].quantity"},
		{"second line's note too long", func(o *OrderCreate) {
			o.Lines = append(o.Lines, LineCreate{ProductID: "reine", Quantity: 1,
				Note: strings.Repeat("n", MaxNoteLen+1)})
		}, "lines[1].note"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := validOrder()
			tt.change(&o)
			err := o.Validate()
			if tt.wantField == "" && err != nil {
				t.Fatalf("Validate: %v", err)
			}
			if tt.wantField != "" && (ErrorCode(err) != EINVALID || ErrorField(err) != tt.wantField) {
				t.Fatalf("Validate = %v, want %s on field %q", err, EINVALID, tt.wantField)
			}
		})
	}
}

func TestOrderCreateValidateNormalizes(t *testing.T) {
	o := validOrder()
	o.Customer = Customer{Name: "  Mme Durand ", Phone: "06.12.34.56.78", Address: " 3 rue des Lilas "}
	o.Lines = []LineCreate{{ProductID: " margherita ", Quantity: 1, Note: "  sans basilic "}}
	if err := o.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	want := Customer{Name: "Mme Durand", Phone: "0612345678", Address: "3 rue des Lilas"}
	if o.Customer != want {
		t.Errorf("customer = %+v, want %+v", o.Customer, want)
	}
	if l := o.Lines[0]; l.ProductID != "margherita" || l.Note != "sans basilic" {
		t.Errorf("line = %+v, want trimmed product and note", l)
	}
}

func TestOrderReceiveValidate(t *testing.T) {
	valid := func() OrderReceive {
		return OrderReceive{
			ID: "0190f4c2-0000-7000-8000-000000000001", Fulfilment: FulfilmentPickup,
			Customer:      Customer{Name: "Ana", Phone: "0611223344"},
			Lines:         []LineCreate{{ProductID: "reine", Quantity: 1}},
			PaymentMethod: PaymentOnline, PaymentStatus: PaymentPaid,
		}
	}
	tests := []struct {
		name      string
		change    func(o *OrderReceive)
		wantField string
	}{
		{"paid online", func(o *OrderReceive) {}, ""},
		{"cash on pickup", func(o *OrderReceive) { o.PaymentMethod, o.PaymentStatus = PaymentCash, PaymentPending }, ""},
		{"no id", func(o *OrderReceive) { o.ID = "" }, "id"},
		{"id too long", func(o *OrderReceive) { o.ID = strings.Repeat("x", MaxIDLen+1) }, "id"},
		{"refunded on arrival", func(o *OrderReceive) { o.PaymentStatus = PaymentRefunded }, "payment_status"},
		{"web pickup without phone", func(o *OrderReceive) { o.Customer.Phone = "" }, ""},
		{"delivery needs a phone", func(o *OrderReceive) {
			o.Fulfilment, o.Customer.Phone, o.Customer.Address = FulfilmentDelivery, "", "1 rue Haute"
		}, "customer.phone"},
		{"delivery needs an address", func(o *OrderReceive) { o.Fulfilment = FulfilmentDelivery }, "customer.address"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := valid()
			tt.change(&o)
			err := o.Validate()
			if tt.wantField == "" && err != nil {
				t.Fatalf("Validate: %v", err)
			}
			if tt.wantField != "" && (ErrorCode(err) != EINVALID || ErrorField(err) != tt.wantField) {
				t.Fatalf("Validate = %v, want %s on field %q", err, EINVALID, tt.wantField)
			}
		})
	}
}

func TestOrderUpdateAndTransitionValidate(t *testing.T) {
	address := " 12 avenue Foch "
	long := strings.Repeat("a", MaxAddressLen+1)
	noLines := []LineCreate{}
	tests := []struct {
		name      string
		validate  func() error
		wantField string // "-" when valid
	}{
		{"address only", (&OrderUpdate{Address: &address}).Validate, "-"},
		{"nothing to change", (&OrderUpdate{}).Validate, ""},
		{"address too long", (&OrderUpdate{Address: &long}).Validate, "address"},
		{"empty lines", (&OrderUpdate{Lines: &noLines}).Validate, "lines"},
		{"to preparing", (&TransitionRequest{To: StatusPreparing}).Validate, "-"},
		{"no target", (&TransitionRequest{}).Validate, "to"},
		{"unknown target", (&TransitionRequest{To: "baked"}).Validate, "to"},
		{"refused without reason", (&TransitionRequest{To: StatusRejected, Reason: "  "}).Validate, "reason"},
		{"refused with reason", (&TransitionRequest{To: StatusRejected, Reason: "four en panne"}).Validate, "-"},
		{"reason too long", (&TransitionRequest{To: StatusCancelled,
			Reason: strings.Repeat("r", MaxReasonLen+1)}).Validate, "reason"},
		{"payment in cash", (&PaymentRecord{Method: PaymentCash}).Validate, "-"},
		{"payment online is not recorded here", (&PaymentRecord{Method: PaymentOnline}).Validate, "method"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.validate()
			if tt.wantField == "-" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			if ErrorCode(err) != EINVALID || ErrorField(err) != tt.wantField {
				t.Fatalf("Validate = %v, want %s on field %q", err, EINVALID, tt.wantField)
			}
		})
	}
	if address != "12 avenue Foch" {
		t.Errorf("address not trimmed: %q", address)
	}
}

func TestControlCharactersAreRefused(t *testing.T) {
	base := func() OrderCreate {
		return OrderCreate{
			Channel: ChannelPhone, Fulfilment: FulfilmentDelivery, PaymentMethod: PaymentCash,
			Customer: Customer{Name: "Mme Durand", Phone: "0612345678", Address: "12 rue Oberkampf"},
			Lines:    []LineCreate{{ProductID: "margherita", Quantity: 1}},
		}
	}
	for field, change := range map[string]func(*OrderCreate){
		"customer.name":    func(o *OrderCreate) { o.Customer.Name = "Mme\x1b[2JDurand" },
		"customer.address": func(o *OrderCreate) { o.Customer.Address = "12 rue\nOberkampf" },
		"lines[0].note":    func(o *OrderCreate) { o.Lines[0].Note = "sans\x00olives" },
	} {
		o := base()
		change(&o)
		err := o.Validate()
		if ErrorCode(err) != EINVALID || ErrorField(err) != field {
			t.Errorf("%s with a control character: %v, want invalid %s", field, err, field)
		}
	}
	ok := base()
	if err := ok.Validate(); err != nil {
		t.Fatalf("the clean order is refused: %v", err)
	}
	reason := TransitionRequest{To: StatusRejected, Reason: "four\ten panne"}
	if err := reason.Validate(); ErrorField(err) != "reason" {
		t.Errorf("reason with a tab: %v, want invalid reason", err)
	}
}
