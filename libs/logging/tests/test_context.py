from platform_logging import bound_context, current_correlation


def test_request_context_becomes_the_correlation_of_caused_events():
    with bound_context(request_id="req-1", traceparent="00-" + "a" * 32 + "-" + "b" * 16 + "-01"):
        corr = current_correlation()
    assert corr.correlation_id == "req-1"
    assert corr.causation_id == "req-1"
    assert corr.traceparent.startswith("00-aaaa")


def test_an_event_handler_passes_its_correlation_on_and_names_itself_as_cause():
    with bound_context(correlation_id="corr-7", ce_id="evt-9"):
        corr = current_correlation()
    assert (corr.correlation_id, corr.causation_id) == ("corr-7", "evt-9")


def test_context_is_gone_after_the_request():
    with bound_context(request_id="req-2"):
        pass
    assert current_correlation().correlation_id is None
