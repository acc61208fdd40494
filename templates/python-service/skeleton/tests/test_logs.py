import json
import logging

from app.logs import configure_logging


def test_logs_are_json_lines(capsys):
    configure_logging("INFO")
    logging.getLogger("test").info("hello", extra={"order_id": 7})
    line = capsys.readouterr().out.strip().splitlines()[-1]
    assert json.loads(line) | {"time": None} == {"time": None, "level": "INFO", "name": "test", "message": "hello", "order_id": 7}
