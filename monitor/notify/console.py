"""Console notifier: prints alerts when no Slack token or webhook is configured."""

from __future__ import annotations

import sys
from typing import TextIO

from monitor.models import QueuedAlert
from monitor.notify import WriteOnly
from monitor.notify.render import render_text


class ConsoleNotifier(WriteOnly):
    """Writes each alert's plain-text rendering to a stream (stdout by default)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stdout
        self.count = 0

    async def send(self, alert: QueuedAlert) -> str:
        self.count += 1
        print(f"--- alert {alert.alert_id} → {alert.channel}", file=self.stream)
        print(render_text(alert.alert), file=self.stream, flush=True)
        return f"console-{self.count}"

    async def close(self) -> None:
        return None
