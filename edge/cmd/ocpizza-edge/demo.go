package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/ocpizza/ocpizza/edge"
	"github.com/ocpizza/ocpizza/syncproto"
	"github.com/ocpizza/ocpizza/syncproto/cmdline"
	"github.com/ocpizza/ocpizza/syncproto/passhash"
)

// demoStock is a Friday's opening stock of a pizzeria, in each
// ingredient's unit. Anchovies and tiramisu start low on purpose, so that
// the demo shows a low-stock alert and a pizza with few left.
var demoStock = map[string]int64{
	"pate": 120, "sauce-tomate": 12_000, "creme-fraiche": 3_000, "mozzarella": 15_000,
	"emmental": 2_000, "gorgonzola": 1_000, "chevre": 2_000, "reblochon": 1_800, "jambon": 3_000,
	"champignons": 3_000, "olives-noires": 800, "anchois": 60, "capres": 300, "origan": 150,
	"basilic": 200, "poivrons": 2_000, "oignons": 2_000, "tomates-cerises": 1_500, "merguez": 2_000,
	"lardons": 2_000, "pommes-de-terre": 3_000, "oeuf": 30, "miel": 500,
	"coca-cola-33cl": 48, "eau-minerale-50cl": 48, "orangina-33cl": 36, "biere-33cl": 36,
	"tiramisu": 4, "panna-cotta": 10, "fondant-chocolat": 10,
}

// demoPassword is the password of every demo account. The demo is for
// trying the system on one machine, never for a real pizzeria.
const demoPassword = "ocpizza-demo"

// demoAccounts gives one account per role.
var demoAccounts = []struct {
	username string
	role     edge.Role
}{
	{"caisse", edge.RoleOrderTaker},
	{"pizzaiolo", edge.RolePizzaiolo},
	{"livreur", edge.RoleDriver},
	{"gerant", edge.RoleManager},
	{"siege", edge.RoleHeadOffice},
	{"ops", edge.RoleOps},
}

// runDemoData loads the demo catalog, tops the stock up to the opening
// levels and creates the demo accounts. Running it again changes nothing
// that is already in place.
func runDemoData(ctx context.Context, args []string, _ io.Reader, stdout io.Writer) error {
	fs := program.FlagSet("demo-data", stdout)
	db := addDBFlags(fs)
	if _, err := db.parse(fs, args); err != nil {
		return err
	}
	store, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	log, _ := cmdline.NewLogger(*db.logLevel, *db.logFormat, os.Stderr)

	// The catalog that central also loads, so product ids match.
	if err := store.ImportCatalog(ctx, syncproto.DemoCatalog()); err != nil {
		return userError(err)
	}

	// Receipts that bring each ingredient up to its opening level.
	actor := &edge.User{Username: "demo-data", Role: edge.RoleManager}
	ingredients, err := store.FindIngredients(ctx)
	if err != nil {
		return err
	}
	for _, ing := range ingredients {
		if missing := demoStock[ing.ID] - ing.OnHand; missing > 0 {
			_, err := store.RecordMovement(ctx, actor, edge.MovementCreate{
				IngredientID: ing.ID, Kind: edge.MovementReceipt, Quantity: missing,
				Note: "stock de démonstration",
			})
			if err != nil {
				return fmt.Errorf("demo stock of %s: %w", ing.ID, err)
			}
		}
	}

	// One account per role; existing ones are left as they are.
	hash, err := passhash.Hash(demoPassword, passhash.Default)
	if err != nil {
		return err
	}
	existing, err := store.FindUsers(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Demo pizzeria %s ready. Accounts (password %q):\n", store.Pizzeria, demoPassword)
	for _, a := range demoAccounts {
		taken := slices.ContainsFunc(existing, func(u *edge.User) bool { return u.Username == a.username })
		if !taken {
			scope := store.Pizzeria
			if a.role.AllPizzerias() {
				scope = ""
			}
			_, err := store.CreateUser(ctx, edge.UserCreate{
				Username: a.username, Role: a.role, Pizzeria: scope, PasswordHash: hash,
			})
			if err != nil {
				return userError(err)
			}
		}
		fmt.Fprintf(stdout, "  %-10s %s\n", a.username, a.role)
	}
	log.Info("demo data loaded", "pizzeria", store.Pizzeria)
	return nil
}
