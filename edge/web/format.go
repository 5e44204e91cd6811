package web

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ocpizza/ocpizza/edge"
)

// Kitchen age thresholds: a ticket turns amber after warnAfter and red,
// with the word "en retard", after lateAfter.
const (
	warnAfter = 10 * time.Minute
	lateAfter = 20 * time.Minute
)

// formatMoney writes cents as euros the French way: "1 234,50 €".
func formatMoney(cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	euros := strconv.FormatInt(cents/100, 10)
	var b strings.Builder
	for i, r := range euros {
		if i > 0 && (len(euros)-i)%3 == 0 {
			b.WriteRune('\u202f') // narrow no-break space between thousands
		}
		b.WriteRune(r)
	}
	return fmt.Sprintf("%s%s,%02d\u00a0€", sign, b.String(), cents%100)
}

// formatClock writes the Paris time of day of t, as 14:05.
func formatClock(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(edge.Paris).Format("15:04")
}

// formatDate writes a business date 2006-01-02 as 02/01/2006.
func formatDate(date string) string {
	t, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return date
	}
	return t.Format("02/01/2006")
}

// formatAge writes how long ago something happened: "à l'instant",
// "il y a 7 min", "il y a 1 h 05".
func formatAge(d time.Duration) string {
	switch {
	case d < time.Minute:
		return edge.Label("age.now")
	case d < time.Hour:
		return edge.Label("age.minutes", int(d/time.Minute))
	default:
		return edge.Label("age.hours", int(d/time.Hour), int(d%time.Hour/time.Minute))
	}
}

// ageClass is the colour class of a kitchen ticket of age d.
func ageClass(d time.Duration) string {
	switch {
	case d >= lateAfter:
		return "age-late"
	case d >= warnAfter:
		return "age-warn"
	default:
		return "age-ok"
	}
}

// formatSpan writes a duration in minutes and seconds: "6 min 30 s".
func formatSpan(d time.Duration) string {
	if d <= 0 {
		return "—"
	}
	d = d.Round(time.Second)
	return edge.Label("span", int(d/time.Minute), int(d%time.Minute/time.Second))
}
