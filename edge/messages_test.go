package edge

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// messageKeys lists every key of messages.go. The test below also checks
// that the catalogue has no entry missing from this list, so a key added
// with its sentence must be added here too.
var messageKeys = []MessageKey{
	MsgInternal, MsgBadRequest, MsgBodyTooLarge, MsgRouteNotFound, MsgMethodNotAllowed,
	MsgLoginRequired, MsgBadCredentials, MsgTooManyLogins, MsgForbidden, MsgRequired,
	MsgTooLong, MsgBadPhone, MsgBadUsername, MsgBadPassword, MsgUnknownRole,
	MsgUsernameTaken, MsgUserNotFound, MsgUnknownChannel, MsgUnknownFulfilment,
	MsgUnknownPaymentMethod, MsgUnknownStatus, MsgUnknownMovementKind, MsgUnknownProduct,
	MsgUnknownIngredient, MsgAddressRequired, MsgNoLines, MsgTooManyLines, MsgQuantityZero,
	MsgQuantityPositive, MsgQuantityTooLarge, MsgNothingToChange, MsgReasonRequired,
	MsgOrderNotFound, MsgProductNotFound, MsgProductUnavailable, MsgStockShort,
	MsgStockWouldGoNegative, MsgTransitionRefused, MsgTransitionForbidden, MsgNotModifiable,
	MsgAlreadyPaid, MsgNotPayable, MsgBadCatalog, MsgScopeAllPizzerias, MsgControlChars, MsgCatalogOlder, MsgCatalogUnitChange, MsgWrongPizzeria,
	MsgUnknownField, MsgBadQuery, MsgPhoneRequired, MsgUnsupportedMediaType, MsgCrossOrigin,
	MsgBadIdempotencyKey, MsgBadCommand, MsgCommandUnsupported, MsgStaffAccountOlder,
	MsgNothingCounted, MsgCountedTwice, MsgPageForbidden, MsgSessionExpired, MsgNotANumber,
	MsgWebOrdersClosed, MsgNotAssigned, MsgTooLate, MsgUnknownDriver, MsgOrderWithdrawn,
	MsgCustomerCancelled, MsgOrderPlacedAgain, MsgNotRefundable,
}

func TestMessagesHaveFrench(t *testing.T) {
	seen := map[MessageKey]bool{}
	for _, k := range messageKeys {
		if seen[k] {
			t.Errorf("key %q listed twice", k)
		}
		seen[k] = true
		if Message(k) == string(k) {
			t.Errorf("key %q has no French sentence", k)
		}
	}
	for k := range catalogues[Language] {
		if !seen[k] {
			t.Errorf("catalogue entry %q is not in messageKeys: add its constant to the list", k)
		}
	}

	// A key missing from the catalogue shows itself rather than nothing.
	if got := Message("no_such_key"); got != "no_such_key" {
		t.Errorf("Message of an unknown key = %q", got)
	}
}

func TestStatusLabels(t *testing.T) {
	labels := map[string]Status{}
	for _, s := range Statuses {
		label := StatusLabel(s)
		if label == string(s) || label == "" {
			t.Errorf("status %q has no French label", s)
		}
		if other, dup := labels[label]; dup {
			t.Errorf("statuses %q and %q share the label %q", s, other, label)
		}
		labels[label] = s
	}
}

func TestErrorHelpers(t *testing.T) {
	appErr := Invalid("customer.phone", MsgBadPhone)
	wrapped := fmt.Errorf("create order: %w", appErr)
	internal := errors.New("disk I/O error at /var/lib/ocpizza/edge.db")

	tests := []struct {
		err                 error
		code, field, starts string
	}{
		{nil, "", "", ""},
		{appErr, EINVALID, "customer.phone", "Numéro de téléphone invalide"},
		{wrapped, EINVALID, "customer.phone", "Numéro de téléphone invalide"},
		{internal, EINTERNAL, "", "Une erreur interne"},
	}
	for _, tt := range tests {
		if got := ErrorCode(tt.err); got != tt.code {
			t.Errorf("ErrorCode(%v) = %q, want %q", tt.err, got, tt.code)
		}
		if got := ErrorField(tt.err); got != tt.field {
			t.Errorf("ErrorField(%v) = %q, want %q", tt.err, got, tt.field)
		}
		if tt.err == nil {
			continue
		}
		msg := ErrorMessage(tt.err)
		if !strings.HasPrefix(msg, tt.starts) {
			t.Errorf("ErrorMessage(%v) = %q, want it to start with %q", tt.err, msg, tt.starts)
		}
		if strings.Contains(msg, "/var/lib") {
			t.Errorf("ErrorMessage leaks internal detail: %q", msg)
		}
	}
}
