# Two commands on a fresh machine: `make run` (the whole stack, embedded) and `make test` (every test).
# Both install what they need: uv into .tools/, then the locked workspace into .venv/ (both inside the
# repository: embedded PostgreSQL, run as root, opens the permissions of its parents).

PYTHON ?= python3
UV_VERSION := 0.13.9
UV := .tools/bin/uv
VENV := .venv
IDENTITY := deploy/identity
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/$(VENV)

.PHONY: run test bench sync lint clean

run: sync
	$(VENV)/bin/python -m platform_devstack.run

test: sync
	$(VENV)/bin/ruff check libs services tests bench demo
	$(VENV)/bin/python -m pytest

bench: sync
	$(VENV)/bin/python bench/outbox_relay.py
	$(VENV)/bin/python bench/hotline_ingest.py
	$(VENV)/bin/python bench/identity_verify.py
	$(VENV)/bin/python bench/inspection_draw.py
	$(VENV)/bin/python bench/inspection_import.py

lint: sync
	$(VENV)/bin/ruff check libs services tests bench demo

sync: $(VENV)/.synced $(IDENTITY)/node_modules/.installed

$(VENV)/.synced: $(UV) uv.lock pyproject.toml $(wildcard libs/*/pyproject.toml services/*/pyproject.toml)
	$(UV) sync --frozen --all-packages --python $(PYTHON)
	touch $@

# The local OAuth 2.0 / OpenID issuer (oidc-provider on Node.js): its locked npm packages, again when the lock changes.
$(IDENTITY)/node_modules/.installed: $(IDENTITY)/package-lock.json
	cd $(IDENTITY) && npm ci --omit=dev --no-audit --no-fund
	touch $@

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet "uv==$(UV_VERSION)"

clean:
	rm -rf .tmp .pytest_cache
