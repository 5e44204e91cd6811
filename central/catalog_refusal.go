package central

import (
	"errors"

	"github.com/ocpizza/ocpizza/syncproto"
)

// catalogProblems is the sentence of each problem a catalog document may
// have (syncproto.CatalogError).
var catalogProblems = map[string]MessageKey{
	syncproto.ProblemBadID:             MsgCatalogID,
	syncproto.ProblemDuplicate:         MsgCatalogIDTaken,
	syncproto.ProblemBadName:           MsgCatalogName,
	syncproto.ProblemBadUnit:           MsgCatalogUnit,
	syncproto.ProblemNegativeThreshold: MsgCatalogThreshold,
	syncproto.ProblemUnknownCategory:   MsgUnknownCategory,
	syncproto.ProblemPriceRange:        MsgCatalogPriceRange,
	syncproto.ProblemEmptyRecipe:       MsgCatalogRecipeEmpty,
	syncproto.ProblemUnknownIngredient: MsgCatalogRecipeUnknown,
	syncproto.ProblemIngredientTwice:   MsgCatalogRecipeTwice,
	syncproto.ProblemQuantityRange:     MsgCatalogQuantityRange,
}

// entryLabels name the kinds of catalog entries in a sentence.
var entryLabels = map[string]MessageKey{
	"category": LabelCatalogEntryCategory, "ingredient": LabelCatalogEntryIngredient,
	"product": LabelCatalogEntryProduct,
}

// CatalogRefusal puts the refusal of a catalog entry being saved in the
// user's words: EINVALID, naming the field at fault (as the JSON entry
// names it) with its sentence. An error that is not a rule of the
// catalog says only that the catalog is invalid.
func CatalogRefusal(err error) *Error {
	var ce *syncproto.CatalogError
	key, ok := MessageKey(""), errors.As(err, &ce)
	if ok {
		key, ok = catalogProblems[ce.Problem]
	}
	if !ok {
		return Errorm(EINVALID, MsgBadCatalog, err)
	}
	switch ce.Problem {
	case syncproto.ProblemDuplicate:
		return Invalid(ce.Field, key, ce.ID)
	case syncproto.ProblemUnknownCategory:
		return Invalid(ce.Field, key, ce.Value)
	}
	return Invalid(ce.Field, key)
}

// CatalogDocumentRefusal is CatalogRefusal for a whole document, whose
// sentence names the entry at fault: « Produit margherita : … ».
func CatalogDocumentRefusal(err error) *Error {
	e := CatalogRefusal(err)
	var ce *syncproto.CatalogError
	if errors.As(err, &ce) && entryLabels[ce.Kind] != "" && e.Field != "" {
		e.Message = Message(MsgCatalogEntryRefused, Message(entryLabels[ce.Kind]), ce.ID, e.Message)
	}
	return e
}
