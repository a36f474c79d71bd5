"""Notifiers: where alerts go. Slack (bot token or webhook), console, or a recording twin."""

from __future__ import annotations

from typing import Any, Protocol

from monitor.store import OutboxAlert


class Notifier(Protocol):
    """Delivers one outbox alert; returns a delivery id (Slack's `ts`).

    Raises NotifyError to retry later, PermanentNotifyError when Slack rejects the alert
    itself (marked failed), SlackSetupError when Slack refuses the token, scopes or channel
    (delivery pauses; the alert waits). A notifier that can read the channel back also has
    `resolve_channel(name) -> id` and `find_delivered(channel_id, alert_ids, oldest)`.
    """

    async def send(self, alert: OutboxAlert) -> str: ...

    async def close(self) -> None: ...


class RecordingNotifier:
    """In-memory twin for tests: keeps every alert it is given."""

    def __init__(self) -> None:
        self.sent: list[OutboxAlert] = []

    async def send(self, alert: OutboxAlert) -> str:
        self.sent.append(alert)
        return f"recorded-{len(self.sent)}"

    async def close(self) -> None:
        return None

    def payloads(self) -> list[dict[str, Any]]:
        return [a.payload for a in self.sent]
