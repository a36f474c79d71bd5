"""`edgar-monitor rules backtest`: how often rules would have fired, and on whom.

Stored facts are replayed filing by filing in acceptance order through the daemon's own
evaluation (`rules.evaluate`), each filing seeing only the history stored before it (as
`Store.figure_history` gives it to the daemon) and dedupe windows claimed as the store claims
them. `Replay` is pure; `run_backtest` only reads the store, a page of filings at a time.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from monitor.conditions import HISTORY_LIMIT
from monitor.models import FilingFacts, RuleMatch
from monitor.rules import RuleSet, evaluate
from monitor.store import Store

SAMPLES_PER_RULE = 3
PAGE = 500  # filings loaded from the store at a time: memory stays flat over any range


@dataclass(frozen=True, slots=True)
class Sample:
    """One filing a rule fired on, with the sentence it would have quoted."""

    accession: str
    cik: int
    company: str
    accepted: datetime | None
    evidence: str | None


@dataclass(slots=True)
class RuleTally:
    """What one rule did over the replay."""

    rule_id: str
    accessions: list[str] = field(default_factory=list)
    companies: set[int] = field(default_factory=set)
    samples: list[Sample] = field(default_factory=list)

    @property
    def fired(self) -> int:
        return len(self.accessions)

    def per_thousand(self, evaluated: int) -> float:
        return 1000 * self.fired / evaluated if evaluated else 0.0


@dataclass(slots=True)
class BacktestReport:
    """Per-rule tallies over the filings evaluated."""

    filings_evaluated: int = 0
    rules: dict[str, RuleTally] = field(default_factory=dict)
    first_accepted: datetime | None = None
    last_accepted: datetime | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "filings_evaluated": self.filings_evaluated,
            "first_accepted": _iso(self.first_accepted),
            "last_accepted": _iso(self.last_accepted),
            "rules": {
                rule_id: {
                    "fired": t.fired,
                    "companies": len(t.companies),
                    "per_1000_filings": round(t.per_thousand(self.filings_evaluated), 2),
                    "accessions": t.accessions,
                    "samples": [
                        {"accession": s.accession, "cik": s.cik, "company": s.company,
                         "accepted": _iso(s.accepted), "evidence": s.evidence}
                        for s in t.samples
                    ],
                }
                for rule_id, t in self.rules.items()
            },
        }


class CompanyHistory:
    """Each company's most recent filings with figures, as `Store.figure_history` returns
    them: newest first, at most `HISTORY_LIMIT`, only those accepted strictly earlier."""

    def __init__(self, limit: int = HISTORY_LIMIT) -> None:
        self._limit = limit
        self._by_cik: dict[int, deque[tuple[datetime | None, dict[str, Any]]]] = {}

    def before(self, facts: FilingFacts) -> list[dict[str, Any]]:
        accepted = facts.filing.ref.accepted
        past = self._by_cik.get(facts.filing.ref.cik, ())
        return [entry for when, entry in reversed(past)
                if accepted is None or (when is not None and when < accepted)][:self._limit]

    def add(self, facts: FilingFacts) -> None:
        if not facts.figures:
            return  # the store's history is read from figure rows: no figures, no entry
        ref = facts.filing.ref
        entry = {"accession": ref.accession, "accepted": _iso(ref.accepted),
                 "figures": {f.name: f.current for f in facts.figures.values()}}
        past = self._by_cik.setdefault(ref.cik, deque())
        past.append((ref.accepted, entry))
        # Filings arrive in acceptance order, so a later query needs the `limit` newest
        # entries accepted before the newest instant, plus those tied at it.
        tied = 0
        for when, _ in reversed(past):
            if when != ref.accepted:
                break
            tied += 1
        while len(past) - tied > self._limit:
            past.popleft()


class DedupeLedger:
    """The store's `rule_fires` claims in memory: a key fires once, a company window once
    per `window_days` (measured here by acceptance time, the daemon's clock at the time)."""

    def __init__(self) -> None:
        self._keys: set[str] = set()
        self._last: dict[tuple[str, int], datetime] = {}

    def claim(self, match: RuleMatch, cik: int, at: datetime | None) -> bool:
        if match.window_days is not None and at is not None:
            last = self._last.get((match.rule_id, cik))
            if last is not None and last >= at - timedelta(days=match.window_days):
                return False
        if match.dedupe_key in self._keys:
            return False
        self._keys.add(match.dedupe_key)
        if at is not None:
            self._last[(match.rule_id, cik)] = at
        return True


class Replay:
    """Feed filings in acceptance order; collects what each rule would have posted."""

    def __init__(
        self,
        ruleset: RuleSet,
        *,
        default_channel: str,
        watchlists: Mapping[str, Sequence[str]],
    ) -> None:
        self._ruleset = ruleset
        self._channel = default_channel
        self._watchlists = watchlists
        self._history = CompanyHistory()
        self._ledger = DedupeLedger()
        self.report = BacktestReport(
            rules={r.id: RuleTally(r.id) for r in ruleset.rules if r.enabled})

    def feed(self, facts: FilingFacts) -> list[RuleMatch]:
        """Evaluate one filing as the daemon would; return the matches that would post."""
        ref = facts.filing.ref
        matches = evaluate(self._ruleset, facts, self._channel, self._history.before(facts),
                           watchlists=self._watchlists)
        self._history.add(facts)
        report = self.report
        report.filings_evaluated += 1
        if ref.accepted is not None:
            report.first_accepted = min(report.first_accepted or ref.accepted, ref.accepted)
            report.last_accepted = max(report.last_accepted or ref.accepted, ref.accepted)
        posted = [m for m in matches if self._ledger.claim(m, ref.cik, ref.accepted)]
        for m in posted:
            tally = report.rules[m.rule_id]
            tally.accessions.append(ref.accession)
            tally.companies.add(ref.cik)
            if len(tally.samples) < SAMPLES_PER_RULE:
                tally.samples.append(Sample(ref.accession, ref.cik, ref.company, ref.accepted,
                                            m.evidence))
        return posted


def replay_order(
    filings: Sequence[tuple[str, datetime | None]],
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[str]:
    """Accessions in acceptance order (then accession), within [since, until); filings with
    no acceptance time last, and only when no range is given."""
    dated = [(accepted, acc) for acc, accepted in filings if accepted is not None
             and (since is None or accepted >= since) and (until is None or accepted < until)]
    undated = [] if since or until else sorted(acc for acc, accepted in filings
                                               if accepted is None)
    return [acc for _, acc in sorted(dated)] + undated


@dataclass(frozen=True, slots=True)
class RuleDifference:
    """Filings where a rule fires in one rule set and not in the other."""

    rule_id: str
    only_here: tuple[str, ...]
    only_there: tuple[str, ...]


def compare(report: BacktestReport, other: BacktestReport) -> list[RuleDifference]:
    """Per rule id in either report, the accessions that fire on one side only."""
    out = []
    for rule_id in list(report.rules) + [r for r in other.rules if r not in report.rules]:
        here = report.rules.get(rule_id)
        there = other.rules.get(rule_id)
        mine = set(here.accessions) if here else set()
        theirs = set(there.accessions) if there else set()
        if mine != theirs:
            out.append(RuleDifference(rule_id, tuple(sorted(mine - theirs)),
                                      tuple(sorted(theirs - mine))))
    return out


async def run_backtest(
    store: Store,
    rulesets: Sequence[RuleSet],
    *,
    default_channel: str,
    watchlists: Mapping[str, Sequence[str]],
    since: datetime | None = None,
    until: datetime | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> list[BacktestReport]:
    """Replay the stored filings in [since, until) through each rule set, in one pass over
    the store; one report per rule set. `on_progress(done, total)` after every page."""
    order = replay_order(await store.processed_filings(), since, until)
    replays = [Replay(rs, default_channel=default_channel, watchlists=watchlists)
               for rs in rulesets]
    pages = [order[start:start + PAGE] for start in range(0, len(order), PAGE)]
    done = 0
    # The store's thread reads the next page while this one is evaluated.
    loading = asyncio.ensure_future(store.facts_of(pages[0])) if pages else None
    for n in range(len(pages)):
        assert loading is not None
        page = await loading
        loading = asyncio.ensure_future(store.facts_of(pages[n + 1])) \
            if n + 1 < len(pages) else None
        for facts in page:
            for replay in replays:
                replay.feed(facts)
        done += len(pages[n])
        if on_progress is not None:
            on_progress(done, len(order))
    return [r.report for r in replays]


def report_json(report: BacktestReport, against: BacktestReport | None = None
                ) -> dict[str, Any]:
    """The `--json` object: the report, and with `--against` the other set and differences."""
    out = report.as_json()
    if against is not None:
        out["against"] = against.as_json()
        out["differences"] = {
            d.rule_id: {"only_in_rules": list(d.only_here), "only_in_against": list(d.only_there)}
            for d in compare(report, against)
        }
    return out


def render_backtest(report: BacktestReport, against: BacktestReport | None = None,
                    against_names: Sequence[str] = ()) -> str:
    """The report as an analyst reads it: one line per rule, then sample filings."""
    n = report.filings_evaluated
    span = ""
    if report.first_accepted and report.last_accepted:
        span = f", accepted {report.first_accepted:%Y-%m-%d} to {report.last_accepted:%Y-%m-%d}"
    lines = [f"{n:,} filings evaluated{span}", ""]
    width = max((len(r) for r in report.rules), default=4)
    lines.append(f"  {'rule':<{width}}  {'fired':>7}  {'companies':>9}  {'per 1,000':>9}")
    for rule_id, t in report.rules.items():
        lines.append(f"  {rule_id:<{width}}  {t.fired:>7,}  {len(t.companies):>9,}  "
                     f"{t.per_thousand(n):>9.1f}")
    for rule_id, t in report.rules.items():
        if not t.samples:
            continue
        lines += ["", f"{rule_id}: e.g."]
        for s in t.samples:
            when = f"{s.accepted:%Y-%m-%d}" if s.accepted else "undated"
            lines.append(f"  {s.accession}  {when}  {s.company or f'CIK {s.cik}'}")
            if s.evidence:
                lines.append(f'      "{_clip(" ".join(s.evidence.split()), 160)}"')
    if against is not None:
        lines += ["", f"Against {', '.join(against_names)} "
                      f"({against.filings_evaluated:,} filings):"]
        differences = compare(report, against)
        if not differences:
            lines.append("  every rule fires on the same filings in both sets")
        for d in differences:
            lines.append(f"  {d.rule_id}: {len(d.only_here):,} only in the rules, "
                         f"{len(d.only_there):,} only in --against")
            lines += [f"      + {acc}" for acc in d.only_here[:SAMPLES_PER_RULE]]
            lines += [f"      - {acc}" for acc in d.only_there[:SAMPLES_PER_RULE]]
    return "\n".join(lines) + "\n"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
