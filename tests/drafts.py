"""Drafts of the published letter in the forms coalitions have them, made for the import tests.

From the published text (the seed) as :mod:`letter_site.drafts.text` reads it:
a Markdown draft with ``[^n]`` notes and a front matter, then pandoc's Word and
OpenDocument files of it (real footnotes: pandoc writes them), a web page in
the form Word's "Save as web page" gives (``#_ftn1`` links, the notes after an
``<hr>``, windows-1252), and the text with its repeats written "Ibid.".
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pypandoc  # type: ignore[import-untyped]

from letter_site.drafts.layout import Draft, Signer, unescape_text
from letter_site.drafts.text import read_text


def published(seed: Path) -> Draft:
    return read_text(seed.read_text(encoding="utf-8"))


def _body(draft: Draft) -> list[tuple[str, str]]:
    """The letter's paragraphs in order, each with its kind: title, date, line, heading, paragraph."""
    body = [("title", draft.title), ("date", draft.date.strftime("%B %-d, %Y"))]
    body += [("line", line) for line in draft.addressee]
    body += [("line", "ATTN:")] * bool(draft.attn) + [("line", line) for line in draft.attn]
    body += [("line", line) for line in (draft.re_line, draft.salutation) if line]
    for section in draft.sections:
        body += [("heading", section.heading)] if section.heading else []
        body += [("paragraph", paragraph) for paragraph in section.paragraphs]
    body += [("line", line) for line in draft.closing]
    if draft.signatures_heading:
        body.append(("line", draft.signatures_heading))
        body += [("line", _signed(signer)) for signer in draft.signatories]
    return body


def _signed(signer: Signer) -> str:
    if signer.affiliation:
        return f"{signer.name}, {signer.affiliation}"
    return f"{signer.name} ({signer.acronym})" if signer.acronym else signer.name


def markdown_draft(draft: Draft) -> str:
    """The draft as Markdown: a front matter for title and date, ``##`` headings, ``[^n]: …`` notes."""
    body = _body(draft)
    lines = ["---", f'title: "{body[0][1]}"', f'date: "{body[1][1]}"', "---", ""]
    for kind, text in body[2:]:
        lines += [f"## {text}" if kind == "heading" else text, ""]
    lines += [f"[^{number}]: {text}\n" for number, text in draft.notes.items()]
    return "\n".join(lines)


def pandoc_draft(draft: Draft, target: Path) -> Path:
    """A ``.docx`` or ``.odt`` of the draft, written by pandoc from its Markdown, footnotes real."""
    pypandoc.convert_text(markdown_draft(draft), target.suffix.lstrip("."), format="markdown", outputfile=str(target))
    return target


def word_html(draft: Draft) -> bytes:
    """The draft as Word's "Save as web page" writes it, and as it is pasted into WordPress."""

    def reference(found: re.Match[str]) -> str:
        number = found[1]
        return (
            f'<a style=\'mso-footnote-id:ftn{number}\' href="#_ftn{number}" name="_ftnref{number}" title="">'
            f"<span class=MsoFootnoteReference><![if !supportFootnotes]><span class=MsoFootnoteReference>"
            f"<span style='font-size:12.0pt'>[{number}]</span></span><![endif]></span></a>"
        )

    out = [
        "<html xmlns:o='urn:schemas-microsoft-com:office:office'><head>",
        '<meta http-equiv=Content-Type content="text/html; charset=windows-1252">',
        f"<title>{html.escape(draft.title)}</title><style>p.MsoNormal {{margin:0cm}}</style></head>",
        "<body lang=EN-US style='tab-interval:36.0pt'><div class=WordSection1>",
    ]
    for kind, text in _body(draft):
        css = {"title": "MsoTitle", "heading": "MsoListParagraph"}.get(kind, "MsoNormal")
        escaped = re.sub(r"\[\^(\d+)\]", reference, html.escape(unescape_text(text), quote=False))
        out.append(f"<p class={css}><span lang=EN-GB style='font-size:12.0pt'>{escaped}</span></p>")
        out.append("<p class=MsoNormal><o:p>&nbsp;</o:p></p>")
    out.append("</div><div style='mso-element:footnote-list'><![if !supportFootnotes]><br clear=all>")
    out.append('<hr align=left size=1 width="33%"><![endif]>')
    for number, text in draft.notes.items():
        out.append(
            f"<div style='mso-element:footnote' id=ftn{number}><p class=MsoFootnoteText>"
            f'<a style=\'mso-footnote-id:ftn{number}\' href="#_ftnref{number}" name="_ftn{number}" title="">'
            f"<span class=MsoFootnoteReference>[{number}]</span></a> {html.escape(text, quote=False)}</p></div>"
        )
    out.append("</div></body></html>")
    return "\n".join(out).encode("windows-1252", errors="xmlcharrefreplace")


def with_ibid(seed: Path) -> str:
    """The published text with its repeats written "Ibid." instead of "Id."."""
    return re.sub(r"(?m)^(\d+) Id\.", r"\1 Ibid.", seed.read_text(encoding="utf-8"))


def pandoc_html(draft: Draft) -> str:
    """The draft as pandoc writes a web page: ``role="doc-noteref"`` links, ``<section class="footnotes">``."""
    text: str = pypandoc.convert_text(markdown_draft(draft), "html", format="markdown", extra_args=["--standalone"])
    return text


def google_docs_html(draft: Draft) -> str:
    """The draft as Google Docs' "Download as web page" writes it: ``#ftnt1`` links, notes in ``<div>``s."""

    def reference(found: re.Match[str]) -> str:
        return f'<sup><a href="#ftnt{found[1]}" id="ftnt_ref{found[1]}">[{found[1]}]</a></sup>'

    out = ['<html><head><meta content="text/html; charset=UTF-8" http-equiv="content-type"></head>']
    out.append('<body class="c12 doc-content">')
    for kind, text in _body(draft):
        tag = "h2" if kind == "heading" else "p"
        escaped = re.sub(r"\[\^(\d+)\]", reference, html.escape(unescape_text(text), quote=False))
        out.append(f'<{tag} class="c3"><span class="c0">{escaped}</span></{tag}>')
    out.append('<hr class="c9"><div>')
    for number, text in draft.notes.items():
        out.append(
            f'<div><p class="c5"><a href="#ftnt_ref{number}" id="ftnt{number}">[{number}]</a>'
            f'<span class="c2">&nbsp;{html.escape(text, quote=False)}</span></p></div>'
        )
    out.append("</div></body></html>")
    return "\n".join(out)


def wordpress_html(draft: Draft) -> str:
    """The draft pasted from Word into WordPress, published: ``#_ftn1`` links, the notes after an ``<hr>``, in an
    ``<article>`` amid the site's own menu, sidebar and footer (which are not the letter)."""

    def reference(found: re.Match[str]) -> str:
        return f'<a href="#_ftn{found[1]}" name="_ftnref{found[1]}">[{found[1]}]</a>'

    out = [
        '<!DOCTYPE html><html lang="en-US"><head><meta charset="UTF-8"><title>Open letter – Coalition</title></head>',
        '<body class="post-template-default"><header id="masthead"><p class="site-title">Coalition</p>',
        '<nav><ul><li><a href="/">Home</a></li><li><a href="/news/">News</a></li></ul></nav></header>',
        '<div id="primary"><article class="post"><div class="entry-content">',
    ]
    for kind, text in _body(draft):
        tag = "h2" if kind == "heading" else "p"
        escaped = re.sub(r"\[\^(\d+)\]", reference, html.escape(unescape_text(text), quote=False))
        out.append(f"<{tag}>{escaped}</{tag}>")
    out.append("<hr>")
    for number, text in draft.notes.items():
        out.append(
            f'<p><a href="#_ftnref{number}" name="_ftn{number}">[{number}]</a> {html.escape(text, quote=False)}</p>'
        )
    out.append('</div></article></div><aside id="secondary"><p>Recent posts</p></aside>')
    out.append("<footer><p>© Coalition 2023</p></footer></body></html>")
    return "\n".join(out)
