"""The HTTP application: probes, metrics and the example route."""

import time
from typing import Callable

from fastapi import FastAPI, Path, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from app.metrics import HttpMetrics

# Probe and scrape endpoints are not part of the service's RED metrics.
OPERATIONAL_ROUTES = {"/healthz", "/readyz", "/metrics"}


def create_app(metrics: HttpMetrics, is_ready: Callable[[], bool]) -> FastAPI:
    app = FastAPI(title="${{ values.name }}", docs_url="/docs", redoc_url=None)

    @app.middleware("http")
    async def record_red_metrics(request: Request, call_next):
        started = time.perf_counter()
        status_code = 500
        try:
            response = await call_next(request)
            status_code = response.status_code
            return response
        finally:
            # The route template ("/v1/greetings/{name}"), never the raw path: bounded labels.
            route = getattr(request.scope.get("route"), "path", "unmatched")
            if route not in OPERATIONAL_ROUTES:
                labels = (request.method, route, str(status_code))
                metrics.requests.labels(*labels).inc()
                metrics.duration.labels(*labels).observe(time.perf_counter() - started)

    @app.get("/healthz")
    def healthz() -> dict:
        return {"status": "ok"}

    @app.get("/readyz")
    def readyz():
        if not is_ready():
            return JSONResponse({"status": "not ready"}, status_code=503)
        return {"status": "ready"}

    @app.get("/metrics")
    def scrape() -> Response:
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)

    @app.get("/v1/greetings/{name}")
    def greet(name: str = Path(min_length=1, max_length=64)) -> dict:
        return {"message": f"Hello, {name}!"}

    return app
