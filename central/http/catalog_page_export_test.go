package http

// CatalogRoles are the roles the catalog pages and API are for.
var CatalogRoles = catalogRoles
