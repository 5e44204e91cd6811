package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/ocpizza/ocpizza/syncproto"
)

// errRolledBack is what EnqueueAndRollBack's transaction fails with.
var errRolledBack = errors.New("rolled back on purpose")

// EnqueueAndRollBack enqueues a command for pizzeria and then fails, as a
// cause that fails after its command took a position does.
func (db *DB) EnqueueAndRollBack(ctx context.Context, pizzeria string) error {
	err := pgx.BeginFunc(ctx, db.Pool, func(tx pgx.Tx) error {
		_, err := enqueue(ctx, tx, pizzeria, syncproto.CommandStaffAccount, db.Now(),
			syncproto.StaffAccount{Username: "ghost", Role: "driver", Pizzeria: pizzeria,
				PasswordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$a2V5"})
		if err != nil {
			return err
		}
		return errRolledBack
	})
	if errors.Is(err, errRolledBack) {
		return nil
	}
	return err
}
