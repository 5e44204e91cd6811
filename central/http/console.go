package http

import (
	"fmt"
	"math"
	"net/http"
	"strings"
	"time"

	"github.com/ocpizza/ocpizza/central"
)

// consoleRefreshSeconds is how often a browser without JavaScript reloads
// the console; with JavaScript, the live feed updates it instead.
const consoleRefreshSeconds = 10

// scriptLabels are the words the console's script needs to redraw the
// table from the live feed, given to it with the page.
var scriptLabels = []central.MessageKey{
	central.LabelOnline, central.LabelOffline, central.LabelNever, central.LabelNoEpoch,
	central.LabelEpochOne, central.LabelEpochCount, central.LabelRestoreWarning,
	central.LabelNoPizzerias, central.LabelLiveUpdates, central.LabelLiveLost,
	central.LabelUpdatedAt, central.MsgLoginRequired,
}

// consoleView is the data of the console page.
type consoleView struct {
	User           *central.User
	Rows           []branchRow
	UpdatedAt      string
	RefreshSeconds int
	Labels         map[string]string
}

// branchRow is one pizzeria as the console shows it, every value already
// in words.
type branchRow struct {
	ID, Name    string
	Online      bool
	State       string
	LastSeen    string
	LastSeenISO string
	Epoch       string
	EpochShort  string
	Epochs      string
	Restored    bool
	LastSeq     int64
	Backlog     int64
	Lag         string
	Gaps        int64
	DeadLetters int64
	Divergences int64
}

// handleConsole shows the sync console: one row per pizzeria, updated
// live by the script from the feed, and reloaded by the browser without it.
func (s *Server) handleConsole(w http.ResponseWriter, r *http.Request) {
	branches, err := s.branches.get(r.Context())
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	view := consoleView{
		User:           userFrom(r.Context()),
		UpdatedAt:      time.Now().In(paris).Format("15:04:05"),
		RefreshSeconds: consoleRefreshSeconds,
		Labels:         map[string]string{},
	}
	for _, b := range branches {
		view.Rows = append(view.Rows, newBranchRow(b))
	}
	for _, key := range scriptLabels {
		view.Labels[string(key)] = central.Message(key)
	}
	s.render(w, r, http.StatusOK, "console.html", view)
}

// newBranchRow puts a branch into words. The console's script does the
// same from the feed's JSON: the two must agree.
func newBranchRow(b *central.Branch) branchRow {
	row := branchRow{
		ID: b.ID, Name: b.Name, Online: b.Online,
		State: central.Message(central.LabelOffline),
		Epoch: b.Epoch, EpochShort: shortEpoch(b.Epoch), Epochs: epochCount(b.Epochs),
		Restored: b.Epochs > 1,
		LastSeq:  b.LastSeq, Backlog: b.Backlog, Lag: formatLag(b.LagSeconds),
		Gaps: b.Gaps, DeadLetters: b.DeadLetters, Divergences: b.Divergences,
		LastSeen: central.Message(central.LabelNever),
	}
	if b.Online {
		row.State = central.Message(central.LabelOnline)
	}
	if b.LastSeenAt != nil {
		row.LastSeen = parisTime(*b.LastSeenAt)
		row.LastSeenISO = b.LastSeenAt.UTC().Format(time.RFC3339)
	}
	return row
}

// shortEpoch keeps the last eight characters of an epoch id. Epochs are
// UUIDv7, whose first characters are a timestamp that two epochs made
// within a minute share; the last ones are random.
func shortEpoch(epoch string) string {
	switch {
	case epoch == "":
		return central.Message(central.LabelNoEpoch)
	case len(epoch) <= 8:
		return epoch
	}
	return "…" + epoch[len(epoch)-8:]
}

// epochCount says how many epochs central has seen of a pizzeria; nothing
// when it has seen none.
func epochCount(n int) string {
	switch {
	case n <= 0:
		return ""
	case n == 1:
		return central.Message(central.LabelEpochOne)
	}
	return central.Message(central.LabelEpochCount, n)
}

// formatLag writes a lag in seconds the French way: "0,4 s", "42 s",
// "3 min 05 s", "2 h 07 min".
func formatLag(seconds float64) string {
	switch {
	case seconds <= 0 || math.IsNaN(seconds):
		return "0 s"
	case seconds < 10:
		return strings.Replace(fmt.Sprintf("%.1f s", seconds), ".", ",", 1)
	case seconds < 60:
		return fmt.Sprintf("%d s", int(seconds))
	case seconds < 3600:
		s := int(seconds)
		return fmt.Sprintf("%d min %02d s", s/60, s%60)
	}
	m := int(seconds / 60)
	return fmt.Sprintf("%d h %02d min", m/60, m%60)
}
