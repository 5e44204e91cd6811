package syncproto

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

const testHash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U"

// validCommand returns a valid staff.account command that each test case
// may modify freely.
func validCommand(tb testing.TB) *Command {
	tb.Helper()
	c, err := NewCommand("0193a5c2-7d4e-7b1a-9f3e-2c1d0e4f5a6b", "paris-11", 3, CommandStaffAccount,
		time.Date(2026, 12, 3, 19, 30, 0, 0, time.UTC), StaffAccount{
			Username: "anna", Role: "manager", Pizzeria: "paris-11", PasswordHash: testHash,
		})
	if err != nil {
		tb.Fatalf("NewCommand: %v", err)
	}
	return c
}

func TestCommandRoundTrip(t *testing.T) {
	c := validCommand(t)
	data, err := Encode(c)
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodeCommand(data, "paris-11")
	if err != nil {
		t.Fatalf("DecodeCommand: %v", err)
	}
	if got.MsgID() != "paris-11:down:3" || got.Type != CommandStaffAccount || got.SchemaVersion != 1 {
		t.Errorf("decoded %+v, msg id %s", got, got.MsgID())
	}
	a, err := got.StaffAccountOf()
	if err != nil {
		t.Fatalf("StaffAccountOf: %v", err)
	}
	if a.Username != "anna" || a.PasswordHash != testHash || a.Disabled {
		t.Errorf("account %+v", a)
	}
}

func TestDecodeCommandRefuses(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(c *Command)
		code   string
	}{
		{"id not a UUID", func(c *Command) { c.ID = "cmd-1" }, CodeInvalid},
		{"bad pizzeria", func(c *Command) { c.Pizzeria = "Paris" }, CodeInvalid},
		{"another pizzeria", func(c *Command) { c.Pizzeria = "lyon-2" }, CodePizzeriaMismatch},
		{"position 0", func(c *Command) { c.Position = 0 }, CodeInvalid},
		{"type with a space", func(c *Command) { c.Type = "staff account" }, CodeInvalid},
		{"schema version 0", func(c *Command) { c.SchemaVersion = 0 }, CodeInvalid},
		{"zero time", func(c *Command) { c.CreatedAt = time.Time{} }, CodeInvalid},
		{"null payload", func(c *Command) { c.Payload = json.RawMessage("null") }, CodeInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := validCommand(t)
			tt.mutate(c)
			data, err := json.Marshal(c)
			if err != nil {
				t.Fatal(err)
			}
			_, err = DecodeCommand(data, "paris-11")
			if got := ErrorCode(err); got != tt.code {
				t.Errorf("code %q (%v), want %q", got, err, tt.code)
			}
		})
	}

	t.Run("unknown field", func(t *testing.T) {
		data := strings.Replace(string(mustEncode(t, validCommand(t))), `{"id"`, `{"x":1,"id"`, 1)
		if _, err := DecodeCommand([]byte(data), "paris-11"); ErrorCode(err) != CodeMalformed {
			t.Errorf("unknown field: %v", err)
		}
	})
	t.Run("too large", func(t *testing.T) {
		data := make([]byte, MaxMessageBytes+1)
		if _, err := DecodeCommand(data, "paris-11"); ErrorCode(err) != CodeTooLarge {
			t.Errorf("too large: %v", err)
		}
	})
}

// TestCommandSupported checks that a type or a version this side does not
// read still decodes, so that it can be answered, and is told apart.
func TestCommandSupported(t *testing.T) {
	c := validCommand(t)
	c.Type = "order.teleport"
	got, err := DecodeCommand(mustEncode(t, c), "paris-11")
	if err != nil {
		t.Fatalf("an unknown type does not decode: %v", err)
	}
	if code := ErrorCode(got.Supported()); code != CodeUnknownType {
		t.Errorf("unknown type: code %q", code)
	}
	c = validCommand(t)
	c.SchemaVersion = 99
	if code := ErrorCode(c.Supported()); code != CodeUnsupportedVersion {
		t.Errorf("future version: code %q", code)
	}
	if err := validCommand(t).Supported(); err != nil {
		t.Errorf("known type: %v", err)
	}
}

func TestStaffAccountRefuses(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(a *StaffAccount)
		code   string
	}{
		{"short username", func(a *StaffAccount) { a.Username = "a" }, CodeInvalid},
		{"username with a space", func(a *StaffAccount) { a.Username = "an na" }, CodeInvalid},
		{"head office", func(a *StaffAccount) { a.Role = "head_office" }, CodeInvalid},
		{"unknown role", func(a *StaffAccount) { a.Role = "chef" }, CodeInvalid},
		{"a password, not a hash", func(a *StaffAccount) { a.PasswordHash = "ocpizza-demo" }, CodeInvalid},
		{"bcrypt hash", func(a *StaffAccount) { a.PasswordHash = "$2a$10$abc" }, CodeInvalid},
		{"another pizzeria", func(a *StaffAccount) { a.Pizzeria = "lyon-2" }, CodePizzeriaMismatch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := StaffAccount{Username: "anna", Role: "manager", Pizzeria: "paris-11",
				PasswordHash: testHash}
			tt.mutate(&a)
			c := validCommand(t)
			c.Payload = mustEncode(t, a)
			if _, err := c.StaffAccountOf(); ErrorCode(err) != tt.code {
				t.Errorf("code %q (%v), want %q", ErrorCode(err), err, tt.code)
			}
		})
	}
}

func TestCatalogVersionCommand(t *testing.T) {
	cat := DemoCatalog()
	cat.Version = 7
	c, err := NewCommand("0193a5c2-7d4e-7b1a-9f3e-2c1d0e4f5a6b", "paris-11", 1, CommandCatalogVersion,
		time.Now(), cat)
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.CatalogVersionOf()
	if err != nil {
		t.Fatalf("CatalogVersionOf: %v", err)
	}
	if got.Version != 7 || len(got.Products) != len(cat.Products) {
		t.Errorf("catalog version %d with %d products", got.Version, len(got.Products))
	}
	if _, err := c.StaffAccountOf(); err == nil {
		t.Error("a catalog read as a staff account")
	}

	// A catalog that does not validate is refused as invalid.
	cat.Products[0].PriceCents = -1
	c.Payload = mustEncode(t, cat)
	if _, err := c.CatalogVersionOf(); ErrorCode(err) != CodeInvalid {
		t.Errorf("bad catalog: %v", err)
	}
}

func TestNewCommandTooLarge(t *testing.T) {
	big := strings.Repeat("x", MaxMessageBytes)
	_, err := NewCommand("0193a5c2-7d4e-7b1a-9f3e-2c1d0e4f5a6b", "paris-11", 1, CommandStaffAccount,
		time.Now(), map[string]string{"note": big})
	var e *Error
	if !errors.As(err, &e) || e.Code != CodeTooLarge {
		t.Errorf("oversized command: %v", err)
	}
}

func TestCommandAnswerValidate(t *testing.T) {
	ok := CommandAnswer{CommandID: "0193a5c2-7d4e-7b1a-9f3e-2c1d0e4f5a6b", Position: 1,
		Type: CommandCatalogVersion}
	if err := ok.Validate(false); err != nil {
		t.Errorf("acceptance: %v", err)
	}
	if err := ok.Validate(true); err == nil {
		t.Error("a refusal without a code validates")
	}
	refused := ok
	refused.Code, refused.Reason = CodeOutdated, "version 1 déjà appliquée"
	if err := refused.Validate(true); err != nil {
		t.Errorf("refusal: %v", err)
	}
	if err := refused.Validate(false); err == nil {
		t.Error("an acceptance with a code validates")
	}
}

func mustEncode(tb testing.TB, v any) []byte {
	tb.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// FuzzDecodeCommand checks that no input makes the decoder panic, and that
// what it accepts validates, names the subject's pizzeria, and reads the
// same once encoded again.
func FuzzDecodeCommand(f *testing.F) {
	f.Add(mustEncode(f, validCommand(f)))
	f.Add([]byte(`{"id":"x"}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := DecodeCommand(data, "paris-11")
		if err != nil {
			if ErrorCode(err) == CodeInternal {
				t.Fatalf("decode error without a protocol code: %v", err)
			}
			return
		}
		if err := c.Validate(); err != nil || c.Pizzeria != "paris-11" {
			t.Fatalf("accepted an invalid command: %v", err)
		}
		again, err := DecodeCommand(mustEncode(t, c), "paris-11")
		if err != nil || again.MsgID() != c.MsgID() {
			t.Fatalf("re-encoded command: %v", err)
		}
		if c.Supported() == nil {
			_, _ = c.StaffAccountOf()
			_, _ = c.CatalogVersionOf()
		}
	})
}
