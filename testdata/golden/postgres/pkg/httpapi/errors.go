package httpapi

import (
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
