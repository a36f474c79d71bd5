FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY monitor ./monitor
RUN pip install .
COPY config.yaml ./config.yaml
COPY rules ./rules

RUN useradd --create-home --uid 10001 monitor && mkdir /data && chown monitor /data
USER monitor
VOLUME ["/data"]

HEALTHCHECK --interval=60s --timeout=10s --start-period=60s --retries=3 \
    CMD ["edgar-monitor", "check"]

# Exec form, so SIGTERM reaches Python and the daemon shuts down cleanly.
CMD ["edgar-monitor", "run", "--db", "/data/edgar-monitor.db"]
