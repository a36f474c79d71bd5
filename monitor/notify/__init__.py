"""Notifiers: where alerts go. Slack (bot token or webhook), console, or a recording twin."""

from __future__ import annotations

from typing import Protocol

from monitor.models import QueuedAlert


class Notifier(Protocol):
    """Where delivery sends alerts: every method it calls.

    `send` posts one queued alert and returns a delivery id (Slack's `ts`). It raises
    NotifyError to retry later, PermanentNotifyError when Slack rejects the alert itself
    (marked failed), SlackSetupError when Slack refuses the token, scopes or channel
    (delivery pauses; the alert waits).

    `reads_back` says whether the notifier can find its own posts in the channel: only then
    are `resolve_channel` and `find_delivered` asked, and delivery is exactly once. A
    notifier that cannot (webhook, console) is at least once: a post whose answer was lost
    is posted again.
    """

    @property
    def reads_back(self) -> bool: ...

    async def send(self, alert: QueuedAlert) -> str: ...

    async def resolve_channel(self, channel: str) -> str:
        """The conversation ID of a channel name ("" for a notifier that does not read back)."""
        ...

    async def find_delivered(
        self, channel_id: str, alert_ids: set[str], oldest: float
    ) -> dict[str, str]:
        """Alert ids already in the channel since `oldest` (Unix time), with their delivery
        ids; raises NotifyError when that cannot be read ({} when not `reads_back`)."""
        ...

    def forget_channel(self, channel: str) -> None:
        """Drop a cached channel ID (the channel was deleted or archived)."""
        ...

    async def close(self) -> None: ...


class WriteOnly:
    """The read-back half of `Notifier` for notifiers that cannot read the channel back:
    no channel IDs, nothing ever found, so every alert is posted (at least once)."""

    reads_back = False

    async def resolve_channel(self, channel: str) -> str:
        return ""

    async def find_delivered(
        self, channel_id: str, alert_ids: set[str], oldest: float
    ) -> dict[str, str]:
        return {}

    def forget_channel(self, channel: str) -> None:
        return None


class RecordingNotifier(WriteOnly):
    """In-memory twin for tests: keeps every alert it is given."""

    def __init__(self) -> None:
        self.sent: list[QueuedAlert] = []

    async def send(self, alert: QueuedAlert) -> str:
        self.sent.append(alert)
        return f"recorded-{len(self.sent)}"

    async def close(self) -> None:
        return None
