module github.com/ocpizza/ocpizza/central

go 1.26.0
