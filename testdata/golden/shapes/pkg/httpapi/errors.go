package httpapi

import (
	"errors"
	"net/http"

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
	CodeInternal     Code = "internal"
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

// AbortInternal responds 500 with a generic message; the cause belongs in the
// logs, never in the response.
func AbortInternal(c *gin.Context) {
	Abort(c, http.StatusInternalServerError, CodeInternal, "internal server error")
}

// Sentinel errors a handler may return (wrapped) to choose the response.
// The text of an error wrapping one of them is shown to the client, so it
// must describe the request, never the server's internals.
var (
	// ErrNotFound answers 404, e.g. fmt.Errorf("post %d %w", id, ErrNotFound).
	ErrNotFound = errors.New("not found")
	// ErrBadRequest answers 400, e.g. for a business rule the input breaks.
	ErrBadRequest = errors.New("bad request")
	// ErrNotImplemented answers 501; goplt's stub handlers return it.
	ErrNotImplemented = errors.New("not implemented")
)

// RespondError answers with the JSON error matching err: 404 for
// ErrNotFound, 400 for ErrBadRequest, 501 for ErrNotImplemented and a
// generic 500 for anything else.
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
	switch {
	case errors.Is(err, ErrNotFound):
		AbortNotFound(c, err.Error())
	case errors.Is(err, ErrBadRequest):
		AbortBadRequest(c, err.Error())
	case errors.Is(err, ErrNotImplemented):
		Abort(c, http.StatusNotImplemented, CodeNotImplemented, err.Error())
	default:
		AbortInternal(c)
	}
}

// RespondDecodeError answers 400 for a request body that could not be
// decoded. Its signature fits oapi-codegen's StrictGinServerOptions
// RequestErrorHandlerFunc.
func RespondDecodeError(c *gin.Context, err error) {
	_ = c.Error(err)
	AbortBadRequest(c, "invalid request body: "+err.Error())
}

// RespondParamError answers status (400 in practice) for a path, query or
// header parameter that could not be parsed. Its signature fits
// oapi-codegen's gin ServerInterfaceWrapper.ErrorHandler.
func RespondParamError(c *gin.Context, err error, status int) {
	_ = c.Error(err)
	if status >= http.StatusInternalServerError {
		// Not the client's mistake: do not echo the cause.
		AbortInternal(c)
		return
	}
	Abort(c, status, CodeBadRequest, err.Error())
}
