package edge

import "fmt"

// Labels are the words of the staff pages: titles, buttons, column heads,
// hints. They are a catalogue apart from the error messages of
// messages.go, keyed by dotted names that templates use directly
// ({{t "order.title"}}); another language is one more map.
var labelCatalogues = map[string]map[string]string{"fr": frenchLabels}

// Label returns the label of key in the pizzeria's language, formatted
// with args. A missing key shows itself, so that a gap is seen in review.
func Label(key string, args ...any) string {
	format, ok := labelCatalogues[Language][key]
	if !ok {
		return key
	}
	if len(args) == 0 {
		return format
	}
	return fmt.Sprintf(format, args...)
}

// HasLabel reports whether the catalogue has a label for key.
func HasLabel(key string) bool {
	_, ok := labelCatalogues[Language][key]
	return ok
}

// LabelKeys returns every key of the catalogue, for tests.
func LabelKeys() []string {
	keys := make([]string, 0, len(frenchLabels))
	for k := range labelCatalogues[Language] {
		keys = append(keys, k)
	}
	return keys
}
