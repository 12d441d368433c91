package audit

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"go.uber.org/zap"

	"example.com/saas/pkg/audit"
	"example.com/saas/pkg/auth"
	"example.com/saas/pkg/httpapi"
	"example.com/saas/pkg/logger"
)

// MiddlewareOrder positions the audit middleware among route middleware:
// outermost, so it observes the final status of everything inside it,
// including authentication and authorization failures.
const MiddlewareOrder = -1000

// writeTimeout bounds one audit write made on behalf of a request.
const writeTimeout = 5 * time.Second

// NewMiddleware returns the route middleware that audits every
// permission-checked mutating request (POST, PUT, PATCH, DELETE on a route
// with a Permission) once the handler chain has finished.
//
// Denied requests are audited too: a 401 (Actor empty) or 403 (Actor set)
// on a mutating route is exactly what an investigation looks for, and the
// status in Metadata tells them apart from successful changes. Reads are
// not audited; they would drown the log.
//
// A failed audit write is logged and does not change the response, which
// has already been written: availability wins over completeness here, and
// the error log is the alert.
func NewMiddleware(a audit.Auditor) httpapi.RouteMiddleware {
	return httpapi.RouteMiddleware{
		Name:  "audit",
		Stage: httpapi.BeforeAuth,
		Order: MiddlewareOrder,
		For: func(rt httpapi.Route) gin.HandlerFunc {
			if rt.Permission == "" || !mutating(rt.Method) {
				return nil
			}
			return auditRequest(a, rt)
		},
	}
}

// mutating reports whether method changes state.
func mutating(method string) bool {
	switch method {
	case http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
		return true
	}
	return false
}

func auditRequest(a audit.Auditor, rt httpapi.Route) gin.HandlerFunc {
	action := rt.Permission.String()
	return func(c *gin.Context) {
		panicked := true
		defer func() {
			// A handler panic unwinds past here before the recovery
			// middleware writes its 500, so record the 500 it will send
			// and let the panic continue.
			status := c.Writer.Status()
			if panicked {
				status = http.StatusInternalServerError
			}
			record(c, a, rt, action, status)
		}()
		c.Next()
		panicked = false
	}
}

// record writes the audit entry for the finished request c.
func record(c *gin.Context, a audit.Auditor, rt httpapi.Route, action string, status int) {
	// The inner handlers replace c.Request to attach the user, so read the
	// context only now.
	ctx := c.Request.Context()
	user, _ := auth.FromContext(ctx)
	act := audit.Action{
		Actor:  user.ID,
		Action: action,
		Target: c.Request.URL.Path,
		Metadata: map[string]any{
			"method": c.Request.Method,
			"path":   c.Request.URL.Path,
			"route":  rt.Path,
			"status": status,
		},
	}
	// Detach from the request's cancellation: a client that hangs up right
	// after a successful DELETE must still leave an audit record.
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), writeTimeout)
	defer cancel()
	if err := a.Record(wctx, act); err != nil {
		logger.FromContext(ctx).Error("audit record failed",
			zap.Error(err),
			zap.String("action", act.Action),
			zap.String("target", act.Target),
			zap.Int("status", status),
		)
	}
}
