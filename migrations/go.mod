module github.com/ocpizza/ocpizza/migrations

go 1.26.0
