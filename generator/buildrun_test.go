package generator_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/goplt/goplt/generator/model"
	"github.com/goplt/goplt/generator/spec"
)

// TestBuildAndRun generates every example, builds and lints it, runs its own
// tests, then starts the platform on SQLite and calls it over real HTTP the
// way a user would. It compiles a whole platform (minutes when the build
// cache is cold), so -short skips it; make test and CI never do.
func TestBuildAndRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs generated projects; skipped with -short")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("needs the go tool")
	}
	for _, name := range examples(t) {
		t.Run(name, func(t *testing.T) {
			dir := initExample(t, name)
			p, err := spec.LoadProject(filepath.Join(dir, "goplt.yaml"))
			require.NoError(t, err)
			prefix := model.New(p).EnvPrefix()
			env := []string{prefix + "_HTTP_ADDR=" + freeAddr(t)}
			if p.Database == spec.Postgres {
				dsn := os.Getenv("DATABASE_URL")
				if dsn == "" {
					t.Skip("example runs on PostgreSQL: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable)")
				}
				env = append(env, prefix+"_DATABASE_DSN="+dsn)
			}

			// goplt writes go.mod and go.sum the way go mod tidy would
			// (feature and module requirements merged by structured
			// edits), so the generated CI's tidy check passes untouched.
			goCmd(t, dir, "mod", "tidy", "-diff")
			goCmd(t, dir, "build", "./...")
			goCmd(t, dir, "test", "-count=1", "./...")
			specs, err := spec.Load(dir)
			require.NoError(t, err)
			if len(specs.Modules) == 0 {
				lint(t, dir, "./...")
			} else {
				// go.mod's replace directives wire the modules; an editor's
				// go.work over the same directories must build too.
				args := []string{"work", "init", "."}
				patterns := []string{"./..."}
				for _, m := range specs.Modules {
					args = append(args, "./modules/"+m.Name)
					patterns = append(patterns, "./modules/"+m.Name+"/...")
				}
				goCmd(t, dir, args...)
				goCmd(t, dir, "build", "./...")
				// One golangci-lint run over the workspace lints the root
				// and every module (make lint runs one per module): each
				// run loads every dependency from source, once here
				// instead of once per module.
				lint(t, dir, patterns...)
				require.NoError(t, os.Remove(filepath.Join(dir, "go.work")))
				require.NoError(t, os.RemoveAll(filepath.Join(dir, "go.work.sum"))) // there when go work added sums
			}
			for _, m := range specs.Modules {
				// Each module is its own Go module: check and test it there.
				modDir := filepath.Join(dir, "modules", m.Name)
				goCmd(t, modDir, "mod", "tidy", "-diff")
				goCmd(t, modDir, "test", "-count=1", "./...")
			}
			bin := filepath.Join(t.TempDir(), "bin")
			if len(p.Plugins) > 0 {
				// The core loads plugins/*.so at start (plugins.enabled is
				// on), which only works when core and plugins come from the
				// same build flags: build both the way the Makefile does.
				makeCmd(t, dir, "build", "plugins", "BIN="+bin)
			} else {
				goCmd(t, dir, "build", "-o", bin+"/", "./cmd/platform", "./cmd/platformctl")
			}

			srv, logs := startPlatform(t, dir, filepath.Join(bin, "platform"), env)
			addr := strings.TrimPrefix(env[0], prefix+"_HTTP_ADDR=")
			base := "http://" + addr
			waitHealthy(t, base)

			expectStatus(t, base+"/healthz", "", http.StatusOK)
			expectStatus(t, base+"/ready", "", http.StatusOK)
			expectStatus(t, base+"/api/v1/me", "", http.StatusUnauthorized)
			expectStatus(t, base+"/api/v1/me", "Bearer not-a-token", http.StatusUnauthorized)

			admin := mintToken(t, dir, filepath.Join(bin, "platformctl"), "alice", "admin")
			viewer := mintToken(t, dir, filepath.Join(bin, "platformctl"), "bob", "viewer")
			body := expectStatus(t, base+"/api/v1/me", "Bearer "+admin, http.StatusOK)
			require.Contains(t, body, `"alice"`)
			expectStatus(t, base+"/api/v1/system/health", "Bearer "+viewer, http.StatusForbidden)
			expectStatus(t, base+"/api/v1/system/health", "Bearer "+admin, http.StatusOK)
			expectStatus(t, base+"/api/v1/system/routes", "Bearer "+viewer, http.StatusOK)
			expectStatus(t, base+"/api/v1/no-such-route", "", http.StatusNotFound)

			// Registered JWT claims must have their registered types: a
			// token signed with the development secret is accepted with a
			// numeric exp and refused with the same exp as a string.
			now := time.Now()
			expectStatus(t, base+"/api/v1/me", "Bearer "+devToken(t, dir, map[string]any{"exp": now.Add(time.Hour).Unix()}), http.StatusOK)
			expectStatus(t, base+"/api/v1/me", "Bearer "+devToken(t, dir, map[string]any{"exp": strconv.FormatInt(now.Add(time.Hour).Unix(), 10)}), http.StatusUnauthorized)
			expectStatus(t, base+"/api/v1/me", "Bearer "+devToken(t, dir, map[string]any{"exp": now.Add(time.Hour).Unix(), "iat": strconv.FormatInt(now.Unix(), 10)}), http.StatusUnauthorized)

			metrics := expectStatus(t, base+"/metrics", "", http.StatusOK)
			require.Contains(t, metrics, `http_requests_total{method="GET",route="/api/v1/system/health",status="403"} 1`)

			proj := model.New(specs.Project, specs.Modules...)
			var kept []kept
			for _, m := range proj.Modules {
				for _, e := range m.Entities {
					if k, ok := exerciseEntity(t, base, e, admin, viewer); ok {
						kept = append(kept, k)
					}
				}
			}

			// Then every route of every module, CRUD or custom, the way a
			// client reading api/openapi.yaml would call it.
			declared := declaredStatuses(t, dir)
			for _, m := range proj.Modules {
				for _, r := range m.Routes {
					callRoute(t, base, r, admin, declared)
				}
			}

			if proj.Features.Tenancy {
				// Another tenant's token sees none of tenant-1's rows.
				other := mintTokenIn(t, dir, filepath.Join(bin, "platformctl"), "carol", "admin", "tenant-2")
				// A token without a tenant claim cannot pick tenant-1 with
				// the header: no one may choose a tenant by default.
				platformUser := mintTokenIn(t, dir, filepath.Join(bin, "platformctl"), "dave", "admin", "")
				for _, k := range kept {
					if k.tenantScoped {
						expectStatus(t, base+k.path, "Bearer "+other, http.StatusNotFound)
						assert.Contains(t, sendWith(t, http.MethodGet, base+k.path, platformUser, "", http.StatusForbidden, "X-Tenant-ID", "tenant-1"), "forbidden")
					}
				}
			}
			if proj.Features.Audit {
				// Every mutation above is in the append-only audit log.
				cmd := exec.Command(filepath.Join(bin, "platformctl"), "audit", "tail", "--n", "500")
				cmd.Dir = dir
				cmd.Env = append(os.Environ(), env...)
				out, err := cmd.CombinedOutput()
				require.NoError(t, err, "platformctl audit tail: %s", out)
				for _, k := range kept {
					if k.createPermission != "" {
						assert.Contains(t, string(out), `"action":"`+k.createPermission+`"`)
					}
				}
				if proj.Features.Tenancy && len(kept) > 0 {
					assert.Contains(t, string(out), `"tenant_id":"tenant-1"`)
				}
			}

			stop(t, srv)
			checkDevelopmentLog(t, logs.String(), addr)
			if proj.Features.Events {
				checkBrokerDown(t, dir, filepath.Join(bin, "platform"), env, prefix, proj, admin)
			}
			if name == "blog" {
				// One example is enough: every project's perf script is
				// the same but for its target route.
				runPerfScript(t, dir)
			}
			if len(kept) == 0 {
				return
			}
			// What was written survives a restart: it is in the database.
			srv, _ = startPlatform(t, dir, filepath.Join(bin, "platform"), env)
			waitHealthy(t, base)
			for _, k := range kept {
				assert.JSONEq(t, k.body, expectStatus(t, base+k.path, "Bearer "+admin, http.StatusOK), "GET %s after restart", k.path)
			}
			stop(t, srv)
		})
	}
}

// runPerfScript runs the project's perf/wrk.sh (make perf) for one short
// round and checks it reports a ratio; without wrk it logs why it did not.
func runPerfScript(t *testing.T, dir string) {
	t.Helper()
	if _, err := exec.LookPath("wrk"); err != nil {
		t.Log("perf/wrk.sh not run: wrk is not installed (apt-get install wrk)")
		return
	}
	cmd := exec.Command("bash", "perf/wrk.sh", "1s", "4", "1")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "perf/wrk.sh:\n%s", out)
	require.Regexp(t, `median of 1 rounds: platform \d+ req/s, p99 [0-9.]+ ms; bare Gin \d+ req/s: \d+% of bare Gin`, string(out))
}

// stop sends SIGTERM and expects a clean exit within 20 s.
func stop(t *testing.T, srv *exec.Cmd) {
	t.Helper()
	require.NoError(t, srv.Process.Signal(syscall.SIGTERM))
	done := make(chan error, 1)
	go func() { done <- srv.Wait() }()
	select {
	case err := <-done:
		require.NoError(t, err, "platform should exit 0 on SIGTERM")
	case <-time.After(20 * time.Second):
		err := srv.Process.Kill()
		t.Fatalf("platform did not stop within 20s of SIGTERM (kill: %v)", err)
	}
}

// checkBrokerDown restarts the platform with Kafka at a closed port and a
// drain delay: creating an entity stores its event, whose delivery fails
// within events.relay.publish_timeout, is counted and logged with its
// cause. On SIGTERM /ready answers 503 at once, a request in flight (its
// client still sending the body) finishes, and the process exits 0 within
// http.shutdown_timeout although the brokers never answered.
func checkBrokerDown(t *testing.T, dir, bin string, env []string, prefix string, proj *model.Project, admin string) {
	t.Helper()
	var e *model.Entity
	for _, m := range proj.Modules {
		for _, en := range m.Entities {
			if e == nil && en.CRUDRoute(model.CRUDCreate) != nil {
				e = en
			}
		}
	}
	if e == nil {
		t.Log("broker-down check skipped: no entity with a create route publishes an event")
		return
	}
	create := e.CRUDRoute(model.CRUDCreate)
	const drainDelay, grace = 3 * time.Second, 20 * time.Second
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	closed := l.Addr().String()
	require.NoError(t, l.Close())
	srv, logs := startPlatform(t, dir, bin, append(slices.Clone(env),
		prefix+"_EVENTS_KAFKA_BROKERS="+closed,
		prefix+"_EVENTS_RELAY_PUBLISH_TIMEOUT=1500ms",
		prefix+"_HTTP_DRAIN_DELAY="+drainDelay.String(),
		prefix+"_HTTP_SHUTDOWN_TIMEOUT="+grace.String(),
	))
	base := "http://" + strings.TrimPrefix(env[0], prefix+"_HTTP_ADDR=")
	waitHealthy(t, base)

	send(t, http.MethodPost, base+create.GinPath(), admin, e.SampleJSON(), create.SuccessStatus())
	counter := regexp.MustCompile(`(?m)^events_relay_publish_failures_total (\S+)$`)
	failures := func() float64 {
		m := counter.FindStringSubmatch(expectStatus(t, base+"/metrics", "", http.StatusOK))
		require.NotNil(t, m, "/metrics has events_relay_publish_failures_total")
		n, err := strconv.ParseFloat(m[1], 64)
		require.NoError(t, err)
		return n
	}
	deadline := time.Now().Add(30 * time.Second)
	for failures() == 0 {
		require.True(t, time.Now().Before(deadline), "no failed delivery counted within 30s")
		time.Sleep(100 * time.Millisecond)
	}

	// A client that sends its body slowly keeps a request in flight.
	body := e.SampleJSON()
	bodyR, bodyW := io.Pipe()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, base+create.GinPath(), bodyR)
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+admin)
	// Its own connection: the probes below must not queue behind it.
	slow := &http.Client{Transport: &http.Transport{}}
	answered := make(chan *http.Response, 1)
	go func() {
		defer close(answered)
		if resp, err := slow.Do(req); err == nil {
			answered <- resp
		}
	}()
	_, err = bodyW.Write([]byte(body[:len(body)/2]))
	require.NoError(t, err)

	stopping := time.Now()
	require.NoError(t, srv.Process.Signal(syscall.SIGTERM))
	probe := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: time.Second}
	for ready := 0; ready != http.StatusServiceUnavailable; {
		require.Less(t, time.Since(stopping), drainDelay, "/ready should answer 503 while the listener still accepts")
		if resp, err := probe.Get(base + "/ready"); err == nil {
			ready = resp.StatusCode
			require.NoError(t, resp.Body.Close())
		}
		time.Sleep(20 * time.Millisecond)
	}
	_, err = bodyW.Write([]byte(body[len(body)/2:]))
	require.NoError(t, err)
	require.NoError(t, bodyW.Close())
	resp, ok := <-answered
	require.True(t, ok, "the request in flight at SIGTERM is answered")
	out, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	assert.Equal(t, create.SuccessStatus(), resp.StatusCode, "%s", out)

	exited := make(chan error, 1)
	go func() { exited <- srv.Wait() }()
	select {
	case err := <-exited:
		require.NoError(t, err, "platform should exit 0 on SIGTERM with the brokers down")
	case <-time.After(grace):
		t.Fatalf("platform did not stop within http.shutdown_timeout (%s) of SIGTERM with the brokers down", grace)
	}
	assert.Contains(t, logs.String(), "event delivery failed, retrying")
	assert.Contains(t, logs.String(), "connection refused", "the log names the cause")
}

// kept is a row left in the database, to read back after a restart.
type kept struct {
	path, body       string
	createPermission string // the permission of the route that created it
	tenantScoped     bool
}

// exerciseEntity drives an entity's CRUD routes over HTTP the way a client
// would: create, read, list, replace, the refusals (401, 403, 400 naming
// the field, 404), and delete. It leaves one row behind, returned as kept.
func exerciseEntity(t *testing.T, base string, e *model.Entity, admin, viewer string) (kept, bool) {
	t.Helper()
	create := e.CRUDRoute(model.CRUDCreate)
	get := e.CRUDRoute(model.CRUDGet)
	if create == nil || get == nil {
		return kept{}, false
	}
	coll := base + create.GinPath()
	body, header := sendFull(t, http.MethodPost, coll, admin, e.SampleJSON(), create.SuccessStatus())
	var created struct {
		ID int64 `json:"id"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &created), body)
	item := func(id string) string { return strings.Replace(get.GinPath(), ":id", id, 1) }
	itemOf := func(id int64) string { return item(strconv.FormatInt(id, 10)) }

	// 201 says where the new row is, and a GET there reads it back.
	require.Equal(t, itemOf(created.ID), header.Get("Location"), "POST %s: Location", create.Path)
	assert.JSONEq(t, body, expectStatus(t, base+header.Get("Location"), "Bearer "+admin, http.StatusOK))
	if fields := e.UniqueFields(); len(fields) > 0 {
		// The same unique values again: 409 naming the field.
		got := send(t, http.MethodPost, coll, admin, e.SampleJSON(), http.StatusConflict)
		assert.Contains(t, got, `"code":"conflict"`)
		named := false
		for _, f := range fields {
			named = named || strings.Contains(got, `\"`+f.JSONName()+`\" must be unique`)
		}
		assert.True(t, named, "409 names the unique field: %s", got)
	}
	// A malformed id is told in the client's terms, with or without a body
	// to validate first.
	for _, r := range []*model.Route{get, e.CRUDRoute(model.CRUDUpdate)} {
		if r == nil {
			continue
		}
		var body string
		if r.Request != nil {
			body = e.SampleJSON()
		}
		got := send(t, r.Method, base+item("abc"), admin, body, http.StatusBadRequest)
		assert.Contains(t, got, `parameter \"id\" must be an integer`, "%s %s", r.Method, r.Path)
		assert.NotContains(t, got, "strconv", "%s %s: Go internals in the message", r.Method, r.Path)
	}
	// A method the path does not serve is 405 with Allow listing those it
	// does.
	allowed, wrong := methodsOf(e.Module(), get.Path)
	got, header := sendFull(t, wrong, base+itemOf(created.ID), admin, "", http.StatusMethodNotAllowed)
	assert.Contains(t, got, `"code":"method_not_allowed"`)
	assert.ElementsMatch(t, allowed, strings.Split(header.Get("Allow"), ", "), "%s %s: Allow", wrong, get.Path)
	if list := e.CRUDRoute(model.CRUDList); list != nil {
		assert.Contains(t, expectStatus(t, base+list.GinPath(), "Bearer "+admin, http.StatusOK), fmt.Sprintf(`"id":%d`, created.ID))
	}
	if !create.Public {
		send(t, http.MethodPost, coll, "", e.SampleJSON(), http.StatusUnauthorized)
		assert.Contains(t, send(t, http.MethodPost, coll, viewer, e.SampleJSON(), http.StatusForbidden), create.Permission.Value)
	}
	if f := e.FirstRequired(); f != nil {
		assert.Contains(t, send(t, http.MethodPost, coll, admin, e.SampleJSONWithout(f), http.StatusBadRequest), f.Name)
	}
	// The body decoded is the body validated: exact keys, one value, and
	// no more than http.max_body_bytes (1 MiB by default) of it.
	sample := e.SampleJSON()
	first := e.Fields[0].Name
	otherCase := strings.ToUpper(first[:1]) + first[1:]
	assert.Contains(t, send(t, http.MethodPost, coll, admin, `{"`+otherCase+`": "x", `+sample[1:], http.StatusBadRequest), otherCase)
	assert.Contains(t, send(t, http.MethodPost, coll, admin, sample+` {}`, http.StatusBadRequest), "after")
	assert.Contains(t, send(t, http.MethodPost, coll, admin, `{"`+first+`": null, `+sample[1:], http.StatusBadRequest), "more than once")
	tooLarge := `{"` + first + `": "` + strings.Repeat("x", 1<<20) + `"}`
	assert.Contains(t, send(t, http.MethodPost, coll, admin, tooLarge, http.StatusRequestEntityTooLarge), "payload_too_large")
	expectStatus(t, base+itemOf(987654321), "Bearer "+admin, http.StatusNotFound)
	if u := e.CRUDRoute(model.CRUDUpdate); u != nil {
		send(t, http.MethodPut, base+itemOf(created.ID), admin, e.SampleJSON(), u.SuccessStatus())
	}
	if del := e.CRUDRoute(model.CRUDDelete); del != nil {
		send(t, http.MethodDelete, base+itemOf(created.ID), admin, "", http.StatusNoContent)
		expectStatus(t, base+itemOf(created.ID), "Bearer "+admin, http.StatusNotFound)
		body = send(t, http.MethodPost, coll, admin, e.SampleJSON(), create.SuccessStatus())
		require.NoError(t, json.Unmarshal([]byte(body), &created), body)
	}
	k := kept{
		path:         itemOf(created.ID),
		body:         expectStatus(t, base+itemOf(created.ID), "Bearer "+admin, http.StatusOK),
		tenantScoped: e.TenantScoped,
	}
	if create.Permission != nil {
		k.createPermission = create.Permission.Value
	}
	return k, true
}

// methodsOf returns the methods m serves on path and one it does not.
func methodsOf(m *model.Module, path string) (allowed []string, wrong string) {
	for _, r := range m.Routes {
		if r.Path == path {
			allowed = append(allowed, r.Method)
		}
	}
	for _, method := range []string{http.MethodPatch, http.MethodPost, http.MethodPut, http.MethodDelete} {
		if !slices.Contains(allowed, method) {
			return allowed, method
		}
	}
	return allowed, http.MethodOptions
}

// missingID is a row id no example creates: routes on an item answer 404
// for it, and the sweep of callRoute changes no row exerciseEntity keeps.
const missingID = "987654321"

// callRoute calls one route as a client would: with a valid token (none
// for a public route), a sample body when it takes one, and path
// parameters filled in. A custom route answers 501 from goplt's stub
// until the user writes it, create and list succeed, and an item route
// answers 404 for an id that does not exist. Whatever it answers must be
// a status the operation declares in api/openapi.yaml. A route needing a
// permission refuses a caller without a token with 401.
func callRoute(t *testing.T, base string, r *model.Route, admin string, declared map[string][]int) {
	t.Helper()
	if e := r.Entity(); r.CRUD() == model.CRUDCreate && e.CRUDRoute(model.CRUDGet) != nil {
		return // exerciseEntity created rows through it; another could break a unique field
	}
	url := base + r.GinPath()
	for _, p := range r.PathParams() {
		v := "x-" + p
		if model.IsIDParam(p) {
			v = missingID
		}
		url = strings.Replace(url, ":"+p, v, 1)
	}
	var body string
	if r.Request != nil {
		body = r.Request.SampleJSON()
		if r.RequestList {
			body = "[" + body + "]"
		}
	}
	var want int
	switch r.CRUD() {
	case "":
		want = http.StatusNotImplemented
	case model.CRUDCreate, model.CRUDList:
		want = r.SuccessStatus()
	default:
		want = http.StatusNotFound
	}
	op := strings.ToLower(r.Method) + " " + r.OpenAPIPath()
	assert.Contains(t, declared[op], want, "%s: answers %d, which api/openapi.yaml does not declare", op, want)
	token := admin
	if r.Public {
		token = ""
	}
	got := send(t, r.Method, url, token, body, want)
	if want == http.StatusNotImplemented {
		assert.Contains(t, got, `"code":"not_implemented"`)
		assert.Contains(t, got, r.OperationID()+": not implemented")
	}
	if !r.Public {
		assert.Contains(t, declared[op], http.StatusUnauthorized, op)
		send(t, r.Method, url, "", body, http.StatusUnauthorized)
	}
}

// declaredStatuses reads the project's api/openapi.yaml: the statuses
// each operation ("get /api/v1/blog/posts/{id}") declares.
func declaredStatuses(t *testing.T, dir string) map[string][]int {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "api", "openapi.yaml"))
	require.NoError(t, err)
	var doc struct {
		Paths map[string]map[string]struct {
			Responses map[string]any `yaml:"responses"`
		} `yaml:"paths"`
	}
	require.NoError(t, yaml.Unmarshal(data, &doc))
	out := map[string][]int{}
	for path, ops := range doc.Paths {
		for method, op := range ops {
			for code := range op.Responses {
				n, err := strconv.Atoi(code)
				require.NoError(t, err, "%s %s: response %q", method, path, code)
				out[method+" "+path] = append(out[method+" "+path], n)
			}
		}
	}
	return out
}

// send makes a request with an optional token and JSON body, checks the
// status and returns the body.
func send(t *testing.T, method, url, token, body string, want int) string {
	t.Helper()
	return sendWith(t, method, url, token, body, want)
}

// sendWith is send with extra headers, given as name, value pairs.
func sendWith(t *testing.T, method, url, token, body string, want int, headers ...string) string {
	t.Helper()
	out, _ := sendFull(t, method, url, token, body, want, headers...)
	return out
}

// sendFull is sendWith also returning the response's headers.
func sendFull(t *testing.T, method, url, token, body string, want int, headers ...string) (string, http.Header) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, url, strings.NewReader(body))
	require.NoError(t, err)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	out, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	require.Equal(t, want, resp.StatusCode, "%s %s: %s", method, url, out)
	return string(out), resp.Header
}

// golangciLint is the linter goplt's Makefile and the generated Makefile
// (which the generated CI runs) pin.
const golangciLint = "github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v2.15.0"

var (
	lintOnce sync.Once
	lintBin  string
	lintErr  error
)

// lint runs golangci-lint over the packages in dir with the default
// linters, on goplt's own generated files too (testdata/lint/golangci.yml).
// Its govet and staticcheck cover what go vet and staticcheck would. The
// first call builds it into toolsDir; go install reuses the build cache.
func lint(t *testing.T, dir string, patterns ...string) {
	t.Helper()
	lintOnce.Do(func() {
		if toolsDir, lintErr = os.MkdirTemp("", "goplt-test-tools-"); lintErr != nil {
			return
		}
		cmd := exec.Command("go", "install", golangciLint)
		cmd.Env = append(os.Environ(), "GOBIN="+toolsDir)
		if out, err := cmd.CombinedOutput(); err != nil {
			lintErr = fmt.Errorf("go install %s: %w\n%s", golangciLint, err, out)
			return
		}
		lintBin = filepath.Join(toolsDir, "golangci-lint")
	})
	require.NoError(t, lintErr)
	config, err := filepath.Abs(filepath.Join("..", "testdata", "lint", "golangci.yml"))
	require.NoError(t, err)
	// Serial runners wait for each other (another go test, a make lint)
	// instead of failing on golangci-lint's lock.
	cmd := exec.Command(lintBin, append([]string{"run", "--allow-serial-runners", "--config", config}, patterns...)...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "golangci-lint run %s in %s:\n%s", strings.Join(patterns, " "), dir, out)
}

// goCmd runs the go tool in dir and fails the test with its output.
func goCmd(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "go %s in %s:\n%s", strings.Join(args, " "), dir, out)
}

// makeCmd runs make in dir and fails the test with its output; a system
// without make skips the test.
func makeCmd(t *testing.T, dir string, args ...string) {
	t.Helper()
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("needs make to build the core and its plugins")
	}
	cmd := exec.Command("make", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "make %s in %s:\n%s", strings.Join(args, " "), dir, out)
}

// freeAddr returns a loopback address with a port nobody listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	return addr
}

// checkDevelopmentLog checks what a development start printed (the
// environment make run uses): lines a person reads, none of them fx's own
// events, one naming the address the server listens on as a URL and one
// saying how to mint a token.
func checkDevelopmentLog(t *testing.T, logs, addr string) {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(logs), "\n")
	for _, line := range lines {
		assert.False(t, strings.HasPrefix(line, "{"), "development logs are console lines, not JSON: %s", line)
		// The fx logger's name, or fx's own console logger.
		assert.NotContains(t, line, "\tfx\t", "fx events stay out of the log")
		assert.NotContains(t, line, "[Fx]", "fx events stay out of the log")
		assert.NotContains(t, line, "\x1b[", "no colour when stdout is not a terminal")
	}
	assert.Contains(t, logs, `http server listening	{"addr": "`+addr+`", "url": "http://`+addr+`"}`)
	assert.Contains(t, logs, "development token: go run ./cmd/platformctl token --sub alice --roles admin")
}

// startPlatform starts the server binary in the project directory, the way
// make run does, with extra environment variables. It returns the process
// and its output (stdout and stderr), to read once the process has exited.
func startPlatform(t *testing.T, dir, bin string, env []string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(bin)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			// Wait reports the kill; only the logs below matter.
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
		if t.Failed() {
			t.Logf("platform output:\n%s", logs.String())
		}
	})
	return cmd, &logs
}

// waitHealthy polls /healthz until the server answers.
func waitHealthy(t *testing.T, base string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			require.NoError(t, resp.Body.Close())
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s/healthz did not answer 200 within 60s", base)
}

// expectStatus GETs url with an optional Authorization header and checks
// the status code, returning the body.
func expectStatus(t *testing.T, url, authorization string, want int) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	require.NoError(t, err)
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	require.Equal(t, want, resp.StatusCode, "GET %s: %s", url, body)
	return string(body)
}

// mintToken runs platformctl token, which must print only the token. The
// token is bound to tenant "tenant-1": with the tenancy feature, routes of
// tenant-scoped entities refuse a caller without a tenant; without it the
// claim is only carried along.
func mintToken(t *testing.T, dir, bin, sub, roles string) string {
	t.Helper()
	return mintTokenIn(t, dir, bin, sub, roles, "tenant-1")
}

// devToken signs an HS256 token for alice (role admin, tenant-1) with the
// secret of config/development.yaml and the issuer of config/default.yaml,
// as a client holding that secret could; claims override or add claims.
func devToken(t *testing.T, dir string, claims map[string]any) string {
	t.Helper()
	var conf struct {
		Auth struct {
			JWT struct {
				Secret string `yaml:"secret"`
				Issuer string `yaml:"issuer"`
			} `yaml:"jwt"`
		} `yaml:"auth"`
	}
	for _, name := range []string{"default.yaml", "development.yaml"} {
		data, err := os.ReadFile(filepath.Join(dir, "config", name))
		require.NoError(t, err)
		require.NoError(t, yaml.Unmarshal(data, &conf))
	}
	require.NotEmpty(t, conf.Auth.JWT.Secret, "config/development.yaml holds the development secret")
	payload := map[string]any{"sub": "alice", "iss": conf.Auth.JWT.Issuer, "roles": []string{"admin"}, "tenant_id": "tenant-1"}
	for k, v := range claims {
		payload[k] = v
	}
	enc := func(v any) string {
		b, err := json.Marshal(v)
		require.NoError(t, err)
		return base64.RawURLEncoding.EncodeToString(b)
	}
	unsigned := enc(map[string]string{"alg": "HS256", "typ": "JWT"}) + "." + enc(payload)
	mac := hmac.New(sha256.New, []byte(conf.Auth.JWT.Secret))
	mac.Write([]byte(unsigned))
	return unsigned + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// mintTokenIn mints a token whose tenant claim is tenant.
func mintTokenIn(t *testing.T, dir, bin, sub, roles, tenant string) string {
	t.Helper()
	cmd := exec.Command(bin, "token", "--sub", sub, "--roles", roles, "--tenant", tenant)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "platformctl token: %s", stderr.String())
	token := strings.TrimSpace(string(out))
	require.Equal(t, 2, strings.Count(token, "."), "platformctl token printed more than a JWT: %q", out)
	return token
}
