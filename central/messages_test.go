package central

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"
)

// TestCatalogueComplete checks that every key declared in messages.go has
// a French sentence, and that the catalogue has no sentence without a key.
func TestCatalogueComplete(t *testing.T) {
	file, err := parser.ParseFile(token.NewFileSet(), "messages.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	declared := map[MessageKey]bool{}
	ast.Inspect(file, func(n ast.Node) bool {
		spec, ok := n.(*ast.ValueSpec)
		if !ok || len(spec.Values) != 1 {
			return true
		}
		if ident, ok := spec.Type.(*ast.Ident); ok && ident.Name == "MessageKey" {
			lit := spec.Values[0].(*ast.BasicLit)
			declared[MessageKey(strings.Trim(lit.Value, `"`))] = true
		}
		return true
	})
	if len(declared) < 20 {
		t.Fatalf("found only %d keys in messages.go", len(declared))
	}
	for key := range declared {
		if strings.TrimSpace(french[key]) == "" {
			t.Errorf("key %s has no French sentence", key)
		}
	}
	for key := range french {
		if !declared[key] {
			t.Errorf("French sentence for the undeclared key %s", key)
		}
	}
}

func TestMessage(t *testing.T) {
	if got := Message(MsgUnknownRole, "chef"); got != `Rôle inconnu : "chef".` {
		t.Errorf("Message = %q", got)
	}
	if got := Message("no_such_key"); got != "no_such_key" {
		t.Errorf("a missing key gives %q, want the key itself", got)
	}
	err := Invalid("username", MsgBadUsername)
	if err.Code != EINVALID || err.Field != "username" || err.Message != french[MsgBadUsername] {
		t.Errorf("Invalid = %+v", err)
	}
}
