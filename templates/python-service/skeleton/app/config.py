"""Settings come from the environment only (twelve-factor), read once at start-up."""

import os
from dataclasses import dataclass
from typing import Mapping


@dataclass(frozen=True)
class ServiceConfig:
    service_name: str
    host: str
    port: int
    log_level: str
    # Time readiness fails after SIGTERM before the server stops, so load balancers drain us first.
    shutdown_delay_seconds: float
    # Upper bound for draining in-flight requests.
    shutdown_timeout_seconds: int


def _integer(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "")
    if raw == "":
        return default
    if not raw.isdigit():
        raise ValueError(f'{name} must be a non-negative integer, got "{raw}"')
    return int(raw)


def read_config(env: Mapping[str, str] | None = None) -> ServiceConfig:
    env = os.environ if env is None else env
    return ServiceConfig(
        service_name=env.get("OTEL_SERVICE_NAME") or "${{ values.name }}",
        host=env.get("HOST") or "0.0.0.0",  # noqa: S104 - a container listens on all interfaces
        port=_integer(env, "PORT", 8080),
        log_level=(env.get("LOG_LEVEL") or "info").upper(),
        shutdown_delay_seconds=_integer(env, "SHUTDOWN_DELAY_MS", 5000) / 1000,
        shutdown_timeout_seconds=_integer(env, "SHUTDOWN_TIMEOUT_MS", 25000) // 1000,
    )
