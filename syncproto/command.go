package syncproto

import (
	"encoding/json"
	"fmt"
	"time"
)

// Command types sent down by central. Each is applied once by the
// pizzeria it names, which answers with a command.accepted or
// command.refused event.
const (
	CommandCatalogVersion = "catalog.version"
	CommandStaffAccount   = "staff.account"
)

// CommandSchemaVersions gives the current payload schema version of each
// command type. A pizzeria refuses, with an answer, a type it does not
// know or a version above the one it reads.
var CommandSchemaVersions = map[string]int{
	CommandCatalogVersion: 1,
	CommandStaffAccount:   1,
}

// Command is the envelope of everything central sends down to a pizzeria.
// (Pizzeria, Position) is its identity: Position counts from 1 without
// gaps for each pizzeria, in the order central committed the commands,
// and ID is a UUIDv7 that the answer names.
type Command struct {
	ID            string          `json:"id"`
	Pizzeria      string          `json:"pizzeria"`
	Position      int64           `json:"position"`
	Type          string          `json:"type"`
	SchemaVersion int             `json:"schema_version"`
	CreatedAt     time.Time       `json:"created_at"`
	Payload       json.RawMessage `json:"payload"`
}

// MsgID returns the JetStream message id of the command,
// pizzeria:down:position, which deduplicates republished commands.
func (c *Command) MsgID() string {
	return fmt.Sprintf("%s:down:%d", c.Pizzeria, c.Position)
}

// Validate checks the envelope: its identity, a type that reads as a type
// name, a schema version, a time and a JSON payload. It accepts a type or
// a version this side does not know, which Supported tells apart, so that
// the receiver can still answer such a command by its id.
func (c *Command) Validate() error {
	switch {
	case !validUUID(c.ID):
		return fmt.Errorf("command: id %q is not a UUID", c.ID)
	case !ValidPizzeriaID(c.Pizzeria):
		return fmt.Errorf("command: bad pizzeria id %q", c.Pizzeria)
	case c.Position < 1:
		return fmt.Errorf("command: position %d below 1", c.Position)
	case !validTypeName(c.Type):
		return fmt.Errorf("command: bad type %q", c.Type)
	case c.SchemaVersion < 1:
		return fmt.Errorf("command: schema version %d below 1", c.SchemaVersion)
	case c.CreatedAt.IsZero():
		return fmt.Errorf("command: missing time")
	case len(c.Payload) == 0 || string(c.Payload) == "null" || !json.Valid(c.Payload):
		return fmt.Errorf("command: payload is not JSON")
	}
	return nil
}

// Supported returns nil when this side reads the command's type at its
// schema version, and otherwise an *Error with CodeUnknownType or
// CodeUnsupportedVersion.
func (c *Command) Supported() error {
	known, ok := CommandSchemaVersions[c.Type]
	switch {
	case !ok:
		return &Error{Code: CodeUnknownType, Message: fmt.Sprintf("command type %q", c.Type)}
	case c.SchemaVersion > known:
		return &Error{Code: CodeUnsupportedVersion,
			Message: fmt.Sprintf("%s schema version %d above %d", c.Type, c.SchemaVersion, known)}
	}
	return nil
}

// DecodeCommand reads a command envelope received on the down subject of
// subjectPizzeria and checks it: well formed, and for the pizzeria of its
// subject. Its type and payload are checked by Supported and by the
// decoder of its type.
func DecodeCommand(data []byte, subjectPizzeria string) (*Command, error) {
	var c Command
	if err := decodeStrict(data, &c); err != nil {
		return nil, err
	}
	if err := c.Validate(); err != nil {
		return nil, &Error{Code: CodeInvalid, Message: err.Error()}
	}
	if c.Pizzeria != subjectPizzeria {
		return nil, &Error{Code: CodePizzeriaMismatch,
			Message: fmt.Sprintf("command for %q on the subject of %q", c.Pizzeria, subjectPizzeria)}
	}
	return &c, nil
}

// NewCommand returns the command of type for pizzeria at position, with
// payload encoded. It refuses a command over MaxMessageBytes once encoded,
// since NATS would refuse it.
func NewCommand(id, pizzeria string, position int64, typ string, at time.Time,
	payload any) (*Command, error) {
	body, err := json.Marshal(payload)
	if err != nil {
		return nil, fmt.Errorf("command %s: %w", typ, err)
	}
	c := &Command{ID: id, Pizzeria: pizzeria, Position: position, Type: typ,
		SchemaVersion: CommandSchemaVersions[typ], CreatedAt: at.UTC(), Payload: body}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if err := c.Supported(); err != nil {
		return nil, err
	}
	if len(body) > MaxMessageBytes-commandEnvelopeBytes {
		return nil, &Error{Code: CodeTooLarge,
			Message: fmt.Sprintf("command %s: payload of %d bytes", typ, len(body))}
	}
	return c, nil
}

// commandEnvelopeBytes is room kept for the envelope around a payload.
const commandEnvelopeBytes = 1 << 10

// validUUID reports whether s is a UUID in its canonical text form, in
// lowercase or uppercase hexadecimal.
func validUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case i == 8 || i == 13 || i == 18 || i == 23:
			if c != '-' {
				return false
			}
		case !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'):
			return false
		}
	}
	return true
}

// validTypeName reports whether s reads as a command or event type name:
// 3 to 64 lowercase letters, digits, dots and underscores.
func validTypeName(s string) bool {
	if len(s) < 3 || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '_') {
			return false
		}
	}
	return true
}
