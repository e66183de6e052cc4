from list_management.settings import Settings


def test_overriding_one_http_key_keeps_the_services_own_port(monkeypatch):
    monkeypatch.setenv("LIST_MANAGEMENT_HTTP__HOST", "0.0.0.0")
    monkeypatch.setenv("LIST_MANAGEMENT_CONSUMER__MAX_ATTEMPTS", "5")
    s = Settings()
    assert (s.http.host, s.http.port) == ("0.0.0.0", 8002)
    assert (s.consumer.group_id, s.consumer.max_attempts) == ("list_management", 5)


def test_d7_minimum_benchmark_steps_is_configuration_with_default_three(monkeypatch):
    assert Settings().rules.benchmark_min_steps == 3
    monkeypatch.setenv("LIST_MANAGEMENT_RULES__BENCHMARK_MIN_STEPS", "4")
    assert Settings().rules.benchmark_min_steps == 4
