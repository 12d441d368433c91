package handler_test

import (
	"net/http"
	"os"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/example/helpdesk/modules/tickets/api"
	"github.com/example/helpdesk/pkg/config"
	"github.com/example/helpdesk/pkg/httpapi"
)

// This file was written once by goplt and is yours: it walks the ticket
// entity through its routes over HTTP. Extend it as the handlers grow.

func TestTicketsSQLite(t *testing.T) {
	testTickets(t, start(t, testConfig(t)))
}

// TestTicketsPostgres runs the same scenario against PostgreSQL when
// DATABASE_URL is set.
func TestTicketsPostgres(t *testing.T) {
	dsn := os.Getenv("DATABASE_URL")
	if dsn == "" {
		t.Skip("DATABASE_URL not set; skipping the PostgreSQL variant (set it to a postgres:// URL to run)")
	}
	cfg := testConfig(t)
	cfg.Database.Driver = config.DriverPostgres
	cfg.Database.DSN = dsn
	a := start(t, cfg)
	// The database outlives test runs: start from an empty table.
	_, err := a.client.Ticket.Delete().Exec(t.Context())
	require.NoError(t, err)
	testTickets(t, a)
}

// testTickets walks a ticket through its life cycle.
func testTickets(t *testing.T, a *app) {
	writer, viewer := a.token(t, "writer"), a.token(t, "viewer")
	sample := `{"subject": "sample subject", "description": "sample description", "priority": "low", "customer_email": "sample customer_email", "estimate_hours": 0, "closed": true, "due_at": "2026-01-02T03:04:05Z"}`

	r := a.do(t, http.MethodPost, "/api/v1/tickets/tickets", writer, sample)
	require.Equal(t, 201, r.status, string(r.body))
	created := decode[api.Ticket](t, r)
	require.NotNil(t, created.ID)
	id := *created.ID
	_, err := a.client.Ticket.Get(t.Context(), int(id))
	require.NoError(t, err, "the ticket is in the database")

	r = a.do(t, http.MethodGet, "/api/v1/tickets/tickets/"+strconv.FormatInt(id, 10), viewer, "")
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	assert.Equal(t, created, decode[api.Ticket](t, r))
	requireError(t, a.do(t, http.MethodGet, "/api/v1/tickets/tickets/"+strconv.FormatInt(987654321, 10), viewer, ""), http.StatusNotFound, httpapi.CodeNotFound)

	r = a.do(t, http.MethodGet, "/api/v1/tickets/tickets", viewer, "")
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	list := decode[api.TicketList](t, r)
	assert.Equal(t, int64(1), list.Total)
	require.Len(t, list.Items, 1)
	assert.Equal(t, id, *list.Items[0].ID)

	r = a.do(t, http.MethodPatch, "/api/v1/tickets/tickets/"+strconv.FormatInt(id, 10), writer, sample)
	require.Equal(t, 200, r.status, string(r.body))

	// Authentication and authorization.
	requireError(t, a.do(t, http.MethodPost, "/api/v1/tickets/tickets", "", sample), http.StatusUnauthorized, httpapi.CodeUnauthorized)
	assert.Contains(t, requireError(t, a.do(t, http.MethodPost, "/api/v1/tickets/tickets", viewer, sample), http.StatusForbidden, httpapi.CodeForbidden),
		"tickets.ticket.create")

	// Validation names the missing field.
	assert.Contains(t, requireError(t, a.do(t, http.MethodPost, "/api/v1/tickets/tickets", writer, `{"description": "sample description", "priority": "low", "customer_email": "sample customer_email", "estimate_hours": 0, "closed": true, "due_at": "2026-01-02T03:04:05Z"}`), http.StatusBadRequest, httpapi.CodeBadRequest),
		"subject")

	r = a.do(t, http.MethodDelete, "/api/v1/tickets/tickets/"+strconv.FormatInt(id, 10), writer, "")
	require.Equal(t, http.StatusNoContent, r.status, string(r.body))
	n, err := a.client.Ticket.Query().Count(t.Context())
	require.NoError(t, err)
	assert.Zero(t, n)
}
