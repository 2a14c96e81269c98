"""The letter's record on the site: an older version's notice, the current letter's version line, the Versions page.

Plain HTML from the record (:mod:`letter_site.history`): what changed is said
in a letter's terms, each changed paragraph with links to its ¶ in both
versions, each version's PDF with its SHA-256 so that anyone can check a copy
they were sent.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from html import escape

from ..common.dates import day_month_year
from ..common.ids import paragraph_id
from ..history.changes import Changes, Words, summary
from ..history.record import Version


@dataclass(frozen=True)
class Notice:
    """What an older version's pages say of it: the letter as of when, and where the current one is."""

    tag: str
    date: str  # "1 September 2023"
    current: str  # the current letter's address
    versions: str  # the Versions page's address
    since: str  # "3 organizations have signed since; 2 corrections"; "" in the version's own build (filled in after)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Notice:
        return cls(**json.loads(text))


def notice_html(notice: Notice, printed: bool = False, as_published: str | None = None) -> str:
    """The notice at the top of each of an older version's pages (and its PDF and Word file).

    ``printed``: for paper, each link's address written after it (a page printed from a browser
    has its theme's print rules do that).  ``as_published``: the address of the version's PDF as it
    was published (a copy someone was sent is that file; the PDF beside it opens with this notice).
    """

    def link(address: str, text: str) -> str:
        shown = f" &lt;{escape(address)}&gt;" if printed else ""
        return f'<a href="{escape(address)}">{text}</a>{shown}'

    return (  # Material's "info" box on the site (its own rules, kept where used); pdf.css draws it in print
        '<div class="admonition info letter-version-notice" role="note">'
        f'<p class="admonition-title">This is the letter as of {escape(notice.date)} (version {escape(notice.tag)})</p>'
        f"<p>{link(notice.current, 'The current letter')}{since_html(notice.since)}. "
        f"{link(notice.versions, 'Every version')}."
        + (f" {link(as_published, 'Its PDF as it was published')}." if as_published else "")
        + "</p></div>"
    )


HEADING_ID = "versions-of-the-letter"  # the Versions page's title: where its "Skip to content" leads
TITLE = "Versions of the letter"
NOTE_AT_MOST = 2_000  # characters of a release's note shown (a note pasted whole from elsewhere: cut with "…")
SINCE = '<span class="letter-version-since">{}</span>'


def since_html(since: str) -> str:
    """What changed since, in the notice: kept out of a version's own build (which a new release must not
    make again), and put in when its pages are copied into the site."""
    return SINCE.format(f": {escape(since)}" if since else "")


def version_line(versions: tuple[Version, ...], versions_href: str) -> str:
    """The current letter's line: which version it is, and a link to the record."""
    last = versions[-1]
    if last.release is not None:
        text = f"Version {escape(last.release.tag)} of {day_month_year(last.release.date.date())}"
    else:
        before = versions[-2].release
        assert before is not None
        text = f"Version {escape(before.tag)} of {day_month_year(before.date.date())}, with changes made since"
    return f'<p class="letter-chrome letter-version">{text} · <a href="{escape(versions_href)}">Every version</a></p>'


def versions_page_html(
    versions: tuple[Version, ...], version_url: dict[str | None, str], digests: dict[str, tuple[str, str]]
) -> str:
    """The Versions page: newest first, each with its date, note, files and what changed from the one before.

    ``version_url`` gives each version's letter page (``None``: the current letter); ``digests`` the
    name and SHA-256 of each version's PDF as it was published, by tag.
    """
    blocks = [f'<h1 id="{HEADING_ID}">{TITLE}</h1>']
    for index in range(len(versions) - 1, -1, -1):
        version = versions[index]
        release = version.release
        tag = release.tag if release else None
        page = version_url[tag]
        if release is None:
            blocks.append('<section class="letter-version-entry"><h2>Changes since the last version</h2>')
            blocks.append(f'<p>In the <a href="{escape(page)}">current letter</a>, not yet part of a version.</p>')
        else:
            anchor = f"version-{release.tag}"
            blocks.append(f'<section class="letter-version-entry" id="{escape(anchor)}"><h2>{escape(release.tag)}, '
                          f"{day_month_year(release.date.date())}</h2>")  # fmt: skip
            if release.released is not None:
                blocks.append(f'<p class="letter-version-released">Released on '
                              f"{day_month_year(release.released.date())}.</p>")  # fmt: skip
            note = release.note if len(release.note) <= NOTE_AT_MOST else release.note[:NOTE_AT_MOST] + " …"
            blocks += [f'<p class="letter-version-note">{escape(" ".join(paragraph.split()))}</p>'
                       for paragraph in note.split("\n\n") if paragraph.strip()]  # fmt: skip
            files = [f'<a href="{escape(page)}">The letter as of this version</a>']
            if release.tag in digests:
                name, digest = digests[release.tag]
                files.append(f'<a href="{escape(page)}{escape(name)}">its PDF as published</a> '
                             f"(SHA-256 <code>{digest}</code>: a copy sent then has the same)")  # fmt: skip
            blocks.append(f"<p>{', '.join(files)}.</p>")
        read_before = [earlier for earlier in versions[:index] if earlier.said is not None]
        if version.said is None:
            blocks.append("<p>Kept as an older letter-site built it (versions.yaml): what changed to and from it "
                          "is not computed.</p>")  # fmt: skip
        elif index and versions[index - 1].said is None:
            kept = versions[index - 1].release
            assert kept is not None
            blocks.append(f"<p>What changed since {escape(kept.tag)} is not computed: that version is kept as an "
                          "older letter-site built it (versions.yaml).</p>")  # fmt: skip
        elif not read_before:
            blocks.append("<p>The first version.</p>")
        else:
            before = read_before[-1]
            before_url = version_url[before.release.tag if before.release else None]
            named = before.release.tag if before.release else "the version before"
            blocks.append(f"<p>Since {escape(named)}: {escape(summary(version.changes, since=''))}.</p>")
            blocks.append(changes_html(version.changes, before_url, page))
        blocks.append("</section>")
    return "\n".join(blocks)


def changes_html(changes: Changes, before: str, after: str) -> str:
    """The changes as a list: who signed, ¶ word differences (linked in both versions), notes, sources."""
    items = [f"<li>Signed: {escape(s.name)}</li>" for s in changes.signed]
    items += [f"<li>Withdrawn: {escape(s.name)}</li>" for s in changes.withdrawn]
    if changes.title:
        items.append(f"<li>Title: <del>{escape(changes.title[0])}</del> <ins>{escape(changes.title[1])}</ins></li>")
    for change in changes.paragraphs:
        links = []
        if change.old:
            links.append(
                f'<a href="{escape(before)}#{paragraph_id(change.old.number)}">¶ {change.old.number} before</a>'
            )
        if change.new:
            links.append(f'<a href="{escape(after)}#{paragraph_id(change.new.number)}">¶ {change.new.number} now</a>')
        what = "added" if not change.old else "removed" if not change.new else "reworded"
        items.append(f"<li>Paragraph {what} ({', '.join(links)}): {words_html(change.words)}</li>")
    for note in changes.notes:
        if note.old_text is None:
            items.append(f"<li>Note {note.new_number} added: {escape(note.new_text or '')}</li>")
        elif note.new_text is None:
            items.append(f"<li>Note {note.old_number} removed: <del>{escape(note.old_text)}</del></li>")
        else:
            items.append(f"<li>Note {note.new_number}: <del>{escape(note.old_text)}</del> "
                         f"<ins>{escape(note.new_text)}</ins></li>")  # fmt: skip
    for source in changes.sources:
        if source.field in ("added", "removed"):
            items.append(f"<li>Source {source.field}: {escape(source.new or source.old or '')}</li>")
        else:
            label = "address" if source.field == "url" else source.field
            items.append(f"<li>Source's {label}: <del>{escape(source.old or '')}</del> "
                         f"<ins>{escape(source.new or '')}</ins></li>")  # fmt: skip
    return f'<ul class="letter-version-changes">{"".join(items)}</ul>' if items else ""


def words_html(words: Words, context: int = 12) -> str:
    """A word difference: kept words (a long run shortened to ``context`` words each side), ``<del>``, ``<ins>``."""
    tags = {"=": "{}", "-": "<del>{}</del>", "+": "<ins>{}</ins>"}
    out = []
    for index, (op, text) in enumerate(words):
        out.append(tags[op].format(escape(_shortened(text, index, len(words), context) if op == "=" else text)))
    return " ".join(out)


def _shortened(text: str, index: int, runs: int, context: int) -> str:
    """A long run of kept words: its ends that touch a change (``context`` words), the rest as "…"."""
    kept = text.split()
    if len(kept) <= 2 * context:
        return text
    head = " ".join(kept[:context]) if index else ""  # after a change
    tail = " ".join(kept[-context:]) if index < runs - 1 else ""  # before one
    return " … ".join(part for part in (head, tail) if part) if head and tail else f"{head} …" if head else f"… {tail}"
