"""Discovery: find new filings in the getcurrent feed (paging back until a known accession)
and, for days the daemon may have missed, in the daily form index."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import structlog

from monitor.config import DiscoveryConfig
from monitor.edgar.client import EdgarClient
from monitor.edgar.feeds import form_selected, parse_current_feed, parse_daily_form_index
from monitor.errors import NotPublishedError, ParseError
from monitor.models import FilingRef
from monitor.store import Store
from monitor.xbrl.source import XBRL_FORMS

log = structlog.get_logger("monitor.discover")

FEED_PATH = "/cgi-bin/browse-edgar"
FEED_END = 5100  # EDGAR answers 503 from start=5100 on (EDGAR.md §1).


def feed_prefixes(forms: tuple[str, ...]) -> tuple[str, ...]:
    """The fewest `type=` values covering every configured form (type= is a prefix match)."""
    out: list[str] = []
    for form in sorted({f.upper() for f in forms}, key=len):
        if not any(form.startswith(p) for p in out):
            out.append(form)
    return tuple(out)


def feed_params(form_prefix: str, start: int, count: int) -> dict[str, str]:
    """Query parameters in the order real clients send them."""
    return {
        "action": "getcurrent", "type": form_prefix, "company": "", "dateb": "",
        "owner": "include", "start": str(start), "count": str(count), "output": "atom",
    }


@dataclass(frozen=True, slots=True)
class FeedPoll:
    """What one feed poll found."""

    new: tuple[FilingRef, ...]
    pages: int
    reached_known: bool


async def poll_feed(
    client: EdgarClient,
    store: Store,
    config: DiscoveryConfig,
    now: datetime,
    *,
    first_run_since: datetime | None = None,
) -> FeedPoll:
    """Page back through the feed until a known accession or the feed's end; record the new
    filings as pending and return them, oldest first.

    On the very first run (`first_run_since` set) filings accepted before that time are
    recorded as already seen, so a fresh install does not alert on days-old filings.
    """
    found: dict[str, FilingRef] = {}
    pages = 0
    reached_known = False
    for prefix in feed_prefixes(config.forms):
        for start in range(0, min(FEED_END, config.max_feed_pages * config.feed_page_size),
                           config.feed_page_size):
            resp = await client.get(
                FEED_PATH,
                params=feed_params(prefix, start, config.feed_page_size),
                allow_statuses=(503,) if start else (),
            )
            pages += 1
            if resp.status == 503:
                break  # paged past the feed's end
            page = parse_current_feed(resp.body)
            wanted = [r for r in page.filings if form_selected(r.form, config.forms)]
            known = await store.known(r.accession for r in wanted)
            for ref in wanted:
                if ref.accession not in known:
                    found.setdefault(ref.accession, ref)
            if known:
                reached_known = True
                break
            if first_run_since is not None and any(
                r.accepted is not None and r.accepted < first_run_since for r in page.filings
            ):
                break
            if page.entries < config.feed_page_size:
                break
    refs = sorted(found.values(), key=lambda r: (r.accepted or now, r.accession))
    if first_run_since is not None:
        old = [r for r in refs if r.accepted is not None and r.accepted < first_run_since]
        if old:
            await store.record_seen(old, "feed-initial", now)
            await store.mark_skipped([r.accession for r in old], "before first run", now)
        refs = [r for r in refs if r not in old]
    new = await store.record_seen(refs, "feed", now)
    return FeedPoll(tuple(new), pages, reached_known)


def daily_index_path(day: date) -> str:
    """Archives path of the daily form index for one day."""
    quarter = (day.month - 1) // 3 + 1
    return f"/Archives/edgar/daily-index/{day.year}/QTR{quarter}/form.{day:%Y%m%d}.idx"


async def reconcile_daily_index(
    client: EdgarClient,
    store: Store,
    config: DiscoveryConfig,
    days: list[date],
    now: datetime,
    source: str = "daily-index",
) -> tuple[list[FilingRef], list[date]]:
    """Record filings from the daily form indexes of `days` that discovery missed.

    Returns the new filings and the days whose index was read (an unpublished day answers
    403 and is tried again next time).
    """
    new: list[FilingRef] = []
    done: list[date] = []
    for day in days:
        if day.weekday() >= 5:
            done.append(day)
            continue
        try:
            resp = await client.get(daily_index_path(day))
        except NotPublishedError:
            log.info("daily_index_not_published", day=day.isoformat())
            continue
        try:
            refs = parse_daily_form_index(resp.body)
        except ParseError as exc:
            log.warning("daily_index_unreadable", day=day.isoformat(), error=str(exc))
            continue
        wanted = [r for r in refs if form_selected(r.form, config.forms)]
        new.extend(await store.record_seen(wanted, source, now))
        # A 10-Q or 10-K changes the company's XBRL: its cached companyfacts are stale.
        await store.mark_facts_stale(r.cik for r in refs if r.form.upper() in XBRL_FORMS)
        done.append(day)
    return new, done


def days_between(last: date, today: date, limit: int) -> list[date]:
    """Days after `last` up to and including `today`, at most `limit` of the latest."""
    days = []
    day = last + timedelta(days=1)
    while day <= today:
        days.append(day)
        day += timedelta(days=1)
    return days[-limit:] if limit else []
