"""Structured JSON logs on stdout, one object per line."""

import logging
import sys

from pythonjsonlogger import jsonlogger


def _drop_terminal_colours(record: logging.LogRecord) -> bool:
    # uvicorn attaches an ANSI-coloured copy of each message for terminals.
    record.__dict__.pop("color_message", None)
    return True


def configure_logging(level: str) -> None:
    handler = logging.StreamHandler(sys.stdout)
    handler.addFilter(_drop_terminal_colours)
    handler.setFormatter(
        jsonlogger.JsonFormatter(
            "%(asctime)s %(levelname)s %(name)s %(message)s",
            rename_fields={"asctime": "time", "levelname": "level"},
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # uvicorn's own handlers would print plain text; route its loggers through ours.
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers[:] = []
        logger.propagate = True
