"""Issue 12 item 5: during an outage a repeated error is written once per interval, then with the count dropped."""

import logging

import structlog

from platform_logging import RepeatFilter, RepeatLimiter


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _passes(limiter: RepeatLimiter, level: str = "error", **event: object) -> dict | None:
    try:
        return dict(limiter(None, level, dict(event)))
    except structlog.DropEvent:
        return None


def test_the_same_event_and_error_type_passes_once_per_interval_then_with_the_count_dropped():
    clock = FakeClock()
    limiter = RepeatLimiter(10.0, clock=clock)
    first = _passes(limiter, event="publish_failed", error="KafkaConnectionError('broker down')")
    dropped = []
    for _ in range(399):
        clock.now += 0.01
        dropped.append(_passes(limiter, event="publish_failed", error="KafkaConnectionError('again')"))
    clock.now = 1010.5
    summary = _passes(limiter, event="publish_failed", error="KafkaConnectionError('still down')")
    assert first is not None and "suppressed" not in first
    assert dropped == [None] * 399
    assert (summary["suppressed"], summary["suppressed_for_s"]) == (399, 10.5)
    clock.now += 10.0
    assert "suppressed" not in _passes(limiter, event="publish_failed", error="KafkaConnectionError('x')")


def test_another_event_another_error_type_and_info_lines_are_never_held_back():
    limiter = RepeatLimiter(10.0, clock=FakeClock())
    assert _passes(limiter, event="publish_failed", error="KafkaConnectionError()")
    assert _passes(limiter, event="publish_failed", error="KafkaTimeoutError()")
    assert _passes(limiter, event="consume_failed", error="KafkaConnectionError()")
    assert all(_passes(limiter, "info", event="publish_failed", error="KafkaConnectionError()") for _ in range(5))


def test_an_exception_logged_with_exc_info_is_keyed_on_its_class():
    limiter = RepeatLimiter(10.0, clock=FakeClock())
    assert _passes(limiter, event="unhandled_error", exc_info=ValueError("a"))
    assert _passes(limiter, event="unhandled_error", exc_info=ValueError("b")) is None
    assert _passes(limiter, event="unhandled_error", exc_info=KeyError("c"))


def test_an_interval_of_zero_lets_every_line_through():
    limiter = RepeatLimiter(0, clock=FakeClock())
    assert all(_passes(limiter, event="publish_failed", error="E()") for _ in range(3))


def test_standard_library_loggers_are_limited_too_and_the_passing_line_carries_the_count():
    clock = FakeClock()
    repeat = RepeatFilter(RepeatLimiter(10.0, clock=clock))

    def record(msg: str, *args: object) -> logging.LogRecord:
        return logging.LogRecord("aiokafka", logging.ERROR, __file__, 1, msg, args, None)

    assert repeat.filter(record("Unable connect to node %s", 1))
    assert [repeat.filter(record("Unable connect to node %s", 1)) for _ in range(3)] == [False] * 3
    clock.now += 11
    last = record("Unable connect to node %s", 1)
    assert repeat.filter(last)
    assert last.getMessage() == "Unable connect to node 1 [3 like this suppressed in 11.0 s]"


def test_configure_installs_the_limit_for_structlog_and_the_standard_library():
    from platform_logging import configure

    configure("INFO", json_output=True, repeat_interval_s=10.0)
    assert isinstance(structlog.get_config()["processors"][0], RepeatLimiter)
    assert any(isinstance(f, RepeatFilter) for h in logging.getLogger().handlers for f in h.filters)
