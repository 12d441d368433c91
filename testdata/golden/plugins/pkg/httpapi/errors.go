package httpapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

// Code is a stable, machine-readable error code.
type Code string

// Error codes used in every error response.
const (
	CodeBadRequest   Code = "bad_request"
	CodeUnauthorized Code = "unauthorized"
	CodeForbidden    Code = "forbidden"
	CodeNotFound     Code = "not_found"
	// CodeMethodNotAllowed answers a method the path does not serve.
	CodeMethodNotAllowed Code = "method_not_allowed"
	// CodeConflict answers a request that would break a uniqueness rule.
	CodeConflict Code = "conflict"
	CodeInternal Code = "internal"
	// CodeTooLarge answers a request body over http.max_body_bytes.
	CodeTooLarge Code = "payload_too_large"
	// CodeNotImplemented marks a documented operation whose handler is
	// still the generated stub.
	CodeNotImplemented Code = "not_implemented"
)

// ErrorBody is the payload of every error response:
//
//	{"error": {"code": "...", "message": "...", "request_id": "..."} }
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail describes a single error.
type ErrorDetail struct {
	Code      Code   `json:"code"`
	Message   string `json:"message"`
	RequestID string `json:"request_id,omitempty"`
}

// Abort writes a JSON error response and stops the handler chain.
func Abort(c *gin.Context, status int, code Code, message string) {
	detail := ErrorDetail{
		Code:      code,
		Message:   message,
		RequestID: RequestID(c.Request.Context()),
	}
	c.AbortWithStatusJSON(status, ErrorBody{Error: detail})
}

// AbortBadRequest responds 400 with message.
func AbortBadRequest(c *gin.Context, message string) {
	Abort(c, http.StatusBadRequest, CodeBadRequest, message)
}

// AbortUnauthorized responds 401 with message.
func AbortUnauthorized(c *gin.Context, message string) {
	c.Header("WWW-Authenticate", `Bearer`)
	Abort(c, http.StatusUnauthorized, CodeUnauthorized, message)
}

// AbortForbidden responds 403 with message.
func AbortForbidden(c *gin.Context, message string) {
	Abort(c, http.StatusForbidden, CodeForbidden, message)
}

// AbortNotFound responds 404 with message.
func AbortNotFound(c *gin.Context, message string) {
	Abort(c, http.StatusNotFound, CodeNotFound, message)
}

// AbortMethodNotAllowed responds 405 to method on a path that serves only
// the methods in allow (the value of the Allow header, already set).
func AbortMethodNotAllowed(c *gin.Context, method, allow string) {
	Abort(c, http.StatusMethodNotAllowed, CodeMethodNotAllowed,
		fmt.Sprintf("method %s is not allowed here; allowed: %s", method, allow))
}

// AbortConflict responds 409 with message.
func AbortConflict(c *gin.Context, message string) {
	Abort(c, http.StatusConflict, CodeConflict, message)
}

// AbortInternal responds 500 with a generic message; the cause belongs in the
// logs, never in the response.
func AbortInternal(c *gin.Context) {
	Abort(c, http.StatusInternalServerError, CodeInternal, "internal server error")
}

// StatusClientClosedRequest is the status recorded (access log, metrics)
// for a request whose client went away before the answer: nginx's 499. The
// client never sees it; it keeps a disconnect from counting as a server
// error (500) while still showing up in the numbers.
const StatusClientClosedRequest = 499

// AbortTooLarge responds 413 for a request body over limit bytes.
func AbortTooLarge(c *gin.Context, limit int64) {
	// The rest of the body is left unread: the connection cannot carry
	// another request.
	c.Header("Connection", "close")
	Abort(c, http.StatusRequestEntityTooLarge, CodeTooLarge,
		fmt.Sprintf("request body too large: the limit is %d bytes", limit))
}

// ClientGone reports whether the client of c disconnected (or gave up)
// before the answer: the request's context is canceled. Whatever failed
// after that failed because of it, so it is not the server's error.
func ClientGone(c *gin.Context) bool {
	return errors.Is(c.Request.Context().Err(), context.Canceled)
}

// abortClientGone records that the client went away; no body is written,
// nobody would read it.
func abortClientGone(c *gin.Context) {
	c.AbortWithStatus(StatusClientClosedRequest)
}

// tooLarge reports whether err comes from reading a body over the limit
// (http.MaxBytesReader), and the limit.
func tooLarge(err error) (int64, bool) {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return mbe.Limit, true
	}
	return 0, false
}

// Sentinel errors a handler may return (wrapped) to choose the response.
// The text of an error wrapping one of them is shown to the client, so it
// must describe the request, never the server's internals.
var (
	// ErrNotFound answers 404, e.g. fmt.Errorf("post %d %w", id, ErrNotFound).
	ErrNotFound = errors.New("not found")
	// ErrBadRequest answers 400, e.g. for a business rule the input breaks.
	ErrBadRequest = errors.New("bad request")
	// ErrConflict answers 409: the request would break a uniqueness rule,
	// e.g. fmt.Errorf("%w: slug %q is taken", ErrConflict, slug).
	ErrConflict = errors.New("conflict")
	// ErrNotImplemented answers 501; goplt's stub handlers return it.
	ErrNotImplemented = errors.New("not implemented")
)

// RespondError answers with the JSON error matching err: 404 for
// ErrNotFound, 400 for ErrBadRequest, 409 for ErrConflict, 501 for ErrNotImplemented, 413 for a
// body over the limit and a generic 500 for anything else. When the client
// has gone away, the failure is its doing: it is recorded as
// StatusClientClosedRequest, not as a 500.
// err is recorded on c so the access log shows the cause the client does
// not see. Its signature fits oapi-codegen's StrictGinServerOptions
// HandlerErrorFunc and ResponseErrorHandlerFunc.
func RespondError(c *gin.Context, err error) {
	_ = c.Error(err)
	if c.Writer.Written() {
		// Part of the response is already out (a response encoder failed
		// mid-way); another body would only corrupt it.
		c.Abort()
		return
	}
	if limit, ok := tooLarge(err); ok {
		AbortTooLarge(c, limit)
		return
	}
	switch {
	case ClientGone(c):
		abortClientGone(c)
	case errors.Is(err, ErrNotFound):
		AbortNotFound(c, err.Error())
	case errors.Is(err, ErrBadRequest):
		AbortBadRequest(c, err.Error())
	case errors.Is(err, ErrConflict):
		AbortConflict(c, err.Error())
	case errors.Is(err, ErrNotImplemented):
		Abort(c, http.StatusNotImplemented, CodeNotImplemented, err.Error())
	default:
		AbortInternal(c)
	}
}

// RespondDecodeError answers 400 for a request body that could not be
// decoded, 413 for one over the limit. Its signature fits oapi-codegen's
// StrictGinServerOptions RequestErrorHandlerFunc.
func RespondDecodeError(c *gin.Context, err error) {
	_ = c.Error(err)
	if limit, ok := tooLarge(err); ok {
		AbortTooLarge(c, limit)
		return
	}
	if ClientGone(c) {
		abortClientGone(c)
		return
	}
	AbortBadRequest(c, "invalid request body: "+err.Error())
}

// RespondParamError answers status (400 in practice) for a path, query or
// header parameter that could not be parsed, with a message naming the
// parameter and what its value must be: the cause is the parser's
// (strconv.ParseInt: ...), which is the server's vocabulary, not the
// client's. Its signature fits oapi-codegen's gin
// ServerInterfaceWrapper.ErrorHandler.
func RespondParamError(c *gin.Context, err error, status int) {
	_ = c.Error(err)
	if status >= http.StatusInternalServerError {
		// Not the client's mistake: do not echo the cause.
		AbortInternal(c)
		return
	}
	Abort(c, status, CodeBadRequest, ParamMessage(err))
}

// paramErrorForms are the messages oapi-codegen's Gin wrapper wraps a
// parameter's error in, each with the text around the parameter's name and
// what they mean: the wrapper's errors have no type to match.
var paramErrorForms = []struct{ before, after, problem string }{
	{"Invalid format for parameter ", ": ", ""},
	{"Query argument ", " is required, but not found", "is required"},
	{"Header parameter ", " is required, but not found", "is required"},
	{"Expected one value for ", ", got ", "must be given once"},
	{"Error unmarshaling parameter '", "' as JSON", "must be valid JSON"},
	{"Error unescaping cookie parameter '", "'", "is not properly escaped"},
}

// ParamMessage describes a parameter binding error of oapi-codegen's Gin
// wrapper in the client's terms: `parameter "id" must be an integer`.
// A form it does not know gives a message without the cause rather than
// one that leaks it.
func ParamMessage(err error) string {
	msg := err.Error()
	for _, f := range paramErrorForms {
		rest, ok := strings.CutPrefix(msg, f.before)
		if !ok {
			continue
		}
		name, _, ok := strings.Cut(rest, f.after)
		if !ok || name == "" {
			continue
		}
		problem := f.problem
		if problem == "" {
			problem = valueProblem(errors.Unwrap(err))
		}
		return fmt.Sprintf("parameter %q %s", name, problem)
	}
	return "a request parameter is malformed"
}

// valueProblem says what is wrong with a parameter's value from the error
// of the parser that refused it.
func valueProblem(err error) string {
	var num *strconv.NumError
	var tim *time.ParseError
	switch {
	case errors.As(err, &num) && errors.Is(num.Err, strconv.ErrRange):
		return "is out of range"
	case errors.As(err, &num) && num.Func == "ParseBool":
		return "must be true or false"
	case errors.As(err, &num) && num.Func == "ParseFloat":
		return "must be a number"
	case errors.As(err, &num):
		return "must be an integer"
	case err != nil && strings.Contains(err.Error(), "overflows destination"):
		return "is out of range"
	case errors.As(err, &tim):
		return "must be a date-time (RFC 3339, e.g. 2026-01-02T03:04:05Z)"
	}
	return "is malformed"
}
