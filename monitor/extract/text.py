"""Bytes to text: decoding, HTML detection, and HTML flattened to readable lines.

Pure functions. HTML goes through selectolax (lexbor); SGML text documents are never put
through an HTML parser, because their tables are laid out by column position.
"""

from __future__ import annotations

import html
import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

_HTML_SNIFF = re.compile(rb"<(?:html|body|div|p|table|font|br|span|td|tr)\b", re.IGNORECASE)
_SGML_TABLE = re.compile(rb"<TABLE>\s*(?:<CAPTION>|<S>)", re.IGNORECASE)
_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "br",
        "tr",
        "table",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "center",
        "pre",
        "hr",
        "blockquote",
        "section",
        "article",
        "header",
        "footer",
        "title",
        "dt",
        "dd",
        "caption",
    }
)
_CELL_TAGS = frozenset({"td", "th"})
# Not part of the readable text: walked past rather than removed, so a shared tree stays whole.
_SKIPPED_TAGS = frozenset({"-comment", "script", "style", "head", "ix:header"})
_SPACES = re.compile(r"[ \t\u00a0\u2007\u2009\u200b\u202f]+")
_BLANK_LINES = re.compile(r"\n{3,}")
_INLINE_SPACES = "\t\r\n\u00a0\u2007\u2009\u200b\u202f"


def fold_ascii(text: str) -> str:
    """`text` with each character an IGNORECASE pattern reads as an ASCII letter made that
    lower-case letter: same length and positions. A pattern written in lower-case ASCII (see
    `case_sensitive`) finds in it what it finds in `text` under IGNORECASE, several times
    faster (no case folding at each character tried).

    str.lower() does it but for the four non-ASCII characters Python's re matches to an
    ASCII letter: K (Kelvin, lowered to "k" already), İ (lowered to two characters), ı and
    ſ (long s, left as they are). lower() keeps every other character non-ASCII, one
    character long, and in the same \\w, \\s and \\d classes."""
    if text.isascii():
        return text.lower()
    if "\u0130" in text:  # İ
        text = text.replace("\u0130", "i")
    text = text.lower()
    if "\u0131" in text:  # ı
        text = text.replace("\u0131", "i")
    if "\u017f" in text:  # ſ
        text = text.replace("\u017f", "s")
    return text


def case_sensitive(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The IGNORECASE `pattern` compiled without IGNORECASE, for `fold_ascii`ed text. Its
    letters must be lower-case ASCII (escapes such as \\S and group syntax aside), or it
    would miss."""
    letters = re.sub(r"\\.|\(\?P<\w+>|\(\?P=\w+\)", "", pattern.pattern)
    if not letters.isascii() or letters != letters.lower():
        raise ValueError(f"not lower-case ASCII: {pattern.pattern!r}")
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)


def decode(raw: bytes) -> str:
    """Decode document bytes: UTF-8 when valid, else Windows-1252, else Latin-1."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def is_html(raw: bytes) -> bool:
    """True when the document is HTML rather than SGML/plain text.

    Old text exhibits carry `<TABLE>`/`<S>`/`<C>` markers and `<PAGE>` breaks, which are not
    HTML; they are recognised and kept away from the HTML parser.
    """
    head = raw[:200_000]
    if _SGML_TABLE.search(head) and not re.search(rb"<(?:td|tr|html|body)\b", head, re.I):
        return False
    return _HTML_SNIFF.search(head) is not None


def parse_html(raw: bytes | str) -> LexborHTMLParser:
    """Parse HTML with lexbor; inline XBRL wrappers are harmless to it."""
    text = raw if isinstance(raw, str) else decode(raw)
    return LexborHTMLParser(text)


def clean_inline(text: str) -> str:
    """Fold runs of whitespace (incl. non-breaking spaces) to one space and trim."""
    text = html.unescape(text)
    # The characters of _SPACES (and line ends) made spaces, then runs of spaces folded:
    # what _SPACES.sub does, without a regex scan of every character (cells run to pages).
    for space in _INLINE_SPACES:
        if space in text:
            text = text.replace(space, " ")
    return " ".join(filter(None, text.split(" "))).strip()


def html_to_text(raw: bytes | str | LexborHTMLParser) -> str:
    """Flatten HTML (or an already parsed tree, left unchanged) to lines of text: block
    elements break lines, table cells are split by two spaces, scripts, styles and the
    inline XBRL header dropped."""
    tree = raw if isinstance(raw, LexborHTMLParser) else parse_html(raw)
    root = tree.body or tree.root
    if root is None:
        return ""
    parts: list[str] = []
    _walk(root, parts)
    text = "".join(parts)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip() + "\n"


def _walk(node: LexborNode, parts: list[str]) -> None:
    # Iterative walk: lexbor trees of real filings can be deeper than Python's recursion limit.
    stack: list[tuple[LexborNode, bool]] = [(node, False)]
    while stack:
        current, closing = stack.pop()
        tag = current.tag or ""
        if closing:
            if tag in _BLOCK_TAGS:
                parts.append("\n")
            elif tag in _CELL_TAGS:
                parts.append("  ")
            continue
        if tag == "-text":
            parts.append((current.text_content or "").replace("\n", " "))
            continue
        if tag in _SKIPPED_TAGS:
            continue
        if tag in _BLOCK_TAGS:
            parts.append("\n")
        stack.append((current, True))
        children = []
        child = current.child
        while child is not None:
            children.append(child)
            child = child.next
        for ch in reversed(children):
            stack.append((ch, False))


def document_text(raw: bytes) -> str:
    """Readable text of any document: HTML flattened, SGML/plain text decoded as is."""
    if is_html(raw):
        return html_to_text(raw)
    return plain_text(decode(raw))


def plain_text(decoded: str) -> str:
    """Readable text of a decoded SGML/plain-text document: line ends made `\\n`, character
    references resolved when there are any."""
    text = decoded.replace("\r\n", "\n").replace("\r", "\n")
    return html.unescape(text) if "&#" in text or "&amp;" in text else text
