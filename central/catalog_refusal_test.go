package central

import (
	"errors"
	"testing"

	"github.com/ocpizza/ocpizza/syncproto"
)

// TestCatalogRefusal puts the validator's refusals in French, next to the
// field they are about; a whole document's also names the entry.
func TestCatalogRefusal(t *testing.T) {
	c := syncproto.DemoCatalog()
	c.Products[0].Category = "salades"
	err := c.Validate()

	e := CatalogRefusal(err)
	if e.Code != EINVALID || e.Field != "category" || e.Message != Message(MsgUnknownCategory, "salades") {
		t.Errorf("entry refusal = %+v", e)
	}
	doc := CatalogDocumentRefusal(err)
	want := Message(MsgCatalogEntryRefused, Message(LabelCatalogEntryProduct), c.Products[0].ID,
		Message(MsgUnknownCategory, "salades"))
	if doc.Field != "category" || doc.Message != want {
		t.Errorf("document refusal = %+v, want %q", doc, want)
	}

	// Every problem has its sentence.
	for problem := range map[string]bool{
		syncproto.ProblemBadID: true, syncproto.ProblemDuplicate: true, syncproto.ProblemBadName: true,
		syncproto.ProblemBadUnit: true, syncproto.ProblemNegativeThreshold: true,
		syncproto.ProblemUnknownCategory: true, syncproto.ProblemPriceRange: true,
		syncproto.ProblemEmptyRecipe: true, syncproto.ProblemUnknownIngredient: true,
		syncproto.ProblemIngredientTwice: true, syncproto.ProblemQuantityRange: true,
	} {
		if catalogProblems[problem] == "" {
			t.Errorf("problem %s has no sentence", problem)
		}
	}

	// Anything else: the catalog is invalid, on no field.
	if e := CatalogRefusal(errors.New("catalog: over 512 KiB")); e.Field != "" || e.Code != EINVALID {
		t.Errorf("other error = %+v", e)
	}
}
