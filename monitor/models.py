"""Value types passed between pipeline stages: frozen, no I/O."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

FIGURE_NAMES: tuple[str, ...] = (
    "revenue",
    "gross_profit",
    "operating_income",
    "net_income",
    "eps_basic",
    "eps_diluted",
    "total_assets",
    "total_liabilities",
    "stockholders_equity",
    "working_capital",
)
PER_SHARE_FIGURES = frozenset({"eps_basic", "eps_diluted"})

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


@dataclass(frozen=True, slots=True)
class Alert:
    """One Slack message for one filing and channel: every rule that fired there."""

    alert_id: str
    accession: str
    channel: str
    matches: tuple[RuleMatch, ...]
    payload: Mapping[str, Any]

    @property
    def rule_ids(self) -> tuple[str, ...]:
        return tuple(m.rule_id for m in self.matches)


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
