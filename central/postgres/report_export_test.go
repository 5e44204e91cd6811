package postgres

// SetReportUpkeep switches the ingest's upkeep of the report tables on or
// off, for a benchmark that measures its cost, and returns what undoes it.
func SetReportUpkeep(on bool) (restore func()) {
	was := reportUpkeep
	reportUpkeep = on
	return func() { reportUpkeep = was }
}

// SetAfterRecompute runs fn inside each report refresh, after its
// recomputation and before it clears its marks, and returns what undoes it.
func SetAfterRecompute(fn func(pizzeria string)) (restore func()) {
	was := afterRecompute
	afterRecompute = fn
	return func() { afterRecompute = was }
}
