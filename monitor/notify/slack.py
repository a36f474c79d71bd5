"""Slack delivery with slack-sdk: bot token (chat.postMessage) or incoming webhook.

Scopes the bot token needs (README "Slack"): `chat:write` to post, `channels:read` to turn
a channel name into its ID (conversations.list), `channels:history` to look for an alert in
the channel before posting it again (conversations.history takes IDs only), and, for a
private channel, `groups:read` and `groups:history`. The bot must be a member of the channel.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable
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

from monitor.errors import NotifyError, PermanentNotifyError, SlackSetupError
from monitor.models import QueuedAlert
from monitor.notify import WriteOnly
from monitor.notify.render import escape_mrkdwn, render_blocks, render_text

EVENT_TYPE = "edgar_monitor_alert"
# Slack's documented errors (chat.postMessage, conversations.history, conversations.list)
# that only the operator can fix: token, scopes, workspace, channel. Delivery pauses and
# every alert waits; the next try is a probe.
SETUP_ERRORS = frozenset(
    {
        "invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired",
        "missing_scope", "no_permission", "not_allowed_token_type", "access_denied",
        "accesslimited", "ekm_access_denied", "enterprise_is_restricted",
        "org_login_required", "team_added_to_org", "team_access_not_granted",
        "two_factor_setup_required", "deprecated_endpoint", "method_deprecated",
        "channel_not_found", "not_in_channel", "is_archived", "restricted_action",
        "restricted_action_read_only_channel", "restricted_action_thread_only_channel",
        "messages_tab_disabled", "invalid_types",
    }
)
# Errors about the message itself: no retry and no fix of the setup changes them, so the
# alert is marked failed (visible in metrics and `explain`).
CONTENT_ERRORS = frozenset(
    {
        "invalid_blocks", "invalid_blocks_format", "msg_too_long", "msg_blocks_too_long",
        "no_text", "too_many_attachments", "invalid_metadata_format",
        "invalid_metadata_schema", "metadata_too_large", "metadata_must_be_sent_from_app",
        "invalid_arguments", "invalid_arg_name", "invalid_array_arg", "invalid_charset",
        "invalid_form_data", "invalid_post_type", "missing_post_type", "invalid_json",
        "json_not_object",
    }
)
# Incoming webhooks answer errors as plain-text bodies with a 4xx status.
WEBHOOK_SETUP_ERRORS = frozenset(
    {
        "invalid_token", "no_service", "no_service_id", "no_team", "team_disabled",
        "channel_not_found", "channel_is_archived", "action_prohibited", "no_active_hooks",
        "posting_to_general_channel_denied", "user_not_found",
    }
)
# Conversation IDs: C (public), G (private), D (direct message), then upper-case letters
# and digits. Anything else is a name and is looked up.
CHANNEL_ID = re.compile(r"[CGD][A-Z0-9]{8,}")
_LIST_PAGE = 200  # Slack recommends no more than 200 per page
_MAX_PAGES = 200
# With blocks, `text` is the notification and screen-reader fallback; Slack advises keeping
# it under 4,000 characters (40,000 is `msg_too_long`), so a long evidence sentence cannot
# get an alert rejected.
MAX_FALLBACK = 4000


def fallback_text(alert: QueuedAlert) -> str:
    """The plain-text rendering, escaped for Slack and kept under 4,000 characters."""
    text = escape_mrkdwn(render_text(alert.alert))
    return text if len(text) <= MAX_FALLBACK else text[: MAX_FALLBACK - 1] + "…"


def alert_metadata(alert: QueuedAlert) -> dict[str, Any]:
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


def classify(error: str, doing: str) -> NotifyError:
    """The exception for a Slack error code met while `doing` something."""
    if error in SETUP_ERRORS:
        return SlackSetupError(f"Slack refused to {doing}: {error}", code=error)
    if error in CONTENT_ERRORS:
        return PermanentNotifyError(f"Slack rejected the alert: {error}")
    return NotifyError(f"Slack error while trying to {doing}: {error}")


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
    """Posts alerts with a bot token via chat.postMessage, to the channel's ID; reads the
    channel back, so each alert is posted once."""

    reads_back = True

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
        self._channel_ids: dict[str, str] = {}

    @staticmethod
    async def _call(doing: str, call: Awaitable[Any]) -> Any:
        """One Web API call; Slack's answer or the NotifyError subclass its error means."""
        try:
            return await call
        except SlackApiError as exc:
            raise classify(slack_error(exc), doing) from None
        except (SlackClientError, aiohttp.ClientError, TimeoutError) as exc:
            raise NotifyError(f"Slack unreachable: {exc!r}") from None

    async def send(self, alert: QueuedAlert) -> str:
        resp = await self._call(
            f"post to {alert.channel}", self.client.chat_postMessage(
                channel=alert.channel_id or alert.channel,
                text=fallback_text(alert),
                blocks=render_blocks(alert.alert),
                metadata=alert_metadata(alert),
                unfurl_links=False,
                unfurl_media=False,
            ))
        return str(resp.get("ts", ""))

    async def resolve_channel(self, channel: str) -> str:
        """The conversation ID of `channel` ("#name", "name" or an ID), looked up once with
        conversations.list and kept.

        Raises SlackSetupError("channel_not_found") when the bot cannot see the channel."""
        if CHANNEL_ID.fullmatch(channel):
            return channel
        name = channel.lstrip("#")
        if name in self._channel_ids:
            return self._channel_ids[name]
        types = "public_channel,private_channel"
        cursor = ""
        for _page in range(_MAX_PAGES):
            try:
                resp = await self._call(
                    f"list channels to find {channel}", self.client.conversations_list(
                        types=types, exclude_archived=True, limit=_LIST_PAGE,
                        cursor=cursor or None))
            except SlackSetupError as exc:
                if exc.code != "missing_scope" or types == "public_channel":
                    raise
                types, cursor = "public_channel", ""  # no groups:read: public ones only
                continue
            for conversation in resp.get("channels") or []:
                self._channel_ids[str(conversation.get("name", ""))] = str(conversation["id"])
            if name in self._channel_ids:
                return self._channel_ids[name]
            cursor = (resp.get("response_metadata") or {}).get("next_cursor") or ""
            if not cursor:
                break
        raise SlackSetupError(
            f"Slack channel {channel} not found among the channels the bot can see "
            "(create it, or invite the bot to a private one)", code="channel_not_found")

    def forget_channel(self, channel: str) -> None:
        """Drop a cached ID (the channel was deleted or archived): the next try looks again."""
        self._channel_ids.pop(channel.lstrip("#"), None)

    async def find_delivered(
        self, channel_id: str, alert_ids: set[str], oldest: float
    ) -> dict[str, str]:
        """Alert ids already in the channel since `oldest` (Unix time), with their `ts`.

        Reads message metadata with conversations.history (a channel ID, never a name), so
        a post whose answer was lost is not posted twice. Raises NotifyError when the whole
        window cannot be read: the caller then waits rather than guess.
        """
        found: dict[str, str] = {}
        cursor = ""
        for _page in range(_MAX_PAGES):
            resp = await self._call(
                f"read the history of {channel_id}", self.client.conversations_history(
                    channel=channel_id, oldest=f"{oldest:.6f}", limit=_LIST_PAGE,
                    include_all_metadata=True, cursor=cursor or None))
            messages: list[dict[str, Any]] = resp.get("messages") or []
            for message in messages:
                meta = message.get("metadata") or {}
                if meta.get("event_type") != EVENT_TYPE:
                    continue
                alert_id = (meta.get("event_payload") or {}).get("alert_id")
                if alert_id in alert_ids:
                    found[alert_id] = str(message.get("ts", ""))
            cursor = (resp.get("response_metadata") or {}).get("next_cursor") or ""
            if not resp.get("has_more") or not cursor or found.keys() >= alert_ids:
                return found
        raise NotifyError(f"history of {channel_id} too long to search since {oldest:.0f}")

    async def close(self) -> None:
        return None


class WebhookNotifier(WriteOnly):
    """Posts alerts to an incoming-webhook URL (channel fixed by the webhook).

    At least once: a webhook cannot read the channel back, so a post whose answer was lost
    is posted again."""

    def __init__(
        self, url: str, *, session: aiohttp.ClientSession | None = None, max_retries: int = 2
    ) -> None:
        self.client = AsyncWebhookClient(
            url, session=session,
            retry_handlers=_retry_handlers(max_retries, may_repeat_posts=True),
        )

    async def send(self, alert: QueuedAlert) -> str:
        try:
            resp = await self.client.send(
                    text=fallback_text(alert),
                blocks=render_blocks(alert.alert),
                unfurl_links=False,
            )
        except (SlackClientError, aiohttp.ClientError, TimeoutError) as exc:
            raise NotifyError(f"Slack webhook unreachable: {exc!r}") from None
        if resp.status_code == 200:
            return "webhook"
        body = (resp.body or "").strip()
        if resp.status_code in (400, 403, 404, 410):
            if body in WEBHOOK_SETUP_ERRORS or resp.status_code != 400:
                raise SlackSetupError(f"Slack webhook refused: {resp.status_code} {body}",
                                      code=body or f"HTTP {resp.status_code}")
            raise PermanentNotifyError(f"Slack webhook rejected the alert: {body}")
        raise NotifyError(f"Slack webhook error: {resp.status_code} {body}")

    async def close(self) -> None:
        return None
