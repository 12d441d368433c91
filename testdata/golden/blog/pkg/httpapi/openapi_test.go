package httpapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"example.com/blogplatform/pkg/httpapi"
)

// Gin's debug mode would print every route registration.
func init() { gin.SetMode(gin.TestMode) }

const testDocument = `
openapi: 3.0.3
info: {title: test, version: 0.1.0}
paths:
  /items/{id}:
    put:
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer, format: int64}}
        - {name: dry_run, in: query, schema: {type: boolean}}
      security: [{bearerAuth: []}]
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [name]
              properties:
                name: {type: string, maxLength: 5}
                size: {type: integer, minimum: 0, default: 3}
      responses:
        '200': {description: OK}
components:
  securitySchemes:
    bearerAuth: {type: http, scheme: bearer}
`

// serve mounts handler behind ValidateRequest and sends one request.
func serve(t *testing.T, path, body string, handler gin.HandlerFunc) *httptest.ResponseRecorder {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData([]byte(testDocument))
	require.NoError(t, err)
	engine := gin.New()
	engine.PUT("/items/:id", func(c *gin.Context) {
		if httpapi.ValidateRequest(c, doc, "/items/{id}") {
			handler(c)
		}
	})
	req := httptest.NewRequest(http.MethodPut, path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	engine.ServeHTTP(rec, req)
	return rec
}

func errorBody(t *testing.T, rec *httptest.ResponseRecorder) httpapi.ErrorDetail {
	t.Helper()
	var body httpapi.ErrorBody
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &body), rec.Body.String())
	return body.Error
}

func TestValidateRequestAcceptsAndSetsDefaults(t *testing.T) {
	rec := serve(t, "/items/7", `{"name":"ok"}`, func(c *gin.Context) {
		b, _ := io.ReadAll(c.Request.Body)
		c.String(http.StatusOK, string(b))
	})
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.JSONEq(t, `{"name":"ok","size":3}`, rec.Body.String(), "defaults are written into the body")
}

func TestValidateRequestNamesTheFault(t *testing.T) {
	never := func(*gin.Context) { t.Error("handler ran for an invalid request") }
	tests := []struct {
		path, body, want string
	}{
		{"/items/7", `{}`, `field "name"`},
		{"/items/7", `{"name":"too long"}`, `field "name"`},
		{"/items/7", `{"name":"a","size":-1}`, `field "size"`},
		{"/items/x", `{"name":"a"}`, `path parameter "id" must be an integer`},
		{"/items/7?dry_run=maybe", `{"name":"a"}`, `query parameter "dry_run" must be true or false`},
		{"/items/7", ``, "request body"},
	}
	for _, tc := range tests {
		rec := serve(t, tc.path, tc.body, never)
		assert.Equal(t, http.StatusBadRequest, rec.Code, "%s %s", tc.path, tc.body)
		msg := errorBody(t, rec).Message
		assert.Contains(t, msg, tc.want, "%s %s", tc.path, tc.body)
		assert.NotContains(t, msg, "strconv", "Go's parser is not the client's vocabulary")
	}
}

// TestParamMessage: oapi-codegen's wrapper reports a parameter it cannot
// bind in Go's terms; the client reads what the value must be.
func TestParamMessage(t *testing.T) {
	_, intErr := strconv.ParseInt("abc", 10, 64)
	_, rangeErr := strconv.ParseInt("99999999999999999999", 10, 64)
	_, floatErr := strconv.ParseFloat("x", 64)
	_, boolErr := strconv.ParseBool("maybe")
	_, timeErr := time.Parse(time.RFC3339, "yesterday")
	// The wrapper's and the runtime's own wrapping, as oapi-codegen writes them.
	bind := func(err error) error { return fmt.Errorf("error binding string parameter: %w", err) }
	for err, want := range map[error]string{
		fmt.Errorf("Invalid format for parameter id: %w", intErr):                `parameter "id" must be an integer`,
		fmt.Errorf("Invalid format for parameter id: %w", rangeErr):              `parameter "id" is out of range`,
		fmt.Errorf("Invalid format for parameter ratio: %w", bind(floatErr)):     `parameter "ratio" must be a number`,
		fmt.Errorf("Invalid format for parameter dry_run: %w", bind(boolErr)):    `parameter "dry_run" must be true or false`,
		fmt.Errorf("Invalid format for parameter since: %w", timeErr):            `parameter "since" must be a date-time (RFC 3339, e.g. 2026-01-02T03:04:05Z)`,
		fmt.Errorf("Invalid format for parameter ref: %w", errors.New("bad")):    `parameter "ref" is malformed`,
		errors.New("Query argument limit is required, but not found"):            `parameter "limit" is required`,
		errors.New("Header parameter X-Key is required, but not found"):          `parameter "X-Key" is required`,
		errors.New("Expected one value for X-Key, got 2"):                        `parameter "X-Key" must be given once`,
		errors.New("something oapi-codegen says one day: strconv.Atoi: parsing"): "a request parameter is malformed",
	} {
		assert.Equal(t, want, httpapi.ParamMessage(err), err.Error())
	}

	rec := httptest.NewRecorder()
	c, _ := gin.CreateTestContext(rec)
	c.Request = httptest.NewRequest(http.MethodGet, "/items/abc", nil)
	httpapi.RespondParamError(c, fmt.Errorf("Invalid format for parameter id: %w", intErr), http.StatusBadRequest)
	assert.Equal(t, http.StatusBadRequest, rec.Code)
	assert.Equal(t, httpapi.ErrorDetail{Code: httpapi.CodeBadRequest, Message: `parameter "id" must be an integer`}, errorBody(t, rec))
	assert.Len(t, c.Errors, 1, "the cause is recorded for the access log")
}

// TestValidateRequestIsStrict: the body must be one JSON value with no key
// given twice and nothing after it, so the value validated is the value
// decoded; a body over the server's limit answers 413.
func TestValidateRequestIsStrict(t *testing.T) {
	never := func(*gin.Context) { t.Error("handler ran for an invalid request") }
	for body, want := range map[string]string{
		`{"name":"ok","name":"toolongname"}`: `key "name" appears more than once`,
		`{"name":"ok"} {"name":"x"}`:         "after the JSON value",
		`{"name":"ok"}garbage`:               "after the JSON value",
		`{"name":"ok"`:                       "invalid request body",
		strings.Repeat("[", 10000):           "nested deeper",
	} {
		rec := serve(t, "/items/7", body, never)
		assert.Equal(t, http.StatusBadRequest, rec.Code, body)
		assert.Contains(t, errorBody(t, rec).Message, want, body)
	}

	doc, err := openapi3.NewLoader().LoadFromData([]byte(testDocument))
	require.NoError(t, err)
	engine := gin.New()
	engine.PUT("/items/:id", func(c *gin.Context) {
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, 8)
		if httpapi.ValidateRequest(c, doc, "/items/{id}") {
			never(c)
		}
	})
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodPut, "/items/7", strings.NewReader(`{"name":"abc"}`))
	req.Header.Set("Content-Type", "application/json")
	engine.ServeHTTP(rec, req)
	assert.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
	assert.Equal(t, httpapi.CodeTooLarge, errorBody(t, rec).Code)
}

func TestStrictJSON(t *testing.T) {
	for _, ok := range []string{`{}`, `[]`, `1`, ` {"a":{"a":1},"b":[{"a":1},{"a":2}]} `, `"x"`} {
		assert.NoError(t, httpapi.StrictJSON([]byte(ok)), ok)
	}
	for _, bad := range []string{``, `{"a":1,"b":{"c":1,"c":2}}`, `[{"a":1,"a":1}]`, `{} []`, `{"a":1}}`, `nul`} {
		assert.Error(t, httpapi.StrictJSON([]byte(bad)), bad)
	}
}

func TestRespondError(t *testing.T) {
	tests := []struct {
		err     error
		status  int
		code    httpapi.Code
		message string
	}{
		{fmt.Errorf("post 4 %w", httpapi.ErrNotFound), http.StatusNotFound, httpapi.CodeNotFound, "post 4 not found"},
		{fmt.Errorf("%w: title taken", httpapi.ErrBadRequest), http.StatusBadRequest, httpapi.CodeBadRequest, "bad request: title taken"},
		{fmt.Errorf("%w: field %q must be unique", httpapi.ErrConflict, "slug"), http.StatusConflict, httpapi.CodeConflict, `conflict: field "slug" must be unique`},
		{fmt.Errorf("publishPost: %w", httpapi.ErrNotImplemented), http.StatusNotImplemented, httpapi.CodeNotImplemented, "publishPost: not implemented"},
		{errors.New("pq: connection refused"), http.StatusInternalServerError, httpapi.CodeInternal, "internal server error"},
		{fmt.Errorf("read body: %w", &http.MaxBytesError{Limit: 10}), http.StatusRequestEntityTooLarge, httpapi.CodeTooLarge, "request body too large: the limit is 10 bytes"},
	}
	for _, tc := range tests {
		rec := httptest.NewRecorder()
		c, _ := gin.CreateTestContext(rec)
		c.Request = httptest.NewRequest(http.MethodGet, "/", nil)
		httpapi.RespondError(c, tc.err)
		assert.Equal(t, tc.status, rec.Code)
		got := errorBody(t, rec)
		assert.Equal(t, tc.code, got.Code)
		assert.Equal(t, tc.message, got.Message, "internal causes never reach the client")
		assert.Len(t, c.Errors, 1, "the cause is recorded for the access log")
	}
}

// TestRespondErrorClientGone: a failure after the client went away is the
// client's doing: recorded as 499, never as a 500.
func TestRespondErrorClientGone(t *testing.T) {
	rec := httptest.NewRecorder()
	c, _ := gin.CreateTestContext(rec)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	c.Request = httptest.NewRequestWithContext(ctx, http.MethodGet, "/", nil)
	httpapi.RespondError(c, fmt.Errorf("list posts: %w", context.Canceled))
	assert.Equal(t, httpapi.StatusClientClosedRequest, c.Writer.Status())
	assert.True(t, c.IsAborted())
}

func TestRequestContext(t *testing.T) {
	type key struct{}
	c, _ := gin.CreateTestContext(httptest.NewRecorder())
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	c.Request = req.WithContext(context.WithValue(req.Context(), key{}, "user"))

	assert.Equal(t, "user", httpapi.RequestContext(c).Value(key{}), "a *gin.Context yields its request's context")
	plain := context.WithValue(context.Background(), key{}, "other")
	assert.Equal(t, plain, httpapi.RequestContext(plain), "any other context is returned as is")
}
