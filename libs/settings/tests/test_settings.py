import pytest
from pydantic import ValidationError

from platform_settings import ServiceSettings, service_config


class Settings(ServiceSettings):
    model_config = service_config("DEMO_SVC_")


def test_nested_sections_are_read_from_prefixed_env_with_double_underscores(monkeypatch):
    monkeypatch.setenv("DEMO_SVC_KAFKA__BOOTSTRAP_SERVERS", "broker:9092")
    monkeypatch.setenv("DEMO_SVC_DATABASE__POOL_SIZE", "3")
    s = Settings()
    assert (s.kafka.bootstrap_servers, s.database.pool_size) == ("broker:9092", 3)


def test_placeholder_database_password_is_refused_in_production():
    with pytest.raises(ValidationError, match="placeholder"):
        Settings(environment="production", database={"url": "postgresql+asyncpg://postgres:postgres@db/x"})


def test_idempotence_cannot_be_switched_off_in_production():
    with pytest.raises(ValidationError, match="idempotence"):
        Settings(environment="production", database={"url": "postgresql+asyncpg://svc:S3cure!x@db/x"},
                 kafka={"enable_idempotence": False})


def test_local_mode_accepts_the_embedded_defaults():
    assert Settings(environment="local", kafka={"enable_idempotence": False}).environment == "local"


def test_secrets_come_from_a_mounted_directory(tmp_path, monkeypatch):
    (tmp_path / "DEMO_SVC_DATABASE").write_text('{"url": "postgresql+asyncpg://svc:fromfile@db/x"}')

    class FromDir(ServiceSettings):
        model_config = service_config("DEMO_SVC_", secrets_dir=tmp_path)

    assert "fromfile" in FromDir().database.url.get_secret_value()


def test_a_placeholder_secret_inside_a_section_is_refused_in_production():
    from pydantic import BaseModel, SecretStr

    class Webhook(BaseModel):
        secret: SecretStr = SecretStr("local-webhook-secret")

    class WithWebhook(ServiceSettings):
        model_config = service_config("DEMO_SVC_")
        webhook: Webhook = Webhook()

    real_db = {"url": "postgresql+asyncpg://svc:S3cure!x@db/x"}
    with pytest.raises(ValidationError, match="webhook.secret holds a placeholder"):
        WithWebhook(environment="production", database=real_db)
    idp = {"issuer": "https://idp.gov.example"}
    assert WithWebhook(environment="production", database=real_db, webhook={"secret": "k7Hq2!vR9zLw"}, identity=idp).webhook


def test_an_issuer_reached_over_plain_http_is_refused_in_production():
    with pytest.raises(ValidationError, match="https"):
        Settings(environment="production", database={"url": "postgresql+asyncpg://svc:S3cure!x@db/x"},
                 identity={"issuer": "http://idp.gov.example"})
