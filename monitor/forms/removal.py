"""Form 25 and 25-NSE (notification of removal from listing, 17 CFR 240.12d2-2): the class
of securities, the rule provision, the exchange and who filed. Pure.

An exchange files 25-NSE with an XML primary document (`<notificationOfRemoval>`); an
issuer files Form 25 as XML or as an HTML form whose ticked box names the provision.
"""

from __future__ import annotations

import re

from lxml import etree

from monitor.errors import ParseError
from monitor.forms.marks import form_lines, text_above_label, ticked_lines
from monitor.models import FactValue

# 17 CFR 240.12d2-2: (a)(1) called for redemption, maturity or retirement; (a)(2) redeemed or
# paid at maturity; (a)(3) replaced by other securities (merger, exchange); (a)(4) all rights
# extinguished; (b) struck by the exchange under its own rules; (c) the issuer's application.
REMOVAL_BASIS: dict[str, str] = {
    "12d2-2(a)(1)": "redemption_or_maturity",
    "12d2-2(a)(2)": "redemption_or_maturity",
    "12d2-2(a)(3)": "merger_or_substitution",
    "12d2-2(a)(4)": "merger_or_substitution",
    "12d2-2(a)": "redemption_maturity_or_merger",
    "12d2-2(b)": "exchange_removal",
    "12d2-2(c)": "issuer_application",
}

# Security classes, checked in this order on each line of the class description: a unit
# names its parts ("Units, each consisting of one share ... and one warrant"), purchase
# rights name the stock they buy, depositary shares name the preferred they represent.
SECURITY_CLASSES: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("units", re.compile(r"^\W*(?:\w+\s+){0,2}units?\b", re.I),
     "a unit bundles shares and warrants; its own listing ends at separation"),
    ("warrants", re.compile(r"\bwarrants?\b", re.I), "warrants expire or are exercised"),
    ("rights", re.compile(r"\brights?\b", re.I), "purchase or tender rights lapse"),
    ("units", re.compile(r"\bunits?\b", re.I), "corporate or equity units"),
    ("notes", re.compile(r"\b(?:notes?|debentures?|bonds?|debt\s+securities|due\s+\d{4})\b",
                         re.I), "debt matures or is redeemed"),
    ("preferred_equity", re.compile(r"\bpreferred\b|\bpreference\s+shares\b", re.I),
     "preferred stock and depositary shares representing it"),
    ("common_equity", re.compile(
        r"\bcommon\b|\bordinary\s+shares?\b|\bcapital\s+stock\b|\bclass\s+[a-z]\s+(?:shares|stock)"
        r"\b|\bamerican\s+depositary\s+shares\b|\bshares?\b", re.I),
     "common stock, ordinary shares and ADSs on them"),
)
_PROVISION = re.compile(r"12d2-2\s*\(\s*([abc])\s*\)(?:\s*\(\s*([1-4])\s*\))?", re.I)
_DESCRIPTION_LABEL = re.compile(r"\(\s*Description\s+of\s+class\s+of\s+securities\s*\)", re.I)
_XML_WRAPPER = re.compile(rb"^\s*<XML>\s*|\s*</XML>\s*$", re.I)


def classify_security(description: str) -> str:
    """common_equity | preferred_equity | notes | warrants | rights | units | other; a
    description listing several classes counts as common equity if any line is."""
    classes = []
    for line in re.split(r"[\n;]+", description):
        if not line.strip():
            continue
        classes.append(next((name for name, pattern, _why in SECURITY_CLASSES
                             if pattern.search(line)), "other"))
    if "common_equity" in classes:
        return "common_equity"
    return classes[0] if classes else "other"


def normalize_provision(text: str) -> tuple[str, str]:
    """(`12d2-2(b)`, `12d2-2(a)(3)`): the paragraph and the full cited provision."""
    m = _PROVISION.search(text)
    if m is None:
        return "", ""
    paragraph = f"12d2-2({m.group(1).lower()})"
    return paragraph, paragraph + (f"({m.group(2)})" if m.group(2) else "")


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _child_text(node: etree._Element, *path: str) -> str:
    for name in path:
        found = next((c for c in node if _local(c.tag) == name), None)
        if found is None:
            return ""
        node = found
    return " ".join((node.text or "").split())


def parse_removal_xml(raw: bytes) -> dict[str, str]:
    """Fields of a `<notificationOfRemoval>` document; ParseError when it is not one."""
    body = _XML_WRAPPER.sub(b"", raw.strip())
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             recover=False)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as exc:
        raise ParseError(f"Form 25 XML is malformed: {exc}") from None
    if _local(root.tag) != "notificationOfRemoval":
        raise ParseError(f"not a Form 25 document (root element {_local(root.tag)!r})")
    return {
        "exchange": _child_text(root, "exchange", "entityName"),
        "exchange_cik": _child_text(root, "exchange", "cik").lstrip("0"),
        "issuer": _child_text(root, "issuer", "entityName"),
        "issuer_cik": _child_text(root, "issuer", "cik").lstrip("0"),
        "security_description": _child_text(root, "descriptionClassSecurity"),
        "rule_provision_text": _child_text(root, "ruleProvision"),
    }


def parse_removal_text(text: str) -> dict[str, str]:
    """Fields of an HTML or text Form 25: the class above its label, the ticked provision."""
    lines = form_lines(text)
    description = text_above_label(lines, _DESCRIPTION_LABEL, reach=8)
    ticked = ticked_lines(lines, _PROVISION)
    return {"exchange": "", "exchange_cik": "", "issuer": "", "issuer_cik": "",
            "security_description": description,
            "rule_provision_text": ticked[0] if len(set(ticked)) == 1 else ""}


def removal_facts(fields: dict[str, str], form: str) -> dict[str, FactValue]:
    """The rule-language facts of a removal notice."""
    issuer_filed = form.upper().removesuffix("/A") == "25"
    paragraph, full = normalize_provision(fields.get("rule_provision_text", ""))
    if not paragraph and issuer_filed:
        # Issuer-filed Form 25s often carry no provision: they are the issuer's own removal.
        paragraph = full = "12d2-2(c)"
    description = fields.get("security_description", "")
    return {
        "security_description": description.replace("\n", "; ") or None,
        "security_class": classify_security(description) if description else "other",
        "rule_provision": paragraph or None,
        "rule_subparagraph": full or None,
        "removal_basis": REMOVAL_BASIS.get(full) or REMOVAL_BASIS.get(paragraph) or "unknown",
        "exchange": fields.get("exchange") or None,
        "exchange_cik": fields.get("exchange_cik") or None,
        "issuer": fields.get("issuer") or None,
        "issuer_cik": fields.get("issuer_cik") or None,
        "filer_role": "issuer" if issuer_filed else "exchange",
        "amendment": form.upper().endswith("/A"),
    }


def is_delisting(values: dict[str, FactValue]) -> bool:
    """A removal that ends a listing for a reason other than the class running its course:
    not a redemption or maturity, and not debt, warrants or rights under an unspecified (a)."""
    basis = values.get("removal_basis")
    if basis == "redemption_or_maturity":
        return False
    equity = values.get("security_class") in ("common_equity", "preferred_equity", "units")
    return not (basis in ("redemption_maturity_or_merger", "unknown") and not equity)


# The notice's "... pursuant to Rule 12d2-2(b) because, in the opinion of the Exchange, ..."
# (the RadioShack and WESCO EX-99.25 samples): the clause from "because" to the sentence end.
_REASON = re.compile(r"\bbecause\b(?:[^.]|\.(?=\d))*\.", re.I)
_MAX_REASON = 300


def removal_reason(notice_text: str) -> str:
    """The exchange's reason from its notice (EX-99.25): the first sentence saying why."""
    found = _REASON.search(" ".join(notice_text.split())[:20_000])
    if found is None:
        return ""
    sentence = found.group(0).strip()
    return sentence if len(sentence) <= _MAX_REASON else (
        sentence[:_MAX_REASON].rsplit(" ", 1)[0] + " ...")


def removal_evidence(form: str, values: dict[str, FactValue]) -> str:
    """One line: who removes what, of whom, under which provision, and why if the notice
    says."""
    who = values.get("exchange") or ("the issuer" if values.get("filer_role") == "issuer"
                                     else "the exchange")
    what = values.get("security_description") or "a class of securities"
    whose = f" of {values['issuer']}" if values.get("issuer") else ""
    rule = values.get("rule_subparagraph")
    under = f" under 17 CFR 240.{rule}" if rule else ""
    line = f"{form}: {who} removes {what}{whose} from listing and registration{under}"
    reason = values.get("removal_reason")
    return f"{line}, {reason}" if reason else line
