"""A draft's note texts, read back into cites: the first step of ``letter-site import`` (issue 16).

A published letter's notes are the citation engine's output read by a person:
``Author, Title (7 February 2014), A/HRC/25/CRP.1, para. 1211 (“…”), https://…``,
``Id., paras. 380-434.``, several cites joined by `` ; ``.  Drafts write them in
other ways too: ``Human Rights Watch, “Title,” March 3, 2023, https://…``,
``Author, Title (Publisher, 2020), p. 12.``, ``Ibid., p. 4.``, ``Id. at 12.``,
``Smith, supra note 2, at 45``, ``Op. cit., p. 7``, ``See, e.g., …``, ``A; B``, and
notes that cite nothing.  Drafts mark titles and outlets in italics, passed here as
Markdown emphasis (``HRW, *Worse than Hell* (2022)``, ``“Title,” *The Guardian*``):
a sign read, then taken off every field.  :func:`read_note` takes one note's text apart into
:class:`DraftCite` values, the inverse of
:func:`letter_site.cite.citations.full_form`, and says where it guessed
(:attr:`DraftCite.guesses`): nothing is guessed silently.

Existing parsers were looked at first: eyecite reads US case-law citations
(reporters and volumes), refextract scholarly references (journals, DOIs,
arXiv); neither knows UN symbols, "Id." with a pinpoint, or the form above.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .note_parts import DAY_IN_TITLE, peel, read_date, tail, unmark, within

# An author named before the title: a short name, its words capitalised but for a few small ones
# ("OHCHR, Comment by …", "Institute for Invented Studies, Returned to harm?", "Border Watch (an invented NGO), …");
# a publisher after it.  A title's first words (Report of …, Resolution …) are not a name.
_SMALL = r"for|of|the|and|&|on|in|de|du|des|against|to"
_NAME = rf"[A-Z][\w.&’'-]*(?: (?:[A-Z0-9][\w.&’'-]*|{_SMALL}))*(?: \([^()]+\))?"
_TITLE_WORD = r"(?:Report|Resolution|Letter|Statement|Concluding|Situation|Question|Promoting|Opinion|Decision)\b"
_AUTHOR = re.compile(rf"(?!{_TITLE_WORD})(?P<author>{_NAME}),\s+(?P<rest>.+)", re.DOTALL)
_PUBLISHER = re.compile(rf",\s+(?!{_TITLE_WORD})(?P<publisher>(?:The )?{_NAME})$")
# A title in quotation marks, a publisher perhaps after it: “Title,” The Guardian / “Title”, Reuters.
_QUOTED = re.compile(r"“(?P<a>.+?)”|\"(?P<b>.+?)\"|‘(?P<c>.+?)’", re.DOTALL)
_OUTLET = re.compile(rf",?\s+(?P<publisher>(?:The )?{_NAME})")
# Words drafts italicise that are no title: Bluebook's signals and repeats ("*See id.*"), "et al.".
_SEE = r"(?:but\s+)?see(?:\s+(?:also|generally|further))?(?:,?\s+e\.g\.?)?|cf\.?|e\.g\.?"
_WORDS = r"id\.?|ibid(?:em)?\.?|supra|infra|(?:op|loc)\.?\s*cit\.?|et\s+al\.?|i\.e\.?|passim|sic|et\s+seq\.?"
_LATIN = re.compile(rf"(?i:(?:{_SEE})(?:,?\s+(?:{_WORDS}))?|{_WORDS}|inter\s+alia)")
_REPEAT = re.compile(r"(?P<word>(?i:ibid(?:em)?\.?|id(?:em)?\.))(?P<rest>(?:[\s,:].*)?)", re.DOTALL)
# A work cited in an earlier note: "Supra note 3", "Smith, supra note 2, at 45", "HRW, op. cit., p. 7", "above n 4".
_EARLIER = re.compile(
    r"(?:(?P<name>.+?),?\s+)?(?P<word>(?i:supra|op\.?\s*cit\.?|loc\.?\s*cit\.?|above(?=,?\s+(?:note|n\.?)\s*\d)))"
    r"(?:,?\s+(?i:note|n\.?|fn\.?|footnote)\s*(?P<note>\d+))?(?P<rest>(?:[\s,:].*)?)",
    re.DOTALL,
)
# The words before a cite: a signal ("See", "See, e.g.,", "Cf.") after perhaps a comment ("On this, see").
_SIGNAL = r"(?:[Ss]ee(?:\s+also|\s+generally|\s+further)?(?:,?\s+e\.g\.,?)?|[Cc]f\.|[Cc]ompare|E\.g\.,|[Bb]ut\s+see)"
_LEAD = re.compile(rf"(?P<lead>(?:[^“”\"()]*?[.;:,]\s+)?{_SIGNAL})\s+(?P<rest>\S.*)", re.DOTALL)
_KEEP_DOT = re.compile(r"(?i)\b(?:id|ibid|cit|al|inc|ltd|co|seq|ff|etc|jr|sr)\.$")


@dataclass(frozen=True)
class DraftCite:
    """One cite of a note as the draft writes it: a document in full, a repeat, a work cited earlier, or a comment.

    Exactly one of: ``repeat`` (the source of the note just before), ``earlier``
    (a source of an earlier note, named by ``refers_to`` and/or ``author``/``title``),
    ``comment`` (no source: ``text`` is the comment), or a document in full.
    """

    text: str  # as written, for the review list
    repeat: str | None = None  # "Id." or "Ibid." (however written: "ibid", "Ibidem"): the source of the note before
    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    date: dt.date | None = None
    symbol: str | None = None
    url: str | None = None
    pinpoint: str | None = None
    quotation: str | None = None
    guesses: tuple[str, ...] = field(default=())  # what a person should confirm, each in a few words
    # "supra" ("supra", "above n") or "op. cit." ("loc. cit."): a source cited in an earlier note, not necessarily
    # the one just before.  ``refers_to`` is the note it names ("supra note 3"); ``author`` or ``title`` the name
    # written before the word ("Smith, supra …", "“Worse than Hell,” supra …"), to match an earlier source's
    # author or the start of its title.  With neither, the last source cited before it (a guess says so).
    earlier: str | None = None
    refers_to: int | None = None
    comment: bool = False  # cites nothing ("The author has kept the names confidential."): ``text`` is all of it
    lead: str | None = None  # words before the cite, not part of it: "See", "See, e.g.,", "On this, see"
    partial_date: str | None = None  # a date without a day ("2009", "June 2022"): ``date`` stays None (a guess says)
    accessed: str | None = None  # when the draft says the page was visited ("accessed 3 May 2023"): "3 May 2023"


def read_note(text: str) -> tuple[DraftCite, ...]:
    """The cites of one note's text, in order: ``A ; B`` (the engine's) or ``A; B`` (a draft's) is two.

    A ";" inside quotation marks or parentheses does not part cites, nor one
    that would leave a part citing nothing: ``Names kept confidential; see …``
    is one cite with its lead, a comment of two clauses one comment.
    """
    text = text.strip()
    groups: list[tuple[int, int]] = []
    comment_before = False
    for start, end in _parts(text):
        comment = read_cite(text[start:end]).comment
        if groups and (comment or comment_before):
            groups[-1] = (groups[-1][0], end)
        else:
            groups.append((start, end))
        comment_before = comment
    return tuple(read_cite(text[start:end]) for start, end in groups)


def _parts(text: str) -> list[tuple[int, int]]:
    """Where ``text`` parts at a "; " outside quotation marks, parentheses and brackets."""
    spans, start, depth, straight = [], 0, 0, False
    for index, character in enumerate(text):
        if character in "“([":
            depth += 1
        elif character in "”)]":
            depth = max(depth - 1, 0)
        elif character == '"':
            straight = not straight
        elif character == ";" and not depth and not straight and text[index + 1 : index + 2].isspace():
            spans.append((start, index))
            start = index + 1
    return [*spans, (start, len(text))]


def read_cite(text: str) -> DraftCite:
    """One cite: a repeat (``Id., para. 34.``), a work cited earlier (``supra note 3``), a document, or a comment."""
    text = text.strip()
    clean, italics = unmark(text)
    lead, start, body = None, 0, clean
    # "See" begins a lead, unless italics run on from it into a title: "*See No Evil*" (not "*See id.*").
    if (found := _LEAD.fullmatch(clean)) and not any(
        s < found.end("lead") < e and not _LATIN.fullmatch(clean[s:e].strip(" ,;:")) for s, e in italics
    ):
        lead, body, start = found["lead"], found["rest"], found.start("rest")
    if body.endswith(".") and not _KEEP_DOT.search(body):
        body = body[:-1].rstrip()
    italics = within(italics, start, len(body))
    if found := _REPEAT.fullmatch(body):
        pinpoint, quotation, guesses = tail(found["rest"])
        word = "Ibid." if found["word"][:2].lower() == "ib" else "Id."
        return DraftCite(text, word, pinpoint=pinpoint, quotation=quotation, guesses=tuple(guesses), lead=lead)
    if found := _EARLIER.fullmatch(body):
        return _earlier(text, lead, found, italics)
    return _document(text, lead, body, italics)


def _earlier(text: str, lead: str | None, found: re.Match[str], italics: list[tuple[int, int]]) -> DraftCite:
    pinpoint, quotation, guesses = tail(found["rest"])
    word = found["word"].lower()
    word = "op. cit." if word.startswith("op") else "loc. cit." if word.startswith("loc") else "supra"
    author = title = None
    if name := found["name"]:  # "Smith", "Human Rights Watch, Worse than Hell", "“Worse than Hell,”": to match
        if marked := _marked(name, within(italics, found.start("name"), len(name))):
            author, title = marked[0], marked[1]
        elif re.fullmatch(_NAME, name):
            author = name
        else:
            if (who := _AUTHOR.fullmatch(name)) and len(who["author"].split()) <= 8:
                author, name = who["author"], who["rest"]
            title = name
    if found["note"] is None:
        what = f"the last work by '{name}'" if name else "the last work"
        named = f"'{name}, {found['word']}'" if name else f"'{found['word']}' names no note and no author:"
        guesses.insert(0, f"{named} read as {what} cited before this note (confirm which)")
    refers_to = int(found["note"]) if found["note"] else None
    return DraftCite(
        text,
        title=title,
        author=author,
        pinpoint=pinpoint,
        quotation=quotation,
        guesses=tuple(guesses),
        earlier=word,
        refers_to=refers_to,
        lead=lead,
    )


def _document(text: str, lead: str | None, body: str, italics: list[tuple[int, int]]) -> DraftCite:
    parts = peel(body)
    author, title, publisher, guesses, marked = _who(parts.rest, within(italics, 0, len(parts.rest)))
    if parts.publisher and publisher:  # “Chapter”, in *Book* (Press, 2020): the book, then its publisher
        guesses = [guess for guess in guesses if guess != _said_publisher(publisher)]
        publisher = f"{publisher}, {parts.publisher}"
        guesses.append(f"'{publisher}' read as the publisher: the work it is in, then its publisher (confirm it)")
    elif parts.publisher:
        publisher = parts.publisher
    if not (parts.any() or author or marked) and _sentence(parts.rest):
        return DraftCite(text, comment=True, guesses=(_COMMENT,))
    date = parts.date
    if date is None and parts.partial_date is None and title and (found := DAY_IN_TITLE.search(title)):
        date = read_date(found[0])[0]  # the title says it (note 9): the site does not write it twice
        guesses.append(f"'{found[0]}' in the title read as its date (correct it if it is another date)")
    if not title:
        only = f", only the symbol {parts.symbol}" if parts.symbol else ""
        guesses.append(f"no title{only} (add the document's title)")
    if not parts.url:
        guesses.append("no web address: a source needs one (add its url)")
    return DraftCite(
        text,
        title=title or None,
        author=author,
        publisher=publisher,
        date=date,
        symbol=parts.symbol,
        url=parts.url,
        pinpoint=parts.pinpoint,
        quotation=parts.quotation,
        guesses=(*guesses, *parts.guesses),
        lead=lead,
        partial_date=parts.partial_date,
        accessed=parts.accessed,
    )


_COMMENT = "no document found (no address, symbol, date or page): kept as a comment (if it cites one, add its url)"


Who = tuple[str | None, str, str | None, list[str], bool]


def _who(rest: str, italics: list[tuple[int, int]]) -> Who:
    """Author, title and publisher of what remains of a cite, what was guessed, and whether the draft marked the title
    (in quotation marks or italics)."""
    if marked := _marked(rest, italics):
        return marked
    author = publisher = None
    guesses: list[str] = []
    if (found := _AUTHOR.fullmatch(rest)) and len(found["author"].split()) <= 8:
        author, rest = found["author"], found["rest"]
    if author:  # without one, a title's last words after a comma are its own (…, People’s Republic of China)
        guesses.append(_said_author(author))
        if found := _PUBLISHER.search(rest):
            publisher, rest = found["publisher"], rest[: found.start()]
            guesses.append(_said_publisher(publisher))
    return author, rest.strip(), publisher, guesses, False


def _said_author(author: str) -> str:
    return f"'{author}' read as the author, before the title (correct it if it is part of the title)"


def _said_publisher(publisher: str) -> str:
    return f"'{publisher}' read as the publisher, after the title (correct it if it is part of the title)"


def _marked(rest: str, italics: list[tuple[int, int]]) -> Who | None:
    """A title the draft marks: the first in quotation marks (an italic outlet perhaps after it), else in italics.

    The words before it, up to a comma, are its author, however many (``Office of the United Nations High
    Commissioner for Human Rights, "Communications"``); None when the marks do not set a title apart.
    """
    italics = [(s, e) for s, e in italics if not _LATIN.fullmatch(rest[s:e].strip(" ,;:"))]
    quoted = _QUOTED.search(rest)
    if quoted and italics and italics[0][0] <= quoted.start():
        quoted = None  # *“Worse Than Hell”: How …*: the italics are the title, its quotation marks its own
    if quoted:
        start, end, title = quoted.start(), quoted.end(), _quoted_title(quoted)
    elif italics:
        start, end = italics[0]
        title = _unstop(rest[start:end])
    else:
        return None
    before, after = rest[:start].strip(), rest[end:]
    if before and not (before.endswith(",") and _names(before[:-1])):
        return None
    author = before[:-1].strip() or None
    later = [_unstop(after[s - end : e - end]) for s, e in italics if s >= end]  # italics after the title
    if quoted:
        read = _after_quoted(after, later)
        return None if read is None else (author, title, read[0], read[1], True)
    tail = after.strip()
    if tail and not tail.startswith((",", ":")):
        return None  # "*Hukou* is the household registration": a word in italics, not a title
    guesses = [_said_author(author)] if author else []
    if tail.startswith(":"):  # *Worse Than Hell*: How …, the italics only the title's first words
        guesses.append(f"'{tail[1:].strip()}' read as the rest of the title, after its italics (confirm it)")
        return author, f"{title}{tail}", None, guesses, True
    if publisher := tail.strip(" ,;:"):  # *Title*, Publisher: said, unless in italics too (*Title*, *Series*)
        guesses += [] if later[:1] == [publisher] else [_said_publisher(publisher)]
    return author, title, publisher or None, guesses, True


def _after_quoted(after: str, later: list[str]) -> tuple[str | None, list[str]] | None:
    """The publisher after a quoted title, and what was guessed; None when what follows is the title's own."""
    if later:  # “Title,” *The Guardian*; “Chapter,” in *Book*; “Article,” *Journal*, vol. 3
        publisher = re.sub(r"^[\s,;:]*(?:[Ii]n:?\s+)?", "", after).strip(" ,;:")
        return publisher, [] if publisher == later[0] else [_said_publisher(publisher)]
    if not after.strip():
        return None, []
    return (outlet["publisher"], []) if (outlet := _OUTLET.fullmatch(after)) else None


def _unstop(text: str) -> str:
    """A marked title without the comma or stop the draft writes inside its marks: ``*Title,*`` → ``Title``."""
    text = text.strip(" ,;:")
    return text[:-1] if text.endswith(".") and not _KEEP_DOT.search(text) else text


def _names(words: str) -> bool:
    """Whether ``words`` may name an author: not mostly lower-case words, bar a name's small ones (of, the, et al.)."""
    names = words.split()
    lower = [word for word in names if word[:1].islower() and not re.fullmatch(rf"{_SMALL}|et|al\.?", word)]
    return bool(names) and len(lower) * 2 <= len(names)


def _quoted_title(found: re.Match[str]) -> str:
    """``“Title,”`` → ``Title``: the quotation marks, and the comma or stop inside them, are the draft's."""
    return next(found[group] for group in "abc" if found[group] is not None).rstrip(",.")


def _sentence(text: str) -> bool:
    """Whether ``text`` reads as a sentence rather than a title: most of its words in lower case, none of a title's."""
    words = text.split()
    if not words or re.match(_TITLE_WORD, text):
        return False
    return sum(word[:1].islower() for word in words) * 2 >= len(words)
