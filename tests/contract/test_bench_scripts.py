"""The benchmark scripts of `make bench` still fit the code they measure (they once broke unnoticed: identity_verify
passed an argument `create_service_app` no longer took, and `make bench` stopped there).

Nothing here starts a database, broker or issuer: each script is imported (every platform name it uses must still
exist), its command line is parsed (`--help` and the documented defaults of bench/README.md), and the parts that
need no running stack are called — an outbox message and a relay built as the relay bench builds them, the
bench's 12345 orders validated by intake's own model, the identity bench's app built by `create_service_app`,
the draw bench's roster of 100 entities drawn and verified by the inspection_scheduling core.
"""

import importlib.util
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
#: each script of `make bench`, and the functions its run goes through
SCRIPTS = {
    "outbox_relay": ("parse_args", "bench_raw", "preload", "bench_relay", "bench_lag", "run_all", "summary", "main"),
    "hotline_ingest": ("parse_args", "prepare", "warm_up", "bench_bulk", "bench_singles", "bench_raw", "run_all",
                       "summary", "main"),
    "identity_verify": ("bench_app", "measure", "report", "main"),
    "inspection_draw": ("parse_args", "build_roster", "build_strata", "floor", "core_draw", "breakdown",
                        "naive_draw", "core_verify", "offline_verify", "run_all", "summary", "main"),
    "inspection_import": ("parse_args", "build_rows", "upload", "raw_file", "prepare", "raw_copy", "service_import",
                          "read_and_check", "run_all", "summary", "main"),
}


@pytest.fixture(scope="module")
def bench_path() -> Iterator[None]:
    """bench/ on sys.path, as when a script runs (hotline_ingest imports hotline_orders and service_process)."""
    sys.path.insert(0, str(BENCH))
    try:
        yield
    finally:
        sys.path.remove(str(BENCH))


def load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scripts(bench_path: None) -> dict[str, ModuleType]:
    return {name: load(name) for name in SCRIPTS}


def command_line(monkeypatch: pytest.MonkeyPatch, entry: Callable, *argv: str) -> object:
    monkeypatch.setattr(sys, "argv", ["bench", *argv])
    return entry()


def test_make_bench_runs_exactly_these_scripts() -> None:
    makefile = (BENCH.parent / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\nbench:", 1)[1].split("\n\n", 1)[0]
    assert [line.split("bench/", 1)[1].removesuffix(".py") for line in recipe.splitlines() if "bench/" in line] \
        == list(SCRIPTS)


@pytest.mark.parametrize("name", SCRIPTS)
def test_script_imports_and_has_its_run(scripts: dict[str, ModuleType], name: str) -> None:
    missing = [f for f in SCRIPTS[name] if not callable(getattr(scripts[name], f, None))]
    assert not missing, f"bench/{name}.py lacks {missing}"


@pytest.mark.parametrize(("name", "flags"), [
    ("outbox_relay", ("--events", "--seconds", "--rate", "--tick-ms", "--fetch-wait-ms", "--strict")),
    ("hotline_ingest", ("--orders", "--bulk-size", "--singles", "--clients", "--topology", "--api-replicas",
                        "--profile-server", "--strict")),
    ("identity_verify", ("--requests", "--strict")),
    ("inspection_draw", ("--entities", "--strata", "--share", "--count", "--inspectors", "--seed", "--strict")),
    ("inspection_import", ("--entities", "--seed", "--strict")),
])
def test_help_lists_the_documented_flags(scripts: dict[str, ModuleType], name: str, flags: tuple[str, ...],
                                         monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    module = scripts[name]
    with pytest.raises(SystemExit) as exit_:  # argparse answers --help before anything is started
        command_line(monkeypatch, getattr(module, "parse_args", module.main), "--help")
    assert exit_.value.code == 0
    usage = capsys.readouterr().out
    assert [f for f in flags if f not in usage] == []


def test_defaults_are_the_documented_ones(scripts: dict[str, ModuleType], monkeypatch: pytest.MonkeyPatch) -> None:
    relay = command_line(monkeypatch, scripts["outbox_relay"].parse_args)
    assert (relay.events, relay.seconds, relay.rate, relay.tick_ms, relay.strict) == (20_000, 10.0, 1_000, 10, False)
    hotline = command_line(monkeypatch, scripts["hotline_ingest"].parse_args)
    assert (hotline.orders, hotline.bulk_size, hotline.singles, hotline.clients, hotline.topology) \
        == (20_000, 1_000, 5_000, 50, "split")
    draw = command_line(monkeypatch, scripts["inspection_draw"].parse_args)
    assert (draw.entities, draw.strata, draw.share, draw.count, draw.inspectors, draw.seed, draw.strict) \
        == (1_000_000, 10, 0.01, None, 20, 13, False)


def test_outbox_relay_builds_its_messages_and_relay(scripts: dict[str, ModuleType]) -> None:
    from platform_db.schema import add_messaging_tables, make_metadata
    from platform_events.contracts.case_intake import CASE_TOPIC
    from platform_settings import KafkaSettings

    module = scripts["outbox_relay"]
    key, value, headers = module.kafka_message(7)
    assert key == b"case-7" and value and ("ce_type", module.CaseFiled.event_type.encode()) in headers
    assert module.case_filed(7).topic == CASE_TOPIC
    outbox, _, _ = add_messaging_tables(make_metadata())
    engine = module.build_engine(module.DatabaseSettings(url="postgresql+asyncpg://bench@127.0.0.1:1/bench"))
    relay = module.new_relay(engine, outbox, KafkaSettings(bootstrap_servers="127.0.0.1:1"))  # nothing connects
    assert "FOR UPDATE SKIP LOCKED" in relay._claim_sql


def test_hotline_orders_are_valid_intake(scripts: dict[str, ModuleType]) -> None:
    from pydantic import TypeAdapter

    from hotline_ingestion.domain.work_order import WorkOrderIntake

    orders = scripts["hotline_ingest"].work_orders(0, 200, "BENCH-T", datetime.now(UTC))
    parsed = TypeAdapter(list[WorkOrderIntake]).validate_python(orders)  # what the bulk route validates them by
    assert len({o.order_no for o in parsed}) == 200


def test_identity_bench_app_builds_with_both_routes(scripts: dict[str, ModuleType]) -> None:
    module = scripts["identity_verify"]
    app = module.bench_app(module.ServiceSettings(service_name="bench", identity={
        "issuer": "http://127.0.0.1:1", "audience": "bench"}))
    assert {"/api/v1/open", "/api/v1/guarded"} <= set(app.openapi()["paths"])


def test_inspection_draw_runs_a_tiny_draw_the_core_verifies(scripts: dict[str, ModuleType]) -> None:
    module = scripts["inspection_draw"]
    roster, keys = module.build_roster(100, 10, 13)
    assert len({row.credit_code for row in roster}) == 100 and len({row.stratum for row in roster}) == 10
    assert all(module.CREDIT_CODE.fullmatch(row.credit_code) for row in roster)
    strata = module.build_strata(roster, keys, 0.01, None)
    proof, _, _ = module.core_draw(roster, strata, module.build_pool(4), module.secrets_of(13))
    assert len(proof["selected"]) == 10  # at least one per stratum
    assert module.core_verify(proof, roster)[0]
    assert module.naive_draw(roster, strata, 13)[0] == 10


def test_inspection_import_generates_a_file_the_pool_accepts(scripts: dict[str, ModuleType],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    module = scripts["inspection_import"]
    args = command_line(monkeypatch, module.parse_args)
    assert (args.entities, args.seed, args.strict) == (1_000_000, 13, False)
    rows = module.build_rows(500, 13)
    assert len({row[0] for row in rows}) == 500
    assert module.read_and_check(module.upload(rows)) >= 0  # read and checked by the service's own rules, no problem
    assert module.raw_file(rows).count(b"\n") == 501
