"""Check boxes and labelled fields as filers type them in EDGAR forms: which of a few
labelled boxes is ticked, and the text a form prints above a field's label.

Filers write a ticked box as `[X]`, `x`, `☒`, `þ` (Wingdings), `ý`, `■`; an empty one as `[ ]`,
`o`, `¨` (Wingdings), `☐`, `q`. A box sits either before its label (`☒ Yes ☐ No`) or after it
(`Yes [X] No [ ]`); the first token of the run decides which. Pure.
"""

from __future__ import annotations

import re

# Ticked and empty boxes, each with where it is seen (vocabulary as data).
TICKED: dict[str, str] = {
    "[x]": "typed text forms, e.g. NUO Therapeutics NT 10-Q 2018",
    "|x|": "plain-text forms, e.g. CardioTech International NT 10-Q 2000",
    "☒": "Unicode ballot box with X (&#9746;): Workiva and Toppan Merrill forms",
    "þ": "Wingdings tick rendered as Latin-1: Donnelley forms 2005-2012",
    "ý": "Wingdings checked box rendered as Latin-1",
    "■": "filled square in some HTML forms",
    "☑": "ballot box with check",
    "x": "a bare x in table cells (Elite Pharmaceuticals NT 10-K 2010)",
}
EMPTY: dict[str, str] = {
    "[ ]": "typed text forms",
    "|_|": "plain-text forms (CardioTech International NT 10-Q 2000)",
    "☐": "Unicode ballot box (&#9744;)",
    "¨": "Wingdings empty box rendered as Latin-1 (Donnelley)",
    "o": "Wingdings empty box rendered as a bare o (Elite Pharmaceuticals NT 10-K 2010)",
    "q": "Wingdings empty box rendered as q",
    "□": "white square",
}
_BOX = re.compile(
    r"\[\s*[xX✓✔]\s*\]|\[\s*\]|\|[xX_]\||[☒þý■☑☐¨□]|(?<![\w$.,])[xXoq](?![\w$.,])"
)


def _is_ticked(token: str) -> bool:
    norm = re.sub(r"\s+", "", token).lower()
    if norm.startswith("["):
        return norm != "[]"
    if norm.startswith("|"):
        return norm == "|x|"
    return norm in TICKED


def ticked_label(text: str, labels: tuple[str, ...]) -> str | None:
    """The label whose box is ticked in `text` (e.g. ("Yes", "No")), or None when no box or
    several boxes are ticked, or the labels are not found."""
    spots = [(m.start(), m.end(), lab) for lab in labels
             for m in re.finditer(rf"\b{re.escape(lab)}\b", text)]
    boxes = [(m.start(), m.end(), _is_ticked(m.group(0))) for m in _BOX.finditer(text)
             if not any(s <= m.start() < e for s, e, _ in spots)]
    if not spots or not boxes:
        return None
    spots.sort()
    before = boxes[0][0] < spots[0][0]
    chosen: list[str] = []
    for start, end, label in spots:
        if before:
            near = [b for b in boxes if b[1] <= start]
            box = near[-1] if near else None
        else:
            near = [b for b in boxes if b[0] >= end]
            box = near[0] if near else None
        if box is not None and box[2]:
            chosen.append(label)
    unique = list(dict.fromkeys(chosen))
    return unique[0] if len(unique) == 1 else None


def ticked_lines(lines: list[str], pattern: re.Pattern[str]) -> list[str]:
    """Matches of `pattern` on lines whose box is ticked: the box before the match on its
    line, or alone on the line before; else the box after it on its line, or alone on the
    line after (how an HTML form's table of boxed provisions flattens to text)."""
    out: list[str] = []
    for i, line in enumerate(lines):
        found = pattern.search(line)
        if not found:
            continue
        head = line[: found.start()]
        box = _BOX.search(head)
        if box is None and i > 0:
            box = _BOX.fullmatch(lines[i - 1].strip())
        if box is None:
            box = _BOX.search(line[found.end():])
        if box is None and i + 1 < len(lines):
            box = _BOX.fullmatch(lines[i + 1].strip())
        if box is not None and _is_ticked(box.group(0)):
            out.append(found.group(0))
    return out


_PHONE = re.compile(r"\d{3}\)?[ -]\d{3}-\d{4}")


def form_lines(text: str) -> list[str]:
    """A form's non-empty lines, white space folded."""
    return [folded for folded in (" ".join(line.split()) for line in text.splitlines())
            if folded]


def text_above_label(lines: list[str], label: re.Pattern[str], reach: int) -> str:
    """The lines a form prints above the first line matching `label` (at most `reach`), up
    to the previous field's parenthesised label or a telephone number."""
    for i, line in enumerate(lines):
        if label.search(line):
            above: list[str] = []
            for prev in reversed(lines[max(0, i - reach): i]):
                if prev.startswith("(") or _PHONE.search(prev):
                    break
                above.insert(0, prev)
            return "\n".join(above)
    return ""
