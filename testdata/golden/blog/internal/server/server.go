package server

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"

	"go.uber.org/fx"
	"go.uber.org/zap"

	"example.com/blogplatform/pkg/config"
)

// Module provides the Router and runs the HTTP server for the app lifetime.
var Module = fx.Module("server",
	fx.Provide(NewRouter, NewHTTPServer),
	// Requesting the server is what registers its lifecycle hooks.
	fx.Invoke(func(*http.Server) {}),
)

// HTTPServerParams are the dependencies of NewHTTPServer.
type HTTPServerParams struct {
	fx.In

	Lifecycle  fx.Lifecycle
	Shutdowner fx.Shutdowner
	Config     *config.Config
	Logger     *zap.Logger
	Router     *Router
}

// NewHTTPServer returns an http.Server that listens in OnStart and drains
// in OnStop.
func NewHTTPServer(p HTTPServerParams) *http.Server {
	cfg := p.Config.HTTP
	log := p.Logger.Named("http")
	srv := &http.Server{
		Addr:              cfg.Addr,
		Handler:           p.Router,
		ReadTimeout:       cfg.ReadTimeout,
		ReadHeaderTimeout: cfg.ReadTimeout,
		WriteTimeout:      cfg.WriteTimeout,
		IdleTimeout:       cfg.IdleTimeout,
		ErrorLog:          zap.NewStdLog(log),
	}
	p.Lifecycle.Append(fx.Hook{
		OnStart: func(ctx context.Context) error {
			// Listen synchronously so a bad or busy address fails startup
			// instead of surfacing later from a goroutine.
			ln, err := new(net.ListenConfig).Listen(ctx, "tcp", cfg.Addr)
			if err != nil {
				return fmt.Errorf("server: listen on %s: %w", cfg.Addr, err)
			}
			announce(log, ln.Addr(), p.Config)
			go serve(srv, ln, log, p.Shutdowner)
			return nil
		},
		OnStop: func(ctx context.Context) error {
			ctx, cancel := context.WithTimeout(ctx, cfg.ShutdownTimeout)
			defer cancel()
			if err := srv.Shutdown(ctx); err != nil {
				return fmt.Errorf("server: shutdown: %w", err)
			}
			log.Info("http server stopped")
			return nil
		},
	})
	return srv
}

// announce logs the address the server listens on, as a URL to open too,
// and in development how to mint a token for the protected routes.
func announce(log *zap.Logger, addr net.Addr, cfg *config.Config) {
	log.Info("http server listening", zap.String("addr", addr.String()), zap.String("url", baseURL(addr)))
	if mintsDevTokens(cfg) {
		log.Info("development token: " + devTokenCommand)
	}
}

// devTokenCommand mints an admin token for the development configuration; it runs in the
// project directory.
const devTokenCommand = "go run ./cmd/platformctl token --sub alice --roles admin"

// mintsDevTokens reports whether platformctl token can mint tokens the
// server accepts in development: HS256 with the configured secret.
func mintsDevTokens(cfg *config.Config) bool {
	return cfg.App.Environment == "development" &&
		cfg.Auth.JWT.Algorithm == config.AlgHS256
}

// baseURL is the http URL of addr; an unspecified host (":8080" listens on
// every interface) becomes localhost.
func baseURL(addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return "http://" + addr.String()
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// serve runs srv until Shutdown; an unexpected failure stops the whole app
// with a non-zero exit code rather than leaving a process that serves nothing.
func serve(srv *http.Server, ln net.Listener, log *zap.Logger, sd fx.Shutdowner) {
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Error("http server failed", zap.Error(err))
		_ = sd.Shutdown(fx.ExitCode(1))
	}
}
