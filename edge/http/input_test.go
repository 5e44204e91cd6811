package http_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/ocpizza/ocpizza/edge"
	edgehttp "github.com/ocpizza/ocpizza/edge/http"
)

// badInput is one unacceptable request to a write route.
type badInput struct {
	name   string
	path   string // empty: the route's own path
	body   string
	status int
	code   string
	field  string // the field the error must name; empty: not checked

	// contentType replaces application/json; noContentType sends none.
	contentType string
}

const noContentType = "(none)"

// invalid is a readable body that the domain refuses, naming a field.
func invalid(name, body, field string) badInput {
	return badInput{name: name, body: body, status: 422, code: edge.EINVALID, field: field}
}

// unreadable is a body that does not decode into the request.
func unreadable(name, body, field string) badInput {
	return badInput{name: name, body: body, status: 400, code: edge.EBADREQUEST, field: field}
}

// notFound is a valid body sent to a path that names nothing.
func notFound(name, path, body string) badInput {
	return badInput{name: name, path: path, body: body, status: 404, code: edge.ENOTFOUND}
}

// unsupported is a valid body sent as another media type.
func unsupported(body, contentType string) badInput {
	return badInput{name: "sent as " + contentType, body: body, status: 415, code: edge.EMEDIATYPE,
		contentType: contentType}
}

// commonBadInput are the cases that every route with a JSON body shares,
// built around one of its valid bodies.
func commonBadInput(valid string) []badInput {
	tooLarge := func(name, body string) badInput {
		return badInput{name: name, body: body, status: 413, code: edge.ETOOLARGE}
	}
	return []badInput{
		unreadable("malformed JSON", `{"to": `, ""),
		unreadable("not an object", `[1, 2]`, ""),
		unreadable("empty body", ``, ""),
		unreadable("unknown field", strings.TrimSuffix(valid, "}")+`, "tip": 2}`, "tip"),
		unreadable("trailing garbage", valid+` {}`, ""),
		unreadable("trailing text", valid+`x`, ""),
		tooLarge("oversized body", `{"note":"`+strings.Repeat("a", edgehttp.MaxBodyBytes)+`"}`),
		tooLarge("oversized after the value", valid+strings.Repeat(" ", edgehttp.MaxBodyBytes)),
		unsupported(valid, noContentType),
		unsupported(valid, "text/plain"),
		unsupported(valid, "text/plain; charset=utf-8"),
		unsupported(valid, "application/x-www-form-urlencoded"),
		unsupported(valid, "multipart/form-data; boundary=x"),
		unsupported(valid, "application/jsonp"),
		unsupported(valid, "json"),
	}
}

// writeRoute is a route with a JSON body, one valid body of it, and the
// bodies it refuses besides the common ones.
type writeRoute struct {
	method, path, valid string
	as                  edge.Role // empty: no session
	cases               []badInput
}

// TestBadInput sends unacceptable bodies to every write route and checks
// that each gets its error and writes nothing.
func TestBadInput(t *testing.T) {
	env := newEnv(t)
	orderPath := "/api/v1/orders/" + env.createOrder(t, edge.FulfilmentDelivery).ID

	routes := []writeRoute{
		sessionBadInput(),
		orderBadInput(t),
		{"PATCH", orderPath, `{"address":"2 rue de Lappe"}`, manager, []badInput{
			invalid("nothing to change", `{}`, ""),
			invalid("no lines", `{"lines":[]}`, "lines"),
			invalid("unknown product", `{"lines":[{"product_id":"hawaienne","quantity":1}]}`,
				"lines[0].product_id"),
			invalid("zero quantity", `{"lines":[{"product_id":"reine","quantity":0}]}`, "lines[0].quantity"),
			invalid("negative quantity", `{"lines":[{"product_id":"reine","quantity":-1}]}`,
				"lines[0].quantity"),
			invalid("empty address of a delivery", `{"address":" "}`, "address"),
			invalid("address too long", `{"address":"`+strings.Repeat("r", 301)+`"}`, "address"),
			unreadable("wrong type", `{"address":12}`, "address"),
			notFound("unknown order", "/api/v1/orders/inconnue", `{"address":"2 rue de Lappe"}`),
			notFound("overlong order id", "/api/v1/orders/"+strings.Repeat("x", 65), `{"address":"2 rue"}`),
		}},
		{"POST", orderPath + "/transitions", `{"to":"preparing"}`, manager, []badInput{
			invalid("missing status", `{}`, "to"),
			invalid("unknown status", `{"to":"eaten"}`, "to"),
			invalid("rejected without reason", `{"to":"rejected"}`, "reason"),
			invalid("reason too long", `{"to":"cancelled","reason":"`+strings.Repeat("r", 201)+`"}`, "reason"),
			unreadable("wrong type", `{"to":3}`, "to"),
			notFound("unknown order", "/api/v1/orders/inconnue/transitions", `{"to":"preparing"}`),
		}},
		{"POST", orderPath + "/payment", `{"method":"cash"}`, manager, []badInput{
			invalid("missing method", `{}`, "method"),
			invalid("online", `{"method":"online"}`, "method"),
			invalid("unknown method", `{"method":"bitcoin"}`, "method"),
			unreadable("wrong type", `{"method":true}`, "method"),
			notFound("unknown order", "/api/v1/orders/inconnue/payment", `{"method":"cash"}`),
		}},
		movementBadInput(),
		{"PUT", "/api/v1/products/margherita/availability", `{"available":false}`, manager, []badInput{
			invalid("missing available", `{}`, "available"),
			invalid("null available", `{"available":null}`, "available"),
			unreadable("wrong type", `{"available":"non"}`, "available"),
			notFound("unknown product", "/api/v1/products/hawaienne/availability", `{"available":false}`),
		}},
	}

	for _, route := range routes {
		for _, c := range append(commonBadInput(route.valid), route.cases...) {
			t.Run(route.method+" "+route.path+"/"+c.name, func(t *testing.T) {
				path := route.path
				if c.path != "" {
					path = c.path
				}
				before := env.state(t)
				resp := env.send(t, route.method, path, c.body, func(r *http.Request) {
					if route.as != "" {
						r.Header.Set("Authorization", "Bearer "+env.Tokens[route.as])
					}
					switch c.contentType {
					case "":
					case noContentType:
						r.Header.Del("Content-Type")
					default:
						r.Header.Set("Content-Type", c.contentType)
					}
				})
				field := resp.wantError(t, c.status, c.code)
				if c.field != "" && field != c.field {
					t.Errorf("field %q, want %q", field, c.field)
				}
				env.wantUnchanged(t, before, c.name)
			})
		}
	}

	// The order the cases aimed at is as it was created.
	got := env.as(t, manager, "GET", orderPath, nil).order(t)
	if got.Status != edge.StatusAccepted || got.Version != 1 || got.PaymentStatus != edge.PaymentPending {
		t.Errorf("order after bad input: %s v%d %s, want untouched",
			got.Status, got.Version, got.PaymentStatus)
	}

	// Each valid body does go through, so the cases above were refused for
	// their fault alone. (The log-in's valid body has a wrong password.)
	for _, route := range routes[1:] {
		resp := env.do(t, env.Tokens[route.as], route.method, route.path, route.valid)
		if resp.Status >= 300 {
			t.Errorf("%s %s with a valid body: %d %s", route.method, route.path, resp.Status, resp.Body)
		}
	}
}

func sessionBadInput() writeRoute {
	return writeRoute{"POST", "/api/v1/sessions", `{"username":"manager","password":"x"}`, "", []badInput{
		invalid("missing username", `{"password":"secret123"}`, "username"),
		invalid("blank username", `{"username":"  ","password":"secret123"}`, "username"),
		invalid("missing password", `{"username":"manager"}`, "password"),
		invalid("password too long", `{"username":"manager","password":"`+strings.Repeat("p", 129)+`"}`,
			"password"),
		unreadable("wrong type", `{"username":"manager","password":12345678}`, "password"),
	}}
}

func orderBadInput(tb testing.TB) writeRoute {
	const (
		valid = `{"channel":"phone","fulfilment":"delivery","payment_method":"cash",` +
			`"customer":{"name":"M. Martin","phone":"0611223344","address":"1 rue de la Roquette"},` +
			`"lines":[{"product_id":"margherita","quantity":1,"note":""}]}`
		lines    = `[{"product_id":"margherita","quantity":1,"note":""}]`
		customer = `{"name":"M. Martin","phone":"0611223344","address":"1 rue de la Roquette"}`
		qty      = `"quantity":1`
	)
	with := func(replace, by string) string {
		if !strings.Contains(valid, replace) {
			tb.Fatalf("%q is not in the valid order", replace)
		}
		return strings.Replace(valid, replace, by, 1)
	}
	many := `[` + strings.Repeat(`{"product_id":"margherita","quantity":1},`, edge.MaxOrderLines) +
		`{"product_id":"margherita","quantity":1}]`

	return writeRoute{"POST", "/api/v1/orders", valid, manager, []badInput{
		invalid("missing channel", with(`"channel":"phone",`, ``), "channel"),
		invalid("web channel", with(`"phone",`, `"web",`), "channel"),
		invalid("missing fulfilment", with(`"fulfilment":"delivery",`, ``), "fulfilment"),
		invalid("online payment", with(`"cash"`, `"online"`), "payment_method"),
		invalid("missing customer", with(`,"customer":`+customer, ``), "customer.name"),
		invalid("missing customer name", with(`"name":"M. Martin",`, ``), "customer.name"),
		invalid("delivery without address", with(`,"address":"1 rue de la Roquette"`, ``), "customer.address"),
		invalid("bad phone", with(`0611223344`, `06-CALL-ME`), "customer.phone"),
		invalid("missing lines", with(`,"lines":`+lines, ``), "lines"),
		invalid("no lines", with(lines, `[]`), "lines"),
		invalid("too many lines", with(lines, many), "lines"),
		invalid("missing product", with(`"product_id":"margherita",`, ``), "lines[0].product_id"),
		invalid("unknown product", with(`"margherita"`, `"hawaienne"`), "lines[0].product_id"),
		invalid("missing quantity", with(qty+`,`, ``), "lines[0].quantity"),
		invalid("zero quantity", with(qty, `"quantity":0`), "lines[0].quantity"),
		invalid("negative quantity", with(qty, `"quantity":-2`), "lines[0].quantity"),
		invalid("quantity too large", with(qty, `"quantity":51`), "lines[0].quantity"),
		unreadable("fractional quantity", with(qty, `"quantity":1.5`), ""),
		unreadable("quantity as text", with(qty, `"quantity":"1"`), ""),
		unreadable("customer as text", with(customer, `"M. Martin"`), "customer"),
	}}
}

func movementBadInput() writeRoute {
	body := func(fields string) string { return `{"ingredient_id":"pate",` + fields + `}` }
	valid := body(`"kind":"receipt","quantity":5,"note":""`)
	return writeRoute{"POST", "/api/v1/stock/movements", valid, manager,
		[]badInput{
			invalid("missing ingredient", `{"kind":"receipt","quantity":5}`, "ingredient_id"),
			invalid("unknown ingredient", `{"ingredient_id":"ananas","kind":"receipt","quantity":5}`,
				"ingredient_id"),
			invalid("missing kind", body(`"quantity":5`), "kind"),
			invalid("consumption by hand", body(`"kind":"consumption","quantity":5`), "kind"),
			invalid("missing quantity", body(`"kind":"receipt"`), "quantity"),
			invalid("zero quantity", body(`"kind":"adjustment","quantity":0`), "quantity"),
			invalid("negative receipt", body(`"kind":"receipt","quantity":-5`), "quantity"),
			invalid("negative waste", body(`"kind":"waste","quantity":-5`), "quantity"),
			invalid("quantity too large", body(`"kind":"receipt","quantity":10000001`), "quantity"),
			unreadable("quantity overflows", body(`"kind":"receipt","quantity":99999999999999999999`),
				"quantity"),
			unreadable("wrong type", body(`"kind":"receipt","quantity":"5"`), "quantity"),
			{name: "waste below zero", body: body(fmt.Sprintf(`"kind":"waste","quantity":%d`, 2*ampleStock)),
				status: 409, code: edge.ECONFLICT},
		}}
}
