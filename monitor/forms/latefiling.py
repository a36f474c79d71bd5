"""Form 12b-25 (NT 10-K, NT 10-Q, NT 20-F, NT 11-K and amendments): the stated reason for
filing late (Part III), whether a significant change in results is expected (Part IV (3)),
and the deadline arithmetic of Rule 12b-25. Pure: text and dates in, facts out.

Rule 12b-25 (17 CFR 240.12b-25): the notice is due no later than one business day after the
report's due date; a report filed within 15 calendar days (annual: 10-K, 20-F, 11-K) or 5
(quarterly: 10-Q, 10-D) after the due date is deemed timely.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from monitor.forms.marks import ticked_label
from monitor.models import FactValue


@dataclass(frozen=True, slots=True)
class ReportKind:
    """A periodic report a 12b-25 can extend: when it is due and by how much the notice
    extends it."""

    due_days: tuple[int, ...]  # days after the period end, one per filer category
    due_months: int  # or months after the period end (20-F); 0 when days apply
    extension_days: int
    arrivals: tuple[str, ...]  # form types that deliver the report


# Due periods: Form 10-K General Instruction A(2) (60/75/90 days), Form 10-Q General
# Instruction A(1) (40/45 days), Form 20-F General Instruction A(b) (four months), Form 11-K
# (180 days for plans filing under Rule 15d-21). Extensions: Rule 12b-25(b)(2)(ii).
REPORT_KINDS: dict[str, ReportKind] = {
    "10-K": ReportKind((60, 75, 90), 0, 15, ("10-K", "10-KT", "10-K405")),
    "10-Q": ReportKind((40, 45), 0, 5, ("10-Q", "10-QT")),
    "20-F": ReportKind((), 4, 15, ("20-F",)),
    "11-K": ReportKind((180,), 0, 15, ("11-K", "11-KT")),
}

_SPACES = re.compile(r"[ \t\u00a0]+")
# Part headings open a line; Part II's text also names "Part III of this form".
_PART_III = re.compile(r"^\W{0,3}PART\s+III\b\W{0,12}(?:NARRATIVE)?", re.I | re.M)
_PART_IV = re.compile(r"^\W{0,3}PART\s+IV\b\W{0,12}(?:OTHER\s+INFORMATION)?", re.I | re.M)
_RULE_LINE = re.compile(r"(?:^|\s)[-_=]{3,}(?=\s|$)|^-\s(?=-)")
_INSTRUCTION = re.compile(
    r"State\s+below\s+in\s+reasonable\s+detail.{0,400}?(?:time\s+period|prescribed\s+period)"
    r"\s*[.:]?", re.I | re.S)
_CHANGE_Q = re.compile(r"Is\s+it\s+anticipated\s+that\s+any\s+significant\s+change", re.I)
_CHANGE_IF_SO = re.compile(
    r"If\s+so,?\s+attach\s+an\s+explanation.{0,300}?cannot\s+be\s+made\s*\.?", re.I | re.S)
_OTHER_REPORTS_Q = re.compile(r"Have\s+all\s+other\s+periodic\s+reports", re.I)
_SIGNATURE = re.compile(
    r"\(Name\s+of\s+Registrant\s+as\s+Specified|has\s+caused\s+this\s+notification|"
    r"^\s*SIGNATURES?\s*$", re.I | re.M)
_PERIOD = re.compile(r"For\s+(?:the\s+)?Period\s+Ended:?\s*([A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4}|"
                     r"\d{1,2}/\d{1,2}/\d{2,4})", re.I)
_MAX_TEXT = 2000


def report_form(form: str) -> str:
    """The periodic report a notice is about: `NT 10-K/A` -> `10-K`."""
    base = form.upper().removesuffix("/A").strip()
    return base[3:].strip() if base.startswith("NT ") else base.removeprefix("NT-")


def _lines(text: str) -> str:
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.splitlines())


def _flat(text: str) -> str:
    return " ".join(_RULE_LINE.sub(" ", text).split())


def _parse_date(value: str) -> date | None:
    value = value.replace(".", "").replace(",", "").strip()
    for fmt in ("%B %d %Y", "%b %d %Y", "%m/%d/%Y", "%m/%d/%y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def _period_from_header(period: str) -> date | None:
    if len(period) == 8 and period.isdigit():
        try:
            return date(int(period[:4]), int(period[4:6]), int(period[6:]))
        except ValueError:
            return None
    return None


def _section(text: str, start: re.Pattern[str], end: re.Pattern[str]) -> str:
    """The longest stretch from a `start` heading to the next `end` heading (or the end of
    the text): a table of contents or an instruction may name a part first. Linear in the
    text, however many headings a hostile document repeats."""
    stops = [m.start() for m in end.finditer(text)]
    best = (0, 0)
    for m in start.finditer(text):
        i = bisect.bisect_left(stops, m.end())
        stop = stops[i] if i < len(stops) else len(text)
        if stop - m.end() > best[1] - best[0]:
            best = (m.end(), stop)
    return text[best[0]: best[1]]


def _cut_signature(text: str) -> str:
    sig = _SIGNATURE.search(text)
    if sig is None:
        return text
    head = text[: sig.start()]
    # The registrant's name stands on the line just above "(Name of Registrant ...)".
    if sig.group(0).startswith("(") and "\n" in head.rstrip():
        head = head.rstrip().rsplit("\n", 1)[0]
    return head


def parse_late_filing(text: str, form: str, header_period: str = "") -> dict[str, FactValue]:
    """Facts of a 12b-25 from its plain text (`document_text` of the primary document)."""
    body = _lines(text)
    period_match = _PERIOD.search(body)
    period = _parse_date(period_match.group(1)) if period_match else None
    period = period or _period_from_header(header_period)
    part3 = _INSTRUCTION.sub("", _section(body, _PART_III, _PART_IV), count=1)
    reason = _flat(_cut_signature(part3))[:_MAX_TEXT]
    part4 = _section(body, _PART_IV, re.compile(r"(?!)"))
    expected, change_text = _expected_change(part4)
    other_reports = None
    other_q = _OTHER_REPORTS_Q.search(part4)
    if other_q:
        stop = _CHANGE_Q.search(part4, other_q.end())
        window = part4[other_q.end(): stop.start() if stop else other_q.end() + 600]
        window = window.split("?", 1)[-1]
        answer = ticked_label(window[:200], ("Yes", "No"))
        other_reports = None if answer is None else answer == "Yes"
    return {
        "report_form": report_form(form),
        "amendment": form.upper().endswith("/A"),
        "period_ended": period.isoformat() if period else None,
        "reason": reason or None,
        "expected_change": expected,
        "expected_change_text": change_text or None,
        "other_reports_filed": other_reports,
    }


def _expected_change(part4: str) -> tuple[bool | None, str]:
    question = _CHANGE_Q.search(part4)
    if question is None:
        return None, ""
    rest = part4[question.end():]
    mark = rest.split("?", 1)[-1] if "?" in rest[:600] else rest
    if_so = _CHANGE_IF_SO.search(mark)
    window = mark[: if_so.start()] if if_so else mark[:160]
    answer = ticked_label(window[:240], ("Yes", "No"))
    explanation = mark[if_so.end():] if if_so else mark[len(window):]
    text = _flat(_cut_signature(explanation))[:_MAX_TEXT]
    if not re.search(r"[A-Za-z0-9]", text):
        text = ""
    return (None if answer is None else answer == "Yes"), text


# -- deadlines -------------------------------------------------------------------------------


def next_business_day(day: date) -> date:
    """`day` itself when it is a weekday, else the Monday after (Rule 0-3; federal holidays
    are not modelled)."""
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def previous_business_day(day: date) -> date:
    day -= timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - some day of the month always exists


def original_due_date(kind: ReportKind, period: date | None, notice_filed: date) -> date:
    """The report's due date, located from the notice: a 12b-25 is filed no later than one
    business day after the due date, so the due date is the earliest statutory due date (one
    per filer category) on or after the business day before the notice. Without a period
    the notice's own date stands in (notices are filed on the due date or the day after)."""
    if period is None:
        return notice_filed
    if kind.due_months:
        candidates = [next_business_day(_add_months(period, kind.due_months))]
    else:
        candidates = [next_business_day(period + timedelta(days=d)) for d in kind.due_days]
    floor = previous_business_day(notice_filed)
    fitting = [c for c in candidates if c >= floor]
    return min(fitting) if fitting else notice_filed


def extended_deadline(kind: ReportKind, due: date) -> date:
    """Last day the report is deemed timely under Rule 12b-25(b)."""
    return next_business_day(due + timedelta(days=kind.extension_days))


def deadline_facts(values: dict[str, FactValue], notice_filed: date | None) -> dict[str, FactValue]:
    """The original due date and extended deadline, added to a notice's facts."""
    kind = REPORT_KINDS.get(str(values.get("report_form") or ""))
    if kind is None or notice_filed is None:
        return {"due_date": None, "extended_deadline": None}
    raw_period = values.get("period_ended")
    period = date.fromisoformat(raw_period) if isinstance(raw_period, str) else None
    due = original_due_date(kind, period, notice_filed)
    return {"due_date": due.isoformat(),
            "extended_deadline": extended_deadline(kind, due).isoformat()}


def late_filing_evidence(form: str, values: dict[str, FactValue]) -> str:
    """One line an analyst reads: the form, the period and the stated reason."""
    period = values.get("period_ended")
    head = f"{form}" + (f" for the period ended {period}" if period else "")
    reason = str(values.get("reason") or "no reason stated")
    if len(reason) > 400:
        reason = reason[:400].rsplit(" ", 1)[0] + " ..."
    return f"{head}: {reason}"
