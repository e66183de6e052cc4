# syntax=docker/dockerfile:1
# One image per service (STYLE.md: one folder = one image = one Deployment, all with the same name):
#
#   docker build --build-arg SERVICE=list_management -t list_management .
#
# SERVICE is the folder under services/ and its Python package. The image holds one virtualenv with that
# service, its workspace libs and its locked dependencies, plus deploy/topics.yaml and deploy/create_topics.py.
# Commands (console scripts of the service, on PATH):
#   <service-with-hyphens>-api | -migrate | -relay | -consumer   e.g. list-management-migrate
#   <service-with-hyphens>-scheduler   only a service with periodic workers of its own (hotline-ingestion)
#   service-api | service-migrate | service-relay | service-consumer [| service-scheduler]   the same, under a
#   fixed name (CMD)

ARG PYTHON_VERSION=3.11
ARG UV_VERSION=0.13.9

FROM ghcr.io/astral-sh/uv:${UV_VERSION} AS uv

# Manifests only (uv.lock + every workspace member's pyproject.toml): the dependency layer in `builder`
# is rebuilt when one of these changes, not on every source edit.
FROM python:${PYTHON_VERSION}-slim-bookworm AS manifests
WORKDIR /src
COPY . .
RUN mkdir /manifests \
 && find . -name pyproject.toml -not -path "*/.venv/*" -exec cp --parents {} /manifests/ \; \
 && cp uv.lock /manifests/

FROM python:${PYTHON_VERSION}-slim-bookworm AS builder
ARG PYTHON_VERSION
ARG SERVICE
COPY --from=uv /uv /usr/local/bin/uv
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PYTHON=/usr/local/bin/python${PYTHON_VERSION} \
    UV_PROJECT_ENVIRONMENT=/opt/venv
WORKDIR /src
RUN test -n "${SERVICE}" || { echo "--build-arg SERVICE=<folder under services/> is required" >&2; exit 1; }
COPY --from=manifests /manifests/ ./
# Third-party dependencies of this service only. --locked: a uv.lock out of date with a pyproject.toml
# fails the build instead of silently shipping the old dependency set.
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --locked --no-dev --no-install-workspace --package "$(echo "${SERVICE}" | tr _ -)"
COPY libs/ libs/
# the rule reference goes into platform-errors' wheel: each service answers GET /rules/{id} itself
COPY docs/rules.md docs/rules.md
COPY services/${SERVICE}/ services/${SERVICE}/
# The service and its libs as regular (non-editable) wheels: the runtime stage needs no source tree.
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --locked --no-dev --no-editable --package "$(echo "${SERVICE}" | tr _ -)" \
 && script="$(echo "${SERVICE}" | tr _ -)" \
 && for role in api migrate relay consumer; do \
        test -x "/opt/venv/bin/${script}-${role}" \
            || { echo "services/${SERVICE} does not install ${script}-${role}" >&2; exit 1; }; \
        ln -s "${script}-${role}" "/opt/venv/bin/service-${role}"; \
    done \
 && if test -x "/opt/venv/bin/${script}-scheduler"; then \
        ln -s "${script}-scheduler" /opt/venv/bin/service-scheduler; \
    fi

FROM python:${PYTHON_VERSION}-slim-bookworm AS runtime
ARG SERVICE
LABEL org.opencontainers.image.title="${SERVICE}" \
      org.opencontainers.image.description="enforcement platform service ${SERVICE}" \
      org.opencontainers.image.source="services/${SERVICE}"
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin app
# Owned by root, read-only for the app user: the root filesystem is mounted read-only in Kubernetes anyway.
COPY --from=builder /opt/venv /opt/venv
COPY deploy/topics.yaml deploy/create_topics.py /app/deploy/
ENV PATH=/opt/venv/bin:${PATH} \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1
WORKDIR /app
USER 10001:10001
CMD ["service-api"]
