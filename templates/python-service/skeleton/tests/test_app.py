import re

from fastapi.testclient import TestClient

from app.main import create_app
from app.metrics import create_metrics


def client(ready: bool = True) -> TestClient:
    return TestClient(create_app(create_metrics(), is_ready=lambda: ready))


def test_liveness():
    response = client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readiness_fails_until_ready():
    assert client(ready=False).get("/readyz").status_code == 503
    assert client(ready=True).get("/readyz").status_code == 200


def test_red_metrics_by_route_template():
    http = client()
    http.get("/v1/greetings/ada")
    http.get("/v1/greetings/grace")
    http.get("/no-such-page")
    body = http.get("/metrics").text
    assert re.search(
        r'http_requests_total\{method="GET",route="/v1/greetings/\{name\}",status_code="200"\} 2\.0', body
    )
    assert re.search(r'http_requests_total\{method="GET",route="unmatched",status_code="404"\} 1\.0', body)
    assert re.search(
        r'http_request_duration_seconds_bucket\{le="0\.3",method="GET",route="/v1/greetings/\{name\}",status_code="200"\} 2\.0',
        body,
    )
    assert 'route="/healthz"' not in body


def test_greeting():
    assert client().get("/v1/greetings/ada").json() == {"message": "Hello, ada!"}
    assert client().get("/v1/greetings/" + "x" * 65).status_code == 422
