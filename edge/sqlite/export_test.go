package sqlite

// DSN exposes the connection string of the package's connections, so that
// the benchmark opens its plain database with the very same pragmas.
var DSN = dsn
