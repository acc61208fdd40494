"""OpenTelemetry tracing, configured from the standard OTEL_* environment variables.

Off unless an OTLP endpoint is set; the exporter reads OTEL_EXPORTER_OTLP_* itself.
"""

import os
from typing import Mapping

from fastapi import FastAPI


def is_tracing_enabled(env: Mapping[str, str] | None = None) -> bool:
    env = os.environ if env is None else env
    if env.get("OTEL_TRACES_EXPORTER") == "none" or env.get("OTEL_SDK_DISABLED") == "true":
        return False
    return bool(env.get("OTEL_EXPORTER_OTLP_ENDPOINT") or env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"))


def start_tracing(app: FastAPI, service_name: str):  # pragma: no cover - needs a collector
    # Imported here so the service starts (without tracing) where the SDK is not installed.
    from opentelemetry import trace
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
    from opentelemetry.sdk.resources import SERVICE_NAME, Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    provider = TracerProvider(resource=Resource.create({SERVICE_NAME: service_name}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
    FastAPIInstrumentor.instrument_app(app, excluded_urls="healthz,readyz,metrics")
    return provider
