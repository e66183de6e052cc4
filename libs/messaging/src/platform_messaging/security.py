"""Broker security for every aiokafka client: SASL/SCRAM credentials and TLS, from `KafkaSettings`.

Producers, consumers, the admin client that declares topics, the readiness probe and deploy/create_topics.py
all take their security keyword arguments from `kafka_security_options`, so they connect to the broker in the
same way. The SSL context is built anew for each client: certificates rotated on disk (a renewed Secret) are
picked up by the next connection without a restart.
"""

import ssl
from typing import Any

from aiokafka.helpers import create_ssl_context

from platform_settings import KafkaSettings


def kafka_security_options(settings: KafkaSettings) -> dict[str, Any]:
    """Keyword arguments for AIOKafkaProducer / AIOKafkaConsumer / AIOKafkaAdminClient / AIOKafkaClient.

    PLAINTEXT: only `security_protocol`. SASL_*: plus `sasl_mechanism`, `sasl_plain_username` and
    `sasl_plain_password` (aiokafka's SCRAM authenticator reads the `sasl_plain_*` pair). SSL and SASL_SSL: plus
    `ssl_context`, which aiokafka requires for them.
    """
    options: dict[str, Any] = {"security_protocol": settings.security_protocol}
    if settings.uses_sasl:
        assert settings.sasl_password is not None  # KafkaSettings refuses SASL without a password
        options |= {
            "sasl_mechanism": settings.sasl_mechanism,
            "sasl_plain_username": settings.sasl_username,
            "sasl_plain_password": settings.sasl_password.get_secret_value(),
        }
    if settings.uses_tls:
        options["ssl_context"] = build_ssl_context(settings)
    return options


def build_ssl_context(settings: KafkaSettings) -> ssl.SSLContext:
    """Verifies the brokers against `ssl_cafile` (else the system CAs); presents a client certificate if given."""
    context = create_ssl_context(
        cafile=str(settings.ssl_cafile) if settings.ssl_cafile else None,
        certfile=str(settings.ssl_certfile) if settings.ssl_certfile else None,
        keyfile=str(settings.ssl_keyfile) if settings.ssl_keyfile else None,
    )
    if not settings.ssl_check_hostname:  # local/test only: production refuses it (platform_settings)
        context.check_hostname = False  # the chain is still verified (CERT_REQUIRED)
    return context
