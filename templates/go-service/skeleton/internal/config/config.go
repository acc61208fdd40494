// Package config reads the service's settings from the environment, once, at start-up.
package config

import (
	"fmt"
	"strconv"
	"time"
)

// Config is the service's settings.
type Config struct {
	ServiceName string
	Addr        string
	LogLevel    string
	// ShutdownDelay keeps serving after SIGTERM while readiness fails, so load balancers drain us first.
	ShutdownDelay time.Duration
	// ShutdownTimeout bounds the draining of in-flight requests.
	ShutdownTimeout time.Duration
}

// Read builds the Config from lookup (os.LookupEnv in production).
func Read(lookup func(string) (string, bool)) (Config, error) {
	get := func(name, fallback string) string {
		if value, ok := lookup(name); ok && value != "" {
			return value
		}
		return fallback
	}
	millis := func(name string, fallback int) (time.Duration, error) {
		raw := get(name, strconv.Itoa(fallback))
		value, err := strconv.Atoi(raw)
		if err != nil || value < 0 {
			return 0, fmt.Errorf("%s must be a non-negative integer, got %q", name, raw)
		}
		return time.Duration(value) * time.Millisecond, nil
	}
	port := get("PORT", "8080")
	if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		return Config{}, fmt.Errorf("PORT must be a port number, got %q", port)
	}
	delay, err := millis("SHUTDOWN_DELAY_MS", 5000)
	if err != nil {
		return Config{}, err
	}
	timeout, err := millis("SHUTDOWN_TIMEOUT_MS", 25000)
	if err != nil {
		return Config{}, err
	}
	return Config{
		ServiceName:     get("OTEL_SERVICE_NAME", "${{ values.name }}"),
		Addr:            get("HOST", "0.0.0.0") + ":" + port,
		LogLevel:        get("LOG_LEVEL", "info"),
		ShutdownDelay:   delay,
		ShutdownTimeout: timeout,
	}, nil
}

// TracingEnabled reports whether an OTLP endpoint is configured and the SDK not disabled.
func TracingEnabled(lookup func(string) (string, bool)) bool {
	value := func(name string) string { v, _ := lookup(name); return v }
	if value("OTEL_TRACES_EXPORTER") == "none" || value("OTEL_SDK_DISABLED") == "true" {
		return false
	}
	return value("OTEL_EXPORTER_OTLP_ENDPOINT") != "" || value("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") != ""
}
