package config

import (
	"strings"
	"testing"
	"time"
)

func env(values map[string]string) func(string) (string, bool) {
	return func(name string) (string, bool) { v, ok := values[name]; return v, ok }
}

func TestDefaults(t *testing.T) {
	config, err := Read(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if config.Addr != "0.0.0.0:8080" || config.ShutdownDelay != 5*time.Second || config.ServiceName != "${{ values.name }}" {
		t.Fatalf("unexpected defaults: %+v", config)
	}
}

func TestEnvironment(t *testing.T) {
	config, err := Read(env(map[string]string{"PORT": "9000", "HOST": "127.0.0.1", "SHUTDOWN_DELAY_MS": "0"}))
	if err != nil {
		t.Fatal(err)
	}
	if config.Addr != "127.0.0.1:9000" || config.ShutdownDelay != 0 {
		t.Fatalf("unexpected config: %+v", config)
	}
}

func TestNamesTheWrongVariable(t *testing.T) {
	_, err := Read(env(map[string]string{"SHUTDOWN_TIMEOUT_MS": "soon"}))
	if err == nil || !strings.Contains(err.Error(), "SHUTDOWN_TIMEOUT_MS must be a non-negative integer") {
		t.Fatalf("got %v", err)
	}
	if _, err := Read(env(map[string]string{"PORT": "eighty"})); err == nil {
		t.Fatal("PORT=eighty accepted")
	}
}

func TestTracingOnlyWithAnEndpoint(t *testing.T) {
	if TracingEnabled(env(nil)) {
		t.Fatal("enabled without endpoint")
	}
	if !TracingEnabled(env(map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"})) {
		t.Fatal("disabled with endpoint")
	}
	if TracingEnabled(env(map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318", "OTEL_SDK_DISABLED": "true"})) {
		t.Fatal("enabled although disabled")
	}
}
