package syncproto

import (
	"bytes"
	_ "embed"
)

//go:embed democatalog.json
var demoCatalogJSON []byte

// DemoCatalog returns the demonstration catalog of a French pizzeria: ten
// pizzas, four drinks and three desserts with their recipes. Central and
// edge both load this same document, so that their product and ingredient
// ids match. Each call decodes a fresh copy that the caller may modify.
// It panics if the embedded document does not decode, since the document
// is a constant of the program and its tests check it.
func DemoCatalog() *Catalog {
	c, err := DecodeCatalog(bytes.NewReader(demoCatalogJSON))
	if err != nil {
		panic("syncproto: demo catalog: " + err.Error())
	}
	return c
}
