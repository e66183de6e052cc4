"""docker-compose.yml wires PostgreSQL >= 15, Kafka >= 3.7 (KRaft) and each built service per CONVENTIONS.md.

There is no Docker engine in CI, so the file's structure is the contract checked here; deploy/create_topics.py
is exercised in --dry-run mode (no broker needed).
"""

import importlib.util
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
COMPOSE = REPO / "docker-compose.yml"
TOPICS_FILE = REPO / "deploy" / "topics.yaml"
CREATE_TOPICS = REPO / "deploy" / "create_topics.py"
INIT_SQL = REPO / "deploy" / "postgres" / "init.sql"
DOCKERFILE = REPO / "Dockerfile"

CONVENTION_PORTS = {
    "gateway": 8000,
    "case_intake": 8001,
    "list_management": 8002,
    "legality_review": 8003,
    "inspection_scheduling": 8004,
    "hotline_ingestion": 8005,
}
BUILT = {"list_management", "hotline_ingestion", "case_intake", "legality_review", "inspection_scheduling"}
# Services with periodic workers of their own, run by `<service>-scheduler` (deadline watcher, webhooks).
WITH_SCHEDULER = {"hotline_ingestion", "case_intake", "legality_review", "inspection_scheduling"}
# Workers serve /metrics on the API port + these (WORKER_METRICS_OFFSET in platform_runtime.entrypoints).
METRICS_OFFSET = {"relay": 100, "consumer": 200, "scheduler": 300}


def roles(service: str) -> tuple[str, ...]:
    base = ("migrate", "api", "relay", "consumer")
    return (*base, "scheduler") if service in WITH_SCHEDULER else base


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def services(compose: dict) -> dict[str, dict]:
    return compose["services"]


def compose_name(service: str, role: str) -> str:
    """Compose services are named like the chart's objects: list-management, list-management-relay, …"""
    base = service.replace("_", "-")
    return base if role == "api" else f"{base}-{role}"


def major_minor(image: str) -> tuple[int, int]:
    match = re.search(r":(\d+)(?:\.(\d+))?", image)
    assert match, f"{image} is not pinned to a version"
    return int(match[1]), int(match[2] or 0)


def load_create_topics():
    name = "deploy_create_topics"
    if name not in sys.modules:  # registered first: its dataclasses look their module up by name
        spec = importlib.util.spec_from_file_location(name, CREATE_TOPICS)
        sys.modules[name] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules[name])
    return sys.modules[name]


# --- infrastructure ------------------------------------------------------------------------------------


def test_postgres_is_version_15_or_newer_with_one_database_per_service(services: dict) -> None:
    postgres = services["postgres"]
    assert major_minor(postgres["image"]) >= (15, 0)
    assert "./deploy/postgres/init.sql" in " ".join(postgres["volumes"])
    assert any(v.endswith(":ro") and "/docker-entrypoint-initdb.d/" in v for v in postgres["volumes"])
    created = set(re.findall(r"CREATE DATABASE (\w+);", INIT_SQL.read_text(encoding="utf-8")))
    assert created == set(CONVENTION_PORTS)


def test_kafka_is_apache_kafka_3_7_or_newer_in_kraft_mode(services: dict) -> None:
    kafka = services["kafka"]
    assert kafka["image"].startswith("apache/kafka:")
    assert major_minor(kafka["image"]) >= (3, 7)
    env = kafka["environment"]
    assert set(env["KAFKA_PROCESS_ROLES"].split(",")) == {"broker", "controller"}
    assert "ZOOKEEPER" not in " ".join(env)
    assert "INTERNAL://kafka:9092" in env["KAFKA_ADVERTISED_LISTENERS"]
    assert env["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"] == 1  # one node


def test_the_infrastructure_reports_health(services: dict) -> None:
    for name in ("postgres", "kafka"):
        assert services[name]["healthcheck"]["test"][0] == "CMD", name


def test_topics_are_created_once_the_broker_is_healthy(services: dict) -> None:
    job = services["kafka-topics"]
    assert job["depends_on"]["kafka"]["condition"] == "service_healthy"
    assert job["restart"] == "no"
    command = job["command"]
    assert command[:2] == ["python", "/app/deploy/create_topics.py"]
    assert command[command.index("--bootstrap") + 1] == "kafka:9092"
    assert command[command.index("--file") + 1] == "/app/deploy/topics.yaml"
    assert command[command.index("--replication-factor") + 1] == "1"


# --- services -----------------------------------------------------------------------------------------


def test_only_built_services_have_compose_blocks(services: dict) -> None:
    infrastructure = {"postgres", "kafka", "kafka-topics", "identity"}
    expected = {compose_name(s, role) for s in BUILT for role in roles(s)}
    assert set(services) - infrastructure == expected


def test_hotline_ingestion_runs_a_scheduler_container_and_list_management_none(services: dict) -> None:
    assert services["hotline-ingestion-scheduler"]["command"] == ["hotline-ingestion-scheduler"]
    assert "list-management-scheduler" not in services


@pytest.mark.parametrize("service", sorted(BUILT))
def test_each_built_service_runs_its_roles_from_its_own_image(services: dict, service: str) -> None:
    pyproject = tomllib.loads((REPO / "services" / service / "pyproject.toml").read_text(encoding="utf-8"))
    scripts = set(pyproject["project"]["scripts"])
    for role in roles(service):
        block = services[compose_name(service, role)]
        assert block["build"]["args"]["SERVICE"] == service
        assert block["image"].split(":")[0].endswith(f"/{service}")
        assert block["command"] == [f"{service.replace('_', '-')}-{role}"]
        assert block["command"][0] in scripts


@pytest.mark.parametrize("service", sorted(BUILT))
def test_migrations_run_once_before_the_api_relay_and_consumer_start(services: dict, service: str) -> None:
    migrate = services[compose_name(service, "migrate")]
    assert migrate["restart"] == "no"
    assert migrate["depends_on"]["postgres"]["condition"] == "service_healthy"
    for role in roles(service)[1:]:
        depends_on = services[compose_name(service, role)]["depends_on"]
        assert depends_on[compose_name(service, "migrate")]["condition"] == "service_completed_successfully"
        assert depends_on["kafka-topics"]["condition"] == "service_completed_successfully"


@pytest.mark.parametrize("service", sorted(BUILT))
def test_long_running_processes_have_healthchecks_and_the_api_checks_readyz(
    services: dict, service: str
) -> None:
    port = CONVENTION_PORTS[service]
    expected = {"api": f":{port}/readyz"} | {
        role: f":{port + METRICS_OFFSET[role]}/metrics" for role in roles(service) if role in METRICS_OFFSET
    }
    assert set(expected) == set(roles(service)) - {"migrate"}
    for role, endpoint in expected.items():
        test = services[compose_name(service, role)]["healthcheck"]["test"]
        assert test[0] == "CMD" and endpoint in " ".join(test), role


@pytest.mark.parametrize("service", sorted(BUILT))
def test_the_api_is_published_on_its_conventions_port(services: dict, service: str) -> None:
    port = CONVENTION_PORTS[service]
    api = services[compose_name(service, "api")]
    assert api["ports"] == [f"{port}:{port}"]
    assert api["environment"][f"{service.upper()}_HTTP__PORT"] == str(port)
    assert api["environment"][f"{service.upper()}_HTTP__HOST"] == "0.0.0.0"


@pytest.mark.parametrize("service", sorted(BUILT))
def test_every_env_var_of_a_service_starts_with_its_prefix(services: dict, service: str) -> None:
    prefix = f"{service.upper()}_"
    for role in roles(service):
        env = services[compose_name(service, role)]["environment"]
        assert isinstance(env, dict) and env
        assert [name for name in env if not name.startswith(prefix)] == []


@pytest.mark.parametrize("service", sorted(BUILT))
def test_every_role_of_a_service_shares_one_environment(services: dict, service: str) -> None:
    """Workers need the same database, broker and HTTP port (their metrics port derives from it)."""
    api_env = services[compose_name(service, "api")]["environment"]
    for role in roles(service):
        assert services[compose_name(service, role)]["environment"] == api_env, role


def test_the_hotline_feedback_webhook_url_is_left_unset(services: dict) -> None:
    """Unset, the scheduler sends nothing and deliveries wait as pending; the HMAC key is never a plain value."""
    for role in roles("hotline_ingestion"):
        env = services[compose_name("hotline_ingestion", role)]["environment"]
        assert not [name for name in env if name.startswith("HOTLINE_INGESTION_FEEDBACK__")], role


def test_case_intake_calls_list_management_by_its_compose_name_and_port(services: dict) -> None:
    """The advisory 四张清单/裁量基准 evaluation recorded with a decision is list_management's REST API."""
    url = services["case-intake"]["environment"]["CASE_INTAKE_LIST_MANAGEMENT__BASE_URL"]
    assert url == f"http://list-management:{CONVENTION_PORTS['list_management']}"
    assert services["list-management"]["ports"] == ["8002:8002"]


@pytest.mark.parametrize("service", ["legality_review", "inspection_scheduling"])
def test_a_service_keeping_local_copies_calls_no_other_service(services: dict, service: str) -> None:
    """Reviewers, inspectors, departments and matter lists are local copies kept from list_management's events."""
    for role in roles(service):
        env = services[compose_name(service, role)]["environment"]
        assert [name for name in env if name.endswith("__BASE_URL")] == [], role


@pytest.mark.parametrize("service", sorted(BUILT))
def test_each_service_gets_its_own_database_and_the_real_broker(services: dict, service: str) -> None:
    env = services[compose_name(service, "api")]["environment"]
    prefix = f"{service.upper()}_"
    assert env[f"{prefix}DATABASE__URL"].startswith("postgresql+asyncpg://")
    assert env[f"{prefix}DATABASE__URL"].endswith(f"@postgres:5432/{service}")
    assert env[f"{prefix}KAFKA__BOOTSTRAP_SERVERS"] == "kafka:9092"
    assert env[f"{prefix}KAFKA__ENABLE_IDEMPOTENCE"] == "true"  # Apache Kafka accepts the idempotent producer
    assert env[f"{prefix}LOG__JSON"] == "true"
    assert env[f"{prefix}RUN_WORKERS_IN_API"] == "false"  # relay, consumer, scheduler: their own containers


def test_service_containers_run_hardened(services: dict) -> None:
    for name, block in services.items():
        if name in {"postgres", "kafka"}:
            continue
        assert block["read_only"] is True, name
        assert block["user"] == "10001:10001", name
        assert block["cap_drop"] == ["ALL"], name
        assert "/tmp" in block["tmpfs"], name


# --- the image ----------------------------------------------------------------------------------------


def test_the_dockerfile_builds_one_service_as_uid_10001_with_the_locked_dependencies() -> None:
    dockerfile = DOCKERFILE.read_text(encoding="utf-8")
    assert re.search(r"^ARG SERVICE$", dockerfile, re.MULTILINE)
    assert re.search(r"uv sync --locked --no-dev --no-install-workspace --package", dockerfile)
    assert re.search(r"uv sync --locked --no-dev --no-editable --package", dockerfile)
    assert dockerfile.rstrip().splitlines()[-1] == 'CMD ["service-api"]'
    assert re.search(r"^USER 10001:10001$", dockerfile, re.MULTILINE)
    assert "COPY deploy/topics.yaml deploy/create_topics.py /app/deploy/" in dockerfile


def test_the_build_context_keeps_out_virtualenvs_git_and_local_data() -> None:
    ignored = set((REPO / ".dockerignore").read_text(encoding="utf-8").split())
    assert {".git", ".venv", "**/.venv", ".data"} <= ignored
    assert not {"deploy", "libs", "services", "uv.lock", "pyproject.toml"} & ignored


# --- deploy/create_topics.py ---------------------------------------------------------------------------


def test_create_topics_plans_every_declared_topic_and_one_dead_letter_topic_per_consumer() -> None:
    create_topics = load_create_topics()
    doc = create_topics.load_document(TOPICS_FILE)
    plans = {p.name: p for p in create_topics.plan_topics(doc)}
    declared = {t["name"] for t in doc["topics"]}
    dead_letters = {f"{t['name']}.dlq.{group}" for t in doc["topics"] for group in t["consumers"]}
    assert set(plans) == declared | dead_letters
    assert {"case_intake.case.dlq.list_management", "case_intake.case.dlq.legality_review"} <= set(plans)
    for topic in doc["topics"]:
        plan = plans[topic["name"]]
        assert plan.partitions == topic["partitions"]
        assert plan.replication_factor == topic["replication_factor"]
        assert plan.configs["retention.ms"] == str(topic["retention_ms"])


def test_create_topics_on_one_broker_asks_for_one_replica_and_no_min_insync_setting() -> None:
    create_topics = load_create_topics()
    plans = create_topics.plan_topics(create_topics.load_document(TOPICS_FILE), replication_factor=1)
    assert {p.replication_factor for p in plans} == {1}
    assert all("min.insync.replicas" not in p.configs for p in plans)


def test_create_topics_dry_run_prints_the_plan_without_a_broker() -> None:
    result = subprocess.run(
        [sys.executable, str(CREATE_TOPICS), "--file", str(TOPICS_FILE), "--dry-run"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    printed = [yaml.safe_load(line)["name"] for line in result.stdout.splitlines()]
    assert {"list_management.list", "case_intake.case", "hotline_ingestion.work_order",
            "legality_review.review", "legality_review.file_review"} <= set(printed)


def test_every_service_trusts_the_issuer_compose_runs_and_its_demo_config_is_current(services: dict) -> None:
    """compose's `identity` container serves the demo clients of `make run` (README: Identity)."""
    import json

    from platform_devstack.identity import compose_config

    committed = json.loads((REPO / "deploy" / "identity" / "compose.json").read_text(encoding="utf-8"))
    assert committed == compose_config(), "regenerate: python -m platform_devstack.identity > deploy/identity/compose.json"
    for name, block in services.items():
        env = block.get("environment") or {}
        issuers = [v for k, v in env.items() if k.endswith("_IDENTITY__ISSUER")]
        if name not in ("postgres", "kafka", "kafka-topics", "identity") and not name.endswith("-migrate"):
            assert issuers == ["${PLATFORM_IDENTITY_ISSUER:-http://identity:8090}"], name
