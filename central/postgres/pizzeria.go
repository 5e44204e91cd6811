package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
)

// maxPizzeriaNameLen bounds a pizzeria's name, in characters.
const maxPizzeriaNameLen = 100

// validatePizzeria checks a new pizzeria and tidies it: the name without
// surrounding spaces, each postcode once.
func validatePizzeria(p *central.Pizzeria) error {
	p.Name = strings.TrimSpace(p.Name)
	switch {
	case !syncproto.ValidPizzeriaID(p.ID):
		return central.Invalid("id", central.MsgBadPizzeriaID)
	case p.Name == "":
		return central.Invalid("name", central.MsgRequired)
	case utf8.RuneCountInString(p.Name) > maxPizzeriaNameLen || !validText(p.Name):
		return central.Invalid("name", central.MsgTooLong, maxPizzeriaNameLen)
	}
	seen := map[string]bool{}
	postcodes := []string{}
	for _, pc := range p.Postcodes {
		if !validPostcode(pc) {
			return central.Invalid("postcodes", central.MsgBadPostcode, pc)
		}
		if !seen[pc] {
			seen[pc] = true
			postcodes = append(postcodes, pc)
		}
	}
	p.Postcodes = postcodes
	return nil
}

// validPostcode reports whether s is a French postcode: five digits.
func validPostcode(s string) bool {
	if len(s) != 5 {
		return false
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// CreatePizzeria implements central.AccountService. It sets the creation
// time.
func (db *DB) CreatePizzeria(ctx context.Context, p *central.Pizzeria) error {
	if err := validatePizzeria(p); err != nil {
		return err
	}
	now := db.Now().UTC()
	_, err := db.Pool.Exec(ctx, `
		INSERT INTO pizzerias (id, name, postcodes, created_at) VALUES ($1, $2, $3, $4)`,
		p.ID, p.Name, p.Postcodes, now)
	var pgErr *pgconn.PgError
	switch {
	case errors.As(err, &pgErr) && pgErr.Code == pgUniqueViolation:
		e := central.Errorm(central.ECONFLICT, central.MsgPizzeriaTaken, p.ID)
		e.Field = "id"
		return e
	case err != nil:
		return fmt.Errorf("create pizzeria: %w", err)
	}
	p.CreatedAt = now
	return nil
}

// FindPizzerias implements central.AccountService.
func (db *DB) FindPizzerias(ctx context.Context) ([]*central.Pizzeria, error) {
	rows, err := db.Pool.Query(ctx, `SELECT id, name, postcodes, created_at FROM pizzerias ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("find pizzerias: %w", err)
	}
	pizzerias, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*central.Pizzeria, error) {
		var p central.Pizzeria
		if err := row.Scan(&p.ID, &p.Name, &p.Postcodes, &p.CreatedAt); err != nil {
			return nil, err
		}
		p.CreatedAt = p.CreatedAt.UTC()
		return &p, nil
	})
	if err != nil {
		return nil, fmt.Errorf("find pizzerias: %w", err)
	}
	return pizzerias, nil
}
