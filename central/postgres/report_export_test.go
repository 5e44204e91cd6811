package postgres

// SetReportUpkeep switches the ingest's upkeep of the report tables on or
// off, for a benchmark that measures its cost, and returns what undoes it.
func SetReportUpkeep(on bool) (restore func()) {
	was := reportUpkeep
	reportUpkeep = on
	return func() { reportUpkeep = was }
}
