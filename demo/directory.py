"""The demo city's departments and officers (list_management's demo data) as JSON on stdout: the demo clients and
users of the local issuer, which `make run` (platform_devstack.run) reads without importing business content."""

import json

from list_management.demo_data import DEMO_DIR
from list_management.demo_data.officers import demo_officers

if __name__ == "__main__":
    departments = json.loads((DEMO_DIR / "departments.json").read_text(encoding="utf-8"))
    print(json.dumps({"departments": departments, "officers": demo_officers()}, ensure_ascii=False, default=str))
