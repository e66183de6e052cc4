"""OAuth 2.0 resource server for every service: verified callers from RFC 9068 access tokens, and the client
credentials a service uses to call another one. FastAPI wiring lives in `platform_runtime.dependencies`."""

from platform_identity.caller import CONFIDENTIAL, Caller, DataScope, system_caller
from platform_identity.client import ClientCredentials, TokenUnavailable
from platform_identity.keys import IssuerKeys, IssuerUnavailable
from platform_identity.verifier import ACCESS_TOKEN_TYPES, InvalidToken, TokenVerifier

__all__ = [
    "ACCESS_TOKEN_TYPES",
    "CONFIDENTIAL",
    "Caller",
    "ClientCredentials",
    "DataScope",
    "InvalidToken",
    "IssuerKeys",
    "IssuerUnavailable",
    "TokenUnavailable",
    "TokenVerifier",
    "system_caller",
]
