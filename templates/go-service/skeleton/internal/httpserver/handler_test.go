package httpserver

import (
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

func get(t *testing.T, handler http.Handler, path string) *httptest.ResponseRecorder {
	t.Helper()
	recorder := httptest.NewRecorder()
	handler.ServeHTTP(recorder, httptest.NewRequest(http.MethodGet, path, nil))
	return recorder
}

func TestProbes(t *testing.T) {
	ready := false
	handler := NewHandler(NewMetrics(), func() bool { return ready })
	if code := get(t, handler, "/healthz").Code; code != http.StatusOK {
		t.Fatalf("healthz: got %d", code)
	}
	if code := get(t, handler, "/readyz").Code; code != http.StatusServiceUnavailable {
		t.Fatalf("readyz before ready: got %d", code)
	}
	ready = true
	if code := get(t, handler, "/readyz").Code; code != http.StatusOK {
		t.Fatalf("readyz when ready: got %d", code)
	}
}

func TestREDMetricsByRouteTemplate(t *testing.T) {
	handler := NewHandler(NewMetrics(), func() bool { return true })
	get(t, handler, "/v1/greetings/ada")
	get(t, handler, "/v1/greetings/grace")
	get(t, handler, "/no-such-page")
	body, _ := io.ReadAll(get(t, handler, "/metrics").Body)
	for _, pattern := range []string{
		`http_requests_total\{method="GET",route="/v1/greetings/\{name\}",status_code="200"\} 2`,
		`http_requests_total\{method="GET",route="unmatched",status_code="404"\} 1`,
		`http_request_duration_seconds_bucket\{method="GET",route="/v1/greetings/\{name\}",status_code="200",le="0.3"\} 2`,
	} {
		if !regexp.MustCompile(pattern).Match(body) {
			t.Errorf("metrics do not match %s", pattern)
		}
	}
	if strings.Contains(string(body), `route="/healthz"`) {
		t.Error("probes must not count as traffic")
	}
}

func TestGreeting(t *testing.T) {
	handler := NewHandler(NewMetrics(), func() bool { return true })
	response := get(t, handler, "/v1/greetings/ada")
	if response.Code != http.StatusOK || !strings.Contains(response.Body.String(), `"Hello, ada!"`) {
		t.Fatalf("got %d %s", response.Code, response.Body.String())
	}
	if code := get(t, handler, "/v1/greetings/"+strings.Repeat("x", 65)).Code; code != http.StatusBadRequest {
		t.Fatalf("long name: got %d", code)
	}
	recorder := httptest.NewRecorder()
	handler.ServeHTTP(recorder, httptest.NewRequest(http.MethodPost, "/v1/greetings/ada", nil))
	if recorder.Code != http.StatusMethodNotAllowed {
		t.Fatalf("POST: got %d", recorder.Code)
	}
}
