"""Slack delivery with slack-sdk: bot token (chat.postMessage) or incoming webhook."""

from __future__ import annotations

from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from monitor.errors import NotifyError, PermanentNotifyError
from monitor.notify.render import render_blocks, render_text
from monitor.store import OutboxAlert

EVENT_TYPE = "edgar_monitor_alert"
# Errors that no retry can fix: the operator must change config or Slack setup.
PERMANENT_ERRORS = frozenset(
    {
        "invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired",
        "channel_not_found", "is_archived", "not_in_channel", "missing_scope",
        "invalid_blocks", "msg_too_long", "no_text", "restricted_action",
        "invalid_metadata_format", "invalid_metadata_schema", "team_access_not_granted",
    }
)


def alert_metadata(alert: OutboxAlert) -> dict[str, Any]:
    """Message metadata that lets a restart tell which alert a message was."""
    return {
        "event_type": EVENT_TYPE,
        "event_payload": {
            "accession": alert.accession,
            "rules": list(alert.rules),
            "alert_id": alert.alert_id,
        },
    }


def slack_error(exc: SlackApiError) -> str:
    """Slack's error code, or the HTTP status when the body was not Slack JSON (5xx pages)."""
    response = exc.response
    if response is None:
        return str(exc)
    if isinstance(response.data, dict):
        return str(response.data.get("error", "")) or f"HTTP {response.status_code}"
    return f"HTTP {response.status_code}"


def _retry_handlers(max_retries: int, *, may_repeat_posts: bool) -> list[Any]:
    """slack-sdk's own retries. A 429 was never carried out, so it is always retried here;
    a dropped connection or a 5xx may come after the post, so the bot notifier leaves those
    to the outbox, which looks in the channel before posting again."""
    handlers: list[Any] = [AsyncRateLimitErrorRetryHandler(max_retry_count=max_retries)]
    if may_repeat_posts:
        handlers += [
            AsyncConnectionErrorRetryHandler(max_retry_count=max_retries),
            AsyncServerErrorRetryHandler(max_retry_count=max_retries),
        ]
    return handlers


class SlackNotifier:
    """Posts alerts with a bot token via chat.postMessage."""

    def __init__(
        self,
        token: str,
        *,
        base_url: str,
        session: aiohttp.ClientSession | None = None,
        timeout: int = 30,
        max_retries: int = 2,
    ) -> None:
        if not base_url.endswith("/"):
            base_url += "/"
        self.client = AsyncWebClient(
            token=token,
            base_url=base_url,
            session=session,
            timeout=timeout,
            retry_handlers=_retry_handlers(max_retries, may_repeat_posts=False),
        )

    async def send(self, alert: OutboxAlert) -> str:
        try:
            resp = await self.client.chat_postMessage(
                channel=alert.channel,
                text=render_text(alert.payload),
                blocks=render_blocks(alert.payload),
                metadata=alert_metadata(alert),
                unfurl_links=False,
                unfurl_media=False,
            )
        except SlackApiError as exc:
            error = slack_error(exc)
            if error in PERMANENT_ERRORS:
                raise PermanentNotifyError(f"Slack refused the alert: {error}") from None
            raise NotifyError(f"Slack error: {error or exc}") from None
        except (SlackClientError, aiohttp.ClientError, TimeoutError) as exc:
            raise NotifyError(f"Slack unreachable: {exc}") from None
        return str(resp.get("ts", ""))

    async def find_delivered(
        self, channel: str, alert_ids: set[str], oldest: float
    ) -> dict[str, str]:
        """Alert ids already in the channel since `oldest` (Unix time), with their `ts`.

        Reads message metadata with conversations.history, so a crash between Slack
        accepting a message and the outbox recording it does not post it twice.
        """
        found: dict[str, str] = {}
        cursor = None
        for _page in range(20):
            try:
                resp = await self.client.conversations_history(
                    channel=channel, oldest=f"{oldest:.6f}", limit=200,
                    include_all_metadata=True, cursor=cursor,
                )
            except SlackApiError as exc:
                error = slack_error(exc)
                raise NotifyError(f"cannot read {channel} history: {error}") from None
            except (SlackClientError, aiohttp.ClientError, TimeoutError) as exc:
                raise NotifyError(f"Slack unreachable: {exc}") from None
            messages: list[dict[str, Any]] = resp.get("messages") or []
            for message in messages:
                meta = message.get("metadata") or {}
                if meta.get("event_type") != EVENT_TYPE:
                    continue
                alert_id = (meta.get("event_payload") or {}).get("alert_id")
                if alert_id in alert_ids:
                    found[alert_id] = str(message.get("ts", ""))
            cursor = (resp.get("response_metadata") or {}).get("next_cursor")
            if not resp.get("has_more") or not cursor:
                break
        return found

    async def close(self) -> None:
        return None


class WebhookNotifier:
    """Posts alerts to an incoming-webhook URL (channel fixed by the webhook)."""

    def __init__(
        self, url: str, *, session: aiohttp.ClientSession | None = None, max_retries: int = 2
    ) -> None:
        self.client = AsyncWebhookClient(
            # A webhook cannot read the channel back, so its delivery is at least once.
            url, session=session,
            retry_handlers=_retry_handlers(max_retries, may_repeat_posts=True),
        )

    async def send(self, alert: OutboxAlert) -> str:
        try:
            resp = await self.client.send(
                text=render_text(alert.payload),
                blocks=render_blocks(alert.payload),
                unfurl_links=False,
            )
        except (SlackClientError, aiohttp.ClientError, TimeoutError) as exc:
            raise NotifyError(f"Slack webhook unreachable: {exc}") from None
        if resp.status_code == 200:
            return "webhook"
        if resp.status_code in (400, 403, 404, 410):
            raise PermanentNotifyError(f"Slack webhook refused: {resp.status_code} {resp.body}")
        raise NotifyError(f"Slack webhook error: {resp.status_code} {resp.body}")

    async def close(self) -> None:
        return None
