"""Specification of slim.py: the theme's CSS without the rules that can never match."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import material
import pytest
import tinycss2  # type: ignore[import-untyped]
import zensical
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from letter_site.engines import slim
from letter_site.engines.slim import (
    _STRING,
    WORKER_SCRIPTS,
    Purged,
    _purge_reference,
    minify_own,
    purge,
    slim_stylesheets,
    used_properties,
    used_words,
    without_properties,
)
from letter_site.engines.theme import THEME


@pytest.fixture(autouse=True, scope="module")
def _cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The indexes these tests make are kept in a folder of their own, not the user's."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(folder))
        yield folder


# (css, words in use, css after purging)
PURGE_CASES = [
    pytest.param(".used{color:red}.unused{color:blue}", {"used"}, ".used{color:red}", id="unused-class-dropped"),
    pytest.param(".used .unused{a:b}", {"used"}, "", id="descendant-unused-class-dropped"),
    pytest.param("p.unused>a{a:b}", set(), "", id="compound-unused-class-dropped"),
    pytest.param(".unused::before{a:b}", set(), "", id="pseudo-element-of-unused-class-dropped"),
    pytest.param(".used, .unused ,.also{a:b}", {"used", "also"}, ".used,.also{a:b}", id="list-keeps-live-selectors"),
    pytest.param(".unused , .used{a:b}", {"used"}, ".used{a:b}", id="list-first-selector-dead"),
    pytest.param(".dead,.gone{a:b}.used{c:d}", {"used"}, ".used{c:d}", id="list-all-dead-drops-rule"),
    pytest.param(".used:not(.unused){a:b}", {"used"}, ".used:not(.unused){a:b}", id="not-unused-kept"),
    pytest.param(":not(.unused){a:b}", set(), ":not(.unused){a:b}", id="bare-not-unused-kept"),
    pytest.param(":is(.unused,.other) .used{a:b}", {"used"}, ":is(.unused,.other) .used{a:b}", id="is-unused-kept"),
    pytest.param(".used :where(.unused) p{a:b}", {"used"}, ".used :where(.unused) p{a:b}", id="where-unused-kept"),
    pytest.param("[data-md-color-primary=red]{a:b}", {"indigo"}, "", id="palette-value-unused-dropped"),
    pytest.param(
        "[data-md-color-primary=red] .used{a:b}",
        {"red", "used"},
        "[data-md-color-primary=red] .used{a:b}",
        id="palette-value-used-kept",
    ),
    pytest.param('[data-md-color-primary="red"]{a:b}', set(), "", id="quoted-palette-value-unused-dropped"),
    pytest.param('[data-md-color-primary="red"]{a:b}', {"red"}, '[data-md-color-primary="red"]{a:b}', id="quoted-kept"),
    pytest.param(
        "[data-md-color-primary=red],[data-md-color-primary=indigo]{a:b}",
        {"indigo"},
        "[data-md-color-primary=indigo]{a:b}",
        id="palette-list-keeps-used-colour",
    ),
    pytest.param("[href^=x]{a:b}", set(), "[href^=x]{a:b}", id="prefix-match-kept"),
    pytest.param("[href$=pdf]{a:b}", set(), "[href$=pdf]{a:b}", id="suffix-match-kept"),
    pytest.param("[class~=unused]{a:b}", set(), "[class~=unused]{a:b}", id="word-match-kept"),
    pytest.param("[type=unused i]{a:b}", set(), "[type=unused i]{a:b}", id="case-insensitive-match-kept"),
    pytest.param("[hidden]{a:b}", set(), "[hidden]{a:b}", id="presence-kept"),
    pytest.param(
        "@media screen{.used{a:b}.unused{c:d}}", {"used"}, "@media screen{.used{a:b}}", id="media-rules-purged"
    ),
    pytest.param("@media screen{.unused{a:b}}.used{c:d}", {"used"}, ".used{c:d}", id="emptied-media-dropped"),
    pytest.param(
        "@supports (display:grid){.unused,.used{a:b}}",
        {"used"},
        "@supports (display:grid){.used{a:b}}",
        id="supports-rules-purged",
    ),
    pytest.param("@supports (display:grid){.unused{a:b}}", set(), "", id="emptied-supports-dropped"),
    pytest.param("@media print{@supports (x:y){.unused{a:b}}}", set(), "", id="emptied-nested-at-rules-dropped"),
    pytest.param(
        "@media print{@supports (x:y){.unused{a:b}}.used{c:d}}",
        {"used"},
        "@media print{.used{c:d}}",
        id="nested-emptied-at-rule-dropped",
    ),
    pytest.param(
        "@keyframes unused{0%{a:b}to{a:c}}", set(), "@keyframes unused{0%{a:b}to{a:c}}", id="keyframes-untouched"
    ),
    pytest.param(
        "@font-face{font-family:unused;src:url(unused.woff2)}",
        set(),
        "@font-face{font-family:unused;src:url(unused.woff2)}",
        id="font-face-untouched",
    ),
    pytest.param('@charset "utf-8";.unused{a:b}', set(), '@charset "utf-8";', id="charset-kept"),
    pytest.param("div#unused>p,a:hover,*{a:b}", set(), "div#unused>p,a:hover,*{a:b}", id="element-id-kept"),
    pytest.param("/* .used */.used{a:b}", {"used"}, ".used{a:b}", id="comments-dropped"),
    pytest.param("", {"used"}, "", id="empty"),
]


# (css, custom properties in use, css without the others)
PROPERTY_CASES = [
    pytest.param(
        ":root{--a:1;--b:2}.x{color:var(--a)}", {"--a"}, ":root{--a:1}.x{color:var(--a)}", id="unused-dropped"
    ),
    pytest.param(':root{--icon:url("data:image/svg+xml,<svg/>")}', set(), "", id="emptied-rule-dropped"),
    pytest.param("@media screen{:root{--a:1;--b:2}}", {"--b"}, "@media screen{:root{--b:2}}", id="in-media"),
    pytest.param("@media screen{:root{--a:1}}", set(), "", id="emptied-media-dropped"),
    pytest.param(":root{--A:1}", {"--a"}, "", id="case-sensitive"),
    pytest.param(".x{--a:1 !important;color:red}", set(), ".x{color:red}", id="important-dropped-others-kept"),
    pytest.param(".x{--a: a b ;color:red}", {"--a"}, ".x{--a: a b ;color:red}", id="used-kept-as-written"),
    pytest.param(":root{color:red}", set(), ":root{color:red}", id="ordinary-declarations-kept"),
    pytest.param(".x{--a:1;.y{color:red}}", set(), ".x{--a:1;.y{color:red}}", id="nested-rule-left-whole"),
    pytest.param(".x{--a:1;y}", set(), ".x{--a:1;y}", id="parse-error-left-whole"),
    pytest.param("@font-face{--a:1}", set(), "@font-face{--a:1}", id="other-at-rules-untouched"),
]


@pytest.mark.parametrize(("css", "properties", "expected"), PROPERTY_CASES)
def test_purge_drops_the_custom_properties_nothing_reads(css: str, properties: set[str], expected: str) -> None:
    assert without_properties(css, frozenset(properties)) == expected
    # And by the index, after a purge that leaves every rule:
    assert Purged.of(css, every_word(css)).without(frozenset(properties)) == expected


# (pages, scripts, stylesheets, the custom properties something may read)
USED_PROPERTIES_CASES = [
    pytest.param([], [], [".x{color:var(--a)}"], {"--a"}, id="var-in-a-stylesheet"),
    pytest.param([], [], [".x{color:var( --a , var(--b))}"], {"--a", "--b"}, id="var-fallback"),
    pytest.param([], [], [":root{--a:1}"], set(), id="declared-only"),
    pytest.param(['<p style="width:var(--a)">'], [], [], {"--a"}, id="page-style"),
    pytest.param([], ['e.style.setProperty("--md-progress-value",1)'], [], {"--md-progress-value"}, id="script"),
    pytest.param(["<!-- a comment -->"], ["i--"], [], set(), id="not-a-name"),
]


@pytest.mark.parametrize(("pages", "scripts", "sheets", "expected"), USED_PROPERTIES_CASES)
def test_used_properties(pages: list[str], scripts: list[str], sheets: list[str], expected: set[str]) -> None:
    assert used_properties(pages, scripts, sheets) == expected


DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_minify_own_minifies_the_copies_of_our_scripts_and_stylesheets_only(tmp_path: Path) -> None:
    docs, site = tmp_path / "docs", tmp_path / "site"
    sources = {
        "assets/a.js": "/* what it does */\nvar answer = 42;  // why\n",
        "assets/deep/b.css": "/* why */\n.x  {\n  color: red;\n}\n",
        "assets/favicon.svg": "<svg>  <!-- kept -->  </svg>",
        "index.md": "# Title  \n",
        "assets/unbuilt.js": "/* no copy in the site */ var x = 1;",
    }
    for name, text in sources.items():
        for folder in (docs, site):
            if folder is site and name == "assets/unbuilt.js":
                continue
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text, encoding="utf-8")
    (site / "assets/javascripts").mkdir()
    (site / "assets/javascripts/bundle.js").write_text("/* the theme's */ var y = 1;", encoding="utf-8")

    before, after = minify_own(site, docs)

    assert (site / "assets/a.js").read_text(encoding="utf-8") == "var answer=42;"
    assert (site / "assets/deep/b.css").read_text(encoding="utf-8") == ".x{color:red}"
    for kept in ("assets/favicon.svg", "index.md"):
        assert (site / kept).read_text(encoding="utf-8") == sources[kept]
    assert (site / "assets/javascripts/bundle.js").read_text(encoding="utf-8") == "/* the theme's */ var y = 1;"
    assert not (site / "assets/unbuilt.js").exists()
    assert (before, after) == (len(sources["assets/a.js"]) + len(sources["assets/deep/b.css"]), 14 + 13)


def test_our_scripts_and_stylesheets_are_published_minified_and_whole(built_site: Path) -> None:
    """Comments and spacing go; every selector stays, and no string is made up."""
    written = sorted(path for path in (THEME / "assets").iterdir() if path.suffix in (".js", ".css"))
    assert [path.name for path in written] == ["letter.css", "letter.js", "signatories.js"]
    for source in written:
        text, built = source.read_text(encoding="utf-8"), (built_site / "assets" / source.name).read_text("utf-8")
        assert len(built) < 0.75 * len(text), source.name
        assert "/*" not in built and "\n  " not in built, source.name
        if source.suffix == ".css":
            assert spaceless(selectors(built)) == spaceless(selectors(text))
            assert parse_errors(built) == []
        else:  # what the scripts do is the browser tests' to say: they run these copies
            assert set(_STRING.findall(built)) <= set(_STRING.findall(text))


def spaceless(found: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """Selectors as ``selectors`` gives them, with the spaces a minifier may drop dropped:
    around combinators, commas and brackets (and colons, in at-rules' conditions)."""

    def tight(text: str, around: str) -> str:
        return re.sub(rf"\s*([{around}])\s*", r"\1", " ".join(text.split()))

    return {(tight(context, ">+~,():"), tight(selector, ">+~,()")) for context, selector in found}


@pytest.mark.parametrize(("css", "used", "expected"), PURGE_CASES)
def test_purge(css: str, used: set[str], expected: str) -> None:
    assert purge(css, frozenset(used)) == expected
    assert _purge_reference(css, frozenset(used)) == expected


# (pages, scripts, every word counted as used)
USED_WORDS_CASES = [
    pytest.param(
        ['<p class="md-typeset  letter-re">'],
        [],
        {"md-typeset  letter-re", "md-typeset", "letter-re"},
        id="class-words",
    ),
    pytest.param(
        ["<p class='single quoted' id=bare>"],
        [],
        {"single quoted", "single", "quoted", "bare"},
        id="single-quoted-and-bare-values",
    ),
    pytest.param(
        ['<form data-md-color-scheme="default" data-md-color-primary="indigo">'],
        [],
        {"default", "indigo"},
        id="palette-colours",
    ),
    pytest.param(["<section><p>text and words</p></section>"], [], set(), id="tags-and-text-not-counted"),
    pytest.param(
        [],
        ["e.classList.add(\"md-search-result__item\"),t='md-tooltip md-tooltip--active'"],
        {"md-search-result__item", "md-tooltip", "md-tooltip--active"},
        id="js-string-literals",
    ),
    pytest.param([], ["a=`md-${k}`"], {"md-", "k"}, id="js-template-literal"),
    pytest.param([], [r'a="say \"md-quoted\" here"'], {"say", "md-quoted", "here"}, id="js-escaped-quote"),
    pytest.param([], ["e.classList.add(md_hidden);var classList=c"], set(), id="js-identifiers-not-counted"),
    pytest.param([], ['f(a,"b");g(c)'], {"b"}, id="js-only-inside-strings"),
]


@pytest.mark.parametrize(("pages", "scripts", "expected"), USED_WORDS_CASES)
def test_used_words(pages: list[str], scripts: list[str], expected: set[str]) -> None:
    assert used_words(pages, scripts) == expected


def test_slim_stylesheets_purges_the_theme_css_and_drops_its_maps(tmp_path: Path) -> None:
    site = tmp_path
    files = {
        "index.html": '<body data-md-color-primary="indigo"><p class="page-class">',
        "assets/javascripts/bundle.min.js": 'x.classList.add("script-class");',
        # The search worker and the lunr languages it imports cannot touch the page.
        "assets/javascripts/workers/search.min.js": 'var w="worker-class";',
        "assets/javascripts/lunr/wordcut.js": "var d=['red','white'];",
        "assets/stylesheets/main.min.css": (
            ":root{--read-by-ours:red;--read-by-none:blue}"
            ".page-class{a:b}.script-class{a:b}.worker-class{a:b}.unused{a:b}/*# sourceMappingURL=main.min.css.map*/"
        ),
        "assets/stylesheets/main.min.css.map": "{}",
        "assets/stylesheets/palette.min.css": (
            "[data-md-color-primary=indigo]{a:b}[data-md-color-primary=red]{a:b}[data-md-color-primary=white]{a:b}"
        ),
        "assets/letter.css": ".unused{color:var(--read-by-ours)}",
    }
    for name, text in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")

    before, after = slim_stylesheets(site)

    main = ":root{--read-by-ours:red}.page-class{a:b}.script-class{a:b}"
    palette = "[data-md-color-primary=indigo]{a:b}"
    assert (site / "assets/stylesheets/main.min.css").read_text(encoding="utf-8") == main
    assert (site / "assets/stylesheets/palette.min.css").read_text(encoding="utf-8") == palette
    assert not (site / "assets/stylesheets/main.min.css.map").exists()
    assert (site / "assets/letter.css").read_text(encoding="utf-8") == files[
        "assets/letter.css"
    ]  # ours: not the theme's
    assert before == len(files["assets/stylesheets/main.min.css"]) + len(files["assets/stylesheets/palette.min.css"])
    assert after == len(main) + len(palette)


# The real site ---------------------------------------------------------------

# The theme's own stylesheets, as each engine ships them; a site's are at the same path under assets/stylesheets/.
THEME_STYLESHEETS = {
    "mkdocs": Path(material.__file__).parent / "templates" / "assets" / "stylesheets",
    "zensical": Path(zensical.__file__).parent / "templates" / "assets" / "stylesheets",
}

# Selectors that must survive: used by the pages, added by Material's script,
# or the palette the site configures (indigo, light and dark).
SURVIVING = [
    ".md-header",
    ".md-nav__link",
    ".md-footer",
    ".md-top",
    ".md-tooltip",  # only the theme's script adds it
    ".md-typeset .footnote",
    ".md-typeset .footnote-ref",
    ".md-typeset .headerlink",
    ".md-typeset blockquote",
    "[data-md-color-primary=indigo]",
    "[data-md-color-accent=indigo]",
    "[data-md-color-scheme=slate]",
]
# The search's own: Material's, made by its script; Zensical's search keeps its styles in its dialog.
SEARCH = {
    "mkdocs": [".md-search__input", ".md-search-result__item", ".md-search-result__meta"],
    "zensical": [".md-search__button"],
}
# Selectors of features the site does not use.
GONE = [
    "[data-md-color-primary=red]",
    "[data-md-color-primary=white]",
    "[data-md-color-accent=pink]",
    ".md-typeset .admonition",
    ".md-typeset .tabbed-set",
    ".md-typeset .task-list-item",
    ".md-typeset .critic.comment",
    ".highlighttable",
    ".md-banner",
    ".md-source-file",
    ".md-social",
]


def _rules(css: str) -> list[Any]:
    return list(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))


def _split(prelude: list[Any]) -> Iterator[str]:
    selector: list[Any] = []
    for token in [*prelude, tinycss2.ast.LiteralToken(0, 0, ",")]:
        if token.type == "literal" and token.value == ",":
            text = tinycss2.serialize(selector).strip()
            if text:
                yield text
            selector = []
        else:
            selector.append(token)


def selectors(css: str, only_unread: frozenset[str] | None = None) -> set[tuple[str, str]]:
    """Every selector of ``css`` with the at-rules it is in: ``("@media print", ".md-header")``.

    Given ``only_unread``, only the rules that declare nothing but custom properties not in it."""
    found: set[tuple[str, str]] = set()

    def unread(rule: Any) -> bool:
        assert only_unread is not None
        items = tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True)
        return all(item.type == "declaration" and item.name.startswith("--") for item in items) and not any(
            item.name in only_unread for item in items
        )

    def walk(rules: Iterable[Any], context: str) -> None:
        for rule in rules:
            if rule.type == "qualified-rule" and (only_unread is None or unread(rule)):
                found.update((context, selector) for selector in _split(rule.prelude))
            elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports") and rule.content:
                inner = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
                at = f"{context} @{rule.lower_at_keyword} {tinycss2.serialize(rule.prelude).strip()}"
                walk(inner, at.strip())

    walk(_rules(css), "")
    return found


def needs(tokens: Iterable[Any]) -> tuple[set[str], set[str]]:
    """The classes and the exact attribute values a selector names, at any depth."""
    classes: set[str] = set()
    values: set[str] = set()
    previous = None
    for token in tokens:
        if previous is not None and previous.type == "literal" and previous.value == "." and token.type == "ident":
            classes.add(token.value)
        if token.type == "function":
            inner = needs(token.arguments)
            classes |= inner[0]
            values |= inner[1]
        if token.type == "[] block":
            parts = [t for t in token.content if t.type != "whitespace"]
            if len(parts) == 3 and parts[1].type == "literal" and parts[1].value == "=":
                values.add(parts[2].value)
        previous = token
    return classes, values


def site_stylesheets(site: Path) -> list[Path]:
    """The theme's stylesheets the pages load (Zensical ships one folder per variant, and loads one)."""
    page = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = [link["href"] for link in page.select("link[rel=stylesheet]")]
    return [site / str(href).removeprefix("./") for href in links if "assets/stylesheets/" in str(href)]


def original(site: Path, path: Path, engine: str) -> str:
    return (THEME_STYLESHEETS[engine] / path.relative_to(site / "assets" / "stylesheets")).read_text("utf-8")


def all_selectors(site: Path) -> set[str]:
    return {selector for path in site_stylesheets(site) for _, selector in selectors(path.read_text("utf-8"))}


def theme_selectors(site: Path, engine: str) -> set[str]:
    return {selector for path in site_stylesheets(site) for _, selector in selectors(original(site, path, engine))}


def test_the_theme_stylesheets_are_slimmed(built_site: Path, engine: str) -> None:
    names = [path.name.split(".")[0] for path in site_stylesheets(built_site)]
    assert names == ["main", "palette"]
    for path in site_stylesheets(built_site):
        assert len(path.read_bytes()) < 0.75 * len(original(built_site, path, engine).encode()), path.name


@pytest.mark.parametrize("selector", SURVIVING)
def test_a_rule_the_site_needs_survives(built_site: Path, engine: str, selector: str) -> None:
    assert selector in theme_selectors(built_site, engine)
    assert selector in all_selectors(built_site)


def test_the_search_rules_survive(built_site: Path, engine: str) -> None:
    for selector in SEARCH[engine]:
        assert selector in theme_selectors(built_site, engine)
        assert selector in all_selectors(built_site)


@pytest.mark.parametrize("selector", GONE)
def test_a_rule_the_site_cannot_use_is_gone(built_site: Path, engine: str, selector: str) -> None:
    assert selector in theme_selectors(built_site, engine)
    assert selector not in all_selectors(built_site)


def test_every_rule_for_what_the_pages_use_survives(built_site: Path, engine: str) -> None:
    """A rule whose classes and attribute values all occur in a built page is kept, in its at-rules."""
    classes: set[str] = set()
    values: set[str] = set()
    for page in built_site.rglob("*.html"):
        for tag in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find_all(True):
            classes.update(tag.get("class") or [])
            for value in tag.attrs.values():
                values.update(value if isinstance(value, list) else [value])
    assert {"md-header", "md-typeset", "footnote"} <= classes
    assert {"indigo", "slate"} <= values
    read = site_properties(built_site)
    checked = 0
    for path in site_stylesheets(built_site):
        kept = selectors(path.read_text(encoding="utf-8"))
        # A rule that only declares custom properties nothing reads goes: it does nothing.
        emptied = selectors(original(built_site, path, engine), only_unread=read)
        for context, selector in selectors(original(built_site, path, engine)) - emptied:
            tokens = tinycss2.parse_component_value_list(selector)
            selector_classes, selector_values = needs(tokens)
            if selector_classes <= classes and selector_values <= values:
                checked += 1
                assert (context, selector) in kept, f"{path.name}: {context} {selector}"
    assert checked > 300


def site_properties(site: Path) -> frozenset[str]:
    """The custom properties that the built ``site``'s stylesheets, pages or scripts read."""
    pages = [path.read_text(encoding="utf-8") for path in site.rglob("*.html")]
    scripts = [path.read_text(encoding="utf-8") for path in site.rglob("*.js")]
    return used_properties(pages, scripts, [path.read_text(encoding="utf-8") for path in site.rglob("*.css")])


# The same question answered another way than slim.py's (tokens, not regular expressions; the rules
# that survived, read back from the slimmed sheet): which custom properties are declared, and read.
def style_rules(css: str) -> Iterator[tuple[str, Any]]:
    """Each style rule of ``css`` with the at-rules it is in (as :func:`selectors` names them)."""

    def walk(rules: Iterable[Any], context: str) -> Iterator[tuple[str, Any]]:
        for rule in rules:
            if rule.type == "qualified-rule":
                yield context, rule
            elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports") and rule.content:
                inner = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
                at = f"{context} @{rule.lower_at_keyword} {tinycss2.serialize(rule.prelude).strip()}"
                yield from walk(inner, at.strip())

    yield from walk(_rules(css), "")


def declarations(rule: Any) -> list[Any]:
    items = tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True)
    return [item for item in items if item.type == "declaration"]


def var_names(tokens: Iterable[Any]) -> set[str]:
    """The custom properties ``var()`` reads in ``tokens``, at any depth."""
    found: set[str] = set()
    for token in tokens:
        if token.type == "function":
            arguments = [t for t in token.arguments if t.type != "whitespace"]
            if token.lower_name == "var" and arguments and arguments[0].type == "ident":
                found.add(arguments[0].value)
            found |= var_names(token.arguments)
        elif token.type in ("() block", "[] block", "{} block"):
            found |= var_names(token.content)
    return found


def test_every_custom_property_something_reads_is_still_declared(built_site: Path, engine: str) -> None:
    texts = [path.read_text(encoding="utf-8") for pattern in ("*.html", "*.js") for path in built_site.rglob(pattern)]
    ours = [path.read_text(encoding="utf-8") for path in built_site.glob("assets/*.css")]
    before = {path: original(built_site, path, engine) for path in site_stylesheets(built_site)}
    after = {path: path.read_text(encoding="utf-8") for path in before}
    surviving = [rule for css in ours for _, rule in style_rules(css)]
    for path, css in before.items():
        kept = selectors(after[path])
        surviving += [rule for context, rule in style_rules(css) if {(context, s) for s in _split(rule.prelude)} & kept]
    read = {name for rule in surviving for d in declarations(rule) for name in var_names(d.value)}

    def declared(css: str) -> set[str]:
        return {d.name for _, rule in style_rules(css) for d in declarations(rule) if d.name.startswith("--")}

    read |= {name for css in before.values() for name in declared(css) if any(name in text for text in texts)}
    assert {"--md-default-fg-color--light", "--md-accent-fg-color", "--md-typeset-a-color"} <= read
    for path, css in before.items():
        assert declared(css) & read <= declared(after[path]), f"{path.name}: read, and no longer declared"
        if path.name.startswith("main."):
            gone = {"--md-admonition-icon--bug", "--md-tasklist-icon", "--md-source-stars-icon"}
            assert gone <= declared(css) - declared(after[path])


@pytest.mark.parametrize("name", ["main", "palette"])
def test_slimmed_css_has_no_source_map(built_site: Path, name: str) -> None:
    folder = next(path.parent for path in site_stylesheets(built_site) if path.name.startswith(f"{name}."))
    assert [path.name for path in folder.iterdir() if path.name.startswith(f"{name}.")] == [
        path.name for path in folder.glob(f"{name}.*.min.css")
    ]
    assert "sourceMappingURL" not in next(folder.glob(f"{name}.*.min.css")).read_text(encoding="utf-8")


def parse_errors(css: str) -> list[Any]:
    errors: list[Any] = []

    def walk(rules: Iterable[Any]) -> None:
        for rule in rules:
            if rule.type == "error":
                errors.append(rule)
            elif rule.type == "qualified-rule":
                errors.extend(d for d in tinycss2.parse_blocks_contents(rule.content) if d.type == "error")
            elif rule.type == "at-rule" and rule.content is not None:
                if rule.lower_at_keyword in ("media", "supports", "keyframes"):
                    walk(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True))
                else:
                    errors.extend(d for d in tinycss2.parse_blocks_contents(rule.content) if d.type == "error")

    walk(_rules(css))
    return errors


@pytest.mark.parametrize(
    ("css", "errors"),
    [
        ("a{color:red}@media x{b{c:d}}", 0),
        ("a{color:red}}", 1),
        ("a{c d}", 1),
        ("@media x{b{c d}}", 1),
        ("@supports (x:y){@media x{b{c d;e f}}}", 2),
        ("@keyframes k{0%{c d}}", 1),
        ("@font-face{c d}", 1),
    ],
)
def test_parse_errors_finds_errors(css: str, errors: int) -> None:
    assert len(parse_errors(css)) == errors


def test_slimmed_css_parses_without_errors(built_site: Path) -> None:
    for path in site_stylesheets(built_site):
        css = path.read_text(encoding="utf-8")
        assert len(selectors(css)) > 5, path.name
        assert parse_errors(css) == [], path.name


# The index: what tinycss2 gives, byte for byte ------------------------------------------------

# slim.py's first expressions, before they were made faster: what those must still find.
REFERENCE_ATTRIBUTE = re.compile(r"""\b[\w-]+\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""")
REFERENCE_STRING = re.compile(r""""(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`""")


def reference_used_words(pages: Iterable[str], scripts: Iterable[str]) -> frozenset[str]:
    used: set[str] = set()
    for html in pages:
        for match in REFERENCE_ATTRIBUTE.finditer(html):
            value = match.group(1) or match.group(2) or match.group(3) or ""
            used.add(value)
            used.update(value.split())
    for script in scripts:
        for string in REFERENCE_STRING.findall(script):
            used.update(re.findall(r"[A-Za-z_][\w-]*", string))
    return frozenset(used)


def reference_slim_stylesheets(site: Path, stylesheets: str = "assets/stylesheets") -> tuple[int, int]:
    """``slim_stylesheets`` as it was before the index: tinycss2 parses every stylesheet, every time."""
    pages = [path.read_text(encoding="utf-8") for path in site.rglob("*.html")]
    scripts = [
        path.read_text(encoding="utf-8")
        for path in site.rglob("*.js")
        if not path.relative_to(site).as_posix().startswith(WORKER_SCRIPTS)
    ]
    used = reference_used_words(pages, scripts)
    sheets = {path: path.read_text(encoding="utf-8") for path in sorted(site.rglob("*.css"))}
    theme = sorted((site / stylesheets).rglob("*.css"))
    purged = {path: _purge_reference(sheets[path], used) for path in theme}
    properties = used_properties(pages, scripts, [purged.get(path, css) for path, css in sheets.items()])
    before = after = 0
    for path in theme:
        slimmed = without_properties(purged[path], properties)
        path.write_text(slimmed, encoding="utf-8")
        before, after = before + len(sheets[path].encode()), after + len(slimmed.encode())
    for path in (site / stylesheets).rglob("*.css.map"):
        path.unlink()
    return before, after


def outcome(run: Callable[[], tuple[str, str]]) -> tuple[str, str] | str:
    """What ``run`` gives, or the name of the exception it raises (tinycss2 cannot write every parse error)."""
    try:
        return run()
    except Exception as error:  # the index must fail as tinycss2 does
        return type(error).__name__


def by_tinycss2(css: str, used: frozenset[str], properties: frozenset[str]) -> tuple[str, str] | str:
    """``css`` purged, then without the custom properties not in ``properties``, by tinycss2 alone."""

    def run() -> tuple[str, str]:
        purged = _purge_reference(css, used)
        return purged, without_properties(purged, properties)

    return outcome(run)


def by_index(css: str, used: frozenset[str], properties: frozenset[str]) -> tuple[str, str] | str:
    def run() -> tuple[str, str]:
        purged = Purged.of(css, used)
        return purged.text, purged.without(properties)

    return outcome(run)


def every_word(css: str) -> frozenset[str]:
    """Every class and attribute value the selectors of ``css`` name: with them all used, no rule goes."""
    found: set[str] = set()
    for _, selector in selectors(css):
        classes, values = needs(tinycss2.parse_component_value_list(selector))
        found |= classes | values
    return frozenset(found)


THEME_SHEETS = sorted(path for folder in THEME_STYLESHEETS.values() for path in folder.rglob("*.css"))


@functools.cache
def theme_sheet(path: Path) -> tuple[str, list[str], list[str]]:
    """A stylesheet the engines ship, its words and the custom properties it declares."""
    css = path.read_text(encoding="utf-8")
    return css, sorted(every_word(css)), sorted(set(re.findall(r"--[\w-]+", css)))


@pytest.mark.parametrize("path", THEME_SHEETS, ids=lambda path: f"{path.parent.name}/{path.name.split('.')[0]}")
def test_the_theme_stylesheets_have_an_index(path: Path) -> None:
    """Each is purged by the index, not by tinycss2 again (and all is used: the index leaves every rule)."""
    css, words, _ = theme_sheet(path)
    assert slim._build_index(css) is not None
    everything = frozenset(words)
    assert by_index(css, everything, frozenset()) == by_tinycss2(css, everything, frozenset())


@settings(max_examples=24, deadline=None, database=None)
@given(
    path=st.sampled_from(THEME_SHEETS),
    share=st.sampled_from([0.0, 0.02, 0.2, 0.5, 0.8, 0.98, 1.0]),
    read=st.sampled_from([0.0, 0.3, 0.9, 1.0]),
    seed=st.integers(min_value=0),
)
def test_the_index_purges_the_theme_stylesheets_as_tinycss2_does(
    path: Path, share: float, read: float, seed: int
) -> None:
    """Any share of the words used (drawn at random), any share of the custom properties read."""
    css, words, declared = theme_sheet(path)
    choose = random.Random(seed)
    used = frozenset(word for word in words if choose.random() < share)
    properties = frozenset(name for name in declared if choose.random() < read)
    assert by_index(css, used, properties) == by_tinycss2(css, used, properties)


def unslimmed(site: Path, engine: str, into: Path) -> Path:
    """A copy of the built ``site`` as it was before it was slimmed: the theme's stylesheets as the
    engine ships them, our scripts and stylesheets as written (the build minifies them after)."""
    shutil.copytree(site, into)
    folder = into / "assets" / "stylesheets"
    for path in folder.rglob("*.css"):
        shipped = THEME_STYLESHEETS[engine] / path.relative_to(folder)
        assert shipped.is_file(), shipped
        shutil.copyfile(shipped, path)
        if shipped.with_name(shipped.name + ".map").is_file():
            shutil.copyfile(shipped.with_name(shipped.name + ".map"), path.with_name(path.name + ".map"))
    for source_folder in (THEME, DOCS):
        for source in source_folder.rglob("*"):
            copy = into / source.relative_to(source_folder)
            if source.suffix in (".js", ".css") and copy.is_file():
                shutil.copyfile(source, copy)
    return into


def files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*") if path.is_file()}


def test_the_index_slims_the_real_site_as_tinycss2_does(built_site: Path, engine: str, tmp_path: Path) -> None:
    fast, slow = unslimmed(built_site, engine, tmp_path / "fast"), unslimmed(built_site, engine, tmp_path / "slow")
    assert slim_stylesheets(fast) == reference_slim_stylesheets(slow)
    assert files(fast) == files(slow)


def test_the_build_slimmed_the_site_as_tinycss2_does(built_site: Path, engine: str, tmp_path: Path) -> None:
    """What the build wrote (another process, the index perhaps from the disk) is what tinycss2 makes of it."""
    slow = unslimmed(built_site, engine, tmp_path / "slow")
    reference_slim_stylesheets(slow)
    folder = "assets/stylesheets/"
    built = {name: data for name, data in files(built_site).items() if name.startswith(folder)}
    assert built == {name: data for name, data in files(slow).items() if name.startswith(folder)}


def test_used_words_finds_what_the_first_expressions_found_in_the_site(built_site: Path) -> None:
    pages = [path.read_text(encoding="utf-8") for path in built_site.rglob("*.html")]
    scripts = [path.read_text(encoding="utf-8") for path in built_site.rglob("*.js")]
    assert used_words(pages, scripts) == reference_used_words(pages, scripts)


MARKUP = st.text(alphabet="ab-_=\"' <>\n\t/x:", max_size=60)
SCRIPT = st.text(alphabet="ab-_\"'`\\\n ${}x", max_size=60)


@settings(max_examples=300, deadline=None, database=None)
@given(pages=st.lists(MARKUP, max_size=3), scripts=st.lists(SCRIPT, max_size=3))
def test_used_words_finds_what_the_first_expressions_found(pages: list[str], scripts: list[str]) -> None:
    assert used_words(pages, scripts) == reference_used_words(pages, scripts)


# Stylesheets hypothesis writes: mostly what a theme's look like, with now and then what makes the index
# give up (a comment-like token, a lone backslash, an unclosed string, a stray bracket...).
CLASSES = ("a", "b", "md-c", "d_1")
VALUES = ("red", "blue", "x y")
PROPERTIES = ("--a", "--b", "--md-c", "--A")


def joined(parts: st.SearchStrategy[list[str]], separators: Iterable[str]) -> st.SearchStrategy[str]:
    return st.tuples(parts, st.sampled_from(list(separators))).map(lambda pair: pair[1].join(pair[0]))


SIMPLE = st.one_of(
    st.sampled_from(CLASSES).map(".{}".format),
    st.sampled_from(CLASSES).map("p.{}::before".format),
    st.sampled_from(VALUES[:2]).map("[data-v={}]".format),
    st.sampled_from(VALUES).map('[data-v="{}"]'.format),
    st.sampled_from(CLASSES).map(":not(.{})".format),
    st.sampled_from(CLASSES).map(":is(.{0},.b) .{0}".format),
    st.sampled_from(["*", "#id", "a:hover", "[hidden]", "[href^=x]", "[type=a i]", "\\31 a", "html", "-x"]),
)
SELECTORS = joined(
    st.lists(joined(st.lists(SIMPLE, min_size=1, max_size=3), ["", " ", ">", " > ", "+", "~"]), max_size=3),
    [",", ", ", " ,", ",,"],
)
DECLARATION = st.builds(
    "{}:{}{}".format,
    st.sampled_from(["color", "margin", *PROPERTIES]),
    st.sampled_from(["red", " 1px ", "var(--a)", "var( --b , var(--md-c))", 'url("d.svg")', "url(x)", "a b", ""]),
    st.sampled_from(["", " !important", "!important"]),
)
ITEM = st.one_of(DECLARATION, DECLARATION, DECLARATION, st.sampled_from([".y{color:red}", "y", "@media x{a:b}", ";"]))
BLOCK = joined(st.lists(ITEM, max_size=4), [";", "; ", ";\n", " ; "]).flatmap(
    lambda block: st.sampled_from([block, block + ";", " " + block + " "])
)
RULE = st.builds("{}{{{}}}".format, SELECTORS, BLOCK)
GROUPS = st.recursive(
    RULE,
    lambda inner: st.builds(
        "{}{{{}}}".format,
        st.sampled_from(["@media screen", "@media print and (min-width:1px)", "@supports (display:grid)", "@MEDIA x"]),
        joined(st.lists(inner, max_size=3), ["", " ", "\n"]),
    ),
    max_leaves=8,
)
OTHERS = st.sampled_from(
    [
        "@keyframes k{0%{a:b}to{--a:c}}",
        "@font-face{--a:1;src:url(a.woff2)}",
        '@charset "utf-8";',
        "@media print{}",
        "@media x{ }",
        "@import url(x.css);",
        "{a:b}",
        ".e{}",
    ]
)
ODDITIES = ["/**/", "/* .a */", "\\", "\\\n", "<!--", "-->", '"open', "'", "}", "{", ")", "]", "(", "@x ", ",", ";"]
ODDITIES += [" ", "url(", "--", "-", "#", "é", "\r\n", "\0", "@media y{", "a\\,b", "/*"]
STYLESHEETS = st.tuples(
    joined(st.lists(st.one_of(GROUPS, GROUPS, OTHERS), max_size=6), ["", " ", "\n"]),
    st.lists(st.tuples(st.sampled_from(ODDITIES), st.integers(min_value=0)), max_size=2),
).map(lambda sheet: oddly(*sheet))


def oddly(css: str, oddities: list[tuple[str, int]]) -> str:
    for oddity, where in oddities:
        at = where % (len(css) + 1)
        css = css[:at] + oddity + css[at:]
    return css


@settings(max_examples=500, deadline=None, database=None)
@given(
    css=STYLESHEETS,
    used=st.frozensets(st.sampled_from([*CLASSES, *VALUES, "zz"])),
    properties=st.frozensets(st.sampled_from(PROPERTIES)),
)
def test_the_index_purges_any_stylesheet_as_tinycss2_does(
    css: str, used: frozenset[str], properties: frozenset[str]
) -> None:
    assert by_index(css, used, properties) == by_tinycss2(css, used, properties)


@settings(max_examples=300, deadline=None, database=None)
@given(
    css=st.text(alphabet=".ab-{}()[],;:@\"'\\/* \n<!>=^#%1", max_size=50),
    used=st.frozensets(st.sampled_from(["a", "b", "ab", "a-b", "1"])),
    properties=st.frozensets(st.sampled_from(["--a", "--b", "--"])),
)
def test_the_index_purges_any_text_as_tinycss2_does(css: str, used: frozenset[str], properties: frozenset[str]) -> None:
    assert by_index(css, used, properties) == by_tinycss2(css, used, properties)


@pytest.mark.parametrize("css", [case.values[0] for case in (*PURGE_CASES, *PROPERTY_CASES)])
def test_the_cases_above_have_an_index(css: str) -> None:
    assert slim._build_index(css) is not None


@settings(max_examples=100, deadline=None, database=None)
@given(css=joined(st.lists(st.one_of(GROUPS, OTHERS), max_size=6), ["", " ", "\n"]))
def test_what_hypothesis_writes_without_oddities_has_an_index(css: str) -> None:
    """So the tests above try the index, not only what it falls back on."""
    assert slim._build_index(css) is not None


@pytest.mark.parametrize(
    "css",
    [
        ".a\\\n{b:c}",  # a lone backslash
        ".a,<!-- .b{c:d}",
        ".a,@b{c:d}",  # without .a, it would be read back as an at-rule
        '.a{content:"open}',
        ".a{b:c}}",
        ".a,--> .b{c:d}",  # without .a, the "-->" would be skipped
    ],
)
def test_what_the_index_cannot_vouch_for_is_left_to_tinycss2(css: str) -> None:
    assert slim._build_index(css) is None
    for used in (frozenset(), frozenset({"a"}), frozenset({"a", "b"})):
        for properties in (frozenset(), frozenset({"--c"})):
            assert by_index(css, used, properties) == by_tinycss2(css, used, properties)


# The index on the disk ----------------------------------------------------------------------

MAIN = next(THEME_STYLESHEETS["mkdocs"].glob("main.*.min.css"))
USED = ("md-header", "md-typeset", "md-nav__link", "footnote")


def purge_in_a_process(cache: Path, output: Path, *, may_build: bool = True) -> str:
    """Purge Material's main stylesheet in a process of its own, with its cache in ``cache``."""
    code = "\n".join(
        [
            "import sys",
            "from letter_site.engines import cssindex, slim",
            "" if may_build else "cssindex.build_index = None  # the index must come from the disk",
            "css = open(sys.argv[1], encoding='utf-8').read()",
            "open(sys.argv[2], 'w', encoding='utf-8').write(slim.purge(css, frozenset(sys.argv[3:])))",
        ]
    )
    command = [sys.executable, "-c", code, str(MAIN), str(output), *USED]
    result = subprocess.run(
        command,
        env={**os.environ, "XDG_CACHE_HOME": str(cache)},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return output.read_text(encoding="utf-8")


def indexes(cache: Path) -> list[Path]:
    return sorted((cache / "letter-site").glob("*"))


def test_another_process_reads_the_index_from_the_disk(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = purge_in_a_process(cache, tmp_path / "first.css")
    assert [path.name.split("-")[0] for path in indexes(cache)] == ["slim"]
    second = purge_in_a_process(cache, tmp_path / "second.css", may_build=False)
    assert first == second == _purge_reference(MAIN.read_text(encoding="utf-8"), frozenset(USED))


# Enough rules for a stylesheet to be worth keeping on the disk.
LARGE = "".join(f"*>.r{number}{{a:b}}" for number in range(slim.DISK_MINIMUM // 10))


def test_a_small_stylesheet_is_not_kept_on_the_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    slim._index.cache_clear()
    small = ".a{b:c}.d{e:f}" + LARGE[: slim.DISK_MINIMUM - 20]
    assert purge(small, frozenset({"a"})) == ".a{b:c}"
    assert indexes(tmp_path) == []
    assert purge(small + "/* larger */", frozenset({"a"})) == ".a{b:c}"
    assert len(indexes(tmp_path)) == 1


def rewritten(data: bytes, **header: Any) -> bytes:
    """The cache file ``data`` with its header's fields changed (and its payload's checksum right)."""
    head, _, payload = data.partition(b"\n")
    fields = {**json.loads(head), **header}
    if "payload" in header:
        payload = header["payload"]
        fields["payload"] = hashlib.sha256(payload).hexdigest()
    return json.dumps(fields).encode() + b"\n" + payload


DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "empty": lambda data: b"",
    "cut short": lambda data: data[: len(data) // 2],
    "no payload": lambda data: data.partition(b"\n")[0],
    "a bit flipped": lambda data: data[:-5] + bytes([data[-5] ^ 1]) + data[-4:],
    "not JSON": lambda data: b"\x00\xff\xfe" + data,
    "another format": lambda data: rewritten(data, format=-1),
    "another tinycss2": lambda data: rewritten(data, tinycss2="0.0"),
    "another stylesheet's": lambda data: rewritten(data, css="0" * 64),
    "not an index": lambda data: rewritten(data, payload=b'{"rule":[]}'),
    "a rule without its words": lambda data: rewritten(data, payload=b'[["rule",[".a"],[],"b:c",null]]'),
    "a rule that is no string": lambda data: rewritten(data, payload=b'[["rule",[".a"],[["a"]],1,null]]'),
    "a word that is no string": lambda data: rewritten(data, payload=b'[["rule",[".a"],[[1]],"b:c",null]]'),
    "a group of no rules": lambda data: rewritten(data, payload=b'[["group","@media x",null]]'),
    "an unknown node": lambda data: rewritten(data, payload=b'[["table",1,2]]'),
    "nested too deep": lambda data: rewritten(
        data, payload=b"[" + b'["group","@media x",' * 5000 + b"[]" + b"]" * 5001
    ),
}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_damaged_index_is_built_again_and_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: Callable[[bytes], bytes]
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    css = ".a{b:c}.d,.e{--f:g;h:i}@media x{.a{b:c}}" + LARGE
    digest = hashlib.sha256(css.encode()).hexdigest()
    expected = by_tinycss2(css, frozenset({"a", "e"}), frozenset())
    slim._index.cache_clear()
    assert by_index(css, frozenset({"a", "e"}), frozenset()) == expected
    [path] = indexes(tmp_path)
    loaded = slim._load(path, digest)
    assert loaded is not None
    assert loaded[0] is not None
    assert json.dumps(slim._encode(loaded[0])) == json.dumps(slim._encode(slim._index(css)))
    good = path.read_bytes()
    path.write_bytes(damage(good))
    assert slim._load(path, digest) is None
    slim._index.cache_clear()
    assert by_index(css, frozenset({"a", "e"}), frozenset()) == expected
    assert path.read_bytes() == good
    assert indexes(tmp_path) == [path]  # and no temporary file left


@pytest.mark.parametrize("where", ["a file", "a folder"])
def test_a_cache_that_cannot_be_written_is_no_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    css = f".a{{b:c}}.d{{e:f}}/* {where} */" + LARGE
    if where == "a file":  # the cache folder is a file
        (tmp_path / "cache").write_text("")
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    else:  # the index's file is a folder
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
        digest = hashlib.sha256(css.encode()).hexdigest()
        path = slim._cache_file(digest)
        assert path is not None
        path.mkdir(parents=True)
    slim._index.cache_clear()
    assert purge(css, frozenset({"a"})) == ".a{b:c}"
    if where == "a folder":
        assert [path.is_dir() for path in (tmp_path / "letter-site").iterdir()] == [True]  # no temporary file left
