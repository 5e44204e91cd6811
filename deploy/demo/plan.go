package demo

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// plan lists what the demo sets up and runs, in order. This is the one
// place to change it: a setup step or a process is one entry.
//
// Each step is safe to run again: it checks first, or its command leaves
// what is in place as it is, so that a second `make demo` works.
func (s *Stack) plan() ([]Step, []Process) {
	central := s.bin("ocpizza-central")
	edge := s.bin("ocpizza-edge")
	paysim := s.bin("ocpizza-paysim")
	steps := []Step{
		{Name: "central schema", Args: []string{central, "migrate"}, Env: s.centralEnv()},
	}

	// Central knows every pizzeria, its catalog (published to them again
	// at each run), the head-office and ops accounts, and a customer.
	for _, p := range s.cfg.Pizzerias {
		steps = append(steps, Step{
			Name: "central pizzeria " + p.ID,
			Args: []string{central, "pizzeria", "add", p.ID, "--name", p.Name,
				"--postcodes", strings.Join(p.Postcodes, ",")},
			Env:          s.centralEnv(),
			UnlessListed: &Listing{Args: []string{central, "pizzeria", "list"}, Word: p.ID},
		})
	}
	steps = append(steps, Step{
		Name: "central demo catalog", Args: []string{central, "demo-data"}, Env: s.centralEnv(),
	})
	for _, u := range s.centralAccounts() {
		args := []string{central, "user", "add", u.username, "--role", u.role}
		if u.pizzeria != "" {
			args = append(args, "--pizzeria", u.pizzeria)
		}
		steps = append(steps, Step{
			Name:         "central account " + u.username,
			Args:         args,
			Env:          s.centralEnv(),
			Stdin:        Password + "\n",
			UnlessListed: &Listing{Args: []string{central, "user", "list"}, Word: u.username},
		})
	}

	steps = append(steps, Step{
		Name: "central customer " + DemoCustomer.Email,
		Args: []string{central, "customer", "add", DemoCustomer.Email,
			"--name", DemoCustomer.Name, "--phone", DemoCustomer.Phone},
		Env:          s.centralEnv(),
		Stdin:        Password + "\n",
		UnlessListed: &Listing{Args: []string{central, "customer", "list"}, Word: DemoCustomer.Email},
	})

	// Each pizzeria: catalog, stock topped up, one account per role.
	for i, p := range s.cfg.Pizzerias {
		steps = append(steps, Step{
			Name: "edge demo data " + p.ID, Args: []string{edge, "demo-data"}, Env: s.edgeEnv(i),
		})
	}

	// The services: the payment provider, then central, which calls it,
	// then the pizzerias, which find central at once.
	procs := []Process{{
		Name: "paysim", Args: []string{paysim, "serve"}, Env: s.paysimEnv(),
		Ready: s.PaysimURL() + "/healthz",
		Links: []Link{{"payment provider (simulator)", s.PaysimURL() + "/healthz"}},
	}, {
		Name: "central", Args: []string{central, "serve"}, Env: s.centralEnv(),
		Ready: s.CentralURL() + "/readyz",
		Links: []Link{
			{"customer website", s.CentralURL() + "/"},
			{"head-office dashboard (log in as siege)", s.CentralURL() + "/dashboard"},
			{"period reports (siege)", s.CentralURL() + "/reports"},
			{"catalog: prices, recipes, publish (siege)", s.CentralURL() + "/catalogue"},
			{"drivers' phone page (livreur.<pizzeria>)", s.CentralURL() + "/driver"},
			{"sync console (log in as ops or siege)", s.CentralURL() + "/console"},
			{"central API", s.CentralURL() + "/api/v1/openapi.yaml"},
			{"central metrics", s.CentralURL() + "/metrics"},
		},
	}}
	for i, p := range s.cfg.Pizzerias {
		procs = append(procs, Process{
			Name: "edge-" + p.ID, Args: []string{edge, "serve"}, Env: s.edgeEnv(i),
			Ready: s.EdgeURL(i) + "/readyz",
			Links: []Link{
				{"pizzeria " + p.ID + " (staff)", s.EdgeURL(i) + "/"},
				{"pizzeria " + p.ID + " API", s.EdgeURL(i) + "/api/v1/openapi.yaml"},
			},
		})
	}
	return steps, procs
}

// centralAccount is an account made on central; pizzeria is empty for
// the roles that see every pizzeria.
type centralAccount struct{ username, role, pizzeria string }

// centralAccounts are the accounts made on central: head office, ops, and
// a driver of each pizzeria for the drivers' phone page (synced down to
// that pizzeria too). The other staff accounts are made on each edge by
// its demo-data.
func (s *Stack) centralAccounts() []centralAccount {
	accounts := []centralAccount{{"siege", "head_office", ""}, {"ops", "ops", ""}}
	for _, p := range s.cfg.Pizzerias {
		accounts = append(accounts, centralAccount{DriverAccount(p.ID), "driver", p.ID})
	}
	return accounts
}

// DriverAccount is the central account of a pizzeria's demo driver.
func DriverAccount(pizzeria string) string { return "livreur." + pizzeria }

// DemoCustomer is the customer account made on central; its password is
// Password too.
var DemoCustomer = struct{ Email, Name, Phone string }{
	Email: "client@ocpizza.fr", Name: "Client Démo", Phone: "0611223344",
}

// EdgeAccounts are the accounts `ocpizza-edge demo-data` makes on every
// pizzeria, with their role.
var EdgeAccounts = [][2]string{
	{"caisse", "order_taker"}, {"pizzaiolo", "pizzaiolo"}, {"livreur", "driver"},
	{"gerant", "manager"}, {"siege", "head_office"}, {"ops", "ops"},
}

// centralEnv is the environment of every ocpizza-central command.
func (s *Stack) centralEnv() []string {
	env := []string{
		"OCPIZZA_DB=" + s.dbURL,
		"OCPIZZA_HTTP_ADDR=" + s.cfg.Host + ":" + strconv.Itoa(s.cfg.CentralPort),
		"OCPIZZA_NATS_URL=" + s.natsURL,
	}
	if s.nats != nil {
		env = append(env, "OCPIZZA_NATS_CREDS="+s.nats.seedFile("central"))
	}
	return append(env, s.paysimClientEnv()...)
}

// paysimEnv is the environment of ocpizza-paysim: its secrets, and
// central's webhook.
func (s *Stack) paysimEnv() []string {
	return []string{
		"OCPIZZA_PAYSIM_HTTP_ADDR=" + s.cfg.Host + ":" + strconv.Itoa(s.cfg.PaysimPort),
		"OCPIZZA_PAYSIM_WEBHOOK_URL=" + s.CentralURL() + "/api/v1/payments/webhook",
		"OCPIZZA_PAYSIM_API_KEY=" + s.paysim.apiKey,
		"OCPIZZA_PAYSIM_WEBHOOK_SECRET=" + s.paysim.webhookSecret,
	}
}

// paysimClientEnv is how central reaches the payment provider: its URL,
// its API key and the secret of its webhooks, and where its page sends
// customers back (deploy/central.env.example).
func (s *Stack) paysimClientEnv() []string {
	return []string{
		"OCPIZZA_PUBLIC_URL=" + s.CentralURL(),
		"OCPIZZA_PAYSIM_URL=" + s.PaysimURL(),
		"OCPIZZA_PAYSIM_API_KEY=" + s.paysim.apiKey,
		"OCPIZZA_PAYSIM_WEBHOOK_SECRET=" + s.paysim.webhookSecret,
	}
}

// edgeEnv is the environment of the i-th pizzeria's ocpizza-edge.
func (s *Stack) edgeEnv(i int) []string {
	id := s.cfg.Pizzerias[i].ID
	env := []string{
		"OCPIZZA_PIZZERIA=" + id,
		"OCPIZZA_DB=" + s.EdgeDB(i),
		"OCPIZZA_HTTP_ADDR=" + s.cfg.Host + ":" + strconv.Itoa(s.cfg.EdgePort+i),
		"OCPIZZA_NATS_URL=" + s.natsURL,
	}
	if s.nats != nil {
		env = append(env, "OCPIZZA_NATS_CREDS="+s.nats.seedFile(id))
	}
	return env
}

// EdgeDB is the SQLite file of the i-th pizzeria.
func (s *Stack) EdgeDB(i int) string { return s.path(s.cfg.Pizzerias[i].ID + ".db") }

// bin names a binary of the bin directory.
func (s *Stack) bin(name string) string { return filepath.Join(s.cfg.BinDir, name) }

// childEnv is the launcher's environment without any OCPIZZA_ variable,
// so that a shell's settings cannot point a demo process elsewhere, plus
// the process's own.
func (s *Stack) childEnv(own []string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "OCPIZZA_") {
			env = append(env, kv)
		}
	}
	return append(env, own...)
}
