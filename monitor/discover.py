"""Discovery: find new filings in the getcurrent feed (paging back until a known accession)
and, for days the daemon may have missed, in the daily form index."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import NamedTuple

import structlog

from monitor.config import DiscoveryConfig
from monitor.edgar.client import EdgarClient
from monitor.errors import NotPublishedError, ParseError
from monitor.formats.feeds import form_selected, parse_current_feed, parse_daily_form_index
from monitor.formats.filing import EASTERN
from monitor.forms.latefiling import REPORT_KINDS
from monitor.models import FilingRef
from monitor.store import Store
from monitor.xbrl.source import XBRL_FORMS

log = structlog.get_logger("monitor.discover")

# Periodic report form -> the report form a late-filing notice (12b-25) names.
ARRIVALS: dict[str, str] = {
    arrival: report for report, kind in REPORT_KINDS.items() for arrival in kind.arrivals
}

FEED_PATH = "/cgi-bin/browse-edgar"
# Cursors in the store: when the first feed poll ran, and the last day whose daily index
# was read without a gap before it.
FEED_CURSOR = "feed_initialized_at"
INDEX_CURSOR = "daily_index_through"
FEED_END = 5100  # EDGAR answers 503 from start=5100 on (EDGAR.md §1).


# Forms grouped under one `type=` query share at least this many leading characters.
_MIN_FAMILY_PREFIX = 2


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def feed_prefixes(forms: tuple[str, ...]) -> tuple[str, ...]:
    """The `type=` values to poll: one per family of configured forms sharing a prefix of two
    or more characters (`type=` is a prefix match, and discovery filters exactly), so the
    default forms cost 4 requests a poll (8-K, NT , 25, 15-1) rather than 10."""
    families: list[str] = []
    for form in sorted({f.upper().strip() for f in forms if f.strip()}):
        common = _common_prefix(families[-1], form) if families else ""
        if families and (common == families[-1] or len(common) >= _MIN_FAMILY_PREFIX):
            families[-1] = common
        else:
            families.append(form)
    # Polled in the order config names them, so the 8-K feed comes first.
    order = [f.upper().strip() for f in forms]
    return tuple(sorted(families, key=lambda p: next(
        (i for i, f in enumerate(order) if f.startswith(p)), len(order))))


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
            log.info("first_poll_skipped_older_filings", count=len(old),
                     accepted_before=first_run_since.isoformat(),
                     setting="discovery.initial_lookback_minutes")
        refs = [r for r in refs if r not in old]
    new = await store.record_seen(refs, "feed", now)
    reports = [r for r in refs if r.form.upper() in ARRIVALS]
    if reports:  # a configured 10-K or 10-Q answers a late-filing notice at once
        log_arrivals(await store.note_reports(reports, ARRIVALS, now), "feed")
    return FeedPoll(tuple(new), pages, reached_known)


def log_arrivals(closed: list[dict[str, object]], source: str) -> None:
    """One line per late report that arrived, with its lateness against the extension."""
    for row in closed:
        filed, deadline = row.get("arrived_filed"), row.get("extended_deadline")
        days = None
        if isinstance(filed, str) and isinstance(deadline, str):
            days = (date.fromisoformat(filed) - date.fromisoformat(deadline)).days
        log.info("late_filing_report_arrived", notice=row.get("accession"), cik=row.get("cik"),
                 report=row.get("arrived_accession"), report_form=row.get("report_form"),
                 extended_deadline=deadline, days_after_extended_deadline=days,
                 within_extension=days is not None and days <= 0, source=source)


def daily_index_path(day: date) -> str:
    """Archives path of the daily form index for one day."""
    quarter = (day.month - 1) // 3 + 1
    return f"/Archives/edgar/daily-index/{day.year}/QTR{quarter}/form.{day:%Y%m%d}.idx"


class IndexRead(NamedTuple):
    """What reading some days' daily indexes found."""

    new: list[FilingRef]  # selected filings no feed poll had recorded
    done: list[date]  # days whose index was read (an unpublished day is tried again later)
    listed: int  # selected filings the indexes list (one per accession)


async def reconcile_daily_index(
    client: EdgarClient,
    store: Store,
    config: DiscoveryConfig,
    days: list[date],
    now: datetime,
    source: str = "daily-index",
) -> IndexRead:
    """Record filings from the daily form indexes of `days` that discovery missed, and note
    the periodic reports that answer late-filing notices."""
    new: list[FilingRef] = []
    done: list[date] = []
    listed = 0
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
        listed += len({r.accession for r in wanted})
        new.extend(await store.record_seen(wanted, source, now))
        reports = [r for r in refs if r.form.upper() in ARRIVALS]
        log_arrivals(await store.record_index_day(day, reports, ARRIVALS, now), source)
        # A 10-Q or 10-K changes the company's XBRL: its cached companyfacts are stale.
        await store.mark_facts_stale(r.cik for r in refs if r.form.upper() in XBRL_FORMS)
        done.append(day)
    return IndexRead(new, done, listed)


def days_between(last: date, today: date, limit: int) -> list[date]:
    """Days after `last` up to and including `today`, at most `limit` of the latest."""
    days = []
    day = last + timedelta(days=1)
    while day <= today:
        days.append(day)
        day += timedelta(days=1)
    return days[-limit:] if limit else []


class Discovery:
    """Finds new filings for the daemon: polls the feed and reconciles against the daily
    indexes, keeping its place in the store's cursors so nothing is missed across
    restarts."""

    def __init__(self, client: EdgarClient, store: Store, config: DiscoveryConfig,
                 clock: Callable[[], datetime]) -> None:
        self.client = client
        self.store = store
        self.config = config
        self.clock = clock

    async def poll(self) -> FeedPoll:
        """One feed poll. The very first one records only filings accepted within
        `initial_lookback_minutes` as new, and starts the daily indexes at yesterday."""
        now = self.clock()
        initialized = await self.store.get_cursor(FEED_CURSOR)
        first_run_since = None
        if initialized is None:
            first_run_since = now - timedelta(minutes=self.config.initial_lookback_minutes)
        poll = await poll_feed(self.client, self.store, self.config, now,
                               first_run_since=first_run_since)
        if initialized is None:
            await self.store.set_cursor(FEED_CURSOR, now.isoformat())
            yesterday = now.astimezone(EASTERN).date() - timedelta(days=1)
            await self.store.set_cursor(INDEX_CURSOR, yesterday.isoformat())
        if poll.new:
            log.info("feed_new_filings", count=len(poll.new), pages=poll.pages)
        return poll

    async def reconcile(self, today: date | None = None, *, when: str = "nightly") -> IndexRead:
        """Read the daily indexes of the days since the last reconciliation. Filings found
        there and not by the feed are the feed's misses: logged with the feed's completeness
        over those days (`when`: nightly, or startup after downtime)."""
        last = await self.store.get_cursor(INDEX_CURSOR)
        today = today or self.clock().astimezone(EASTERN).date()
        if last is None:
            return IndexRead([], [], 0)
        days = days_between(date.fromisoformat(last), today, self.config.reconcile_days)
        read = await reconcile_daily_index(self.client, self.store, self.config, days,
                                           self.clock())
        new, done, listed = read
        # Advance only over the contiguous run of days read, so an unpublished day is retried.
        through = date.fromisoformat(last)
        for day in days:
            if day not in done:
                break
            through = day
        await self.store.set_cursor(INDEX_CURSOR, through.isoformat())
        if new:
            log.info("daily_index_recovered", count=len(new),
                     days=[d.isoformat() for d in done])
        if done:
            log.info("feed_completeness", when=when, days=[d.isoformat() for d in done],
                     listed=listed, found_by_feed=listed - len(new), missed_by_feed=len(new),
                     completeness=round((listed - len(new)) / listed, 4) if listed else None,
                     missed=[f"{r.accession} {r.form}" for r in new[:20]])
        return read

    async def read_day(self, day: date, source: str) -> IndexRead:
        """Record the selected filings of one day's index (backfill), cursors untouched."""
        return await reconcile_daily_index(self.client, self.store, self.config, [day],
                                           self.clock(), source=source)
