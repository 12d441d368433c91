package server

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"

	"go.uber.org/fx"
	"go.uber.org/zap"

	"example.com/shapes/pkg/config"
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
			log.Info("http server listening", zap.String("addr", ln.Addr().String()))
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

// serve runs srv until Shutdown; an unexpected failure stops the whole app
// with a non-zero exit code rather than leaving a process that serves nothing.
func serve(srv *http.Server, ln net.Listener, log *zap.Logger, sd fx.Shutdowner) {
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Error("http server failed", zap.Error(err))
		_ = sd.Shutdown(fx.ExitCode(1))
	}
}
