"""Extraction: documents in, facts out. Pure: no I/O, no clock."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from monitor.extract.figures import extract_figures
from monitor.extract.parsed import read_document
from monitor.extract.signals import detect_signals, find_items
from monitor.models import DocumentFacts, Figure, Signal

__all__ = ["MergedFacts", "extract_document", "merge_facts"]


def extract_document(
    raw: bytes, document: str = "", items: tuple[str, ...] = ()
) -> DocumentFacts:
    """Figures, signals and item codes of one document (HTML or text), read once."""
    doc = read_document(raw, document)
    doc_items = find_items(doc)
    all_items = tuple(sorted(set(items) | set(doc_items)))
    return DocumentFacts(
        document=document,
        figures=extract_figures(doc),
        signals=detect_signals(doc, document, all_items),
        items=doc_items,
    )


@dataclass(frozen=True, slots=True)
class MergedFacts:
    """The facts of several documents of one filing, merged."""

    figures: dict[str, Figure]
    signals: dict[str, Signal]
    items: tuple[str, ...]


def merge_facts(facts: Sequence[DocumentFacts], items: Iterable[str] = ()) -> MergedFacts:
    """Merge per-document facts: the first document that states a figure wins
    (`extract.filing.reading_order` puts press releases first); a signal is present if any
    document proves it, and an absent one keeps the first candidate sentence any document
    considered."""
    figures: dict[str, Figure] = {}
    signals: dict[str, Signal] = {}
    all_items = set(items)
    for doc in facts:
        all_items.update(doc.items)
        for name, fig in doc.figures.items():
            if name not in figures or (figures[name].prior is None and fig.prior is not None):
                figures[name] = fig
        for name, sig in doc.signals.items():
            held = signals.get(name)
            # the first proof wins; while absent everywhere, the first document that says why
            # (a candidate sentence)
            if held is None or (not held.present and (
                sig.present or (held.candidate is None and sig.candidate is not None)
            )):
                signals[name] = sig
    return MergedFacts(figures, signals, tuple(sorted(all_items, key=_item_key)))


def _item_key(code: str) -> tuple[float, str]:
    try:
        return (float(code), code)
    except ValueError:
        return (1e9, code)
