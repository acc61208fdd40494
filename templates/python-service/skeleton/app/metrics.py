"""RED metrics (rate, errors, duration) per route template.

The alert rules and the dashboard in monitoring/ query exactly these names and labels.
"""

from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client import GC_COLLECTOR, PLATFORM_COLLECTOR, PROCESS_COLLECTOR

# The latency SLO threshold (seconds) must be one of the bucket bounds.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.3, 0.5, 1, 2.5, 5, 10)
LABELS = ("method", "route", "status_code")


@dataclass
class HttpMetrics:
    registry: CollectorRegistry
    requests: Counter
    duration: Histogram


def create_metrics() -> HttpMetrics:
    registry = CollectorRegistry()
    for collector in (PROCESS_COLLECTOR, PLATFORM_COLLECTOR, GC_COLLECTOR):
        registry.register(collector)
    requests = Counter(
        "http_requests",
        "HTTP requests handled, by method, route template and status code.",
        LABELS,
        registry=registry,
    )
    duration = Histogram(
        "http_request_duration_seconds",
        "HTTP request duration in seconds, by method, route template and status code.",
        LABELS,
        buckets=LATENCY_BUCKETS,
        registry=registry,
    )
    return HttpMetrics(registry=registry, requests=requests, duration=duration)
