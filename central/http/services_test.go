package http_test

import (
	centralhttp "github.com/ocpizza/ocpizza/central/http"
	"github.com/ocpizza/ocpizza/central/postgres"
)

// services are the real PostgreSQL services of a test database.
func services(db *postgres.DB) centralhttp.Services {
	return centralhttp.Services{Sync: db, Accounts: db, Reports: db, Customers: db,
		Shop: db, Addresses: db, Catalog: db, Outbox: db, Drivers: db,
		WebOrders: db, Orders: db}
}
