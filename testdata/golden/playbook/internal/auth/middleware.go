package auth

import (
	"strings"

	"github.com/gin-gonic/gin"
	"go.uber.org/zap"

	"github.com/yourorg/platform/pkg/auth"
	"github.com/yourorg/platform/pkg/httpapi"
	"github.com/yourorg/platform/pkg/logger"
)

// Middleware authenticates the Bearer token in the Authorization header. On
// success it stores the auth.User in the request context and enriches the
// request logger with user_id and, when the token has one, tenant_id;
// otherwise it responds 401.
func Middleware(a auth.Authenticator) gin.HandlerFunc {
	return func(c *gin.Context) {
		token, ok := bearerToken(c.GetHeader("Authorization"))
		if !ok {
			httpapi.AbortUnauthorized(c, "missing bearer token")
			return
		}
		ctx := c.Request.Context()
		claims, err := a.VerifyToken(ctx, token)
		if err != nil {
			logger.FromContext(ctx).Info("token rejected", zap.Error(err))
			httpapi.AbortUnauthorized(c, "invalid or expired token")
			return
		}
		user := auth.UserFromClaims(claims)
		// An empty tenant is left out so a later middleware that resolves
		// the tenant another way (the tenancy feature's) can add the field
		// without duplicating it.
		if user.TenantID != "" {
			ctx = logger.With(ctx, zap.String(logger.FieldUserID, user.ID), zap.String(logger.FieldTenantID, user.TenantID))
		} else {
			ctx = logger.With(ctx, zap.String(logger.FieldUserID, user.ID))
		}
		ctx = auth.WithUser(ctx, user)
		c.Request = c.Request.WithContext(ctx)
		c.Next()
	}
}

// bearerToken extracts the token from an "Authorization: Bearer x" value.
func bearerToken(header string) (string, bool) {
	scheme, token, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}
