"""The last gate (safety.py): each finished page, read as a browser reads it, runs no script of the sources'
and fetches nothing from another host; and what a stylesheet fetches, read with a CSS tokenizer."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from letter_site.common import css
from letter_site.engines import safety
from projects import copy_sources, edit, site_build

SITE = "https://letters.example.org/letter/"


def page(head: str = "", body: str = "", content: str = "") -> str:
    return (
        f"<!DOCTYPE html><html><head>{head}</head><body>{body}"
        f"<main><article class='md-content__inner'>{content}</article></main></body></html>"
    )


UNSAFE = [
    (
        "mermaid-diagram",  # Material's and Zensical's script fetch mermaid.js from unpkg.com for it
        page(content="<div class='mermaid highlight'><pre><code>graph TD; A--&gt;B</code></pre></div>"),
        "<div class=mermaid>, which the theme's script loads from another host",
    ),
    ("event-handler", page(content="<p onmouseover=alert(1)>x</p>"), "<p onmouseover=…>, which would run script"),
    (
        "javascript-link-with-a-tab-in-its-scheme",
        page(content="<a href=' java\tscript:alert(1)'>x</a>"),
        "<a href=' java\\tscript:alert(1)'>, which would run script",
    ),
    ("script-in-the-text", page(content="<script>alert(1)</script>"), "<script> in the page's text"),
    (
        "svg-link-to-script-in-the-chrome",  # the xlink namespace, which the previous parser gave another name
        page(body="<svg><a xlink:href='javascript:alert(1)'><text>x</text></a></svg>"),
        "<a xlink:href='javascript:alert(1)'>, which would run script",
    ),
    (
        "svg-use-from-another-host-in-the-chrome",
        page(body="<svg><use href='https://evil.example/sprite.svg#i'/></svg>"),
        "<use href='https://evil.example/sprite.svg#i'>, fetched from another host",
    ),
    (
        "template-in-the-chrome",  # inert until a script clones it; its content is not walked
        page(head="<template><link rel=stylesheet href='https://evil.example/a.css'></template>"),
        "<template>, whose content this check cannot read and a script could put in the page",
    ),
    (
        "handler-on-the-root",
        "<!DOCTYPE html><html onload=alert(1)><body></body></html>",
        "<html onload=…>, which would run script",
    ),
    ("image-in-the-text", page(content="<img src='/ok.png'>"), "<img> in the page's text"),
    (
        "image-from-another-host-in-the-chrome",
        page(body="<img src='//evil.example/t.png'>"),
        "<img src='//evil.example/t.png'>, fetched from another host",
    ),
    (
        "stylesheet-from-another-host",
        page(head="<link rel=stylesheet href='https://fonts.example/a.css'>"),
        "<link href='https://fonts.example/a.css'>, fetched from another host",
    ),
    ("refresh", page(head="<meta http-equiv=refresh content='0;url=https://e.example/'>"), None),
    (
        "base",
        page(head="<base href='https://e.example/'>"),
        "<base>, which would change where every link of the page leads",
    ),
    (
        "style-attribute-with-an-escaped-url",
        page(body="<p style='background:u\\72l(https://e.example/b.png)'></p>"),
        "<p style=…> that loads from another host",
    ),
    (
        "style-element-importing",
        page(head="<style>@import 'https://e.example/a.css';</style>"),
        "<style> that loads from another host",
    ),
    (
        "a-tag-html-parser-reads-as-text",  # what a browser reads after a quoted > in an end tag
        page(
            content='<span>With thanks</span x="><a title=\'"><img src=https://evil.example/t.png>'
            "<span onmouseover=alert(1)>'>.</a>"
        ),
        "<img src='https://evil.example/t.png'>, fetched from another host",
    ),
    # What a hostile review of kept archives found (issue 17): each fetches or runs without a script.
    (
        "ping-on-a-link",
        page(body="<a href='/' ping='https://evil.example/p'>x</a>"),
        "<a ping='https://evil.example/p'>, fetched from another host",
    ),
    (
        "background-on-any-element",
        page(body="<table background='https://evil.example/b.png'></table>"),
        "<table background='https://evil.example/b.png'>, fetched from another host",
    ),
    (
        "formaction-on-a-button",
        page(body="<button formaction='https://evil.example/f'>x</button>"),
        "<button formaction='https://evil.example/f'>, fetched from another host",
    ),
    (
        "svg-filter-image",
        page(body="<svg><filter><feImage href='https://evil.example/i.png'/></filter></svg>"),
        "<feimage href='https://evil.example/i.png'>, fetched from another host",
    ),
    (
        "svg-animation-setting-a-link",
        page(body="<svg><a><set attributeName='href' to='javascript:alert(1)'/><text>x</text></a></svg>"),
        "<set attributeName=href>, which would make a link run script",
    ),
    (
        "svg-animation-values-to-script",
        page(body="<svg><a><animate attributeName='xlink:href' values='javascript:alert(1)'/></a></svg>"),
        "<animate attributeName=href>, which would make a link run script",
    ),
    (
        "mask-icon-from-another-host",
        page(head="<link rel=mask-icon href='https://evil.example/m.svg'>"),
        "<link href='https://evil.example/m.svg'>, fetched from another host",
    ),
    (
        "a-kind-of-link-no-list-names",
        page(head="<link rel=apple-touch-icon-precomposed href='https://evil.example/t.png'>"),
        "<link href='https://evil.example/t.png'>, fetched from another host",
    ),
]


@pytest.mark.parametrize(("html", "said"), [pytest.param(html, said, id=name) for name, html, said in UNSAFE])
def test_the_gate_reads_a_page_as_a_browser_does(html: str, said: str | None) -> None:
    found = safety.page_problems(html, SITE, SITE)
    assert found, html
    if said:
        assert said in found


SAFE = [
    page(head="<link rel=stylesheet href='assets/letter.css'><script src='assets/letter.js'></script>"),
    page(head=f"<link rel=canonical href='{SITE}'><link rel=alternate href='https://other.example/feed'>"),
    page(content="<p>Text, <a href='https://undocs.org/A/77/522'>a document</a> and <a href='#p1'>¶</a></p>"),
    page(body="<script>var palette = 1;</script><svg><path d='M0 0'/></svg>"),
    page(head="<script type='application/ld+json'>{}</script>", content="<p style='color:red'>x</p>"),
]


@pytest.mark.parametrize("html", SAFE)
def test_what_a_page_needs_passes(html: str) -> None:
    assert safety.page_problems(html, SITE, SITE) == ()


def test_every_page_of_the_real_site_passes(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) >= 4
    preview = "http://127.0.0.1:8000/"  # the site_url the test build has
    for path in pages:
        address = preview + path.relative_to(built_site).as_posix()
        assert safety.page_problems(path.read_text(encoding="utf-8"), address, preview) == (), path


def test_a_build_whose_pages_would_fetch_from_elsewhere_stops_and_keeps_the_site(tmp_path: Path) -> None:
    """mkdocs.yml is developers' code, which no source check reads: the gate still stops a foreign script."""
    project = copy_sources(tmp_path / "project")
    site = project / "site"
    assert site_build(project, site).returncode == 0
    before = {path: path.read_bytes() for path in site.rglob("*") if path.is_file()}
    edit("mkdocs.yml", "\nplugins:\n", "\nextra_javascript:\n  - https://cdn.example/tracker.js\n\nplugins:\n")(project)

    result = site_build(project, site)

    assert result.returncode == 1
    assert (
        ": the built page would run script or fetch from another host, which the check of the sources did not "
        "catch: <script src='https://cdn.example/tracker.js'>, fetched from another host" in result.stderr
    )
    assert {path: path.read_bytes() for path in site.rglob("*") if path.is_file()} == before
    shutil.rmtree(site)


STYLESHEETS = [
    ("url(https://e.example/a.png)", ["https://e.example/a.png"]),
    ("a { background: url('b.png') }", ["b.png"]),
    ('@import "https://e.example/a.css";', ["https://e.example/a.css"]),
    ("@import url(x.css) screen;", ["x.css"]),
    (".x { background: u\\72l(https://e.example/b.png) }", ["https://e.example/b.png"]),
    ('body { background-image: image-set("https://e.example/c.png" 1x) }', ["https://e.example/c.png"]),
    ('@font-face { src: url("f.woff2") format("woff2") }', ["f.woff2"]),
    ('.p::after { content: "https://not.fetched.example/" }', []),
    ('.p::after { content: " <" attr(href) ">" }', []),
]


@pytest.mark.parametrize(("stylesheet", "fetched"), STYLESHEETS)
def test_what_a_stylesheet_fetches(stylesheet: str, fetched: list[str]) -> None:
    assert css.addresses(stylesheet) == fetched
