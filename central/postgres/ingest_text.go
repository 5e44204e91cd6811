package postgres

import (
	"strings"
	"unicode/utf8"
)

// maxIdentLen bounds the ids a pizzeria sends (event ids, epochs, product
// and ingredient ids, statuses): they go into indexes, whose entries
// PostgreSQL limits, and a value it refuses would fail the whole batch.
const maxIdentLen = 64

// validText reports whether PostgreSQL can store s in a text column: it
// refuses invalid UTF-8 and the NUL character.
func validText(s string) bool {
	return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0
}

// validIdent reports whether s is a non-empty id PostgreSQL can index.
func validIdent(s string) bool {
	return s != "" && len(s) <= maxIdentLen && validText(s)
}

// validUUID reports whether s is a UUID in its canonical text form, the
// form the edge writes. PostgreSQL would take others, but a value it
// refuses would fail the whole batch, so only this one goes through.
func validUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := range len(s) {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
				return false
			}
		}
	}
	return true
}

// clean makes s storable whatever it holds, for the text of dead letters:
// valid UTF-8, no NUL, at most limit bytes.
func clean(s string, limit int) string {
	s = strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "")
	if len(s) <= limit {
		return s
	}
	s = s[:limit]
	for !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s
}
