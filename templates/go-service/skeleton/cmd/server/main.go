// Command server runs ${{ values.name }}: JSON logs, optional tracing, graceful shutdown.
package main

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"

	"${{ values.repoHost }}/${{ values.repoSlug }}/internal/config"
	"${{ values.repoHost }}/${{ values.repoSlug }}/internal/httpserver"
	"${{ values.repoHost }}/${{ values.repoSlug }}/internal/tracing"
)

func main() {
	logger := slog.New(slog.NewJSONHandler(os.Stdout, nil))
	slog.SetDefault(logger)
	if err := run(logger); err != nil {
		logger.Error("service failed", "err", err)
		os.Exit(1)
	}
}

func run(logger *slog.Logger) error {
	cfg, err := config.Read(os.LookupEnv)
	if err != nil {
		return err
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(cfg.LogLevel)); err == nil {
		logger = slog.New(slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{Level: level}))
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	shutdownTracing := func(context.Context) error { return nil }
	if config.TracingEnabled(os.LookupEnv) {
		if shutdownTracing, err = tracing.Start(ctx, cfg.ServiceName); err != nil {
			return err
		}
	}

	var ready atomic.Bool
	handler := httpserver.NewHandler(httpserver.NewMetrics(), ready.Load)
	server := &http.Server{
		Addr:              cfg.Addr,
		Handler:           otelhttp.NewHandler(handler, "http.server"),
		ReadHeaderTimeout: 10 * time.Second,
	}
	serveErr := make(chan error, 1)
	go func() { serveErr <- server.ListenAndServe() }()
	ready.Store(true)
	logger.Info("listening", "addr", cfg.Addr)

	select {
	case err := <-serveErr:
		return err
	case <-ctx.Done():
	}
	ready.Store(false)
	logger.Info("shutting down: readiness now fails, draining")
	time.Sleep(cfg.ShutdownDelay)
	drainCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := server.Shutdown(drainCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	if err := shutdownTracing(drainCtx); err != nil {
		logger.Warn("flushing traces failed", "err", err)
	}
	logger.Info("shutdown complete")
	return nil
}
