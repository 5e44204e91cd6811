// Package central is the domain of ocpizza-central, head office's service
// on PostgreSQL: the consolidated view of every pizzeria fed by their
// events, the catalog, staff and customer accounts, the customer website,
// dashboards and the sync console.
//
// It is empty for now: the edge comes first (issue 2), and central's
// ingest, schema and commands arrive with up-sync (issue 4). The module
// exists so that the workspace has its final shape from the start.
package central
