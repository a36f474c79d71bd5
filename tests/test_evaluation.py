"""Scoring against LABELS.yaml, and splitting whole submissions into documents."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from monitor.errors import ParseError
from monitor.evaluation import (
    EvalReport,
    FigureScore,
    SignalScore,
    extract_file,
    format_report,
    is_correct,
    score_corpus,
)
from monitor.extract.submission import document_body, is_readable, split_submission

DOCS = Path(__file__).parent / "documents" / "figures"

LABELS = """
documents:
- file: sgml_table.txt
  kind: earnings_release
  figures:
    revenue: {current: 6412000, prior: 5018000}
    gross_profit: null
    operating_income: {current: -3657000, prior: null}
    net_income: {current: -3539000, prior: -3000000}
    eps_basic: {current: -0.214, prior: -0.24}
  balance_sheet:
    working_capital: {current: 1000, prior: null}
    accumulated_deficit: {current: 5, prior: 4}
  notes: [a wrong prior, a missed working capital, an EPS within half a cent]
- file: submission.txt
  kind: 8-K
  figures:
    revenue: {current: 6412000, prior: 5018000}
    eps_diluted: {current: -0.21, prior: -0.24}
  signals:
    going_concern: false
    bankruptcy: false
"""


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "mini"
    folder.mkdir()
    for name in ("sgml_table.txt", "submission.txt"):
        shutil.copy(DOCS / name, folder / name)
    (folder / "LABELS.yaml").write_text(LABELS)
    return folder


def test_counts_follow_the_readme_rules(corpus: Path) -> None:
    report = score_corpus(corpus)
    # revenue 4 correct; operating 1; net income 1 correct + 1 wrong; eps_basic 2 (within
    # $0.005); eps_diluted 2; working capital 1 missed. Null labels and figures outside
    # FIGURE_NAMES are not scored.
    assert (report.overall.correct, report.overall.missed, report.overall.wrong) == (10, 1, 1)
    assert report.figures["net_income"].wrong == 1
    assert report.figures["working_capital"].missed == 1
    assert "gross_profit" not in report.figures


def test_extra_figures_where_the_label_is_null_are_listed_not_scored(corpus: Path) -> None:
    report = score_corpus(corpus)
    sgml = next(d for d in report.documents if d.file == "sgml_table.txt")
    assert sgml.extra == ["gross_profit"]


def test_signals_are_scored_from_boolean_labels(corpus: Path) -> None:
    report = score_corpus(corpus)
    assert set(report.signals) == {"going_concern", "bankruptcy"}
    for score in report.signals.values():
        assert score.tn + score.fp == 1


def test_thresholds_that_the_run_misses_are_failures(corpus: Path) -> None:
    report = score_corpus(corpus)
    assert report.failures() == []
    assert report.failures(min_correct=0.8, max_wrong=0.1) == []
    failures = report.failures(min_correct=0.95, max_wrong=0.01)
    assert len(failures) == 2
    assert "correct" in failures[0] and "wrong" in failures[1]


def test_signal_thresholds_use_precision_and_recall() -> None:
    report = EvalReport(corpus="x", signals={"going_concern": SignalScore(tp=1, fp=1, fn=3)})
    assert report.failures(min_precision=0.9) == ["going_concern precision 50.0% < 90.0%"]
    assert report.failures(min_recall=0.5) == ["going_concern recall 25.0% < 50.0%"]
    assert report.failures(min_precision=0.5, min_recall=0.25) == []


def test_report_prints_a_table_and_every_problem(corpus: Path) -> None:
    text = format_report(score_corpus(corpus))
    assert "overall" in text and "correct%" in text
    assert "wrong   net_income.prior" in text
    assert "missed  working_capital.current" in text


def test_json_report_has_scores_and_details(corpus: Path) -> None:
    data = score_corpus(corpus).to_json()
    json.dumps(data)
    assert data["overall"]["total"] == 12
    assert data["figures"]["revenue"] == {"correct": 4, "missed": 0, "wrong": 0, "total": 4}
    problems = [p for d in data["documents"] for p in d["problems"]]
    assert {p["result"] for p in problems} == {"wrong", "missed"}


def test_a_folder_of_labelled_folders_is_scored_whole(corpus: Path) -> None:
    report = score_corpus(corpus.parent)
    assert report.overall.total == 12


def test_missing_labels_raise_parse_error(tmp_path: Path) -> None:
    with pytest.raises(ParseError):
        score_corpus(tmp_path)
    (tmp_path / "LABELS.yaml").write_text("just: [text")
    with pytest.raises(ParseError):
        score_corpus(tmp_path)


@pytest.mark.parametrize(
    ("figure", "expected", "got", "ok"),
    [
        ("revenue", 1000.0, 1005.0, True),
        ("revenue", 1000.0, 1005.1, False),
        ("net_income", -1000.0, -995.0, True),
        ("eps_basic", 0.16, 0.165, True),
        ("eps_basic", 0.16, 0.166, False),
    ],
)
def test_tolerance_is_half_a_percent_and_half_a_cent(
    figure: str, expected: float, got: float, ok: bool
) -> None:
    assert is_correct(figure, expected, got) is ok


def test_figure_scores_add_up() -> None:
    total = FigureScore(1, 2, 3)
    total.add(FigureScore(1, 1, 1))
    assert (total.correct, total.missed, total.wrong, total.total) == (2, 3, 4, 9)


# --- submissions ---------------------------------------------------------------------------


def test_split_submission_returns_each_document() -> None:
    docs = split_submission((DOCS / "submission.txt").read_bytes())
    assert [(t, f) for t, f, _ in docs] == [
        ("8-K", "form8k.txt"),
        ("EX-99.1", "ex991.txt"),
        ("GRAPHIC", "logo.gif"),
        ("EX-101.INS", "nwtx-20050930.xml"),
    ]
    assert docs[1][2].lstrip().startswith(b"NORTHWIND")
    assert b"</TEXT>" not in docs[1][2]


def test_graphics_xbrl_and_uuencoded_bodies_are_not_read() -> None:
    docs = split_submission((DOCS / "submission.txt").read_bytes())
    assert [is_readable(t, body) for t, _f, body in docs] == [True, True, False, False]
    assert not is_readable("EX-99.2", b"begin 644 chart.pdf\nM1TE&\nend\n")


def test_a_file_without_document_blocks_is_not_a_submission() -> None:
    assert split_submission(b"plain exhibit text") == []
    assert document_body(b"plain exhibit text") == b"plain exhibit text"


def test_single_wrapped_document_body_is_unwrapped() -> None:
    raw = b"<DOCUMENT>\n<TYPE>EX-99\n<TEXT>\nbody text\n</TEXT>\n</DOCUMENT>\n"
    assert document_body(raw) == b"body text\n"


def test_submission_figures_come_from_the_press_release() -> None:
    figures, _signals = extract_file((DOCS / "submission.txt").read_bytes(), "submission.txt")
    assert figures["revenue"].current == 6_412_000
    assert figures["revenue"].document == "ex991.txt"
    assert figures["net_income"].current == -3_539_000  # not the XBRL 999,999,999
