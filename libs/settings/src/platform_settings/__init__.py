"""Settings base shared by every service: nested sections, env prefix per service, unsafe defaults refused."""

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, FilePath, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from platform_settings.webhooks import WebhookEndpoint, WebhookSettings

__all__ = [
    "ConsumerSettings",
    "DatabaseSettings",
    "HttpSettings",
    "IdentitySettings",
    "KafkaSettings",
    "ReconcileSettings",
    "LogSettings",
    "OutboxSettings",
    "PLACEHOLDER_SECRETS",
    "ServiceSettings",
    "TracingSettings",
    "WebhookEndpoint",
    "WebhookSettings",
    "service_config",
]

Environment = Literal["local", "test", "production"]

#: Values that mark a secret as "not really set"; refused outside local/test.
PLACEHOLDER_SECRETS = ("changeme", "change-me", "placeholder", "postgres:postgres@", "secret")


class DatabaseSettings(BaseModel):
    url: SecretStr = Field(
        SecretStr("postgresql+asyncpg://postgres:postgres@127.0.0.1:5432/postgres"),
        description="SQLAlchemy URL (postgresql+asyncpg://…)",
    )
    pool_size: int = Field(20, ge=1, le=100, description="connections kept open per process")
    # Overflow connections are closed as soon as they are returned: under steady load that is a new backend
    # (fork, authentication, type introspection, statements prepared again) for many requests. Off by default.
    max_overflow: int = Field(0, ge=0, le=100, description="extra connections opened for bursts, closed after")
    echo: bool = False


class KafkaSettings(BaseModel):
    bootstrap_servers: str = "127.0.0.1:9092"
    client_id: str = "platform"
    # The local broker refuses idempotent producers (CONVENTIONS.md): on in production, off locally.
    enable_idempotence: bool = True
    session_timeout_ms: int = Field(10_000, ge=1_000)
    heartbeat_interval_ms: int = Field(1_000, ge=100)
    request_timeout_ms: int = Field(10_000, ge=1_000)
    readiness_timeout_s: float = Field(2.0, gt=0)
    # The local broker answers a waiting fetch only when this timer expires (bench/README.md): keep it
    # short there; Kafka answers as soon as data arrives, so the default suits production.
    fetch_max_wait_ms: int = Field(500, ge=1, le=10_000)
    # Broker security (deploy/README.md "Broker security"), off on the local broker. SASL_* logs in with SCRAM as
    # the service's own user (its ACLs come from deploy/kafka_acls.py); SSL and SASL_SSL verify the brokers'
    # certificates against `ssl_cafile` (the system CAs when unset). Outside local/test, a protocol without TLS
    # is accepted but logged at start-up (`security_warnings`); turning the hostname check off is refused.
    security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = Field(
        "PLAINTEXT", description="PLAINTEXT | SSL | SASL_PLAINTEXT | SASL_SSL (production: SASL_SSL)")
    sasl_mechanism: Literal["SCRAM-SHA-256", "SCRAM-SHA-512"] = "SCRAM-SHA-512"
    sasl_username: str = Field("", description="SCRAM user of this service (principal User:<name>)")
    sasl_password: SecretStr | None = Field(None, description="its SCRAM password; from the secrets directory")
    ssl_cafile: FilePath | None = Field(None, description="PEM bundle of the CA that signed the brokers' certificates")
    ssl_certfile: FilePath | None = Field(None, description="client certificate (PEM) for mutual TLS")
    ssl_keyfile: FilePath | None = Field(None, description="its private key (PEM, unencrypted)")
    ssl_check_hostname: bool = Field(True, description="the broker's certificate must name the host connected to")

    @property
    def uses_sasl(self) -> bool:
        return self.security_protocol in ("SASL_PLAINTEXT", "SASL_SSL")

    @property
    def uses_tls(self) -> bool:
        return self.security_protocol in ("SSL", "SASL_SSL")

    @model_validator(mode="after")
    def _complete_security(self) -> "KafkaSettings":
        password = self.sasl_password.get_secret_value() if self.sasl_password is not None else ""
        if self.uses_sasl and not (self.sasl_username and password):
            raise ValueError(f"kafka.security_protocol={self.security_protocol} needs kafka.sasl_username and "
                             "kafka.sasl_password (the service's SCRAM user)")
        if self.ssl_keyfile and not self.ssl_certfile:
            raise ValueError("kafka.ssl_keyfile needs kafka.ssl_certfile (the client certificate it belongs to)")
        return self

    def security_warnings(self) -> list[str]:
        """Weaknesses a production deployment should hear about at start-up (accepted, never refused)."""
        found = []
        if not self.uses_tls:
            found.append(f"kafka.security_protocol={self.security_protocol}: events cross the network unencrypted"
                         + ("" if self.uses_sasl else " and unauthenticated, so no broker ACL can apply")
                         + "; use SASL_SSL unless the broker is reachable only over a closed network")
        if not self.uses_sasl and (self.sasl_username or self.sasl_password is not None):
            found.append(f"kafka.sasl_username/sasl_password are set but security_protocol={self.security_protocol}"
                         " does not log in with them")
        if not self.uses_tls and (self.ssl_cafile or self.ssl_certfile):
            found.append(f"kafka.ssl_* files are set but security_protocol={self.security_protocol} does not use TLS")
        return found


class HttpSettings(BaseModel):
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    max_body_bytes: int = Field(1024 * 1024, ge=1024, description="largest request body a route takes unless it "
                                "declares its own (`x-max-body-bytes`, platform_http.body_limit); larger: 413 before "
                                "anything reads it")
    loop_stall_s: float = Field(30.0, gt=0, description="a worker's /livez (metrics port) answers 503 once its "
                                "event loop has not beaten for this long (platform_runtime.liveness)")


class IdentitySettings(BaseModel):
    """The OAuth 2.0 issuer whose RFC 9068 access tokens every business route requires (README: Identity).

    In production only `issuer` and `audience` change (the province's identity provider); the defaults are the
    local issuer `make run` starts.
    """

    issuer: str = Field("http://127.0.0.1:8090", description="exact `iss` of accepted tokens; its metadata is "
                        "read from /.well-known/openid-configuration or /.well-known/oauth-authorization-server")
    audience: str = Field("urn:enforcement-platform:api", description="`aud` every token must carry (RFC 8707 "
                          "resource identifier of the platform)")
    algorithms: list[str] = Field(["RS256", "ES256", "EdDSA"], description="signature algorithms accepted; "
                                  "`none` and HMAC are never accepted")
    leeway_s: int = Field(30, ge=0, le=300, description="clock skew allowed on exp/nbf/iat")
    jwks_refresh_cooldown_s: float = Field(30.0, ge=0, description="least time between two key refreshes "
                                           "caused by an unknown `kid`")
    jwks_max_age_s: float = Field(3600.0, gt=0, description="keys are refetched in the background after this")
    http_timeout_s: float = Field(3.0, gt=0, description="timeout of a metadata, key or token request")
    client_id: str = Field("", description="this service's own client for calls to other services "
                           "(client credentials); empty: it makes none")
    client_secret: SecretStr | None = Field(None, description="secret of `client_id`")

    @field_validator("algorithms")
    @classmethod
    def _asymmetric_only(cls, value: list[str]) -> list[str]:
        refused = [alg for alg in value if alg == "none" or alg.startswith("HS")]
        if refused:
            raise ValueError(f"{', '.join(refused)} may not verify access tokens: asymmetric algorithms only")
        return value


class LogSettings(BaseModel):
    level: str = "INFO"
    json_output: bool | None = Field(None, alias="json", description="None: JSON unless stderr is a TTY")
    repeat_interval_s: float = Field(10.0, ge=0, description="a warning or error repeated with the same event and "
                                     "error type is written once per interval, then with the count dropped; 0: all")


class OutboxSettings(BaseModel):
    batch_size: int = Field(2000, ge=1, le=10_000, description="rows claimed per relay round")
    poll_interval_s: float = Field(0.02, gt=0)
    max_backoff_s: float = Field(5.0, gt=0)
    retention_h: float = Field(168, gt=0, description="sent rows are kept this long (default 7 days): a consumer "
                               "that lost events asks for them again within it (platform_messaging.outbox_ledger)")
    prune_interval_s: float = Field(3600, gt=0, description="how often the relay deletes rows past the retention")
    topic_check_interval_s: float = Field(10, gt=0, description="how often the relay re-reads the broker's topic "
                                          "metadata and refuses a topic whose partition count differs from "
                                          "deploy/topics.yaml")


#: The platform's services on the ports of CONVENTIONS.md: where a consumer finds a producer's outbox ledger.
DEFAULT_SOURCES = {"case_intake": "http://127.0.0.1:8001", "list_management": "http://127.0.0.1:8002",
                   "legality_review": "http://127.0.0.1:8003", "inspection_scheduling": "http://127.0.0.1:8004",
                   "hotline_ingestion": "http://127.0.0.1:8005"}


class ReconcileSettings(BaseModel):
    """Reconciliation of consumed events with their producers' outboxes (platform_messaging.reconcile). It calls the
    producers with the service's own client credentials (`identity.client_id`, scope `events:reconcile`): without
    them it is off, and says so at start."""

    enabled: bool = True
    interval_s: float = Field(300, gt=0, description="time between two rounds")
    first_run_after_s: float = Field(60, ge=0, description="the first round, after start")
    window_h: float = Field(72, gt=0, le=24 * 30, description="how far back each round looks; keep it below the "
                            "producers' outbox.retention_h")
    grace_s: float = Field(30, ge=0, description="events younger than this are still on their way, not missing")
    sources: dict[str, str] = Field(default_factory=lambda: dict(DEFAULT_SOURCES),
                                    description="producing service → its base URL")


class ConsumerSettings(BaseModel):
    group_id: str = ""
    max_attempts: int = Field(3, ge=1, le=20, description="tries before a message is dead-lettered")
    retry_backoff_s: float = Field(0.2, ge=0)
    poll_timeout_ms: int = Field(500, ge=10)


class TracingSettings(BaseModel):
    """OpenTelemetry traces (README: Configuration). Off unless `otlp_endpoint` is set: then no SDK is loaded,
    no span is made and nothing is sent anywhere — the platform runs on intranets."""

    otlp_endpoint: str = Field("", description="OTLP/HTTP collector inside the network, e.g. "
                               "http://otel-collector:4318 (`/v1/traces` is added); empty: tracing off")
    sample_ratio: float = Field(1.0, ge=0, le=1, description="share of new traces kept; a trace begun upstream "
                                "(W3C traceparent, ce_traceparent) follows its caller's decision")
    service_name: str = Field("", description="`service.name` of the spans; empty: the service's own name")
    export_timeout_s: float = Field(10.0, gt=0, description="timeout of one export to the collector")

    @field_validator("otlp_endpoint")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if value and not value.startswith(("http://", "https://")):
            raise ValueError("tracing.otlp_endpoint must be an http:// or https:// URL of an OTLP/HTTP collector")
        return value.rstrip("/")


class ServiceSettings(BaseSettings):
    """Base for every service's Settings; subclasses set `model_config = service_config(PREFIX)`."""

    service_name: str = "platform"
    environment: Environment = "local"
    database: DatabaseSettings = DatabaseSettings()
    kafka: KafkaSettings = KafkaSettings()
    http: HttpSettings = HttpSettings()
    log: LogSettings = LogSettings()
    outbox: OutboxSettings = OutboxSettings()
    consumer: ConsumerSettings = ConsumerSettings()
    reconcile: ReconcileSettings = ReconcileSettings()
    identity: IdentitySettings = IdentitySettings()
    tracing: TracingSettings = TracingSettings()
    run_workers_in_api: bool = Field(
        True, description="run the outbox relay and consumer inside the API process (local stack)"
    )

    @model_validator(mode="after")
    def _refuse_placeholder_secrets(self) -> "ServiceSettings":
        if self.environment in ("local", "test"):
            return self
        for name, value in self._secrets():
            raw = value.get_secret_value().lower()
            if not raw or any(p in raw for p in PLACEHOLDER_SECRETS):
                raise ValueError(f"{name} holds a placeholder secret; set a real one outside local mode")
        if not self.identity.issuer.startswith("https://"):
            raise ValueError("identity.issuer must be an https:// URL outside local mode (its keys decide who may call)")
        if not self.kafka.enable_idempotence:
            raise ValueError("kafka.enable_idempotence must stay on outside local mode")
        if self.kafka.uses_tls and not self.kafka.ssl_check_hostname:
            raise ValueError("kafka.ssl_check_hostname must stay on outside local mode (TLS without it admits any "
                             "certificate the CA signed)")
        return self

    def _secrets(self) -> list[tuple[str, SecretStr]]:
        """Every SecretStr, top-level or inside a section (e.g. a webhook's HMAC key), with its dotted name."""

        def walk(model: BaseModel, prefix: str) -> list[tuple[str, SecretStr]]:
            found: list[tuple[str, SecretStr]] = []
            for name, value in model:
                if isinstance(value, SecretStr):
                    found.append((prefix + name, value))
                elif isinstance(value, BaseModel):
                    found += walk(value, f"{prefix}{name}.")
            return found

        return walk(self, "")


def service_config(env_prefix: str, secrets_dir: str | Path | None = None) -> SettingsConfigDict:
    """The settings config every service uses: `<PREFIX>SECTION__KEY`, optional mounted secrets dir."""
    default_dir = Path("/run/secrets") / env_prefix.rstrip("_").lower()
    directory = secrets_dir if secrets_dir is not None else (default_dir if default_dir.is_dir() else None)
    return SettingsConfigDict(
        env_prefix=env_prefix,
        env_nested_delimiter="__",
        secrets_dir=directory,
        extra="ignore",
        populate_by_name=True,
    )
