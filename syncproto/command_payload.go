package syncproto

import (
	"bytes"
	"fmt"
	"strings"
)

// StaffAccount is the payload of staff.account: the whole account as head
// office holds it, so that applying the latest one is enough. Only the
// argon2id hash of the password travels, never the password.
type StaffAccount struct {
	Username     string `json:"username"`
	Role         string `json:"role"`
	Pizzeria     string `json:"pizzeria"`
	PasswordHash string `json:"password_hash"`
	Disabled     bool   `json:"disabled"`
}

// staffRoles are the roles of staff who work at one pizzeria, the only
// ones synced down: head office and ops log in at central.
var staffRoles = map[string]bool{
	"order_taker": true, "pizzaiolo": true, "driver": true, "manager": true,
}

// maxHashLen bounds a PHC string; argon2id's with a 16-byte salt and a
// 32-byte key is about 100 bytes.
const maxHashLen = 256

// Validate checks an account: a login name of 2 to 64 letters, digits,
// dots, dashes or underscores, a role that works at one pizzeria, that
// pizzeria, and an argon2id hash.
func (a *StaffAccount) Validate() error {
	switch {
	case !validUsername(a.Username):
		return fmt.Errorf("staff account: bad username %q", a.Username)
	case !staffRoles[a.Role]:
		return fmt.Errorf("staff account %s: role %q does not work at one pizzeria", a.Username, a.Role)
	case !ValidPizzeriaID(a.Pizzeria):
		return fmt.Errorf("staff account %s: bad pizzeria %q", a.Username, a.Pizzeria)
	case !strings.HasPrefix(a.PasswordHash, "$argon2id$") || len(a.PasswordHash) > maxHashLen:
		return fmt.Errorf("staff account %s: password hash is not argon2id", a.Username)
	}
	return nil
}

// validUsername reports whether name is a login name, as edge and central
// both check it.
func validUsername(name string) bool {
	if len(name) < 2 || len(name) > 64 {
		return false
	}
	for _, r := range name {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' ||
			strings.ContainsRune("._-", r)
		if !ok {
			return false
		}
	}
	return true
}

// CatalogVersionOf reads the payload of a catalog.version command: a
// whole catalog document, checked as DecodeCatalog checks it.
func (c *Command) CatalogVersionOf() (*Catalog, error) {
	if c.Type != CommandCatalogVersion {
		return nil, &Error{Code: CodeInvalid, Message: "not a " + CommandCatalogVersion + " command"}
	}
	cat, err := DecodeCatalog(bytes.NewReader(c.Payload))
	if err != nil {
		return nil, &Error{Code: CodeInvalid, Message: err.Error()}
	}
	return cat, nil
}

// StaffAccountOf reads the payload of a staff.account command and checks
// that the account works at the command's pizzeria.
func (c *Command) StaffAccountOf() (*StaffAccount, error) {
	if c.Type != CommandStaffAccount {
		return nil, &Error{Code: CodeInvalid, Message: "not a " + CommandStaffAccount + " command"}
	}
	var a StaffAccount
	if err := decodeStrict(c.Payload, &a); err != nil {
		return nil, err
	}
	if err := a.Validate(); err != nil {
		return nil, &Error{Code: CodeInvalid, Message: err.Error()}
	}
	if a.Pizzeria != c.Pizzeria {
		return nil, &Error{Code: CodePizzeriaMismatch,
			Message: fmt.Sprintf("account of %q in a command for %q", a.Pizzeria, c.Pizzeria)}
	}
	return &a, nil
}

// Refusal codes of a command.refused answer, besides CodeInvalid,
// CodeUnknownType, CodeUnsupportedVersion and CodePizzeriaMismatch. Like
// the error codes, they never change meaning.
const (
	// CodeOutdated: the command is older than what the pizzeria holds, such
	// as a catalog version not above the one applied.
	CodeOutdated = "outdated"
	// CodeConflict: the command cannot apply to the pizzeria's state, such
	// as a catalog that changes the unit of an ingredient in stock.
	CodeConflict = "conflict"
)

// CommandAnswer is the payload of command.accepted and command.refused:
// which command, and for a refusal a stable code and a reason in the
// pizzeria's language.
type CommandAnswer struct {
	CommandID string `json:"command_id"`
	Position  int64  `json:"position"`
	Type      string `json:"type"`
	Code      string `json:"code,omitempty"`
	Reason    string `json:"reason,omitempty"`
}

// Validate checks an answer; refused tells which event carries it.
func (a *CommandAnswer) Validate(refused bool) error {
	switch {
	case !validUUID(a.CommandID):
		return fmt.Errorf("command answer: id %q is not a UUID", a.CommandID)
	case a.Position < 1:
		return fmt.Errorf("command answer: position %d below 1", a.Position)
	case !validTypeName(a.Type):
		return fmt.Errorf("command answer: bad type %q", a.Type)
	case refused && !validTypeName(a.Code):
		return fmt.Errorf("command answer: refusal without a code")
	case !refused && (a.Code != "" || a.Reason != ""):
		return fmt.Errorf("command answer: acceptance with a code")
	case len(a.Reason) > 1000:
		return fmt.Errorf("command answer: reason over 1000 bytes")
	}
	return nil
}
