"""Score extraction against a labelled corpus, exactly as corpus/README.md defines.

Figures: every labelled (non-null) value, current and prior alike, is correct when the
extracted value is within 0.5% of the label (EPS: within $0.005), missed when the extractor
leaves it out and wrong when it reports another value. Signals: per-signal precision and
recall over the documents' boolean labels.

Each file goes the daemon's way (`monitor.extract.document.file_facts`): a whole `.txt`
submission gives the documents the shipped config selects, cut at its size caps, and their
facts merged by the same function the daemon uses. Reading the corpus is the only I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from monitor.errors import ParseError
from monitor.extract.document import file_facts
from monitor.models import FIGURE_NAMES, PER_SHARE_FIGURES, SIGNAL_NAMES, Figure, Signal

LABELS_FILE = "LABELS.yaml"
_SECTIONS = ("figures", "balance_sheet")


@dataclass(slots=True)
class FigureScore:
    """Counts over the labelled values of one figure (current and prior separately)."""

    correct: int = 0
    missed: int = 0
    wrong: int = 0

    @property
    def total(self) -> int:
        return self.correct + self.missed + self.wrong

    def add(self, other: FigureScore) -> None:
        self.correct += other.correct
        self.missed += other.missed
        self.wrong += other.wrong


@dataclass(slots=True)
class SignalScore:
    """Confusion counts of one signal over the labelled documents."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


@dataclass(frozen=True, slots=True)
class Outcome:
    """One labelled value and what the extractor made of it."""

    figure: str
    period: str  # "current" | "prior"
    expected: float
    got: float | None
    result: str  # "correct" | "missed" | "wrong"
    label: str = ""


@dataclass(slots=True)
class DocumentResult:
    """Per-document detail: every labelled value's outcome, extra figures, signal errors."""

    file: str
    folder: str
    outcomes: list[Outcome] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)  # figures reported where the label is null
    signal_errors: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.result != "correct"]


@dataclass(slots=True)
class EvalReport:
    """Scores of a corpus folder (or of every labelled folder under it)."""

    corpus: str
    figures: dict[str, FigureScore] = field(default_factory=dict)
    signals: dict[str, SignalScore] = field(default_factory=dict)
    documents: list[DocumentResult] = field(default_factory=list)

    @property
    def overall(self) -> FigureScore:
        total = FigureScore()
        for score in self.figures.values():
            total.add(score)
        return total

    def correct_rate(self) -> float | None:
        total = self.overall
        return total.correct / total.total if total.total else None

    def wrong_rate(self) -> float | None:
        total = self.overall
        return total.wrong / total.total if total.total else None

    def failures(
        self,
        min_correct: float | None = None,
        max_wrong: float | None = None,
        min_precision: float | None = None,
        min_recall: float | None = None,
    ) -> list[str]:
        """Thresholds this run misses; empty when it passes them all."""
        out: list[str] = []
        correct, wrong = self.correct_rate(), self.wrong_rate()
        if min_correct is not None and (correct is None or correct < min_correct):
            out.append(f"figures correct {_pct(correct)} < {min_correct:.1%}")
        if max_wrong is not None and wrong is not None and wrong > max_wrong:
            out.append(f"figures wrong {_pct(wrong)} > {max_wrong:.1%}")
        for name, score in self.signals.items():
            precision, recall = score.precision, score.recall
            if min_precision is not None and precision is not None and precision < min_precision:
                out.append(f"{name} precision {_pct(precision)} < {min_precision:.1%}")
            if min_recall is not None and recall is not None and recall < min_recall:
                out.append(f"{name} recall {_pct(recall)} < {min_recall:.1%}")
        return out

    def to_json(self) -> dict[str, Any]:
        """The `eval --json` object."""
        total = self.overall
        return {
            "corpus": self.corpus,
            "figures": {
                name: {"correct": s.correct, "missed": s.missed, "wrong": s.wrong, "total": s.total}
                for name, s in self.figures.items()
            },
            "overall": {
                "correct": total.correct,
                "missed": total.missed,
                "wrong": total.wrong,
                "total": total.total,
                "correct_rate": self.correct_rate(),
                "wrong_rate": self.wrong_rate(),
            },
            "signals": {
                name: {
                    "tp": s.tp,
                    "fp": s.fp,
                    "fn": s.fn,
                    "tn": s.tn,
                    "precision": s.precision,
                    "recall": s.recall,
                }
                for name, s in self.signals.items()
            },
            "documents": [
                {
                    "file": d.file,
                    "folder": d.folder,
                    "problems": [
                        {
                            "figure": o.figure,
                            "period": o.period,
                            "expected": o.expected,
                            "got": o.got,
                            "result": o.result,
                            "label": o.label,
                        }
                        for o in d.problems
                    ],
                    "extra": d.extra,
                    "signal_errors": d.signal_errors,
                }
                for d in self.documents
            ],
        }


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


# --- scoring ---------------------------------------------------------------------------


def is_correct(figure: str, expected: float, got: float) -> bool:
    """The README's rule: within 0.5% of the label, EPS within $0.005."""
    if figure in PER_SHARE_FIGURES:
        return abs(got - expected) <= 0.005 + 1e-9
    return abs(got - expected) <= abs(expected) * 0.005 + 1e-6


def score_values(
    labels: Mapping[str, Any], figures: Mapping[str, Figure]
) -> tuple[list[Outcome], list[str]]:
    """Outcomes of one document's labelled figures, and figures reported where the label
    says the document does not state them."""
    outcomes: list[Outcome] = []
    extra: list[str] = []
    for name in FIGURE_NAMES:
        if name not in labels:
            continue
        label = labels[name]
        fig = figures.get(name)
        if label is None:
            if fig is not None:
                extra.append(name)
            continue
        for period in ("current", "prior"):
            expected = label.get(period)
            if expected is None:
                continue
            got = None if fig is None else getattr(fig, period)
            if got is None:
                result = "missed"
            elif is_correct(name, float(expected), got):
                result = "correct"
            else:
                result = "wrong"
            outcomes.append(
                Outcome(
                    name, period, float(expected), got, result, "" if fig is None else fig.label
                )
            )
    return outcomes, extra


def score_signals(
    labels: Mapping[str, Any], signals: Mapping[str, Signal], scores: dict[str, SignalScore]
) -> list[str]:
    """Add one document's signal outcomes to `scores`; return its errors."""
    errors: list[str] = []
    for name in SIGNAL_NAMES:
        if name not in labels or labels[name] is None:
            continue
        expected = bool(labels[name])
        sig = signals.get(name)
        got = bool(sig is not None and sig.present)
        score = scores.setdefault(name, SignalScore())
        if expected and got:
            score.tp += 1
        elif got:
            score.fp += 1
            errors.append(f"{name}: false positive")
        elif expected:
            score.fn += 1
            errors.append(f"{name}: missed")
        else:
            score.tn += 1
    return errors


def extract_file(raw: bytes, name: str) -> tuple[dict[str, Figure], dict[str, Signal]]:
    """Figures and signals of one corpus file (a document or a whole submission), as the
    daemon would record them."""
    facts = file_facts(raw, name)
    return dict(facts.figures), dict(facts.signals)


def _load_labels(folder: Path) -> list[dict[str, Any]]:
    path = folder / LABELS_FILE
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ParseError(f"{path}: cannot read labels: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
        raise ParseError(f"{path}: expected a mapping with a 'documents' list")
    return [d for d in data["documents"] if isinstance(d, dict) and d.get("file")]


def _labelled_folders(corpus_dir: Path) -> list[Path]:
    if (corpus_dir / LABELS_FILE).is_file():
        return [corpus_dir]
    folders = sorted(p for p in corpus_dir.iterdir() if (p / LABELS_FILE).is_file())
    if not folders:
        raise ParseError(f"{corpus_dir}: no {LABELS_FILE} here or in its subfolders")
    return folders


def score_corpus(corpus_dir: Path) -> EvalReport:
    """Score every labelled document under `corpus_dir` (a folder with LABELS.yaml, or a
    folder of such folders)."""
    report = EvalReport(corpus=str(corpus_dir))
    for name in FIGURE_NAMES:
        report.figures[name] = FigureScore()
    for folder in _labelled_folders(corpus_dir):
        for entry in _load_labels(folder):
            report.documents.append(_score_document(folder, entry, report))
    report.figures = {k: v for k, v in report.figures.items() if v.total}
    return report


def _score_document(folder: Path, entry: Mapping[str, Any], report: EvalReport) -> DocumentResult:
    path = folder / str(entry["file"])
    result = DocumentResult(file=str(entry["file"]), folder=folder.name)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ParseError(f"{path}: cannot read: {exc}") from exc
    figures, signals = extract_file(raw, path.name)
    labels: dict[str, Any] = {}
    for section in _SECTIONS:
        block = entry.get(section)
        if isinstance(block, dict):
            labels.update({k: v for k, v in block.items() if k in FIGURE_NAMES})
    outcomes, extra = score_values(labels, figures)
    result.outcomes, result.extra = outcomes, extra
    for outcome in outcomes:
        score = report.figures[outcome.figure]
        setattr(score, outcome.result, getattr(score, outcome.result) + 1)
    if isinstance(entry.get("signals"), dict):
        result.signal_errors = score_signals(entry["signals"], signals, report.signals)
    return result


# --- report ----------------------------------------------------------------------------


def format_report(report: EvalReport) -> str:
    """A plain-text table of the scores and of every wrong or missed value."""
    lines = [f"Corpus: {report.corpus}", ""]
    if report.figures:
        lines.append(
            f"{'figure':<22}{'correct':>8}{'missed':>8}{'wrong':>8}{'total':>8}{'correct%':>10}"
        )
        for name, s in report.figures.items():
            rate = s.correct / s.total if s.total else None
            lines.append(
                f"{name:<22}{s.correct:>8}{s.missed:>8}{s.wrong:>8}{s.total:>8}{_pct(rate):>10}"
            )
        total = report.overall
        lines.append(
            f"{'overall':<22}{total.correct:>8}{total.missed:>8}{total.wrong:>8}{total.total:>8}"
            f"{_pct(report.correct_rate()):>10}"
        )
        lines.append(f"wrong: {_pct(report.wrong_rate())}")
        lines.append("")
    if report.signals:
        lines.append(
            f"{'signal':<22}{'tp':>5}{'fp':>5}{'fn':>5}{'tn':>5}{'precision':>11}{'recall':>9}"
        )
        for name, sig in report.signals.items():
            lines.append(
                f"{name:<22}{sig.tp:>5}{sig.fp:>5}{sig.fn:>5}{sig.tn:>5}"
                f"{_pct(sig.precision):>11}{_pct(sig.recall):>9}"
            )
        lines.append("")
    details = [d for d in report.documents if d.problems or d.extra or d.signal_errors]
    if details:
        lines.append("Problems:")
        for doc in details:
            lines.append(f"  {doc.folder}/{doc.file}")
            for o in doc.problems:
                got = "-" if o.got is None else f"{o.got:,.4g}"
                where = f" ({o.label})" if o.label else ""
                lines.append(
                    f"    {o.result:<7} {o.figure}.{o.period}: "
                    f"expected {o.expected:,.4g}, got {got}{where}"
                )
            for name in doc.extra:
                lines.append(f"    extra   {name}: reported, but labelled as not stated")
            for err in doc.signal_errors:
                lines.append(f"    signal  {err}")
    return "\n".join(lines)
