package http

import (
	"net/http"
	"strconv"
	"time"

	"github.com/ocpizza/ocpizza/edge"
)

// queryLimit reads ?limit= of a list: def when it is not given, EINVALID
// unless it is a whole number from 1 to max.
func queryLimit(r *http.Request, def, max int) (int, error) {
	v := r.URL.Query().Get("limit")
	if v == "" {
		return def, nil
	}
	limit, err := strconv.Atoi(v)
	if err != nil || limit < 1 || limit > max {
		return 0, edge.Invalid("limit", edge.MsgBadQuery, "limit")
	}
	return limit, nil
}

// parseDate reads a calendar date as 2006-01-02.
func parseDate(v string) (time.Time, error) {
	return time.Parse(time.DateOnly, v)
}
