"""The Helm chart renders, per enabled service, what CONVENTIONS.md and STYLE.md promise, as valid Kubernetes.

Rendering uses helm-python-sdk (Helm's Go SDK through its bundled libhelm_c, offline: no helm binary, no
cluster); every manifest is checked with kubernetes-validate against the newest Kubernetes it knows.
"""

import importlib
import tomllib
from pathlib import Path

import helm_python as helm
import kubernetes_validate
import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
CHART = REPO / "helm" / "enforcement-platform"
TOPICS_FILE = REPO / "deploy" / "topics.yaml"
KUBERNETES_VERSION = kubernetes_validate.latest_version()

# CONVENTIONS.md: services and local ports.
CONVENTION_PORTS = {
    "gateway": 8000,
    "case_intake": 8001,
    "list_management": 8002,
    "legality_review": 8003,
    "inspection_scheduling": 8004,
    "hotline_ingestion": 8005,
}
BUILT = {"list_management", "hotline_ingestion", "case_intake", "legality_review", "inspection_scheduling"}
# Services with periodic workers of their own, run by `<service>-scheduler` (services.<name>.scheduler).
WITH_SCHEDULER = {"hotline_ingestion", "case_intake", "legality_review", "inspection_scheduling"}
# Workers serve /metrics on the API port + these (WORKER_METRICS_OFFSET in platform_runtime.entrypoints).
METRICS_OFFSET = {"api": 0, "relay": 100, "consumer": 200, "scheduler": 300}
WORKLOAD_KINDS = {"Deployment", "Job"}


def components(service: str) -> tuple[str, ...]:
    """The long-running components the default values run for a service."""
    always = ("api", "relay", "consumer")
    return (*always, "scheduler") if service in WITH_SCHEDULER else always


def console_scripts(service: str) -> set[str]:
    pyproject = tomllib.loads((REPO / "services" / service / "pyproject.toml").read_text(encoding="utf-8"))
    return set(pyproject["project"]["scripts"])


def render(values: dict | None = None) -> list[dict]:
    with helm.Chart.load(CHART) as chart:
        rendered = chart.render(values, name="platform", namespace="enforcement", is_install=True)
    return [
        doc
        for path, text in sorted(rendered.items())
        if path.endswith((".yaml", ".yml"))
        for doc in yaml.safe_load_all(text)
        if doc
    ]


def everything_enabled() -> dict:
    return {
        "createSecrets": True,
        "networkPolicy": {"enabled": True},
        "services": {
            name: {
                "enabled": True,
                "secrets": {f"{name}_database": '{"url": "postgresql+asyncpg://u:p@db/x"}'},
            }
            for name in CONVENTION_PORTS
        },
    }


@pytest.fixture(scope="module")
def manifests() -> list[dict]:
    """The chart with its default values: what `helm install` deploys today."""
    return render()


@pytest.fixture(scope="module")
def all_services_manifests() -> list[dict]:
    """Every service enabled, chart-made Secrets and NetworkPolicies: the chart's widest output."""
    return render(everything_enabled())


def select(
    docs: list[dict], kind: str, service: str | None = None, component: str | None = None
) -> list[dict]:
    def matches(doc: dict) -> bool:
        labels = doc["metadata"].get("labels", {})
        return (
            doc["kind"] == kind
            and (service is None or labels.get("app.kubernetes.io/name") == service.replace("_", "-"))
            and (component is None or labels.get("app.kubernetes.io/component") == component)
        )

    return [d for d in docs if matches(d)]


def one(docs: list[dict], kind: str, service: str, component: str) -> dict:
    found = select(docs, kind, service, component)
    assert len(found) == 1, f"expected one {kind} for {service}/{component}, found {len(found)}"
    return found[0]


def pod_spec(workload: dict) -> dict:
    return workload["spec"]["template"]["spec"]


def container(workload: dict) -> dict:
    (only,) = pod_spec(workload)["containers"]
    return only


def hook(doc: dict) -> tuple[set[str], int]:
    annotations = doc["metadata"].get("annotations", {})
    return set(annotations.get("helm.sh/hook", "").split(",")) - {""}, int(
        annotations.get("helm.sh/hook-weight", 0)
    )


# --- Kubernetes validity -----------------------------------------------------------------------------


@pytest.mark.parametrize("rendering", ["manifests", "all_services_manifests"])
def test_every_rendered_manifest_is_valid_kubernetes(rendering: str, request: pytest.FixtureRequest) -> None:
    problems = []
    for doc in request.getfixturevalue(rendering):
        try:
            kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)
        except kubernetes_validate.ValidationError as error:
            problems.append(f"{doc['kind']}/{doc['metadata']['name']}: {error.message} at {list(error.path)}")
    assert not problems, f"invalid for Kubernetes {KUBERNETES_VERSION}:\n" + "\n".join(problems)


def test_the_chart_passes_helm_lint_in_strict_mode() -> None:
    report = helm.lint(CHART, strict=True)
    assert report["errors"] == []
    assert [m for m in report["messages"] if m["severity"] >= 2] == []


def test_values_that_break_the_schema_are_refused_before_rendering() -> None:
    with pytest.raises(helm.HelmValuesError, match="enabeld"):
        render({"services": {"gateway": {"enabeld": True}}})


# --- built services: one folder = one image = its Deployments, Service and migrate hook -------------------


@pytest.mark.parametrize("service", sorted(BUILT))
def test_each_built_service_runs_its_long_running_components_as_deployments(
    manifests: list[dict], service: str
) -> None:
    k8s = service.replace("_", "-")
    names = {d["metadata"]["name"] for d in select(manifests, "Deployment", service)}
    assert names == {k8s if c == "api" else f"{k8s}-{c}" for c in components(service)}


def test_hotline_ingestion_runs_api_relay_consumer_and_scheduler(manifests: list[dict]) -> None:
    names = {d["metadata"]["name"] for d in select(manifests, "Deployment", "hotline_ingestion")}
    assert names == {
        "hotline-ingestion",
        "hotline-ingestion-relay",
        "hotline-ingestion-consumer",
        "hotline-ingestion-scheduler",
    }


def test_every_container_runs_the_image_named_after_its_service(manifests: list[dict]) -> None:
    workloads = [
        d for d in manifests if d["kind"] in WORKLOAD_KINDS and d["metadata"]["name"] != "kafka-topics"
    ]
    images = set()
    for workload in workloads:
        image = container(workload)["image"].rsplit(":", 1)[0].rsplit("/", 1)[1]
        assert image.replace("_", "-") == workload["metadata"]["labels"]["app.kubernetes.io/name"]
        images.add(image)
    assert images == BUILT


@pytest.mark.parametrize("service", sorted(BUILT))
def test_each_container_runs_the_console_script_of_its_role(manifests: list[dict], service: str) -> None:
    scripts = console_scripts(service)
    k8s = service.replace("_", "-")
    for component in (*components(service), "migrate"):
        kind = "Job" if component == "migrate" else "Deployment"
        command = container(one(manifests, kind, service, component))["command"]
        assert command == [f"{k8s}-{component}"]
        assert command[0] in scripts, f"{command[0]} is not a console script of services/{service}"


@pytest.mark.parametrize("service", sorted(BUILT))
def test_the_api_is_a_cluster_service_on_its_conventions_port(manifests: list[dict], service: str) -> None:
    port = CONVENTION_PORTS[service]
    service_doc = one(manifests, "Service", service, "api")
    api = one(manifests, "Deployment", service, "api")
    assert service_doc["metadata"]["name"] == service.replace("_", "-")
    assert service_doc["spec"]["ports"] == [
        {"name": "http", "port": port, "targetPort": "http", "protocol": "TCP"}
    ]
    assert service_doc["spec"]["selector"].items() <= api["spec"]["template"]["metadata"]["labels"].items()
    assert container(api)["ports"] == [{"name": "http", "containerPort": port, "protocol": "TCP"}]


@pytest.mark.parametrize("service", sorted(BUILT))
def test_each_built_service_migrates_in_a_hook_job_before_install_and_every_upgrade(
    manifests: list[dict], service: str
) -> None:
    job = one(manifests, "Job", service, "migrate")
    hooks, _ = hook(job)
    assert hooks == {"pre-install", "pre-upgrade"}
    assert pod_spec(job)["restartPolicy"] == "Never"
    assert "ports" not in container(job) and "livenessProbe" not in container(job)


@pytest.mark.parametrize("service", sorted(BUILT))
def test_the_api_is_alive_on_healthz_and_ready_on_readyz(manifests: list[dict], service: str) -> None:
    api = container(one(manifests, "Deployment", service, "api"))
    assert api["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
    assert api["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
    assert api["startupProbe"]["httpGet"]["path"] == "/healthz"


@pytest.mark.parametrize("service", sorted(BUILT))
def test_every_long_running_pod_is_annotated_for_prometheus_on_the_port_it_listens_on(
    manifests: list[dict], service: str
) -> None:
    for component in components(service):
        port = CONVENTION_PORTS[service] + METRICS_OFFSET[component]
        deployment = one(manifests, "Deployment", service, component)
        annotations = deployment["spec"]["template"]["metadata"]["annotations"]
        assert annotations["prometheus.io/scrape"] == "true"
        assert annotations["prometheus.io/path"] == "/metrics"
        assert annotations["prometheus.io/port"] == str(port)
        assert [p["containerPort"] for p in container(deployment)["ports"]] == [port]


def test_the_hotline_scheduler_serves_metrics_on_8305_and_is_restarted_when_its_event_loop_hangs(
    manifests: list[dict],
) -> None:
    scheduler = one(manifests, "Deployment", "hotline_ingestion", "scheduler")
    assert scheduler["spec"]["template"]["metadata"]["annotations"]["prometheus.io/port"] == "8305"
    assert container(scheduler)["ports"] == [{"name": "metrics", "containerPort": 8305, "protocol": "TCP"}]
    assert container(scheduler)["livenessProbe"]["httpGet"] == {"path": "/livez", "port": "metrics"}
    assert scheduler["spec"]["replicas"] == 1
    assert scheduler["spec"]["strategy"]["type"] == "RollingUpdate"  # an overlap of two is harmless


@pytest.mark.parametrize("service", sorted(BUILT))
def test_the_relay_runs_as_a_single_pod_never_overlapping_with_its_successor(
    manifests: list[dict], service: str
) -> None:
    relay = one(manifests, "Deployment", service, "relay")
    assert relay["spec"]["replicas"] == 1
    assert relay["spec"]["strategy"] == {"type": "Recreate"}


@pytest.mark.parametrize("service", sorted(BUILT))
def test_the_api_and_the_consumer_have_a_disruption_budget_and_the_relay_and_scheduler_none(
    manifests: list[dict], service: str
) -> None:
    budgets = {
        d["metadata"]["labels"]["app.kubernetes.io/component"]: d
        for d in select(manifests, "PodDisruptionBudget", service)
    }
    assert set(budgets) == {"api", "consumer"}
    for component, budget in budgets.items():
        workload = one(manifests, "Deployment", service, component)
        assert budget["spec"]["selector"]["matchLabels"] == workload["spec"]["selector"]["matchLabels"]


# --- the scheduler component ---------------------------------------------------------------------------


def test_the_chart_uses_the_metrics_offsets_the_workers_listen_on() -> None:
    from platform_runtime.entrypoints import WORKER_METRICS_OFFSET

    assert {c: offset for c, offset in METRICS_OFFSET.items() if c != "api"} == WORKER_METRICS_OFFSET


def test_a_service_without_periodic_workers_renders_no_scheduler(
    manifests: list[dict], all_services_manifests: list[dict]
) -> None:
    assert select(manifests, "Deployment", "list_management", "scheduler") == []
    with_scheduler = {
        d["metadata"]["labels"]["app.kubernetes.io/name"]
        for d in select(all_services_manifests, "Deployment", component="scheduler")
    }
    assert with_scheduler == {s.replace("_", "-") for s in WITH_SCHEDULER}


def test_turning_a_scheduler_on_is_a_values_change_with_its_own_replicas_and_metrics_port() -> None:
    # The mechanism only: list_management installs no scheduler script, so its default keeps it off.
    docs = render({"services": {"list_management": {"scheduler": {"enabled": True, "replicas": 2}}}})
    scheduler = one(docs, "Deployment", "list_management", "scheduler")
    assert scheduler["spec"]["replicas"] == 2
    assert container(scheduler)["command"] == ["list-management-scheduler"]
    assert scheduler["spec"]["template"]["metadata"]["annotations"]["prometheus.io/port"] == "8302"
    assert container(scheduler)["resources"] == {
        "requests": {"cpu": "50m", "memory": "160Mi"},
        "limits": {"memory": "320Mi"},
    }  # workerDefaults.scheduler


def test_turning_the_hotline_scheduler_off_removes_its_deployment() -> None:
    docs = render({"services": {"hotline_ingestion": {"scheduler": {"enabled": False}}}})
    assert select(docs, "Deployment", "hotline_ingestion", "scheduler") == []
    assert len(select(docs, "Deployment", "hotline_ingestion")) == 3


@pytest.mark.parametrize(
    ("values", "complaint"),
    [
        ({"services": {"hotline_ingestion": {"scheduler": {"enabled": "yes"}}}}, "want boolean"),
        ({"services": {"hotline_ingestion": {"scheduler": {"replicas": -1}}}}, "minimum"),
        ({"services": {"hotline_ingestion": {"scheduler": {"replica": 2}}}}, "'replica' not allowed"),
        ({"workerDefaults": {"scheduler": {"enabeld": True}}}, "'enabeld' not allowed"),
    ],
)
def test_the_schema_refuses_a_bad_scheduler_value(values: dict, complaint: str) -> None:
    with pytest.raises(helm.HelmValuesError, match=complaint):
        render(values)


# --- hardened pods ---------------------------------------------------------------------------------


@pytest.mark.parametrize("rendering", ["manifests", "all_services_manifests"])
def test_every_pod_runs_as_uid_10001_non_root_on_a_read_only_root_filesystem(
    rendering: str, request: pytest.FixtureRequest
) -> None:
    workloads = [d for d in request.getfixturevalue(rendering) if d["kind"] in WORKLOAD_KINDS]
    assert workloads
    for workload in workloads:
        spec = pod_spec(workload)
        pod, ctr = spec["securityContext"], container(workload)
        assert pod["runAsNonRoot"] is True and pod["runAsUser"] == 10001
        assert pod["seccompProfile"] == {"type": "RuntimeDefault"}
        assert spec["automountServiceAccountToken"] is False
        security = ctr["securityContext"]
        assert security["runAsNonRoot"] is True and security["runAsUser"] == 10001
        assert security["readOnlyRootFilesystem"] is True
        assert security["allowPrivilegeEscalation"] is False
        assert security["capabilities"] == {"drop": ["ALL"]}
        tmp = next(v for v in spec["volumes"] if v["name"] == "tmp")
        assert "emptyDir" in tmp and {"name": "tmp", "mountPath": "/tmp"} in ctr["volumeMounts"]
        assert ctr["resources"].get("limits", {}).get("memory"), (
            f"{workload['metadata']['name']} has no memory limit"
        )


def test_every_service_pod_mounts_its_secret_read_only_at_run_secrets_service(
    all_services_manifests: list[dict],
) -> None:
    for name in CONVENTION_PORTS:
        for workload in select(all_services_manifests, "Deployment", name) + select(
            all_services_manifests, "Job", name
        ):
            mount = next(m for m in container(workload)["volumeMounts"] if m["name"] == "secrets")
            assert mount == {"name": "secrets", "mountPath": f"/run/secrets/{name}", "readOnly": True}
            volume = next(v for v in pod_spec(workload)["volumes"] if v["name"] == "secrets")
            assert volume["secret"]["secretName"] == f"{name.replace('_', '-')}-secrets"


# --- configuration ---------------------------------------------------------------------------------


@pytest.mark.parametrize("rendering", ["manifests", "all_services_manifests"])
def test_every_env_var_name_starts_with_the_service_prefix(
    rendering: str, request: pytest.FixtureRequest
) -> None:
    for name in CONVENTION_PORTS:
        prefix = f"{name.upper()}_"
        docs = request.getfixturevalue(rendering)
        for workload in select(docs, "Deployment", name) + select(docs, "Job", name):
            env = container(workload).get("env", [])
            assert env, f"{workload['metadata']['name']} has no environment"
            assert [e["name"] for e in env if not e["name"].startswith(prefix)] == []
            assert not container(workload).get("envFrom")


@pytest.mark.parametrize("service", sorted(BUILT))
def test_each_built_service_is_configured_for_production(manifests: list[dict], service: str) -> None:
    p = f"{service.upper()}_"
    for component in components(service):
        env = {
            e["name"]: e["value"] for e in container(one(manifests, "Deployment", service, component))["env"]
        }
        assert env[f"{p}ENVIRONMENT"] == "production"
        assert env[f"{p}KAFKA__ENABLE_IDEMPOTENCE"] == "true"
        assert env[f"{p}LOG__JSON"] == "true"
        assert env[f"{p}HTTP__PORT"] == str(CONVENTION_PORTS[service])  # workers derive their metrics port
        assert env[f"{p}HTTP__HOST"] == "0.0.0.0"
        assert env[f"{p}RUN_WORKERS_IN_API"] == "false"  # relay, consumer and scheduler run as their own pods
        assert env[f"{p}KAFKA__BOOTSTRAP_SERVERS"]
        assert not any("DATABASE" in name for name in env), "the database URL belongs in the mounted secret"
        assert not any("SECRET" in name for name in env), "secrets belong in the mounted secret"


def test_case_intake_calls_the_list_management_service_of_the_release(manifests: list[dict]) -> None:
    list_management = one(manifests, "Service", "list_management", "api")
    expected = f"http://{list_management['metadata']['name']}:{list_management['spec']['ports'][0]['port']}"
    for component in components("case_intake"):
        env = {e["name"]: e["value"] for e in container(one(manifests, "Deployment", "case_intake", component))["env"]}
        assert env["CASE_INTAKE_LIST_MANAGEMENT__BASE_URL"] == expected, component


@pytest.mark.parametrize("service", ["legality_review", "inspection_scheduling"])
def test_a_service_keeping_local_copies_calls_no_other_service(manifests: list[dict], service: str) -> None:
    """Reviewers, inspectors, departments and matter lists are local copies kept from list_management's events."""
    for component in (*components(service), "migrate"):
        kind = "Job" if component == "migrate" else "Deployment"
        env = container(one(manifests, kind, service, component))["env"]
        assert [e["name"] for e in env if e["name"].endswith("__BASE_URL")] == [], component


def test_tracing_is_off_by_default_and_one_value_turns_it_on_for_every_process_of_every_service(
    manifests: list[dict],
) -> None:
    def env_of(docs: list[dict], service: str, component: str) -> dict:
        return {e["name"]: e["value"] for e in container(one(docs, "Deployment", service, component))["env"]}

    assert not any("TRACING" in name for s in BUILT for c in components(s) for name in env_of(manifests, s, c))
    endpoint = "http://otel-collector.observability.svc:4318"
    traced = render({"global": {"tracing": {"otlpEndpoint": endpoint, "sampleRatio": 0}}})
    for service in BUILT:
        p = f"{service.upper()}_"
        for component in components(service):
            env = env_of(traced, service, component)
            assert (env[f"{p}TRACING__OTLP_ENDPOINT"], env[f"{p}TRACING__SAMPLE_RATIO"]) == (endpoint, "0"), component
    with pytest.raises(helm.HelmValuesError, match="otlpEndpoint"):
        render({"global": {"tracing": {"otlpEndpoint": "otel-collector:4317"}}})


def test_a_years_holiday_notice_is_one_value_mounted_read_only_where_every_service_reads_it(
    manifests: list[dict],
) -> None:
    import json

    assert select(manifests, "ConfigMap") == []  # none by default: the shipped notices are inside the images
    notice = json.dumps({"year": 2027, "source": "国务院办公厅关于2027年部分节假日安排的通知",
                         "document_number": "国办发明电〔2026〕N号", "rest_days": ["2027-01-01"], "working_days": []},
                        ensure_ascii=False)
    docs = render({"global": {"holidayNotices": {"2027.json": notice}}})
    (config,) = select(docs, "ConfigMap")
    assert json.loads(config["data"]["2027.json"])["year"] == 2027
    for service in BUILT:
        for component in components(service):
            workload = one(docs, "Deployment", service, component)
            mounts = {m["name"]: m for m in container(workload)["volumeMounts"]}
            assert mounts["holiday-notices"]["mountPath"] == "/etc/platform/holiday-notices", component
            assert mounts["holiday-notices"]["readOnly"] is True
            volumes = {v["name"]: v for v in pod_spec(workload)["volumes"]}
            assert volumes["holiday-notices"]["configMap"]["name"] == config["metadata"]["name"]
    with pytest.raises(helm.HelmValuesError):
        render({"global": {"holidayNotices": {"notice-2027.txt": notice}}})


def test_an_extra_env_var_outside_the_service_prefix_fails_the_render() -> None:
    with pytest.raises(helm.HelmRenderError, match="must start with LIST_MANAGEMENT_"):
        render({"services": {"list_management": {"env": {"LOG_LEVEL": "DEBUG"}}}})


def test_an_extra_env_var_overrides_the_chart_default_instead_of_repeating_it() -> None:
    docs = render({"services": {"list_management": {"env": {"LIST_MANAGEMENT_LOG__LEVEL": "DEBUG"}}}})
    env = container(one(docs, "Deployment", "list_management", "api"))["env"]
    assert [e["value"] for e in env if e["name"] == "LIST_MANAGEMENT_LOG__LEVEL"] == ["DEBUG"]


# --- secrets ---------------------------------------------------------------------------------------


def test_by_default_the_chart_creates_no_secret_and_expects_one_per_service(manifests: list[dict]) -> None:
    assert select(manifests, "Secret") == []


def test_chart_made_secrets_exist_before_the_migrate_hooks_that_mount_them(
    all_services_manifests: list[dict],
) -> None:
    for name in CONVENTION_PORTS:
        secret = one(all_services_manifests, "Secret", name, "secrets")
        migrate = one(all_services_manifests, "Job", name, "migrate")
        secret_hooks, secret_weight = hook(secret)
        migrate_hooks, migrate_weight = hook(migrate)
        assert secret_hooks == migrate_hooks == {"pre-install", "pre-upgrade"}
        assert secret_weight < migrate_weight
        assert secret["metadata"]["name"] == f"{name.replace('_', '-')}-secrets"
        assert set(secret["stringData"]) == {f"{name}_database"}


@pytest.mark.parametrize("service", sorted(BUILT))
def test_asking_for_chart_made_secrets_without_giving_them_fails_the_render(service: str) -> None:
    others = {other: {"secrets": {f"{other}_database": "{}"}} for other in BUILT - {service}}
    with pytest.raises(helm.HelmRenderError, match=f"services.{service}.secrets is empty"):
        render({"createSecrets": True, "services": others})


# --- services not built yet ---------------------------------------------------------------------------


def test_values_list_every_service_on_its_conventions_port() -> None:
    with helm.Chart.load(CHART) as chart:
        services = chart.values["services"]
    assert {name: block["port"] for name, block in services.items()} == CONVENTION_PORTS
    assert {name for name, block in services.items() if block["enabled"]} == BUILT


def test_services_not_built_yet_render_nothing(manifests: list[dict]) -> None:
    rendered_services = {
        d["metadata"]["labels"]["app.kubernetes.io/name"]
        for d in manifests
        if d["metadata"]["name"] != "kafka-topics"
    }
    assert rendered_services == {s.replace("_", "-") for s in BUILT}


def test_enabling_a_service_is_a_values_change_only(all_services_manifests: list[dict]) -> None:
    for name, port in CONVENTION_PORTS.items():
        k8s = name.replace("_", "-")
        deployments = {d["metadata"]["name"] for d in select(all_services_manifests, "Deployment", name)}
        assert deployments == {k8s if c == "api" else f"{k8s}-{c}" for c in components(name)}
        assert one(all_services_manifests, "Service", name, "api")["spec"]["ports"][0]["port"] == port
        assert container(one(all_services_manifests, "Job", name, "migrate"))["command"] == [f"{k8s}-migrate"]


def test_network_policies_render_only_when_enabled(
    manifests: list[dict], all_services_manifests: list[dict]
) -> None:
    assert select(manifests, "NetworkPolicy") == []
    for name, port in CONVENTION_PORTS.items():
        policy = one(all_services_manifests, "NetworkPolicy", name, "api")
        allowed_ports = [p["port"] for rule in policy["spec"]["ingress"] for p in rule["ports"]]
        assert sorted(set(allowed_ports)) == sorted(port + METRICS_OFFSET[c] for c in components(name))


def test_the_hotline_network_policy_admits_scrapes_of_its_scheduler_on_8305(
    all_services_manifests: list[dict],
) -> None:
    policy = one(all_services_manifests, "NetworkPolicy", "hotline_ingestion", "api")
    metrics_rule = policy["spec"]["ingress"][1]
    assert metrics_rule["from"] == [
        {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "monitoring"}}}
    ]
    assert [p["port"] for p in metrics_rule["ports"]] == [8005, 8105, 8205, 8305]


# --- topics --------------------------------------------------------------------------------------


def test_topics_are_created_by_a_hook_that_runs_before_the_migrate_jobs(manifests: list[dict]) -> None:
    (job,) = [d for d in manifests if d["kind"] == "Job" and d["metadata"]["name"] == "kafka-topics"]
    topics_hooks, topics_weight = hook(job)
    migrate_hooks, migrate_weight = hook(one(manifests, "Job", "list_management", "migrate"))
    assert topics_hooks == migrate_hooks and topics_weight < migrate_weight
    command = container(job)["command"]
    assert command[:2] == ["python", "/app/deploy/create_topics.py"]
    assert command[command.index("--file") + 1] == "/app/deploy/topics.yaml"


def load_topics() -> dict[str, dict]:
    return {t["name"]: t for t in yaml.safe_load(TOPICS_FILE.read_text(encoding="utf-8"))["topics"]}


def _all_contracts() -> list:
    """Every integration event of every producing service: topics.yaml must declare exactly these."""
    from platform_events.contracts import (
        case_intake,
        hotline_ingestion,
        inspection_scheduling,
        legality_review,
        list_management,
    )

    return [
        *list_management.PUBLISHED,
        *case_intake.PUBLISHED,
        *hotline_ingestion.PUBLISHED,
        *legality_review.PUBLISHED,
        *inspection_scheduling.PUBLISHED,
    ]


def test_topics_yaml_lists_every_topic_with_its_owner_and_event_types() -> None:
    topics = load_topics()
    expected: dict[str, set[str]] = {}
    for event in _all_contracts():
        expected.setdefault(event.topic, set()).add(event.event_type)
    assert set(topics) == set(expected)
    for name, event_types in expected.items():
        assert topics[name]["owner"] == name.split(".")[0]
        assert set(topics[name]["event_types"]) == event_types


def test_every_topic_declares_partitions_replication_retention_and_classification() -> None:
    for name, topic in load_topics().items():
        assert topic["partitions"] == 6, name
        assert isinstance(topic["replication_factor"], int) and topic["replication_factor"] >= 3, name
        assert isinstance(topic["retention_ms"], int) and topic["retention_ms"] > 0, name
        assert topic["classification"] in {"public", "internal", "confidential"}, name
        assert isinstance(topic["consumers"], list), name
        assert name.startswith(f"{topic['owner']}."), "topics are named <owner service>.<aggregate>"


def test_list_management_consumes_the_case_topic() -> None:
    assert "list_management" in load_topics()["case_intake.case"]["consumers"]


@pytest.mark.parametrize("service", sorted(BUILT))
def test_each_built_service_is_a_declared_consumer_of_every_topic_it_reads(service: str) -> None:
    """create_topics.py makes one dead-letter topic per declared consumer group (the group = the service)."""
    read = importlib.import_module(f"{service}.consumers").TOPICS
    topics = load_topics()
    assert read
    for topic in read:
        assert service in topics[topic]["consumers"], (
            f"{service} reads {topic} but is not among its consumers"
        )


@pytest.mark.parametrize("service", sorted(BUILT))
def test_every_event_type_a_built_service_consumes_is_declared_on_a_topic_it_reads(service: str) -> None:
    consumers = importlib.import_module(f"{service}.consumers")
    topics = load_topics()
    assert consumers.CONSUMED
    for event in consumers.CONSUMED:
        assert event.topic in consumers.TOPICS, f"{service} consumes {event.event_type} but does not read {event.topic}"
        assert event.event_type in topics[event.topic]["event_types"], event.__name__
        assert service in topics[event.topic]["consumers"], event.__name__


def test_topics_yaml_agrees_with_the_integration_event_contracts() -> None:
    topics = load_topics()
    for event in _all_contracts():
        assert event.topic in topics, f"{event.__name__} publishes to an undeclared topic {event.topic}"
        assert event.event_type in topics[event.topic]["event_types"], event.__name__
        assert topics[event.topic]["classification"] == str(event.classification), event.__name__


# --- alert rules ---------------------------------------------------------------------------------------------


def _exported_metrics() -> set[str]:
    """Every metric name the platform's code registers (with a counter's `_total` as Prometheus exposes it)."""
    import prometheus_client

    import platform_http.health  # noqa: F401 - registers dependency_up
    import platform_messaging.metrics  # noqa: F401
    import platform_runtime.liveness  # noqa: F401

    names = set()
    for family in prometheus_client.REGISTRY.collect():
        names |= {family.name, f"{family.name}_total"}
    return names


def test_no_alert_rules_are_rendered_unless_enabled(manifests: list[dict]) -> None:
    assert not [m for m in manifests if m["kind"] == "PrometheusRule"]


def test_alert_rules_cover_outbox_consumers_dead_letters_webhooks_and_dependencies_on_exported_metrics() -> None:
    import re

    rules = [m for m in render({"global": {"alerts": {"enabled": True, "outboxAgeSeconds": 120}}})
             if m["kind"] == "PrometheusRule"]
    assert len(rules) == 1 and rules[0]["apiVersion"] == "monitoring.coreos.com/v1"
    alerts = {r["alert"]: r for g in rules[0]["spec"]["groups"] for r in g["rules"]}
    assert {"OutboxStuck", "ConsumerLagging", "DeadLettersPending", "WebhookSendFailed", "DependencyDown",
            "EventLoopStalled", "ReconciliationGap", "ReconciliationFailing", "TopicShapeMismatch"} <= set(alerts)
    assert alerts["OutboxStuck"]["expr"].endswith("> 120")  # thresholds come from values
    exported = _exported_metrics()
    functions = {"max", "min", "sum", "by", "increase", "rate"}
    for name, rule in alerts.items():
        selector_free = re.sub(r"\bby \([^)]*\)", "", rule["expr"])  # `by (service)` names labels, not metrics
        selector_free = re.sub(r"\{[^}]*\}", "", selector_free)  # nor does a label matcher {outcome="failed"}
        metrics = {i for i in re.findall(r"\b([a-z_]+)\s*(?:\[|\))", selector_free) if i not in functions}
        assert metrics, (name, rule["expr"])
        assert metrics <= exported, (name, metrics - exported)
