package server

import (
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"example.com/shapes/pkg/auth"
	"example.com/shapes/pkg/errbus"
	"example.com/shapes/pkg/httpapi"
	"example.com/shapes/pkg/logger"
)

// maxRequestIDLen caps accepted incoming request ids.
const maxRequestIDLen = 128

// recovery turns a handler panic into a logged JSON 500 and, when the error
// bus is enabled (errs non-nil), publishes it with the panicking stack.
func recovery(log *zap.Logger, errs errbus.Publisher) gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			// http.ErrAbortHandler is net/http's way to abort a response
			// silently; let the server handle it.
			if err, ok := v.(error); ok && errors.Is(err, http.ErrAbortHandler) {
				panic(v)
			}
			log.Error("panic recovered",
				zap.String(logger.FieldRequestID, httpapi.RequestID(c.Request.Context())),
				zap.String("panic", fmt.Sprint(v)),
				zap.String("method", c.Request.Method),
				zap.String("route", c.FullPath()),
				zap.Stack("stack"),
			)
			if errs != nil {
				errs.Publish(c.Request.Context(), errbus.NewPanicError(v),
					errbus.F(errbus.FieldSource, errbus.SourceHTTP),
					errbus.F("method", c.Request.Method),
					errbus.F("route", c.FullPath()))
			}
			if c.Writer.Written() {
				c.Abort()
				return
			}
			httpapi.AbortInternal(c)
		}()
		c.Next()
	}
}

// requestID accepts a sane incoming X-Request-ID or generates one, echoes it
// in the response and attaches it and a request logger to the context.
func requestID(log *zap.Logger) gin.HandlerFunc {
	requests := logger.NewRequests(log)
	return func(c *gin.Context) {
		id := c.GetHeader(httpapi.RequestIDHeader)
		if !saneRequestID(id) {
			id = rand.Text()
		}
		c.Header(httpapi.RequestIDHeader, id)
		ctx := httpapi.WithRequestID(c.Request.Context(), id)
		ctx = logger.WithRequest(ctx, requests.New(zap.String(logger.FieldRequestID, id)))
		c.Request = c.Request.WithContext(ctx)
		c.Next()
	}
}

// saneRequestID accepts short ids of URL-safe characters only, so clients
// cannot inject control characters or huge values into logs.
func saneRequestID(id string) bool {
	if id == "" || len(id) > maxRequestIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		ch := id[i]
		switch {
		case ch >= 'a' && ch <= 'z', ch >= 'A' && ch <= 'Z', ch >= '0' && ch <= '9':
		case ch == '-' || ch == '_' || ch == '.' || ch == ':':
		default:
			return false
		}
	}
	return true
}

// bodyLimit bounds every request body to limit bytes. A declared length
// over the limit is answered 413 at once, without reading a byte; any
// other body is wrapped in http.MaxBytesReader, so reading stops at the
// limit and whoever reads it (the request validator, the JSON decoder)
// answers 413.
func bodyLimit(limit int64) gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.Request.ContentLength > limit {
			httpapi.AbortTooLarge(c, limit)
			return
		}
		if c.Request.Body != nil && c.Request.Body != http.NoBody {
			c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
		}
		c.Next()
	}
}

// recordedStatus is the status to log and count for c: the one written, or
// httpapi.StatusClientClosedRequest when the client went away before a
// server error, which that departure caused (a canceled query).
func recordedStatus(c *gin.Context) int {
	s := c.Writer.Status()
	if s >= http.StatusInternalServerError && httpapi.ClientGone(c) {
		return httpapi.StatusClientClosedRequest
	}
	return s
}

// accessLog writes one line per request once the handler chain finishes,
// using the request logger (which carries request_id) and the user set by
// the auth middleware, if any.
func accessLog() gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		// The request's fields so far (request id); the user
		// fields the auth middleware adds later are logged explicitly
		// below, so every line has the same keys.
		req := logger.RequestFrom(c.Request.Context())
		n := 0
		if req != nil {
			n = req.Len()
		}
		c.Next()

		status := recordedStatus(c)
		lvl := zapcore.InfoLevel
		if status >= http.StatusInternalServerError {
			lvl = zapcore.ErrorLevel
		}
		var base *zap.Logger
		if req != nil {
			base = req.Base()
		} else {
			base = logger.FromContext(c.Request.Context())
		}
		if !base.Core().Enabled(lvl) {
			return // log.level above info: build no fields (client IP, latency) for nothing
		}
		user, _ := auth.FromContext(c.Request.Context())
		fields := []zap.Field{
			zap.String("method", c.Request.Method),
			zap.String("route", routeLabel(c)),
			zap.String("path", c.Request.URL.Path),
			zap.Int("status", status),
			zap.Duration("latency", time.Since(start)),
			zap.String("client_ip", c.ClientIP()),
			zap.Int("bytes", c.Writer.Size()),
			zap.String(logger.FieldUserID, user.ID),
			zap.String(logger.FieldTenantID, user.TenantID),
		}
		if len(c.Errors) > 0 {
			fields = append(fields, zap.String("errors", c.Errors.String()))
		}
		if req != nil {
			req.Write(n, lvl, "http request", fields...)
			return
		}
		base.Log(lvl, "http request", fields...)
	}
}

// routeLabel is the route template, or "unmatched" for 404s, which keeps
// metric and log cardinality bounded.
func routeLabel(c *gin.Context) string {
	if route := c.FullPath(); route != "" {
		return route
	}
	return "unmatched"
}
