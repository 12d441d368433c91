package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/gin-gonic/gin"
)

// validationOptions are shared by every ValidateRequest call.
var validationOptions = &openapi3filter.Options{
	// Authentication and authorization already ran in the server's chain
	// by the time a handler validates; the document's security
	// requirements only describe them.
	AuthenticationFunc: openapi3filter.NoopAuthenticationFunc,
}

// ValidateRequest checks the request in c against the operation of doc at
// the OpenAPI path template path (e.g. "/api/v1/blog/posts/{id}") and the
// request's method: parameters, and the body against its schema. Schema
// defaults are written into the body, so handlers see them.
//
// A JSON body must be exactly one JSON value, with no data after it and no
// object naming a key twice (StrictJSON): what the document's schema
// validates is then what the handler decodes, and the schemas, which list
// every field and allow no other, leave Go's case-insensitive decoder
// nothing to match loosely.
//
// It reports whether the request is valid. When it is not, it has already
// answered (400 with a message naming the offending parameter or field,
// 413 for a body over the limit), and the caller must simply return.
//
// The route is built directly from doc rather than found by a router: the
// Gin route already matched, so only its template needs mapping.
func ValidateRequest(c *gin.Context, doc *openapi3.T, path string) bool {
	item := doc.Paths.Value(path)
	var op *openapi3.Operation
	if item != nil {
		op = item.GetOperation(c.Request.Method)
	}
	if op == nil {
		// The route table and the document disagree: a build mistake that
		// the client must not pay for with a misleading 400.
		_ = c.Error(fmt.Errorf("httpapi: no OpenAPI operation for %s %s", c.Request.Method, path))
		AbortInternal(c)
		return false
	}
	if op.RequestBody != nil && !strictBody(c) {
		return false
	}
	params := make(map[string]string, len(c.Params))
	for _, p := range c.Params {
		params[p.Key] = p.Value
	}
	input := &openapi3filter.RequestValidationInput{
		Request:    c.Request,
		PathParams: params,
		Route: &routers.Route{
			Spec:      doc,
			Path:      path,
			PathItem:  item,
			Method:    c.Request.Method,
			Operation: op,
		},
		Options: validationOptions,
	}
	if err := openapi3filter.ValidateRequest(c.Request.Context(), input); err != nil {
		_ = c.Error(err)
		switch limit, ok := tooLarge(err); {
		case ok:
			AbortTooLarge(c, limit)
		case ClientGone(c):
			abortClientGone(c)
		default:
			AbortBadRequest(c, validationMessage(err))
		}
		return false
	}
	return true
}

// strictBody reads the request body whole (the server's body limit bounds
// it), refuses one that StrictJSON rejects, and puts the bytes back for the
// validator and the decoder, which so read the same bytes.
func strictBody(c *gin.Context) bool {
	if c.Request.Body == nil || c.Request.Body == http.NoBody {
		return true
	}
	data, err := io.ReadAll(c.Request.Body)
	_ = c.Request.Body.Close()
	if err != nil {
		RespondDecodeError(c, err)
		return false
	}
	if len(bytes.TrimSpace(data)) > 0 {
		if err := StrictJSON(data); err != nil {
			RespondDecodeError(c, err)
			return false
		}
	}
	c.Request.Body = io.NopCloser(bytes.NewReader(data))
	c.Request.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }
	c.Request.ContentLength = int64(len(data))
	return true
}

// StrictJSON reports why data is not exactly one well-formed JSON value:
// a syntax error, data after the value, or an object naming a key twice
// (Go's decoder keeps the last, a validator may have looked at the first).
func StrictJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber() // numbers are only skipped; do not parse them as floats
	if err := strictValue(dec, 0); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return fmt.Errorf("unexpected data after the JSON value at offset %d", dec.InputOffset())
	}
	return nil
}

// maxJSONDepth bounds the nesting StrictJSON accepts, and so its
// recursion: a body of a million "[" must not cost a million stack frames.
const maxJSONDepth = 256

// strictValue consumes one JSON value from dec, checking every object in it
// for duplicate keys.
func strictValue(dec *json.Decoder, depth int) error {
	if depth > maxJSONDepth {
		return fmt.Errorf("JSON nested deeper than %d levels", maxJSONDepth)
	}
	tok, err := dec.Token()
	if err != nil {
		if err == io.EOF {
			return io.ErrUnexpectedEOF
		}
		return err
	}
	switch tok {
	case json.Delim('{'):
		seen := map[string]bool{}
		for dec.More() {
			key, err := dec.Token()
			if err != nil {
				return err
			}
			name, _ := key.(string)
			if seen[name] {
				return fmt.Errorf("key %q appears more than once", name)
			}
			seen[name] = true
			if err := strictValue(dec, depth+1); err != nil {
				return err
			}
		}
		_, err = dec.Token() // '}'
		return err
	case json.Delim('['):
		for dec.More() {
			if err := strictValue(dec, depth+1); err != nil {
				return err
			}
		}
		_, err = dec.Token() // ']'
		return err
	}
	return nil
}

// validationMessage turns a kin-openapi validation error into a short
// message that names the parameter or body field at fault, e.g.
// `invalid request body: field "title": property "title" is missing`.
func validationMessage(err error) string {
	var re *openapi3filter.RequestError
	if !errors.As(err, &re) {
		return "invalid request"
	}
	reason := re.Reason
	var se *openapi3.SchemaError
	var pe *openapi3filter.ParseError
	switch {
	case errors.As(re.Err, &se):
		reason = se.Reason
	case re.Parameter != nil && errors.As(re.Err, &pe):
		// The parser's cause (strconv.ParseFloat: ...) is Go's vocabulary;
		// the parameter's schema says what the client should have sent.
		return fmt.Sprintf("%s parameter %q %s", re.Parameter.In, re.Parameter.Name, expected(re.Parameter.Schema))
	case re.Err != nil:
		reason = re.Err.Error()
	}
	switch {
	case re.Parameter != nil:
		return fmt.Sprintf("invalid %s parameter %q: %s", re.Parameter.In, re.Parameter.Name, reason)
	case se != nil && len(se.JSONPointer()) > 0:
		return fmt.Sprintf("invalid request body: field %q: %s", strings.Join(se.JSONPointer(), "."), reason)
	case re.RequestBody != nil:
		return "invalid request body: " + reason
	default:
		return http.StatusText(http.StatusBadRequest) + ": " + reason
	}
}

// expected says what a value of the parameter schema s must be.
func expected(s *openapi3.SchemaRef) string {
	if s == nil || s.Value == nil {
		return "is malformed"
	}
	switch {
	case s.Value.Type.Is(openapi3.TypeInteger):
		return "must be an integer"
	case s.Value.Type.Is(openapi3.TypeNumber):
		return "must be a number"
	case s.Value.Type.Is(openapi3.TypeBoolean):
		return "must be true or false"
	}
	return "is malformed"
}

// RequestContext returns the context a handler should use for ctx, which
// oapi-codegen's strict Gin server passes as the *gin.Context itself.
//
// A *gin.Context must not be kept as a context.Context: Gin recycles it
// for the next request as soon as the handler returns, while database/sql
// may still be watching it from a goroutine (a data race), and its Value
// does not see what the middleware stored in the request's context (the
// authenticated user, the request logger). The request's own context has
// neither problem.
func RequestContext(ctx context.Context) context.Context {
	if c, ok := ctx.(*gin.Context); ok && c.Request != nil {
		return c.Request.Context()
	}
	return ctx
}
