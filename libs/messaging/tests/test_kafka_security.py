"""Broker security: KafkaSettings → aiokafka's keyword arguments, the checks on them, and every client using them.

The TLS tests make a throw-away CA, broker and client certificate, and shake hands with an asyncio TLS server
standing in for a broker: the SSL context `kafka_security_options` builds is the one a real connection uses.
"""

import asyncio
import datetime
import ipaddress
import ssl
from pathlib import Path

import pytest
from aiokafka import AIOKafkaClient, AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pydantic import ValidationError

from platform_messaging import ConsumerRunner, build_producer, kafka_security_options
from platform_messaging import topics as topics_module
from platform_settings import ConsumerSettings, KafkaSettings, ServiceSettings, service_config

STRONG = "kR7!vQ2#pLx9"
REAL_DB = {"url": "postgresql+asyncpg://svc:S3cure!x@db/x"}
IDP = {"issuer": "https://idp.gov.example"}


class Settings(ServiceSettings):
    model_config = service_config("DEMO_SVC_")


def production(**kafka) -> Settings:
    return Settings(environment="production", database=REAL_DB, identity=IDP, kafka=kafka)


# --- a throw-away PKI ------------------------------------------------------------------------------------


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _certificate(subject: str, key, issuer: str, issuer_key, *, ca: bool = False, dns: tuple[str, ...] = ()):
    now = datetime.datetime.now(datetime.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(_name(issuer))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True, content_commitment=False,
                          key_encipherment=False, data_encipherment=False, key_agreement=False,
                          encipher_only=False, decipher_only=False), critical=True)
    if dns:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.DNSName(d) for d in dns] + [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


def _write(path: Path, cert=None, key=None) -> Path:
    if cert is not None:
        path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    else:
        path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return path


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """CA → broker certificate for `broker.test` (and 127.0.0.1), CA → client certificate `case_intake`."""
    folder = tmp_path_factory.mktemp("pki")
    ca_key, broker_key, client_key = (ec.generate_private_key(ec.SECP256R1()) for _ in range(3))
    ca = _certificate("platform test CA", ca_key, "platform test CA", ca_key, ca=True)
    broker = _certificate("broker.test", broker_key, "platform test CA", ca_key, dns=("broker.test",))
    client = _certificate("case_intake", client_key, "platform test CA", ca_key)
    return {
        "ca": _write(folder / "ca.crt", cert=ca),
        "broker_cert": _write(folder / "broker.crt", cert=broker),
        "broker_key": _write(folder / "broker.key", key=broker_key),
        "client_cert": _write(folder / "client.crt", cert=client),
        "client_key": _write(folder / "client.key", key=client_key),
    }


async def _handshake(pki: dict[str, Path], client: ssl.SSLContext, *, server_hostname: str,
                     require_client_cert: bool = False) -> str | None:
    """TLS handshake with a stand-in broker; returns the client certificate's CN the broker saw."""
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH, cafile=str(pki["ca"]))
    server_ctx.load_cert_chain(pki["broker_cert"], pki["broker_key"])
    server_ctx.verify_mode = ssl.CERT_REQUIRED if require_client_cert else ssl.CERT_NONE
    seen: list[str | None] = []

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        peer = writer.get_extra_info("peercert")
        seen.append(dict(x[0] for x in peer["subject"])["commonName"] if peer else None)
        writer.write(b"ok")
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0, ssl=server_ctx)
    port = server.sockets[0].getsockname()[1]
    try:
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection("127.0.0.1", port, ssl=client, server_hostname=server_hostname), 10)
        assert await reader.read(2) == b"ok"
        writer.close()
        return seen[0]
    finally:
        server.close()
        await server.wait_closed()


# --- settings → aiokafka keyword arguments ---------------------------------------------------------------


def test_plaintext_passes_only_the_protocol():
    assert kafka_security_options(KafkaSettings()) == {"security_protocol": "PLAINTEXT"}


@pytest.mark.parametrize("mechanism", ["SCRAM-SHA-256", "SCRAM-SHA-512"])
def test_sasl_plaintext_logs_in_with_scram_and_builds_no_tls_context(mechanism: str):
    kafka = KafkaSettings(security_protocol="SASL_PLAINTEXT", sasl_mechanism=mechanism,
                          sasl_username="case_intake", sasl_password=STRONG)
    assert kafka_security_options(kafka) == {
        "security_protocol": "SASL_PLAINTEXT",
        "sasl_mechanism": mechanism,
        "sasl_plain_username": "case_intake",
        "sasl_plain_password": STRONG,
    }


def test_the_default_mechanism_is_scram_sha_512():
    kafka = KafkaSettings(security_protocol="SASL_SSL", sasl_username="case_intake", sasl_password=STRONG)
    assert kafka_security_options(kafka)["sasl_mechanism"] == "SCRAM-SHA-512"


def test_sasl_ssl_passes_credentials_and_a_context_that_trusts_the_given_ca(pki):
    kafka = KafkaSettings(security_protocol="SASL_SSL", sasl_username="case_intake", sasl_password=STRONG,
                          ssl_cafile=pki["ca"])
    options = kafka_security_options(kafka)
    assert set(options) == {"security_protocol", "sasl_mechanism", "sasl_plain_username", "sasl_plain_password",
                            "ssl_context"}
    context = options["ssl_context"]
    assert isinstance(context, ssl.SSLContext)
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname is True
    assert [dict(x[0] for x in c["subject"])["commonName"] for c in context.get_ca_certs()] == ["platform test CA"]


def test_ssl_passes_a_context_and_no_credentials(pki):
    options = kafka_security_options(KafkaSettings(security_protocol="SSL", ssl_cafile=pki["ca"]))
    assert set(options) == {"security_protocol", "ssl_context"}


async def test_the_tls_context_verifies_the_broker_and_presents_the_client_certificate(pki):
    kafka = KafkaSettings(security_protocol="SSL", ssl_cafile=pki["ca"], ssl_certfile=pki["client_cert"],
                          ssl_keyfile=pki["client_key"])
    context = kafka_security_options(kafka)["ssl_context"]
    assert await _handshake(pki, context, server_hostname="broker.test", require_client_cert=True) == "case_intake"


async def test_the_tls_context_refuses_a_broker_whose_certificate_names_another_host(pki):
    context = kafka_security_options(KafkaSettings(security_protocol="SSL", ssl_cafile=pki["ca"]))["ssl_context"]
    with pytest.raises(ssl.SSLCertVerificationError, match="match|mismatch"):
        await _handshake(pki, context, server_hostname="other-broker.test")


async def test_without_the_hostname_check_the_chain_is_still_verified(pki):
    relaxed = KafkaSettings(security_protocol="SSL", ssl_cafile=pki["ca"], ssl_check_hostname=False)
    context = kafka_security_options(relaxed)["ssl_context"]
    assert context.check_hostname is False and context.verify_mode == ssl.CERT_REQUIRED
    assert await _handshake(pki, context, server_hostname="other-broker.test") is None
    untrusted = kafka_security_options(KafkaSettings(security_protocol="SSL", ssl_check_hostname=False))
    with pytest.raises(ssl.SSLCertVerificationError):  # system CAs only: our test CA is unknown
        await _handshake(pki, untrusted["ssl_context"], server_hostname="broker.test")


# --- refused settings ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("protocol", ["SASL_PLAINTEXT", "SASL_SSL"])
@pytest.mark.parametrize("credentials", [{"sasl_username": "case_intake"},
                                         {"sasl_username": "case_intake", "sasl_password": ""},
                                         {"sasl_password": STRONG}], ids=["no password", "empty password", "no user"])
def test_sasl_without_a_user_and_password_is_refused(protocol: str, credentials: dict):
    with pytest.raises(ValidationError, match="needs kafka.sasl_username and kafka.sasl_password"):
        KafkaSettings(security_protocol=protocol, **credentials)


def test_a_key_without_its_certificate_and_a_missing_file_are_refused(pki, tmp_path):
    with pytest.raises(ValidationError, match="ssl_keyfile needs kafka.ssl_certfile"):
        KafkaSettings(security_protocol="SSL", ssl_keyfile=pki["client_key"])
    with pytest.raises(ValidationError, match="ssl_cafile"):
        KafkaSettings(security_protocol="SSL", ssl_cafile=tmp_path / "absent.crt")


def test_env_sets_every_security_key(monkeypatch, pki):
    for key, value in {"SECURITY_PROTOCOL": "SASL_SSL", "SASL_MECHANISM": "SCRAM-SHA-256",
                       "SASL_USERNAME": "case_intake", "SASL_PASSWORD": STRONG, "SSL_CAFILE": str(pki["ca"]),
                       "SSL_CHECK_HOSTNAME": "false"}.items():
        monkeypatch.setenv(f"DEMO_SVC_KAFKA__{key}", value)
    kafka = Settings().kafka
    assert (kafka.security_protocol, kafka.sasl_mechanism, kafka.sasl_username) == ("SASL_SSL", "SCRAM-SHA-256",
                                                                                     "case_intake")
    assert kafka.sasl_password.get_secret_value() == STRONG
    assert (kafka.ssl_cafile, kafka.ssl_check_hostname) == (pki["ca"], False)


def test_the_password_may_come_from_the_secrets_directory_beside_env(monkeypatch, tmp_path):
    (tmp_path / "demo_svc_kafka").write_text('{"sasl_password": "%s"}' % STRONG)
    monkeypatch.setenv("DEMO_SVC_KAFKA__SECURITY_PROTOCOL", "SASL_SSL")
    monkeypatch.setenv("DEMO_SVC_KAFKA__SASL_USERNAME", "case_intake")

    class FromDir(ServiceSettings):
        model_config = service_config("DEMO_SVC_", secrets_dir=tmp_path)

    kafka = FromDir().kafka
    assert (kafka.sasl_username, kafka.sasl_password.get_secret_value()) == ("case_intake", STRONG)


@pytest.mark.parametrize("password", ["changeme", "kafka-secret", "placeholder"])
def test_a_placeholder_scram_password_is_refused_outside_local(password: str):
    with pytest.raises(ValidationError, match="kafka.sasl_password holds a placeholder"):
        production(security_protocol="SASL_SSL", sasl_username="case_intake", sasl_password=password)
    local = Settings(environment="local", kafka={"security_protocol": "SASL_SSL", "sasl_username": "case_intake",
                                                 "sasl_password": password})
    assert local.kafka.sasl_password.get_secret_value() == password


def test_production_accepts_a_real_password_and_no_password_at_all():
    assert production(security_protocol="SASL_SSL", sasl_username="case_intake", sasl_password=STRONG).kafka.uses_sasl
    assert production().kafka.sasl_password is None  # PLAINTEXT: the placeholder walk skips the unset password


def test_production_refuses_tls_without_the_hostname_check(pki):
    with pytest.raises(ValidationError, match="ssl_check_hostname must stay on"):
        production(security_protocol="SSL", ssl_cafile=pki["ca"], ssl_check_hostname=False)
    assert Settings(environment="test", kafka={"security_protocol": "SSL", "ssl_check_hostname": False})


def test_a_connection_without_tls_is_accepted_but_warned_about():
    assert "unauthenticated" in " ".join(KafkaSettings().security_warnings())
    sasl_plain = KafkaSettings(security_protocol="SASL_PLAINTEXT", sasl_username="u", sasl_password=STRONG)
    assert "unencrypted" in " ".join(sasl_plain.security_warnings())
    unused = KafkaSettings(sasl_username="u", sasl_password=STRONG)
    assert any("does not log in" in w for w in unused.security_warnings())
    secure = KafkaSettings(security_protocol="SASL_SSL", sasl_username="u", sasl_password=STRONG)
    assert secure.security_warnings() == []


# --- every client of the platform uses them ------------------------------------------------------------------


@pytest.fixture
def secured(pki) -> KafkaSettings:
    return KafkaSettings(bootstrap_servers="broker.test:9093", client_id="case_intake", security_protocol="SASL_SSL",
                         sasl_username="case_intake", sasl_password=STRONG, ssl_cafile=pki["ca"])


def _client_security(client: AIOKafkaClient) -> tuple:
    return (client._security_protocol, client._sasl_mechanism, client._sasl_plain_username,
            client._sasl_plain_password, isinstance(client._ssl_context, ssl.SSLContext))


EXPECTED = ("SASL_SSL", "SCRAM-SHA-512", "case_intake", STRONG, True)


async def test_aiokafka_clients_accept_the_options_under_these_names(secured):
    """aiokafka's own names: a misspelt keyword would raise TypeError here, a missing one keep PLAINTEXT."""
    options = kafka_security_options(secured)
    producer = AIOKafkaProducer(bootstrap_servers="broker.test:9093", **options)
    consumer = AIOKafkaConsumer("t", bootstrap_servers="broker.test:9093", **options)
    admin = AIOKafkaAdminClient(bootstrap_servers="broker.test:9093", **options)
    client = AIOKafkaClient(bootstrap_servers="broker.test:9093", **options)
    for built in (producer.client, consumer._client, admin._client, client):
        assert _client_security(built) == EXPECTED
    await consumer.stop()
    await admin.close()
    await client.close()


async def test_the_producer_and_the_consumer_runner_connect_with_the_settings_security(secured):
    assert _client_security(build_producer(secured).client) == EXPECTED
    runner = ConsumerRunner(kafka=secured, settings=ConsumerSettings(group_id="case_intake"), group_id="case_intake",
                            topics=["hotline_ingestion.work_order"], handlers={}, uow_factory=lambda: None,
                            producer_factory=lambda: build_producer(secured), dead_letters=None)
    consumer = runner._build_consumer()
    assert _client_security(consumer._client) == EXPECTED
    await consumer.stop()


async def test_topic_declaration_uses_the_settings_security(secured, monkeypatch):
    made: list[dict] = []

    class Admin:
        def __init__(self, **kwargs):
            made.append(kwargs)

        async def start(self):
            pass

        async def list_topics(self):
            return ["case_intake.case"]

        async def close(self):
            pass

    monkeypatch.setattr(topics_module, "AIOKafkaAdminClient", Admin)
    assert await topics_module.ensure_topics(secured, [topics_module.TopicSpec("case_intake.case")]) == []
    (kwargs,) = made
    assert kwargs["bootstrap_servers"] == "broker.test:9093"
    assert (kwargs["security_protocol"], kwargs["sasl_plain_username"]) == ("SASL_SSL", "case_intake")
    assert isinstance(kwargs["ssl_context"], ssl.SSLContext)


async def test_the_readiness_probe_logs_in_like_the_workers(secured, monkeypatch):
    from platform_runtime import container

    made: list[dict] = []

    class Client:
        def __init__(self, **kwargs):
            made.append(kwargs)

        async def bootstrap(self):
            pass

        async def close(self):
            pass

    monkeypatch.setattr(container, "AIOKafkaClient", Client)
    runtime = container.ServiceRuntime.__new__(container.ServiceRuntime)
    runtime.settings = Settings(environment="test", kafka=secured.model_dump())
    assert await runtime._broker_ready() is None
    (kwargs,) = made
    assert (kwargs["security_protocol"], kwargs["sasl_mechanism"], kwargs["sasl_plain_password"]) == (
        "SASL_SSL", "SCRAM-SHA-512", STRONG)
    assert isinstance(kwargs["ssl_context"], ssl.SSLContext)
