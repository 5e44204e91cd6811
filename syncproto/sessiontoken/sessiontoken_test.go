package sessiontoken

import (
	"bytes"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestNew(t *testing.T) {
	token, hash := New()
	other, _ := New()
	if len(token) != 43 || token == other || strings.ContainsAny(token, "+/=") {
		t.Errorf("tokens %q and %q: want two different 43-character base64url strings", token, other)
	}
	if !bytes.Equal(hash, Hash(token)) || len(hash) != 32 || bytes.Equal(hash, Hash(other)) {
		t.Errorf("hash %x does not match its token", hash)
	}
}

func TestFromRequest(t *testing.T) {
	long := strings.Repeat("a", MaxLen+1)
	cases := []struct {
		name, authorization, cookie string
		want, wantCookieOnly        string
	}{
		{"bearer", "Bearer abc", "", "abc", ""},
		{"bearer wins over the cookie", "Bearer abc", "def", "abc", "def"},
		{"cookie", "", "def", "def", "def"},
		{"another scheme is no token", "Basic YWxhZGRpbg==", "def", "", "def"},
		{"bearer with spaces", "Bearer  abc ", "", "abc", ""},
		{"nothing", "", "", "", ""},
		{"bearer too long", "Bearer " + long, "", "", ""},
		{"cookie too long", "", long, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			if c.authorization != "" {
				r.Header.Set("Authorization", c.authorization)
			}
			if c.cookie != "" {
				r.Header.Set("Cookie", "session="+c.cookie)
			}
			if got := FromRequest(r, "session"); got != c.want {
				t.Errorf("FromRequest = %q, want %q", got, c.want)
			}
			if got := FromCookie(r, "session"); got != c.wantCookieOnly {
				t.Errorf("FromCookie = %q, want %q", got, c.wantCookieOnly)
			}
			if got := FromRequest(r, "other"); c.authorization == "" && got != "" {
				t.Errorf("another cookie's name read %q", got)
			}
		})
	}
}
