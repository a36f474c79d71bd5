FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
# The wheel carries config.yaml and rules/ as the packaged defaults (setup.py copies them).
COPY pyproject.toml setup.py MANIFEST.in README.md LICENSE config.yaml ./
COPY rules ./rules
COPY monitor ./monitor
RUN pip install . && rm -rf build *.egg-info

RUN useradd --create-home --uid 10001 monitor && mkdir /data && chown monitor /data
USER monitor
VOLUME ["/data"]
# /healthz and /metrics; published only when the daemon is told --health-host 0.0.0.0.
EXPOSE 8787

HEALTHCHECK --interval=60s --timeout=10s --start-period=60s --retries=3 \
    CMD ["edgar-monitor", "check"]

# Exec form, so SIGTERM reaches Python and the daemon shuts down cleanly.
CMD ["edgar-monitor", "run", "--db", "/data/edgar-monitor.db"]
