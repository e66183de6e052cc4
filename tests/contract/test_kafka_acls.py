"""Broker ACLs derived from deploy/topics.yaml by deploy/kafka_acls.py, and the broker security the chart and
docker-compose.yml hand to the services (deploy/README.md: "Broker security (SASL/SCRAM, TLS, ACLs)").

Who may do what follows from the file alone: an owner writes its topics, a consumer reads the topics it is
declared on, writes its own dead letters and reads its group; nobody else gets anything, and a confidential topic
is read only by cleared groups.
"""

import copy
import importlib
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import helm_python as helm
import kubernetes_validate
import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
TOPICS_FILE = REPO / "deploy" / "topics.yaml"
KAFKA_ACLS = REPO / "deploy" / "kafka_acls.py"
CREATE_TOPICS = REPO / "deploy" / "create_topics.py"
CHART = REPO / "helm" / "enforcement-platform"
COMPOSE = REPO / "docker-compose.yml"
BUILT = {"list_management", "hotline_ingestion", "case_intake", "legality_review", "inspection_scheduling"}
K8S_NAME = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")


def _load(path: Path, name: str):
    if name not in sys.modules:  # registered first: its dataclasses look their module up by name
        spec = importlib.util.spec_from_file_location(name, path)
        sys.modules[name] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules[name])
    return sys.modules[name]


@pytest.fixture(scope="module")
def acls():
    return _load(KAFKA_ACLS, "deploy_kafka_acls")


@pytest.fixture(scope="module")
def doc(acls) -> dict:
    return acls.load_document(TOPICS_FILE)


@pytest.fixture(scope="module")
def principals(acls, doc) -> dict:
    return {p.user: p for p in acls.derive(doc)}


def granted(principal, resource_type: str, operation: str) -> set[str]:
    return {a.name for a in principal.acls if a.resource_type == resource_type and operation in a.operations}


def run_script(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(KAFKA_ACLS), *args], capture_output=True, text=True, timeout=60)


def topics_by_name(doc: dict) -> dict[str, dict]:
    return {t["name"]: t for t in doc["topics"]}


# --- what each service principal may do ------------------------------------------------------------------


def test_case_intake_reads_work_orders_and_writes_only_its_own_dead_letters_of_them(principals) -> None:
    case_intake = principals["case_intake"]
    assert "hotline_ingestion.work_order" in granted(case_intake, "topic", "Read")
    assert "hotline_ingestion.work_order" in granted(case_intake, "topic", "Describe")
    assert "hotline_ingestion.work_order.dlq.case_intake" in granted(case_intake, "topic", "Write")
    assert "hotline_ingestion.work_order" not in granted(case_intake, "topic", "Write")
    assert "case_intake.case" in granted(case_intake, "topic", "Write")


def test_every_service_of_topics_yaml_is_a_principal_named_after_it(principals, doc) -> None:
    services = {t["owner"] for t in doc["topics"]} | {g for t in doc["topics"] for g in t["consumers"]}
    assert services == BUILT
    assert {name for name in principals if name != "kafka-topics"} == services
    assert all(principals[s].principal == f"User:{s}" for s in services)


@pytest.mark.parametrize("service", sorted(BUILT))
def test_a_service_writes_only_its_own_topics_and_its_own_dead_letter_topics(principals, doc, service) -> None:
    owned = {t["name"] for t in doc["topics"] if t["owner"] == service}
    dead_letters = {f"{t['name']}.dlq.{service}" for t in doc["topics"] if service in t["consumers"]}
    assert granted(principals[service], "topic", "Write") == owned | dead_letters
    others = {t["name"] for t in doc["topics"]} - owned
    assert not granted(principals[service], "topic", "Write") & others, "never another service's topic"


@pytest.mark.parametrize("service", sorted(BUILT))
def test_a_service_reads_exactly_the_topics_it_is_a_declared_consumer_of(principals, doc, service) -> None:
    consumed = {t["name"] for t in doc["topics"] if service in t["consumers"]}
    assert granted(principals[service], "topic", "Read") == consumed
    read_by_code = set(importlib.import_module(f"{service}.consumers").TOPICS)
    assert read_by_code <= granted(principals[service], "topic", "Read"), "the consumer would be refused"


def test_every_declared_consumer_gets_read_on_its_group_which_is_its_services_group_id(principals, doc) -> None:
    for topic in doc["topics"]:
        for group in topic["consumers"]:
            assert granted(principals[group], "group", "Read") == {group}, (topic["name"], group)
    for service in BUILT:
        settings = importlib.import_module(f"{service}.settings").Settings
        assert settings.model_fields["consumer"].default.group_id == service


def test_no_service_may_create_topics_or_touch_the_cluster(principals) -> None:
    for name, principal in principals.items():
        if name == "kafka-topics":
            continue
        assert {op for a in principal.acls for op in a.operations} <= {"Read", "Write", "Describe"}, name
        assert {a.resource_type for a in principal.acls} <= {"topic", "group"}, name
        assert {a.pattern_type for a in principal.acls} == {"literal"}, name


def test_the_topics_job_may_create_exactly_what_create_topics_plans(principals, doc) -> None:
    create_topics = _load(CREATE_TOPICS, "deploy_create_topics")
    planned = {p.name for p in create_topics.plan_topics(doc)}
    admin = principals["kafka-topics"]
    assert granted(admin, "topic", "Create") == granted(admin, "topic", "Describe") == planned
    assert not granted(admin, "topic", "Read") | granted(admin, "topic", "Write")


def test_every_dead_letter_topic_has_exactly_one_writer(principals, doc) -> None:
    create_topics = _load(CREATE_TOPICS, "deploy_create_topics")
    for plan in create_topics.plan_topics(doc):
        if ".dlq." not in plan.name:
            continue
        writers = [n for n, p in principals.items() if plan.name in granted(p, "topic", "Write")]
        assert writers == [plan.name.rsplit(".dlq.", 1)[1]], plan.name


# --- confidential topics --------------------------------------------------------------------------------


def test_topics_yaml_declares_who_is_cleared_and_clears_every_consumer_of_a_confidential_topic(acls, doc) -> None:
    assert isinstance(doc["cleared_groups"], list)
    assert acls.uncleared_consumers(doc) == []
    for topic in doc["topics"]:
        if topic["classification"] == "confidential":
            assert set(topic["consumers"]) <= set(doc["cleared_groups"]), topic["name"]


def _confidential_work_orders(doc: dict, tmp_path: Path, cleared: list[str]) -> Path:
    changed = copy.deepcopy(doc)
    topics_by_name(changed)["hotline_ingestion.work_order"]["classification"] = "confidential"
    changed["cleared_groups"] = cleared
    path = tmp_path / "topics.yaml"
    path.write_text(yaml.safe_dump(changed, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("output", ["kafka-acls", "strimzi", "json"])
def test_an_uncleared_consumer_of_a_confidential_topic_makes_the_script_fail(doc, tmp_path, output) -> None:
    path = _confidential_work_orders(doc, tmp_path, cleared=[])
    result = run_script("--file", str(path), "--format", output)
    assert result.returncode == 1
    assert result.stdout == ""  # nothing half-printed that ops could apply
    assert "case_intake consumes hotline_ingestion.work_order (classification: confidential)" in result.stderr
    assert "cleared_groups" in result.stderr


def test_a_cleared_consumer_of_a_confidential_topic_gets_its_read(doc, tmp_path) -> None:
    path = _confidential_work_orders(doc, tmp_path, cleared=["case_intake"])
    result = run_script("--file", str(path), "--format", "json")
    assert result.returncode == 0, result.stderr
    printed = {p["user"]: p for p in json.loads(result.stdout)["principals"]}
    assert printed["case_intake"]["cleared"] is True and printed["hotline_ingestion"]["cleared"] is False
    reads = {a["name"] for a in printed["case_intake"]["acls"] if "Read" in a["operations"]}
    assert "hotline_ingestion.work_order" in reads


def test_a_malformed_cleared_groups_is_refused(acls, doc) -> None:
    changed = copy.deepcopy(doc) | {"cleared_groups": "case_intake"}
    with pytest.raises(acls.TopicsFileRefused, match="cleared_groups"):
        acls.derive(changed)
    without = {k: v for k, v in doc.items() if k != "cleared_groups"}
    assert acls.cleared_groups(without) == []  # absent: nobody is cleared


def test_readers_of_topics_yaml_still_read_it_with_the_new_key(doc) -> None:
    from platform_messaging import load_topics

    assert {s.name for s in load_topics(TOPICS_FILE)} == {t["name"] for t in doc["topics"]}
    create_topics = _load(CREATE_TOPICS, "deploy_create_topics")
    assert create_topics.load_document(TOPICS_FILE)["cleared_groups"] == doc["cleared_groups"]


# --- output formats -------------------------------------------------------------------------------------


COMMAND = re.compile(
    r'^kafka-acls\.sh --bootstrap-server "\$BOOTSTRAP" --command-config "\$ADMIN_CONFIG" --add '
    r"--allow-principal User:(?P<user>[a-z][a-z0-9_-]*)(?P<ops>( --operation [A-Za-z]+)+) "
    r"--(?P<type>topic|group) (?P<name>[A-Za-z0-9._-]+)$"
)


def test_kafka_acls_format_prints_one_kafka_acls_command_per_resource(principals) -> None:
    result = run_script("--format", "kafka-acls")
    assert result.returncode == 0, result.stderr
    commands = [line for line in result.stdout.splitlines() if line.startswith("kafka-acls.sh")]
    assert len(commands) == sum(len(p.acls) for p in principals.values())
    seen = set()
    for line in commands:
        match = COMMAND.match(line)
        assert match, line
        ops = tuple(match["ops"].split(" --operation ")[1:])
        seen.add((match["user"], match["type"], match["name"], ops))
    expected = {(p.user, a.resource_type, a.name, a.operations) for p in principals.values() for a in p.acls}
    assert seen == expected
    assert "kafka-acls.sh" in result.stdout and "--group case_intake" in result.stdout
    assert result.stdout.startswith("#!/bin/sh\n")


def test_strimzi_format_prints_a_scram_kafka_user_per_principal(principals) -> None:
    result = run_script("--format", "strimzi", "--cluster", "platform-kafka", "--namespace", "kafka")
    assert result.returncode == 0, result.stderr
    users = [d for d in yaml.safe_load_all(result.stdout) if d]
    assert {u["metadata"]["name"] for u in users} == {p.kafka_user for p in principals.values()}
    for user in users:
        assert user["apiVersion"] == "kafka.strimzi.io/v1beta2" and user["kind"] == "KafkaUser"
        assert K8S_NAME.match(user["metadata"]["name"])
        assert user["metadata"]["labels"]["strimzi.io/cluster"] == "platform-kafka"
        assert user["metadata"]["namespace"] == "kafka"
        assert user["spec"]["authentication"] == {"type": "scram-sha-512"}
        assert user["spec"]["authorization"]["type"] == "simple"
        for acl in user["spec"]["authorization"]["acls"]:
            assert set(acl["resource"]) == {"type", "name", "patternType"}
            assert set(acl["operations"]) <= {"Read", "Write", "Describe", "Create"}
    case_intake = next(u for u in users if u["metadata"]["name"] == "case-intake")
    reads = {a["resource"]["name"] for a in case_intake["spec"]["authorization"]["acls"] if "Read" in a["operations"]}
    assert {"hotline_ingestion.work_order", "case_intake"} <= reads  # a topic and its group


def test_json_format_is_what_the_script_derives(principals) -> None:
    result = run_script("--format", "json", "--topics-admin", "")
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    assert printed["cleared_groups"] == []
    assert {p["user"] for p in printed["principals"]} == set(principals) - {"kafka-topics"}
    for entry in printed["principals"]:
        assert entry["principal"] == f"User:{entry['user']}"
        assert [(a["resource_type"], a["name"], tuple(a["operations"])) for a in entry["acls"]] == [
            (a.resource_type, a.name, a.operations) for a in principals[entry["user"]].acls
        ]


# --- the chart and compose hand the broker security to every client -------------------------------------


def render(values: dict | None = None) -> list[dict]:
    with helm.Chart.load(CHART) as chart:
        rendered = chart.render(values, name="platform", namespace="enforcement", is_install=True)
    return [doc for path, text in sorted(rendered.items()) if path.endswith((".yaml", ".yml"))
            for doc in yaml.safe_load_all(text) if doc]


def workloads(docs: list[dict], service: str) -> list[dict]:
    k8s = service.replace("_", "-")
    return [d for d in docs if d["kind"] in {"Deployment", "Job"}
            and d["metadata"]["labels"].get("app.kubernetes.io/name") == k8s]


def container(workload: dict) -> dict:
    (only,) = workload["spec"]["template"]["spec"]["containers"]
    return only


def topics_job(docs: list[dict]) -> dict:
    (job,) = [d for d in docs if d["kind"] == "Job" and d["metadata"]["name"] == "kafka-topics"]
    return job


SASL_SSL = {"global": {"kafka": {"securityProtocol": "SASL_SSL", "tls": {"caSecret": "platform-kafka-cluster-ca-cert"}}}}


def test_by_default_the_chart_speaks_plaintext_and_passes_no_credentials() -> None:
    docs = render()
    for service in BUILT:
        p = f"{service.upper()}_"
        for workload in workloads(docs, service):
            env = {e["name"]: e for e in container(workload)["env"]}
            assert env[f"{p}KAFKA__SECURITY_PROTOCOL"]["value"] == "PLAINTEXT"
            assert not [n for n in env if "SASL" in n or "SSL_" in n]
    assert container(topics_job(docs))["env"] == [{"name": "KAFKA_SECURITY_PROTOCOL", "value": "PLAINTEXT"}]


def test_with_sasl_ssl_each_service_logs_in_as_itself_with_the_password_from_its_secret() -> None:
    docs = render(SASL_SSL)
    for service in BUILT:
        p = f"{service.upper()}_"
        for workload in workloads(docs, service):
            env = {e["name"]: e for e in container(workload)["env"]}
            assert env[f"{p}KAFKA__SECURITY_PROTOCOL"]["value"] == "SASL_SSL"
            assert env[f"{p}KAFKA__SASL_MECHANISM"]["value"] == "SCRAM-SHA-512"
            assert env[f"{p}KAFKA__SASL_USERNAME"]["value"] == service  # principal User:<service>
            password = env[f"{p}KAFKA__SASL_PASSWORD"]
            assert "value" not in password
            assert password["valueFrom"]["secretKeyRef"] == {"name": f"{service.replace('_', '-')}-secrets",
                                                             "key": "kafka_sasl_password"}
            assert env[f"{p}KAFKA__SSL_CAFILE"]["value"] == "/etc/kafka-tls/ca.crt"
            assert env[f"{p}KAFKA__SSL_CHECK_HOSTNAME"]["value"] == "true"
            spec = workload["spec"]["template"]["spec"]
            assert {"name": "kafka-tls", "mountPath": "/etc/kafka-tls", "readOnly": True} in container(workload)[
                "volumeMounts"]
            assert {"name": "kafka-tls", "secret": {"secretName": "platform-kafka-cluster-ca-cert",
                                                    "defaultMode": 288}} in spec["volumes"]


def test_with_sasl_ssl_the_topics_job_logs_in_as_the_principal_the_acls_let_create_topics(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import certifi

    job = container(topics_job(render(SASL_SSL)))
    env = {e["name"]: e for e in job["env"]}
    assert env["KAFKA_SECURITY_PROTOCOL"]["value"] == "SASL_SSL"
    assert env["KAFKA_SASL_USERNAME"]["value"] == "kafka-topics"
    assert env["KAFKA_SASL_PASSWORD"]["valueFrom"]["secretKeyRef"] == {"name": "kafka-topics", "key": "password"}
    assert env["KAFKA_SSL_CAFILE"]["value"] == "/etc/kafka-tls/ca.crt"
    # create_topics.py reads exactly these variables (the password as the Secret would give it, a real CA file)
    for name, entry in env.items():
        monkeypatch.setenv(name, entry.get("value", "kR7!vQ2#pLx9"))
    monkeypatch.setenv("KAFKA_SSL_CAFILE", certifi.where())
    create_topics = _load(CREATE_TOPICS, "deploy_create_topics")
    options = create_topics.security_options(create_topics.parse_args([]))
    assert (options["security_protocol"], options["sasl_mechanism"], options["sasl_plain_username"],
            options["sasl_plain_password"]) == ("SASL_SSL", "SCRAM-SHA-512", "kafka-topics", "kR7!vQ2#pLx9")
    assert options["ssl_context"].check_hostname is True


def test_strimzi_users_and_the_charts_k8s_name_usernames_agree() -> None:
    strimzi = {"global": {"kafka": {"securityProtocol": "SASL_SSL", "sasl": {
        "usernameFrom": "k8sName", "passwordSecret": "%s", "passwordKey": "password"}}}}
    docs = render(strimzi)
    result = run_script("--format", "strimzi")
    kafka_users = {d["metadata"]["name"] for d in yaml.safe_load_all(result.stdout) if d}
    for service in BUILT:
        p = f"{service.upper()}_"
        env = {e["name"]: e for e in container(workloads(docs, service)[0])["env"]}
        user = env[f"{p}KAFKA__SASL_USERNAME"]["value"]
        assert user in kafka_users
        assert env[f"{p}KAFKA__SASL_PASSWORD"]["valueFrom"]["secretKeyRef"] == {"name": user, "key": "password"}
    assert "kafka-topics" in kafka_users


@pytest.mark.parametrize("values", [SASL_SSL, {"global": {"kafka": {"securityProtocol": "SSL"}}}], ids=["sasl_ssl", "ssl"])
def test_the_secured_chart_is_valid_kubernetes(values: dict) -> None:
    version = kubernetes_validate.latest_version()
    for doc in render(values):
        kubernetes_validate.validate(doc, version, strict=True)


def test_a_scram_password_in_values_is_refused() -> None:
    with pytest.raises(helm.HelmRenderError, match="comes from a Secret"):
        render({"services": {"list_management": {"env": {"LIST_MANAGEMENT_KAFKA__SASL_PASSWORD": "pw"}}}})
    with pytest.raises(helm.HelmValuesError):
        render({"global": {"kafka": {"securityProtocol": "SASL"}}})


@pytest.mark.parametrize("service", sorted(BUILT))
def test_compose_names_a_security_protocol_the_settings_accept(service: str) -> None:
    from platform_settings import KafkaSettings

    compose = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    env = compose["services"][service.replace("_", "-")]["environment"]
    prefix = f"{service.upper()}_KAFKA__"
    kafka = KafkaSettings(**{k.removeprefix(prefix).lower(): v for k, v in env.items() if k.startswith(prefix)})
    assert kafka.security_protocol == "PLAINTEXT"  # the compose broker listens PLAINTEXT only
    assert compose["services"]["kafka-topics"]["environment"]["KAFKA_SECURITY_PROTOCOL"] == kafka.security_protocol
