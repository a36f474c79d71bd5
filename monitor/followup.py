"""Follow-up of late-filing notices: once a notice's extension has run out and every daily
index up to its deadline has been read without the report in it, the notice is evaluated
again with `report_overdue` set, and the rules that fire only because of that are queued
(`late-filing-overdue` by default) with their own alert id. Arrival of the report closes
the watch (Store.record_index_day / note_reports).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

import structlog

from monitor.alerts import build_alerts
from monitor.formats.filing import EASTERN
from monitor.models import Alert, FilingFacts, FormFacts, RuleMatch
from monitor.rules import RuleSet, evaluate
from monitor.store import Store

log = structlog.get_logger("monitor.followup")

# A deadline further back than this is news no longer: a notice a backfill recorded, or one
# whose daily indexes stayed unreadable, is settled without an alert.
GIVE_UP_AFTER = timedelta(days=10)


def business_days(first: date, last: date) -> list[date]:
    """Weekdays in [first, last]: the days EDGAR publishes a daily index for."""
    out, day = [], first
    while day <= last:
        if day.weekday() < 5:
            out.append(day)
        day += timedelta(days=1)
    return out


def overdue_facts(facts: FilingFacts, today: date) -> FilingFacts:
    """A notice's facts once its report is overdue: `report_overdue` and the days past the
    extended deadline."""
    old = facts.form_facts
    if old is None:
        return facts
    values: dict[str, Any] = dict(old.values)
    deadline = values.get("extended_deadline")
    days = (today - date.fromisoformat(deadline)).days if isinstance(deadline, str) else None
    values.update({"report_overdue": True, "days_past_extended_deadline": days})
    return replace(facts, form_facts=FormFacts(old.form, values))


def arrival_facts(facts: FilingFacts, report: str, filed: date | None) -> FilingFacts:
    """A notice's facts once its report arrived: `report_arrived` and its date."""
    old = facts.form_facts
    if old is None:
        return facts
    values: dict[str, Any] = dict(old.values)
    values.update({"report_arrived": report,
                   "report_arrived_on": filed.isoformat() if filed else None})
    return replace(facts, form_facts=FormFacts(old.form, values))


def arrival_note(
    watch: Mapping[str, Any], channel: str, rules: Sequence[str]
) -> list[RuleMatch]:
    """The note that a report reported overdue has arrived: an info line per rule that
    posted the overdue alert, in its channel."""
    filed = watch.get("arrived_filed") or "an unknown date"
    deadline = watch.get("extended_deadline") or ""
    days = ""
    if watch.get("arrived_filed") and deadline:
        late = (date.fromisoformat(watch["arrived_filed"]) - date.fromisoformat(deadline)).days
        days = f", {late} day{'s' if late != 1 else ''} after the extended deadline {deadline}"
    evidence = (f"{watch.get('report_form')} {watch.get('arrived_accession')} filed "
                f"{filed}{days}.")
    return [RuleMatch(rule_id=rule, severity="info", channel=channel,
                      title=f"Late {watch.get('report_form')} arrived",
                      description="The periodic report this company's late-filing notice "
                                  "announced, reported overdue earlier, has now been filed.",
                      dedupe_key=f"{rule}:arrived:{watch['accession']}", evidence=evidence)
            for rule in rules]


@dataclass(frozen=True, slots=True)
class FollowUp:
    """What one check of the open notices did."""

    overdue: tuple[str, ...] = ()
    waiting: tuple[str, ...] = ()
    alerts: tuple[Alert, ...] = ()
    arrived: tuple[str, ...] = ()


async def check_late_filings(
    store: Store,
    ruleset: RuleSet,
    now: datetime,
    *,
    default_channel: str,
    watchlists: Mapping[str, Sequence[str]],
    alerts_enabled: bool = True,
) -> FollowUp:
    """Settle every open notice whose extended deadline has passed."""
    today = now.astimezone(EASTERN).date()
    overdue: list[str] = []
    waiting: list[str] = []
    queued: list[Alert] = []
    for watch in await store.open_late_filings(today):
        deadline = date.fromisoformat(watch["extended_deadline"])
        filed = date.fromisoformat(watch["notice_filed"]) if watch["notice_filed"] else deadline
        needed = business_days(filed, deadline)
        read = await store.index_days_read(filed, deadline)
        missing = [d.isoformat() for d in needed if d not in read]
        if today - deadline > GIVE_UP_AFTER:
            facts = await store.filing_facts(watch["accession"])
            if facts is not None:
                await store.complete_overdue(facts, [], "expired", now)
            log.info("late_filing_expired", accession=watch["accession"],
                     extended_deadline=deadline.isoformat(), days_unread=missing)
            continue
        if missing:
            waiting.append(watch["accession"])
            continue
        facts = await store.filing_facts(watch["accession"])
        if facts is None:
            continue
        late = overdue_facts(facts, today)
        history = await store.figure_history(facts.filing.ref.cik, facts.filing.ref.accepted,
                                             facts.filing.accession)
        before = {m.rule_id for m in evaluate(ruleset, facts, default_channel, history,
                                              watchlists=watchlists)}
        matches = [m for m in evaluate(ruleset, late, default_channel, history,
                                       watchlists=watchlists) if m.rule_id not in before]
        alerts = build_alerts(late, matches, [], suffix="overdue") if alerts_enabled else []
        queued.extend(await store.complete_overdue(late, alerts, "overdue", now))
        overdue.append(watch["accession"])
        log.info("late_filing_overdue", accession=watch["accession"], cik=watch["cik"],
                 report_form=watch["report_form"], extended_deadline=deadline.isoformat(),
                 rules_fired=[m.rule_id for m in matches])
    arrived: list[str] = []
    for watch in await store.late_arrivals():
        facts = await store.filing_facts(watch["accession"])
        if facts is None:
            continue
        on = date.fromisoformat(watch["arrived_filed"]) if watch["arrived_filed"] else None
        noted = arrival_facts(facts, watch["arrived_accession"], on)
        notes: list[Alert] = []
        if alerts_enabled:
            for channel, rules in await store.overdue_alert_rules(watch["accession"]):
                notes.extend(build_alerts(noted, arrival_note(watch, channel, rules), [],
                                          suffix="arrived"))
        queued.extend(await store.complete_overdue(noted, notes, "arrived", now,
                                                   from_status="arrived_late"))
        arrived.append(watch["accession"])
    return FollowUp(tuple(overdue), tuple(waiting), tuple(queued), tuple(arrived))
