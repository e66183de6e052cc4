"""Settings base shared by every service: nested sections, env prefix per service, unsafe defaults refused."""

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = [
    "ConsumerSettings",
    "DatabaseSettings",
    "HttpSettings",
    "KafkaSettings",
    "LogSettings",
    "OutboxSettings",
    "PLACEHOLDER_SECRETS",
    "ServiceSettings",
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


class HttpSettings(BaseModel):
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)


class LogSettings(BaseModel):
    level: str = "INFO"
    json_output: bool | None = Field(None, alias="json", description="None: JSON unless stderr is a TTY")


class OutboxSettings(BaseModel):
    batch_size: int = Field(2000, ge=1, le=10_000, description="rows claimed per relay round")
    poll_interval_s: float = Field(0.02, gt=0)
    max_backoff_s: float = Field(5.0, gt=0)


class ConsumerSettings(BaseModel):
    group_id: str = ""
    max_attempts: int = Field(3, ge=1, le=20, description="tries before a message is dead-lettered")
    retry_backoff_s: float = Field(0.2, ge=0)
    poll_timeout_ms: int = Field(500, ge=10)


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
        if not self.kafka.enable_idempotence:
            raise ValueError("kafka.enable_idempotence must stay on outside local mode")
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
