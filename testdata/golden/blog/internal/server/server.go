package server

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"go.uber.org/fx"
	"go.uber.org/zap"

	"example.com/blogplatform/internal/health"
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
	Drain      *health.Drain
}

// NewHTTPServer returns an http.Server that listens in OnStart and drains
// in OnStop: /ready answers 503 at once, the listener stays open for
// http.drain_delay so load balancers stop routing here first, then it
// closes and in-flight requests finish. Its hook is the last one appended
// (the server depends on every route), so it stops first: background
// workers and the database stop after the last request.
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
			p.Drain.Begin()
			log.Info("http server draining: /ready answers 503", zap.Duration("drain_delay", cfg.DrainDelay))
			wait(ctx, cfg.DrainDelay)
			// ctx ends with the grace period (http.shutdown_timeout, the
			// app's stop timeout): past it, connections are cut.
			if err := srv.Shutdown(ctx); err != nil {
				_ = srv.Close()
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

// wait sleeps for d or until ctx ends.
func wait(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// serve runs srv until Shutdown; an unexpected failure stops the whole app
// with a non-zero exit code rather than leaving a process that serves nothing.
func serve(srv *http.Server, ln net.Listener, log *zap.Logger, sd fx.Shutdowner) {
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Error("http server failed", zap.Error(err))
		_ = sd.Shutdown(fx.ExitCode(1))
	}
}
