import pytest

from app.config import read_config
from app.tracing import is_tracing_enabled


def test_defaults():
    config = read_config({})
    assert config.port == 8080
    assert config.service_name == "${{ values.name }}"
    assert config.shutdown_delay_seconds == 5


def test_environment():
    config = read_config({"PORT": "9000", "LOG_LEVEL": "debug", "SHUTDOWN_DELAY_MS": "0"})
    assert (config.port, config.log_level, config.shutdown_delay_seconds) == (9000, "DEBUG", 0)


def test_names_the_wrong_variable():
    with pytest.raises(ValueError, match="PORT must be a non-negative integer"):
        read_config({"PORT": "eighty"})


def test_tracing_only_with_an_endpoint():
    assert not is_tracing_enabled({})
    assert is_tracing_enabled({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"})
    assert not is_tracing_enabled({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318", "OTEL_SDK_DISABLED": "true"})
