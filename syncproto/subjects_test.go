package syncproto

import (
	"strings"
	"testing"
)

func TestSubjectNames(t *testing.T) {
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"up", UpSubject("paris-11"), "ocpizza.up.paris-11"},
		{"down", DownSubject("paris-11"), "ocpizza.down.paris-11"},
		{"hello", HelloSubject("paris-11"), "ocpizza.sync.paris-11.hello"},
		{"beat", BeatSubject("paris-11"), "ocpizza.sync.paris-11.beat"},
		{"inbox", InboxPrefix("paris-11"), "_INBOX_paris-11"},
		{"all up", UpSubjects, "ocpizza.up.*"},
		{"all down", DownSubjects, "ocpizza.down.*"},
		{"all hellos", HelloSubjects, "ocpizza.sync.*.hello"},
		{"all beats", BeatSubjects, "ocpizza.sync.*.beat"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

func TestPizzeriaOfSubjectRoundTrip(t *testing.T) {
	subjects := map[string]func(string) string{
		"up":    UpSubject,
		"down":  DownSubject,
		"hello": HelloSubject,
		"beat":  BeatSubject,
	}
	wildcards := map[string]string{
		"up":    UpSubjects,
		"down":  DownSubjects,
		"hello": HelloSubjects,
		"beat":  BeatSubjects,
	}
	for _, id := range []string{"paris-11", "lyon-2", "p2", "a-b-c", strings.Repeat("z", 32)} {
		for kind, subject := range subjects {
			s := subject(id)
			got, err := PizzeriaOfSubject(s)
			if err != nil || got != id {
				t.Errorf("PizzeriaOfSubject(%q) = %q, %v; want %q", s, got, err, id)
			}
			if !subjectMatches(wildcards[kind], s) {
				t.Errorf("%q does not match %q", s, wildcards[kind])
			}
		}
	}
}

func TestPizzeriaOfSubjectRefuses(t *testing.T) {
	for _, s := range []string{
		"",
		"ocpizza",
		"ocpizza.up",
		"ocpizza.up.",
		"ocpizza.up.*",
		"ocpizza.up.>",
		"ocpizza.up.Paris-11",
		"ocpizza.up.paris_11",
		"ocpizza.up.a",
		"ocpizza.up.-paris",
		"ocpizza.up.paris-11.x",
		"ocpizza.down.paris-11.x",
		"ocpizza.side.paris-11",
		"ocpizza.sync.paris-11",
		"ocpizza.sync.paris-11.hello.x",
		"ocpizza.sync.*.hello",
		"other.up.paris-11",
		"OCPIZZA.up.paris-11",
		"_INBOX_paris-11.x.y",
		"$JS.API.STREAM.INFO.OCPIZZA_UP",
	} {
		if id, err := PizzeriaOfSubject(s); err == nil {
			t.Errorf("PizzeriaOfSubject(%q) = %q, want an error", s, id)
		}
	}
}

// TestSubjectsAreDistinct checks that no subject of one pizzeria is also
// a subject of another, nor matched by a wildcard of another kind, so that
// permissions and streams built on them never overlap.
func TestSubjectsAreDistinct(t *testing.T) {
	ids := []string{"paris-11", "paris-1", "lyon-2"}
	seen := map[string]string{}
	for _, id := range ids {
		for _, s := range []string{UpSubject(id), DownSubject(id), HelloSubject(id), BeatSubject(id)} {
			if other, ok := seen[s]; ok {
				t.Errorf("%q is a subject of %s and %s", s, other, id)
			}
			seen[s] = id
			n := 0
			for _, w := range []string{UpSubjects, DownSubjects, HelloSubjects, BeatSubjects} {
				if subjectMatches(w, s) {
					n++
				}
			}
			if n != 1 {
				t.Errorf("%q matched by %d wildcards, want 1", s, n)
			}
		}
		if inbox := InboxPrefix(id) + ".x"; subjectMatches("_INBOX.>", inbox) {
			t.Errorf("inbox %q is inside central's _INBOX", inbox)
		}
	}
}

// subjectMatches reports whether the NATS subject s matches pattern, where
// * stands for one token and a final > for one or more.
func subjectMatches(pattern, s string) bool {
	p, t := strings.Split(pattern, "."), strings.Split(s, ".")
	for i, tok := range p {
		switch {
		case tok == ">" && i == len(p)-1:
			return len(t) > i
		case i >= len(t):
			return false
		case tok != "*" && tok != t[i]:
			return false
		}
	}
	return len(p) == len(t)
}

func TestSubjectMatches(t *testing.T) {
	tests := []struct {
		pattern, s string
		want       bool
	}{
		{"a.*", "a.b", true},
		{"a.*", "a.b.c", false},
		{"a.*", "a", false},
		{"a.>", "a.b.c", true},
		{"a.>", "a", false},
		{"a.b", "a.b", true},
		{"a.b", "a.c", false},
	}
	for _, tt := range tests {
		if got := subjectMatches(tt.pattern, tt.s); got != tt.want {
			t.Errorf("subjectMatches(%q, %q) = %v", tt.pattern, tt.s, got)
		}
	}
}
