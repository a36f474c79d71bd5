"""Value types passed between pipeline stages: frozen, no I/O."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal


@dataclass(frozen=True, slots=True)
class FigureKind:
    """One key figure in the catalogue: its name (rules, JSON, XBRL tags) and how alerts show it.

    `balance_sheet`: stated at a point in time (an XBRL instant); `deficit`: below zero it is
    a deficit, not a loss; `alert_rank`: its line's place in an alert."""

    name: str
    label: str
    alert_rank: int
    per_share: bool = False
    balance_sheet: bool = False
    deficit: bool = False


# The figure catalogue: lists of figure names are read from here, not written out again.
FIGURE_KINDS: tuple[FigureKind, ...] = (
    FigureKind("revenue", "Revenue", 0),
    FigureKind("gross_profit", "Gross profit", 1),
    FigureKind("operating_income", "Operating income", 2),
    FigureKind("net_income", "Net income", 3),
    FigureKind("eps_basic", "EPS (basic)", 5, per_share=True),
    FigureKind("eps_diluted", "EPS (diluted)", 4, per_share=True),
    FigureKind("total_assets", "Total assets", 7, balance_sheet=True),
    FigureKind("total_liabilities", "Total liabilities", 8, balance_sheet=True),
    FigureKind("stockholders_equity", "Stockholders' equity", 6, balance_sheet=True,
               deficit=True),
    FigureKind("working_capital", "Working capital", 9, balance_sheet=True, deficit=True),
)
FIGURE_KIND: Mapping[str, FigureKind] = {k.name: k for k in FIGURE_KINDS}
FIGURE_NAMES: tuple[str, ...] = tuple(k.name for k in FIGURE_KINDS)
PER_SHARE_FIGURES = frozenset(k.name for k in FIGURE_KINDS if k.per_share)
# The order of an alert's figure lines: income, diluted EPS before basic, then balance sheet.
ALERT_FIGURE_ORDER: tuple[str, ...] = tuple(
    k.name for k in sorted(FIGURE_KINDS, key=lambda k: k.alert_rank))

SIGNAL_NAMES: tuple[str, ...] = (
    "going_concern",
    "delisting_notice",
    "regained_compliance",
    "bankruptcy",
    "non_reliance",
    "auditor_change",
)

# Signals of the distress forms beyond the 8-K (Form 12b-25, Form 25, Form 15): read from the
# form itself, not from prose, so they are kept apart from the 8-K signal lexicon.
FORM_SIGNAL_NAMES: tuple[str, ...] = ("late_filing", "exchange_delisting", "deregistration")

Severity = Literal["info", "warning", "critical"]
SEVERITIES: tuple[Severity, ...] = ("info", "warning", "critical")
FactValue = str | float | bool | None


def accession_folder(accession: str) -> str:
    """The 18-digit folder name EDGAR uses for a dashed accession number."""
    return accession.replace("-", "")


@dataclass(frozen=True, slots=True)
class FilingRef:
    """A filing as first seen in a feed or index: enough to fetch it."""

    accession: str
    cik: int
    form: str
    company: str = ""
    accepted: datetime | None = None
    filed: date | None = None
    items: tuple[str, ...] = ()

    @property
    def folder(self) -> str:
        """Archives path of the filing folder, relative to the host."""
        return f"/Archives/edgar/data/{self.cik}/{accession_folder(self.accession)}"


@dataclass(frozen=True, slots=True)
class DocumentRef:
    """One document of a filing as listed in its index."""

    sequence: int
    type: str
    filename: str | None
    description: str = ""
    size: int | None = None

    @property
    def name(self) -> str:
        """What facts and errors call the document: its file name, else type and sequence
        (a pre-2001 document exists only inside the `.txt`)."""
        return self.filename or f"{self.type} (sequence {self.sequence})"


@dataclass(frozen=True, slots=True)
class Filing:
    """A filing with its header facts and document list, read from the index-headers page."""

    ref: FilingRef
    documents: tuple[DocumentRef, ...]
    sic: str = ""
    period: str = ""
    state: str = ""

    @property
    def accession(self) -> str:
        return self.ref.accession


@dataclass(frozen=True, slots=True)
class FetchedDocument:
    """One document's bytes as fetched; `truncated` when they were cut at the size cap."""

    ref: DocumentRef
    body: bytes
    truncated: bool = False

    @property
    def name(self) -> str:
        return self.ref.name


@dataclass(frozen=True, slots=True)
class FetchedFiling:
    """A filing and the documents fetched for it, in fetch order; `errors` says what could
    not be fetched whole (size caps, refused names, documents beyond the per-filing limit)."""

    filing: Filing
    documents: tuple[FetchedDocument, ...]
    errors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Figure:
    """One key figure: current period against the same period a year earlier.

    Values are absolute US dollars (EPS in dollars per share); losses are negative.
    `label`, `source` and `context` say where it came from so an alert can quote it.
    """

    name: str
    current: float | None
    prior: float | None = None
    label: str = ""
    source: Literal["table", "sentence", ""] = ""
    document: str = ""
    context: str = ""

    def change(self) -> float | None:
        """current - prior, when both are known."""
        if self.current is None or self.prior is None:
            return None
        return self.current - self.prior

    def pct_change(self) -> float | None:
        """Percent change against the absolute prior value, when defined."""
        delta = self.change()
        if delta is None or not self.prior:
            return None
        return delta / abs(self.prior) * 100.0


@dataclass(frozen=True, slots=True)
class SignalContext:
    """How a signal candidate is stated (ConText attributes): whose event (subject), whether
    (polarity), when (time), how certain (modality) and, for listing events, who acted (actor);
    `cues` names the lexicon entries (monitor/extract/lexicon.py) that set them."""

    subject: str = "registrant"  # registrant | auditor | third_party
    polarity: str = "asserted"  # asserted | negated | resolved
    time: str = "current"  # current | historical
    modality: str = "factual"  # factual | hypothetical | risk_factor | definition | boilerplate
    actor: str | None = None  # exchange | company (listing events only)
    cues: tuple[str, ...] = ()

    @property
    def holds(self) -> bool:
        """A signal is present only for an asserted, current, factual candidate about the
        registrant (its auditor speaking about it counts)."""
        return (
            self.subject in ("registrant", "auditor")
            and self.polarity == "asserted"
            and self.time == "current"
            and self.modality == "factual"
        )

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SignalContext | None:
        """The attributes as `to_json` wrote them (None when there are none)."""
        if not data.get("subject"):
            return None
        return cls(
            str(data["subject"]), str(data.get("polarity", "asserted")),
            str(data.get("time", "current")), str(data.get("modality", "factual")),
            data.get("actor") or None, tuple(data.get("cues") or ()),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "subject": self.subject, "polarity": self.polarity, "time": self.time,
            "modality": self.modality, "actor": self.actor, "cues": list(self.cues),
        }


@dataclass(frozen=True, slots=True)
class Signal:
    """A distress signal and the sentence that proves it.

    `context` gives the attributes of the evidence sentence; for an absent signal, those of
    the strongest `candidate` sentence that did not prove it (a resolved doubt, a company's
    own Form 25), so an analyst can see why."""

    name: str
    present: bool
    evidence: str | None = None
    document: str = ""
    context: SignalContext | None = None
    candidate: str | None = None


@dataclass(frozen=True, slots=True)
class DocumentFacts:
    """What extraction found in one document."""

    document: str
    figures: Mapping[str, Figure] = field(default_factory=dict)
    signals: Mapping[str, Signal] = field(default_factory=dict)
    items: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The `extract --json` contract of DESIGN.md."""
        return facts_json(self.figures, self.signals, self.items)


@dataclass(frozen=True, slots=True)
class FormFacts:
    """What a distress form states, in the rule language's names (`fact:` conditions).

    `form` is the EDGAR form type; `values` holds the form's facts by name (see
    `monitor.forms.FACT_NAMES`), each a string, number, boolean or None when not stated.
    """

    form: str
    values: Mapping[str, FactValue] = field(default_factory=dict)

    def get(self, name: str) -> FactValue:
        return self.values.get(name)


@dataclass(frozen=True, slots=True)
class FilingFacts:
    """Facts of a whole filing: documents merged, plus the filing itself."""

    filing: Filing
    figures: Mapping[str, Figure]
    signals: Mapping[str, Signal]
    items: tuple[str, ...]
    documents: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()
    ticker: str = ""
    form_facts: FormFacts | None = None


@dataclass(frozen=True, slots=True)
class RuleMatch:
    """A rule that fired on a filing."""

    rule_id: str
    severity: Severity
    channel: str
    title: str
    description: str
    dedupe_key: str
    evidence: str | None = None
    # Fire at most once per company in this many days (None: once per filing).
    window_days: float | None = None
    reason: str = ""  # why it fired, in an analyst's words (names XBRL when it filled history)


ALERT_FORMAT = 2  # version of Alert.to_json; a row without one is a payload from before issue 13


@dataclass(frozen=True, slots=True)
class AlertFigureCheck:
    """An alert figure's prior value checked against the company's XBRL 10-Q/10-K (issue 17).

    `phrase` is what the alert line says about it (empty when it says nothing)."""

    status: str  # match | mismatch | unavailable
    xbrl: float | None = None
    phrase: str = ""
    accession: str | None = None
    form: str | None = None
    filed: str | None = None
    period: str | None = None
    note: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"prior": self.xbrl, "status": self.status, "accession": self.accession,
                "form": self.form, "filed": self.filed, "period": self.period,
                "note": self.note, "phrase": self.phrase}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> AlertFigureCheck:
        return cls(str(data.get("status") or ""), _number(data.get("prior")),
                   str(data.get("phrase") or ""), data.get("accession"), data.get("form"),
                   data.get("filed"), data.get("period"), data.get("note"))


@dataclass(frozen=True, slots=True)
class AlertFigure:
    """A figure as an alert shows it: current against prior, with its XBRL check if any."""

    name: str
    current: float | None
    prior: float | None = None
    label: str = ""
    document: str = ""
    xbrl: AlertFigureCheck | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"current": self.current, "prior": self.prior,
                               "label": self.label, "document": self.document}
        if self.xbrl is not None:
            out["xbrl"] = self.xbrl.to_json()
        return out

    @classmethod
    def from_json(cls, name: str, data: Mapping[str, Any]) -> AlertFigure:
        check = data.get("xbrl")
        return cls(name, _number(data.get("current")), _number(data.get("prior")),
                   str(data.get("label") or ""), str(data.get("document") or ""),
                   AlertFigureCheck.from_json(check) if isinstance(check, Mapping) else None)


@dataclass(frozen=True, slots=True)
class Alert:
    """One Slack message for one filing and channel: every rule that fired there, the filing
    it is about, the figures it shows and what XBRL said. Built once (monitor.alerts), stored
    in the outbox as `to_json`, read back with `from_json`; strings are the filing's own,
    unescaped (rendering escapes them)."""

    alert_id: str
    accession: str
    channel: str
    matches: tuple[RuleMatch, ...]
    cik: int = 0
    company: str = ""
    ticker: str = ""
    form: str = ""
    items: tuple[str, ...] = ()
    accepted: datetime | None = None
    document_url: str = ""  # link for humans: always sec.gov, checked again when rendered
    document_type: str = ""
    figures: tuple[AlertFigure, ...] = ()
    xbrl_verdict: str = ""  # several priors disagree with XBRL: what that suggests
    history_source: str = ""  # where history rules' earlier figures came from

    @property
    def rule_ids(self) -> tuple[str, ...]:
        return tuple(m.rule_id for m in self.matches)

    def to_json(self) -> dict[str, Any]:
        """The outbox row's payload (version `ALERT_FORMAT`)."""
        out: dict[str, Any] = {
            "version": ALERT_FORMAT, "alert_id": self.alert_id, "channel": self.channel,
            "accession": self.accession, "cik": self.cik, "company": self.company,
            "ticker": self.ticker, "form": self.form, "items": list(self.items),
            "accepted": self.accepted.isoformat() if self.accepted else "",
            "document_url": self.document_url,
            "document_type": self.document_type,
            "figures": {f.name: f.to_json() for f in self.figures},
            "matches": [_match_json(m) for m in self.matches],
        }
        if self.xbrl_verdict:
            out["xbrl_verdict"] = self.xbrl_verdict
        if self.history_source:
            out["history_source"] = self.history_source
        return out

    @classmethod
    def from_json(
        cls, data: Mapping[str, Any], *, alert_id: str | None = None,
        accession: str | None = None, channel: str | None = None,
    ) -> Alert:
        """An alert from `to_json`, or from the payload releases before issue 13 wrote (no
        `version`: matches without channel or dedupe key, an XBRL `basis` for a reason).
        The outbox row's own columns, when given, win over the payload's copies."""
        channel = channel or str(data.get("channel") or "")
        figures = data.get("figures")
        cik = data.get("cik")
        return cls(
            alert_id=alert_id or str(data.get("alert_id") or ""),
            accession=accession or str(data.get("accession") or ""),
            channel=channel,
            matches=tuple(_match_from_json(m, channel) for m in data.get("matches") or ()
                          if isinstance(m, Mapping)),
            cik=cik if isinstance(cik, int) and not isinstance(cik, bool) else 0,
            company=str(data.get("company") or ""),
            ticker=str(data.get("ticker") or ""),
            form=str(data.get("form") or ""),
            items=tuple(str(i) for i in data.get("items") or ()),
            accepted=_accepted(data.get("accepted")),
            document_url=str(data.get("document_url") or ""),
            document_type=str(data.get("document_type") or ""),
            figures=tuple(AlertFigure.from_json(str(name), fig)
                          for name, fig in (figures.items() if isinstance(figures, Mapping)
                                            else ()) if isinstance(fig, Mapping)),
            xbrl_verdict=str(data.get("xbrl_verdict") or ""),
            history_source=str(data.get("history_source") or ""),
        )


@dataclass(frozen=True, slots=True)
class QueuedAlert:
    """An alert in the outbox with its delivery state.

    `rules`: the rules whose fire it claimed (message metadata, metrics); `channel_id`: the
    conversation it is posted to, once resolved; `in_flight`: a post of it started and its
    outcome was never recorded, so it may be in the channel already."""

    alert: Alert
    rules: tuple[str, ...]
    attempts: int
    created_at: datetime
    channel_id: str = ""
    post_attempts: int = 0
    in_flight: bool = False

    @property
    def alert_id(self) -> str:
        return self.alert.alert_id

    @property
    def accession(self) -> str:
        return self.alert.accession

    @property
    def channel(self) -> str:
        return self.alert.channel


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


def _accepted(value: Any) -> datetime | None:
    """An ISO acceptance time as stored (a naive one is EDGAR's wall clock, US Eastern)."""
    try:
        return datetime.fromisoformat(str(value or ""))
    except ValueError:
        return None


def _match_json(match: RuleMatch) -> dict[str, Any]:
    return {"rule_id": match.rule_id, "severity": match.severity, "title": match.title,
            "description": match.description, "evidence": match.evidence,
            "channel": match.channel, "dedupe_key": match.dedupe_key,
            "window_days": match.window_days, "reason": match.reason}


def _match_from_json(data: Mapping[str, Any], channel: str) -> RuleMatch:
    severity: Severity = next((s for s in SEVERITIES if s == data.get("severity")), "info")
    window = data.get("window_days")
    return RuleMatch(
        rule_id=str(data.get("rule_id") or ""),
        severity=severity,
        channel=str(data.get("channel") or channel),
        title=str(data.get("title") or ""),
        description=str(data.get("description") or ""),
        dedupe_key=str(data.get("dedupe_key") or ""),
        evidence=data.get("evidence") if isinstance(data.get("evidence"), str) else None,
        window_days=float(window) if isinstance(window, int | float) else None,
        # Before issue 13 only a reason naming XBRL was kept, as `basis`.
        reason=str(data["reason"] if "reason" in data else data.get("basis") or ""),
    )


def _json_number(value: float | None, per_share: bool) -> float | int | None:
    if value is None:
        return None
    if not per_share and float(value).is_integer():
        return int(value)
    return round(value, 4) if per_share else value


def facts_json(
    figures: Mapping[str, Figure], signals: Mapping[str, Signal], items: tuple[str, ...]
) -> dict[str, Any]:
    """Render figures, signals and items in the CLI's JSON contract."""
    out_figures: dict[str, Any] = {}
    for name, fig in figures.items():
        per_share = name in PER_SHARE_FIGURES
        out_figures[name] = {
            "current": _json_number(fig.current, per_share),
            "prior": _json_number(fig.prior, per_share),
            "label": fig.label,
            "source": fig.source,
            "document": fig.document,
        }
    out_signals: dict[str, dict[str, Any]] = {}
    for name, sig in signals.items():
        entry: dict[str, Any] = {
            "present": sig.present,
            "evidence": sig.evidence,
            "document": sig.document,
        }
        if sig.context is not None:
            entry.update(sig.context.to_json())
        if sig.candidate is not None:
            entry["candidate"] = sig.candidate
        out_signals[name] = entry
    for name in SIGNAL_NAMES:
        out_signals.setdefault(name, {"present": False, "evidence": None, "document": ""})
    return {"figures": out_figures, "signals": out_signals, "items": list(items)}
