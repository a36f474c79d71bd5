"""Renderer of the filing index page `{acc}-index.htm(l)` (EDGAR.md §4.3), markup as the
Meta/Adobe/Apple samples: document tables, Items, Accepted, Filing Date, companyName.
"""

from __future__ import annotations

import html

from lxml import etree

from monitor.sandbox.formats import http_date, is_ixbrl
from monitor.sandbox.specs import FORM_DESCRIPTIONS, SIC_TITLES, DocSpec, Entity, FilingSpec

_PAGE_HEAD = """\
<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" "http://www.w3.org/TR/html4/loose.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<meta http-equiv="Last-Modified" content="@LAST_MODIFIED@" />
<title>EDGAR Filing Documents for @ACCESSION@</title>
<link  rel="stylesheet" href="/edgar/search/global/css/bootstrap/bootstrap.min.css" type="text/css" />
<link rel="stylesheet" type="text/css" href="/include/interactive2.css" />
</head>
<body style="margin: 0; font-size: 16px; ">
<!-- SEC Web Analytics - For information please visit: https://www.sec.gov/privacy.htm#collectedinfo -->
<noscript><iframe src="//www.googletagmanager.com/ns.html?id=GTM-TD3BKV"
height="0" width="0" style="display:none;visibility:hidden"></iframe></noscript>
<script>(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':
new Date().getTime(),event:'gtm.js'});var f=d.getElementsByTagName(s)[0],
j=d.createElement(s),dl=l!='dataLayer'?'&l='+l:'';j.async=true;j.src=
'//www.googletagmanager.com/gtm.js?id='+i+dl;f.parentNode.insertBefore(j,f);
})(window,document,'script','dataLayer','GTM-TD3BKV');</script>
<!-- End SEC Web Analytics -->
<noscript><div style="color:red; font-weight:bold; text-align:center;">This page uses Javascript. Your browser either doesn't support Javascript or you have it turned off. To see this page as it is meant to appear please use a Javascript enabled browser.</div></noscript>
<!-- BEGIN BANNER -->
<div  id="header" style="text-align: center;">
   <nav id="main-navbar" class="navbar navbar-expand">
      <ul class="navbar-nav">
         <li class="nav-item">
            <a class="nav__sec_link" href="https://www.sec.gov">
               <img src="/edgar/search/images/edgar-logo-2x.png" alt="" style="height:6.25rem">
            </a>
         </li>
         <li class="nav-item">
            <a class="nav__sec_link" href="https://www.sec.gov">
               <span class="link-text d-inline">SEC.gov</span>
            </a>
         </li>
         <li class="nav-item">
            <a class="nav__link" href="//www.sec.gov/submit-filings/about-edgar" id="edgar-short-form"><span class="link-text">EDGAR</span></a>
         </li>
      </ul>

      <ul class="navbar-nav ml-auto">
         <li class="nav-item">
\t\t\t<a href="/cgi-bin/browse-edgar?action=getcurrent" class="nav__link">Latest Filings</a>\x20
         </li>
         <li class="nav-item">
            <a href="https://www.sec.gov/edgar/search-and-access" class="nav__link">Filings search tools</a>
         </li>
      </ul>
   </nav>
   <div style="position: absolute;width: 100%;"> <h1 style="position: relative;top: -60px;">Filing Detail</h1></div>
</div>
<!-- END BANNER -->


<!-- BEGIN BREADCRUMBS -->
<div id="breadCrumbs">
   <ul>
      <li><a href="/index.htm">SEC Home</a> &#187;</li>
      <li><a href="/edgar/searchedgar/companysearch.html">Company Search</a> &#187;</li>
      <li class="last">Current Page</li>
   </ul>
</div>
<!-- END BREADCRUMBS -->

"""  # noqa: E501

_TABLE_HEAD = """\
      <table class="tableFile" summary="@SUMMARY@">
         <tr>
            <th scope="col" style="width: 5%;"><acronym title="Sequence Number">Seq</acronym></th>
            <th scope="col" style="width: 40%;">Description</th>
            <th scope="col" style="width: 20%;">Document</th>
            <th scope="col" style="width: 10%;">Type</th>
            <th scope="col">Size</th>
         </tr>
"""

_BOX = (
    '   <div style="padding: 0px 0px 4px 0px; font-size: 12px; margin: 0px 2px 0px 5px; '
    'width: 100%; overflow:hidden">\n'
)

# Stylesheet folders EDGAR renders XML forms through (`xslF25X02/primary_doc.xml`, as EDGAR's
# own submissions JSON names a 25-NSE's primary document).
FORM_XSL = {"25-NSE": "xslF25X02", "25-NSE/A": "xslF25X02", "25": "xslF25X02",
            "25/A": "xslF25X02"}


def form_xsl(form: str, doc: DocSpec) -> str | None:
    """The xsl folder of a filing's XML primary document, or None."""
    if doc.type.upper() != form.upper() or not (doc.filename or "").endswith(".xml"):
        return None
    return FORM_XSL.get(form.upper())


# Documents EDGAR leaves off the index page (XBRL viewer artefacts: R files, Show.js, ...).
_HIDDEN_DESCRIPTION = "IDEA: XBRL DOCUMENT"


def _text(value: str) -> str:
    return html.escape(value, quote=False)


def _row(index: int, cells: list[str]) -> str:
    opening = '         <tr class="evenRow">\n' if index % 2 else "         <tr>\n"
    body = "".join(f'            <td scope="row">{cell}</td>\n' for cell in cells)
    return opening + body + "         </tr>\n"


def _doc_cells(spec: FilingSpec, cik: int, sequence: int, doc: DocSpec) -> list[str]:
    folder = f"/Archives/edgar/data/{cik}/{spec.folder}/"
    if doc.filename is None:
        # Pre-2001 documents have no file of their own: EDGAR prints an empty anchor.
        link = f'<a href="{folder}"></a>'
    elif is_ixbrl(doc):
        link = (
            f'<a href="/ix?doc={folder}{doc.filename}">{doc.filename}</a> '
            '&nbsp;&nbsp;<span style="color: green">iXBRL</span>'
        )
    else:
        link = f'<a href="{folder}{doc.filename}">{doc.filename}</a>'
    return [str(sequence), _text(doc.description), link, _text(doc.type), str(len(doc.body))]


def _table(summary: str, rows: list[list[str]]) -> str:
    return (
        '<div class="formDiv">\n'
        + _BOX
        + f"      <p>{summary}</p>\n"
        + _TABLE_HEAD.replace("@SUMMARY@", summary)
        + "".join(_row(index, cells) for index, cells in enumerate(rows))
        + "      </table>\t\n   </div>\n</div>\n"
    )


def _ident(spec: FilingSpec, primary: bool) -> str:
    first = []
    if primary and spec.state:
        first.append(f"State of Incorp.: <strong>{_text(spec.state)}</strong>")
    if primary and spec.fiscal_year_end:
        first.append(f"Fiscal Year End: <strong>{spec.fiscal_year_end}</strong>")
    act = "33" if spec.form.upper().startswith(("424", "S-", "F-")) else "34"
    second = [f"Type: <strong>{_text(spec.form)}</strong>", f"Act: <strong>{act}</strong>"]
    if primary and spec.file_number:
        second.append(
            f'File No.: <a href="/cgi-bin/browse-edgar?filenum={spec.file_number}&amp;'
            f'action=getcompany"><strong>{spec.file_number}</strong></a>'
        )
    if primary and spec.film_number:
        second.append(f"Film No.: <strong>{spec.film_number}</strong>")
    text = (" | ".join(first) + "<br />" if first else "") + " | ".join(second)
    if primary and spec.sic:
        title = (spec.sic_description or SIC_TITLES.get(spec.sic, "")).title()
        text += (
            '<br /><acronym title="Standard Industrial Code">SIC</acronym>: <b><a href="'
            f'/cgi-bin/browse-edgar?action=getcompany&amp;SIC={spec.sic}&amp;owner=include">'
            f"{spec.sic}</a></b> {_text(title)}"
        )
    return text


def _filer_div(spec: FilingSpec, entity: Entity, primary: bool) -> str:
    state = spec.state if primary else ""
    address = (
        f'      <span class="mailerAddress">\n       <span class="mailerAddress">{_text(state)}'
        "</span>\n      </span>\n"
        if state
        else ""
    )
    return (
        '<div class="filerDiv">\n'
        f'   <div class="mailer">Mailing Address\n{address}   </div>\n'
        f'   <div class="mailer">Business Address\n{address}   </div>\n'
        '<div class="companyInfo">\n'
        f'  <span class="companyName">{_text(entity.company)} ({entity.role})\n'
        ' <acronym title="Central Index Key">CIK</acronym>: <a href="/cgi-bin/browse-edgar?'
        f'CIK={entity.cik:010d}&amp;action=getcompany">{entity.cik:010d} '
        "(see all company filings)</a></span>\n"
        f'<p class="identInfo">{_ident(spec, primary)}</p>\n'
        "</div>\n"
        '<div class="clear"></div>\n'
        "</div>\n"
    )


def render_index_page(spec: FilingSpec, cik: int, txt_size: int) -> bytes:
    """The filing index page as served under `/Archives/edgar/data/{cik}/...`."""
    acc = spec.accession
    head = _PAGE_HEAD.replace("@LAST_MODIFIED@", http_date(spec.accepted)).replace(
        "@ACCESSION@", acc
    )
    info = [
        '      <div class="formGrouping">\n'
        '         <div class="infoHead">Filing Date</div>\n'
        f'         <div class="info">{spec.filed.isoformat()}</div>\n'
        '         <div class="infoHead">Accepted</div>\n'
        f'         <div class="info">{spec.accepted_et:%Y-%m-%d %H:%M:%S}</div>\n'
        '         <div class="infoHead">Documents</div>\n'
        f'         <div class="info">{len(spec.documents)}</div>\n'
        "      </div>\n"
    ]
    if spec.period:
        period = f"{spec.period[:4]}-{spec.period[4:6]}-{spec.period[6:8]}"
        info.append(
            '      <div class="formGrouping">\n'
            '         <div class="infoHead">Period of Report</div>\n'
            f'         <div class="info">{period}</div>\n'
            "      </div>\n"
        )
    if spec.items:
        labels = "".join(f"Item {code}: {_text(label)}<br />" for code, label in spec.item_labels())
        info.append(
            '      <div class="formGrouping">\n'
            '         <div class="infoHead">Items</div>\n'
            f'         <div class="info">{labels}</div>\n'
            "      </div>\n"
        )
    formats: list[list[str]] = []
    data: list[list[str]] = []
    for sequence, doc in enumerate(spec.documents, start=1):
        if doc.description == _HIDDEN_DESCRIPTION:
            continue
        target = data if doc.type.startswith("EX-101.") or doc.type == "XML" else formats
        xsl = form_xsl(spec.form, doc)
        if xsl is not None:
            # An XML-form primary document is listed rendered (xsl view), then raw.
            cells = _doc_cells(spec, cik, sequence, doc)
            folder = f"/Archives/edgar/data/{cik}/{spec.folder}/"
            html_name = (doc.filename or "").removesuffix(".xml") + ".html"
            target.append([cells[0], cells[1], f'<a href="{folder}{xsl}/{doc.filename}">'
                           f"{html_name}</a>", cells[3], "&nbsp;"])
            target.append(["&nbsp;", *cells[1:]])
            continue
        target.append(_doc_cells(spec, cik, sequence, doc))
    txt_link = f'<a href="/Archives/edgar/data/{cik}/{spec.folder}/{acc}.txt">{acc}.txt</a>'
    formats.append(["&nbsp;", "Complete submission text file", txt_link, "&nbsp;", str(txt_size)])
    series = ""
    if data or any(is_ixbrl(doc) for doc in spec.documents):
        series = (
            '   <div style="padding: 4px 0px 4px 0px; font-size: 12px; margin: 0px 2px 0px 5px; '
            'width: 100%; overflow:hidden" id="seriesDiv">\n'
            f'      <a href="/cgi-bin/viewer?action=view&amp;cik={cik}&amp;accession_number={acc}'
            '&amp;xbrl_type=v" id="interactiveDataBtn">&nbsp;<button type="button" '
            'class="btn btn-primary">Interactive Data</button></a>\n'
            "   </div>\n"
        )
    description = FORM_DESCRIPTIONS.get(spec.form, "")
    page = (
        head + '<div id="contentDiv">\n<!-- START FILING DIV -->\n<div class="formDiv">\n'
        '   <div id="formHeader">\n      <div id="formName">\n'
        f"         <strong>Form {_text(spec.form)}</strong> - {_text(description)}: \n"
        '      </div>\n      <div id="secNum">\n'
        '         <strong><acronym title="Securities and Exchange Commission">SEC</acronym> '
        f'Accession <acronym title="Number">No.</acronym></strong> {acc}\n'
        '      </div>\n   </div>\n   <div class="formContent">\n   \n'
        + "".join(info)
        + '      <div style="clear:both"></div>\n<!-- END FILING DIV -->\n'
        "<!-- START DOCUMENT DIV -->\n"
        + series
        + "  </div>\n    </div>\n"
        + _table("Document Format Files", formats)
        + (_table("Data Files", data) if data else "")
        + "<!-- END DOCUMENT DIV -->\n<!-- START FILER DIV -->\n"
        + "".join(
            _filer_div(spec, entity, index == 0) for index, entity in enumerate(spec.entities)
        )
        + "<!-- END FILER DIV -->\n</div>\n"
    )
    return page.encode()


def render_xsl_view(spec: FilingSpec, doc: DocSpec) -> bytes:
    """A plain HTML rendering of an XML form document: each element's text, in order (EDGAR's
    stylesheet output is not recorded; the raw XML is the document of record)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        root = etree.fromstring(doc.body, parser)
    except etree.XMLSyntaxError:
        rows = ""
    else:
        rows = "".join(
            f"<tr><td>{_text(str(el.tag))}</td><td>{_text(' '.join(el.text.split()))}</td></tr>\n"
            for el in root.iter() if isinstance(el.tag, str) and el.text and el.text.strip()
        )
    return (
        f"<html><head><title>{_text(spec.form)} {spec.accession}</title></head><body>\n"
        f"<table>\n{rows}</table>\n</body></html>\n"
    ).encode()
