"""Entry point: JSON logs, optional tracing, uvicorn with graceful shutdown.

On SIGTERM readiness fails first (SHUTDOWN_DELAY_MS), then uvicorn stops accepting and drains
in-flight requests (up to SHUTDOWN_TIMEOUT_MS).
"""

import asyncio
import logging
import signal

import uvicorn

from app.config import read_config
from app.logs import configure_logging
from app.main import create_app
from app.metrics import create_metrics
from app.tracing import is_tracing_enabled, start_tracing

log = logging.getLogger("${{ values.name }}")


class GracefulServer(uvicorn.Server):
    def __init__(
        self, config: uvicorn.Config, shutdown_delay_seconds: float, shutdown_timeout_seconds: float
    ):
        super().__init__(config)
        self.ready = False
        self.shutdown_delay_seconds = shutdown_delay_seconds
        self.shutdown_timeout_seconds = shutdown_timeout_seconds

    async def startup(self, sockets=None) -> None:
        await super().startup(sockets=sockets)
        self.ready = True

    def handle_exit(self, sig: int, frame) -> None:
        if not self.ready:
            return super().handle_exit(sig, frame)
        self.ready = False
        log.info("shutting down: readiness now fails, draining", extra={"signal": signal.Signals(sig).name})
        loop = asyncio.get_event_loop()
        loop.call_later(self.shutdown_delay_seconds, super().handle_exit, sig, frame)
        # uvicorn waits for open connections without limit; bound the drain ourselves.
        loop.call_later(
            self.shutdown_delay_seconds + self.shutdown_timeout_seconds,
            setattr,
            self,
            "force_exit",
            True,
        )


def main() -> None:
    config = read_config()
    configure_logging(config.log_level)
    server: GracefulServer | None = None
    app = create_app(create_metrics(), is_ready=lambda: bool(server and server.ready))
    tracer_provider = start_tracing(app, config.service_name) if is_tracing_enabled() else None
    server = GracefulServer(
        uvicorn.Config(
            app,
            host=config.host,
            port=config.port,
            log_config=None,
            access_log=False,
        ),
        shutdown_delay_seconds=config.shutdown_delay_seconds,
        shutdown_timeout_seconds=config.shutdown_timeout_seconds,
    )
    server.run()
    if tracer_provider is not None:
        tracer_provider.shutdown()
    log.info("shutdown complete")


if __name__ == "__main__":
    main()
