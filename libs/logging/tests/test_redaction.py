"""Issue 12 item 6: no phone, ID or bank card number ever reaches a log line, error logs included (rules K-7, H-4):
`configure()` installs the masking for structlog and for the standard library's handlers."""

import json
import logging

import structlog

from platform_devstack.pytest_plugin import log_lines
from platform_logging import RedactFilter, configure, get_logger, redact_personal

PHONE, ID_NUMBER, CARD = "13812345678", "11010519491231002X", "6222021234567894"


def _fail() -> None:
    raise ValueError(f"party {ID_NUMBER} unreachable at {PHONE}")


def test_k7_an_error_carrying_a_phone_and_an_id_number_writes_neither(capsys):
    configure("INFO", json_output=True, repeat_interval_s=0)
    log = get_logger("test.redaction")
    with log_lines() as seen:
        try:
            _fail()
        except ValueError as exc:
            log.exception("clue_registration_failed", error=str(exc), party={"id_number": ID_NUMBER},
                          phones=[PHONE], cause=exc, span_id="4111111111111111")
        log.info(f"退款到卡{CARD}，电话 +86 138 1234 5678", order_no="12345-20261203-000123", amount="¥20000")
    written = capsys.readouterr().err
    assert written.count("\n") >= 2
    for raw in (PHONE, ID_NUMBER, CARD, "1234 5678"):
        assert raw not in written and raw not in json.dumps(seen, ensure_ascii=False, default=str)
    error, info = (json.loads(line) for line in written.splitlines()[-2:])
    assert error["error"] == "party 110***********002X unreachable at 138****5678"
    assert error["party"] == {"id_number": "110***********002X"} and error["phones"] == ["138****5678"]
    assert "ValueError: party 110***********002X unreachable at 138****5678" in error["exception"]
    assert error["cause"] == "ValueError('party 110***********002X unreachable at 138****5678')"
    assert error["span_id"] == "4111111111111111"  # correlation ids are generated, left as they are (Luhn or not)
    assert info["event"] == "退款到卡************7894，电话 +86 138 **** 5678"
    assert (info["order_no"], info["amount"]) == ("12345-20261203-000123", "¥20000")


def test_k7_configure_installs_the_masking_for_structlog_and_the_standard_library():
    configure("INFO", json_output=True, repeat_interval_s=0)
    processors = structlog.get_config()["processors"]
    assert processors.index(redact_personal) == len(processors) - 2  # after the exception text, before rendering
    assert any(isinstance(f, RedactFilter) for h in logging.getLogger().handlers for f in h.filters)
    configure("INFO", json_output=True, repeat_interval_s=0)  # again: still one filter per handler
    assert all(sum(isinstance(f, RedactFilter) for f in h.filters) == 1 for h in logging.getLogger().handlers)


def test_k7_a_standard_library_record_is_masked_in_its_message_and_exception_text():
    try:
        _fail()
    except ValueError:
        import sys
        record = logging.LogRecord("asyncpg", logging.ERROR, __file__, 1, "insert failed for %s, card %s",
                                   (PHONE, CARD), sys.exc_info())
    assert RedactFilter().filter(record)
    assert record.getMessage() == "insert failed for 138****5678, card ************7894"
    assert ID_NUMBER not in record.exc_text and "110***********002X" in record.exc_text
    assert ID_NUMBER not in logging.Formatter().format(record)
    odd = logging.LogRecord("x", logging.INFO, __file__, 1, "%s %s", ("only one",), None)
    assert RedactFilter().filter(odd)  # arguments that do not fit: passed on untouched
