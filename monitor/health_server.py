"""The daemon's HTTP endpoint: /healthz and /metrics on the configured host and port."""

from __future__ import annotations

import errno
from collections.abc import Callable

import structlog
from aiohttp import web

from monitor.errors import ConfigError
from monitor.metrics import Health, Metrics, health_app

log = structlog.get_logger("monitor.health")


async def serve_health(
    metrics: Metrics, health: Callable[[], Health], host: str, port: int
) -> tuple[web.AppRunner, str]:
    """Start serving; returns the runner (clean it up to stop) and the base URL. A port in
    use is a ConfigError naming the settings that choose another."""
    runner = web.AppRunner(health_app(metrics, health), access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
    except OSError as exc:
        await runner.cleanup()
        busy = "is already in use" if exc.errno == errno.EADDRINUSE else (
            f"cannot be used: {exc.strerror or exc}")
        raise ConfigError(f"health server: {host}:{port} {busy} (choose another with "
                          "--health-port or health.port, or set health.enabled: false)"
                          ) from None
    host, port = runner.addresses[0][:2]
    url = f"http://{host}:{port}"
    log.info("health_server_started", url=url)
    return runner, url
