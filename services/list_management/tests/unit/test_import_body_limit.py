"""Issue 12 item 5: an import file may be larger than other bodies (a whole city's lists), still bounded."""

from list_management.api.app import create_app
from list_management.api.ops_routes import IMPORT_MAX_BODY_BYTES
from list_management.settings import Settings
from platform_http import MIB, BodyLimitMiddleware


def test_the_import_route_declares_16_mib_and_other_routes_keep_the_default():
    app = create_app(Settings())
    limits = BodyLimitMiddleware(app, default_limit=Settings().http.max_body_bytes, routes=lambda: app.routes)
    assert limits.limit_for("POST", "/api/v1/imports") == IMPORT_MAX_BODY_BYTES == 16 * MIB
    assert limits.limit_for("POST", "/api/v1/departments") == MIB
