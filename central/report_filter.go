package central

import (
	"time"

	"github.com/ocpizza/ocpizza/syncproto"
)

// MaxReportDays bounds a report's range: ten years, far beyond the
// history central holds, so that a typo does not ask for a century.
const MaxReportDays = 3660

// MaxSalesDays bounds the range of the sales call, whose answer has a
// row per pizzeria and day.
const MaxSalesDays = 400

// ReportFilter selects the orders of a report: business dates From to To,
// both included (UTC midnights), at one pizzeria or at all for "".
type ReportFilter struct {
	From     time.Time
	To       time.Time
	Pizzeria string
}

// ParseReportFilter reads a filter from its text form: dates as
// 2006-01-02 and a pizzeria id or "". Returns EINVALID, naming the field.
func ParseReportFilter(from, to, pizzeria string, maxDays int) (ReportFilter, error) {
	var f ReportFilter
	var err error
	if f.From, err = parseDate("from", from); err != nil {
		return f, err
	}
	if f.To, err = parseDate("to", to); err != nil {
		return f, err
	}
	switch {
	case f.To.Before(f.From):
		return f, Invalid("to", MsgReportRangeReversed)
	case f.Days() > maxDays:
		return f, Invalid("to", MsgReportRangeTooLong, maxDays)
	case pizzeria != "" && !syncproto.ValidPizzeriaID(pizzeria):
		return f, Invalid("branch", MsgBadPizzeriaID)
	}
	f.Pizzeria = pizzeria
	return f, nil
}

func parseDate(field, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, Invalid(field, MsgRequired)
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil || d.Year() < 2000 || d.Year() > 2200 {
		return time.Time{}, Invalid(field, MsgReportBadDate, s)
	}
	return d, nil
}

// Days returns the number of days of the filter's range.
func (f ReportFilter) Days() int {
	return int(f.To.Sub(f.From).Hours()/24) + 1
}

// Previous returns the period of the same length that ends the day
// before this one starts, at the same pizzerias.
func (f ReportFilter) Previous() ReportFilter {
	n := f.Days()
	return ReportFilter{From: f.From.AddDate(0, 0, -n), To: f.From.AddDate(0, 0, -1),
		Pizzeria: f.Pizzeria}
}

// Scope limits a filter to what u may see: head office sees every
// pizzeria, a manager only their own (asked for by default); every other
// role is refused. Returns EFORBIDDEN.
func (f *ReportFilter) Scope(u *User) error {
	p, err := ReportScope(u, f.Pizzeria)
	f.Pizzeria = p
	return err
}

// ReportScope returns the pizzeria a user's report covers when they ask
// for pizzeria ("" for all), or EFORBIDDEN.
func ReportScope(u *User, pizzeria string) (string, error) {
	switch {
	case u == nil:
		return "", Errorm(EUNAUTHORIZED, MsgLoginRequired)
	case u.Role == RoleHeadOffice:
		return pizzeria, nil
	case u.Role != RoleManager:
		return "", Errorm(EFORBIDDEN, MsgReportRoles)
	case pizzeria == "" || pizzeria == u.PizzeriaID:
		return u.PizzeriaID, nil
	}
	return "", Errorm(EFORBIDDEN, MsgReportOtherPizzeria)
}

// Spans split a range for the summary tables: the whole years it covers
// [YearFrom, YearTo), the whole months [MonthFrom, MonthTo) around them,
// and the days at either end, [From, MonthFrom) and [MonthTo, To]. Each
// bound is a UTC midnight; an empty part has equal bounds, placed so that
// the parts around it stay contiguous.
type Spans struct {
	MonthFrom, MonthTo time.Time
	YearFrom, YearTo   time.Time
}

// Spans splits the filter's range into whole years, whole months and
// days: reports read each part from rows of its grain.
func (f ReportFilter) Spans() Spans {
	var s Spans
	end := f.To.AddDate(0, 0, 1)

	// Whole months: from the first first-of-month on or after From to the
	// last one on or before the day after To.
	s.MonthFrom = time.Date(f.From.Year(), f.From.Month(), 1, 0, 0, 0, 0, time.UTC)
	if s.MonthFrom.Before(f.From) {
		s.MonthFrom = s.MonthFrom.AddDate(0, 1, 0)
	}
	s.MonthTo = time.Date(end.Year(), end.Month(), 1, 0, 0, 0, 0, time.UTC)
	if !s.MonthTo.After(s.MonthFrom) {
		s.MonthFrom, s.MonthTo = end, end
	}

	// Whole years inside the whole months, the same way.
	s.YearFrom = time.Date(s.MonthFrom.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	if s.YearFrom.Before(s.MonthFrom) {
		s.YearFrom = s.YearFrom.AddDate(1, 0, 0)
	}
	s.YearTo = time.Date(s.MonthTo.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	if !s.YearTo.After(s.YearFrom) {
		s.YearFrom, s.YearTo = s.MonthTo, s.MonthTo
	}
	return s
}
