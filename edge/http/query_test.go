package http

import (
	"net/http/httptest"
	"testing"

	"github.com/ocpizza/ocpizza/edge"
)

func TestQueryLimit(t *testing.T) {
	cases := []struct {
		query string
		want  int // 0: refused
	}{
		{"", 500},
		{"?limit=", 500},
		{"?other=3", 500},
		{"?limit=1", 1},
		{"?limit=1000", 1000},
		{"?limit=0", 0},
		{"?limit=-1", 0},
		{"?limit=1001", 0},
		{"?limit=ten", 0},
		{"?limit=1e3", 0},
		{"?limit=99999999999999999999", 0},
	}
	for _, c := range cases {
		r := httptest.NewRequest("GET", "/api/v1/orders"+c.query, nil)
		got, err := queryLimit(r, 500, 1000)
		switch {
		case c.want == 0 && (edge.ErrorCode(err) != edge.EINVALID || edge.ErrorField(err) != "limit"):
			t.Errorf("%s: %d, %v; want invalid limit", c.query, got, err)
		case c.want != 0 && (err != nil || got != c.want):
			t.Errorf("%s: %d, %v; want %d", c.query, got, err, c.want)
		}
	}
}
