package http

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/ocpizza/ocpizza/central"
)

// The catalog API's optimistic concurrency: GET /api/v1/catalog answers
// the draft's revision as its ETag ("12"), and the changes of the draft
// (PUT /catalog, the entries' PUT and DELETE, POST /catalog/versions) take
// it back in If-Match. A change whose If-Match is no longer the draft's
// revision, because the draft changed since it was read, is refused with
// 409 and writes nothing; without If-Match, or with "*", nothing is
// checked.

// draftETag is the ETag of the draft at a revision.
func draftETag(revision int64) string {
	return `"` + strconv.FormatInt(revision, 10) + `"`
}

// draftIfMatch reads the If-Match header of a change of the draft as the
// draft revision it expects. One entity tag is accepted, as draftETag
// writes it; anything else is EBADREQUEST.
func draftIfMatch(r *http.Request) (central.CatalogExpected, error) {
	if len(r.Header.Values("If-Match")) > 1 {
		return central.CatalogExpected{}, central.Errorm(central.EBADREQUEST, central.MsgCatalogBadIfMatch)
	}
	tag := strings.TrimSpace(r.Header.Get("If-Match"))
	if tag == "" || tag == "*" {
		return central.CatalogExpected{}, nil
	}
	revision, err := strconv.ParseInt(strings.Trim(tag, `"`), 10, 64)
	if err != nil || tag != draftETag(revision) || revision < 1 {
		err := central.Errorm(central.EBADREQUEST, central.MsgCatalogBadIfMatch)
		return central.CatalogExpected{}, err
	}
	return central.CatalogExpected{Draft: revision}, nil
}

// decodeDraftChange reads a change of the draft: the revision its
// If-Match expects, then its JSON body into v.
func decodeDraftChange(r *http.Request, v any) (central.CatalogExpected, error) {
	expected, err := draftIfMatch(r)
	if err != nil {
		return expected, err
	}
	return expected, decodeJSON(r.Body, v)
}
