"""The Word file's fixed parts: its styles, list definitions, settings and footer, as WordprocessingML.

The styles set the letter as ``pdf.css`` sets the PDF (A4, 11 pt serif,
justified body, the addressee blocks unjustified, 8.5 pt notes) with Word's
own style names where Word has one ("heading 2", "footnote text", "Title"), so
that a coalition editing the file in Word, LibreOffice or Google Docs finds
the styles it knows, and pandoc reads the headings, notes and lists as such.
Lengths are in twentieths of a point (1 mm = 56.7), font sizes in half-points.
"""

from __future__ import annotations

W_NAMESPACES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

# A4, with the PDF's margins (22 mm at the top, 24 mm elsewhere).
PAGE = (
    '<w:pgSz w:w="11906" w:h="16838"/>'
    '<w:pgMar w:top="1247" w:right="1361" w:bottom="1361" w:left="1361" w:header="709" w:footer="709" w:gutter="0"/>'
)
TEXT_WIDTH = 11906 - 2 * 1361  # what a table spreads its columns over


def _paragraph_style(
    style_id: str, name: str, paragraph: str = "", run: str = "", based_on: str = "Normal", extra: str = ""
) -> str:
    custom = "" if name[0].islower() or name in _BUILT_IN else ' w:customStyle="1"'
    return (
        f'<w:style w:type="paragraph"{custom} w:styleId="{style_id}"><w:name w:val="{name}"/>'
        f'<w:basedOn w:val="{based_on}"/>{extra}<w:qFormat/><w:pPr>{paragraph}</w:pPr><w:rPr>{run}</w:rPr></w:style>'
    )


_BUILT_IN = {"Title", "Quote", "List Paragraph"}  # Word's own names ("heading 2" and the like are lower-case)
_LEFT = '<w:jc w:val="left"/>'
_BOLD = "<w:b/><w:bCs/>"
_NOTE_SIZE = '<w:sz w:val="17"/><w:szCs w:val="17"/>'  # 8.5 pt, as the PDF's notes
_SMALL = '<w:sz w:val="18"/><w:szCs w:val="18"/>'  # 9 pt: tables, a long list of individuals
_NEXT = '<w:next w:val="Normal"/>'

_STYLES = [
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>'
    '<w:pPr><w:jc w:val="both"/></w:pPr></w:style>',
    '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
    '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>',
    '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
    '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
    '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
    '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>',
    '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
    '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>',
    _paragraph_style(
        "Title",
        "Title",
        '<w:keepNext/><w:spacing w:after="283"/><w:ind w:left="454" w:right="454"/><w:jc w:val="center"/>',
        _BOLD + '<w:sz w:val="28"/><w:szCs w:val="28"/>',
        extra=_NEXT,
    ),
    *(
        _paragraph_style(
            f"Heading{level}",
            f"heading {level}",
            f'<w:keepNext/><w:keepLines/><w:spacing w:before="242" w:after="121"/>{_LEFT}'
            f'<w:outlineLvl w:val="{level - 1}"/>',
            run,
            extra=_NEXT,
        )
        for level, run in ((2, _BOLD), (3, _BOLD + "<w:i/><w:iCs/>"), (4, "<w:i/><w:iCs/>"))
    ),
    _paragraph_style("LetterDate", "Letter Date", '<w:spacing w:after="340"/><w:jc w:val="right"/>'),
    _paragraph_style("LetterAddressee", "Letter Addressee", f'<w:spacing w:after="0"/>{_LEFT}'),
    _paragraph_style("LetterBlockLabel", "Letter Block Label", "", _BOLD, based_on="LetterAddressee"),
    _paragraph_style(
        "LetterAttn",
        "Letter ATTN",
        '<w:spacing w:after="33"/><w:ind w:left="340" w:hanging="340"/>',
        based_on="LetterAddressee",
    ),
    _paragraph_style("LetterRe", "Letter Re", f'<w:spacing w:after="255"/>{_LEFT}', _BOLD),
    _paragraph_style("LetterThanks", "Letter Thanks", '<w:spacing w:before="264"/>'),
    _paragraph_style("LetterSignoff", "Letter Sign-off", '<w:keepNext/><w:spacing w:before="264" w:after="264"/>'),
    _paragraph_style("Signatory", "Signatory", f'<w:keepLines/><w:spacing w:after="33"/>{_LEFT}'),
    _paragraph_style("SignatoriesRun", "Signatories Run-in", f'<w:spacing w:before="176"/>{_LEFT}', _SMALL),
    _paragraph_style("Quote", "Quote", '<w:ind w:left="567" w:right="567"/>'),
    _paragraph_style("ListParagraph", "List Paragraph", '<w:ind w:left="720"/>'),
    _paragraph_style("TableText", "Table Text", f'<w:spacing w:after="0"/>{_LEFT}', _SMALL),
    _paragraph_style(
        "FootnoteText",
        "footnote text",
        f'<w:spacing w:before="40" w:after="0" w:line="240" w:lineRule="auto"/>{_LEFT}',
        _NOTE_SIZE,
        extra='<w:link w:val="FootnoteTextChar"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>',
    ),
    '<w:style w:type="character" w:customStyle="1" w:styleId="FootnoteTextChar"><w:name w:val="Footnote Text Char"/>'
    f'<w:basedOn w:val="DefaultParagraphFont"/><w:link w:val="FootnoteText"/><w:rPr>{_NOTE_SIZE}</w:rPr></w:style>',
    '<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/>'
    '<w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
    '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>',
    '<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/>'
    '<w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
    '<w:rPr><w:color w:val="1A3D7C"/><w:u w:val="single"/></w:rPr></w:style>',
    _paragraph_style(
        "Footer",
        "footer",
        '<w:spacing w:after="0"/><w:jc w:val="center"/>',
        '<w:color w:val="444444"/>' + _NOTE_SIZE,
        extra='<w:uiPriority w:val="99"/><w:unhideWhenUsed/>',
    ),
    # The PDF's tables: ruled in grey, cells padded 1.2 mm by 1.8 mm.
    '<w:style w:type="table" w:customStyle="1" w:styleId="LetterTable"><w:name w:val="Letter Table"/>'
    '<w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders>'
    + "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="999999"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    + '</w:tblBorders><w:tblCellMar><w:top w:w="68" w:type="dxa"/><w:left w:w="102" w:type="dxa"/>'
    '<w:bottom w:w="68" w:type="dxa"/><w:right w:w="102" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>',
]

STYLES = (
    f"{XML_DECLARATION}<w:styles {W_NAMESPACES}><w:docDefaults><w:rPrDefault><w:rPr>"
    '<w:rFonts w:ascii="Times New Roman" w:eastAsia="Times New Roman" w:hAnsi="Times New Roman" '
    'w:cs="Times New Roman"/><w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-US"/></w:rPr></w:rPrDefault>'
    '<w:pPrDefault><w:pPr><w:spacing w:after="154" w:line="288" w:lineRule="auto"/></w:pPr></w:pPrDefault>'
    f"</w:docDefaults>{''.join(_STYLES)}</w:styles>"
)

# Two kinds of list, three levels each; every list of the letter is a w:num of its own (docx_xml).
BULLETS, NUMBERS = 0, 1
_LEVELS = {BULLETS: ("bullet", ("•", "◦", "▪")), NUMBERS: ("decimal", ("%1.", "%2.", "%3."))}
ABSTRACT_NUMBERING = "".join(
    f'<w:abstractNum w:abstractNumId="{kind}"><w:multiLevelType w:val="hybridMultilevel"/>'
    + "".join(
        f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
        f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{720 * (level + 1)}" w:hanging="360"/></w:pPr></w:lvl>'
        for level, text in enumerate(texts)
    )
    + "</w:abstractNum>"
    for kind, (fmt, texts) in _LEVELS.items()
)

# The separator footnotes are -1 and 0, as Word writes them: the letter's notes keep their numbers as ids.
SETTINGS = (
    f'{XML_DECLARATION}<w:settings {W_NAMESPACES}><w:defaultTabStop w:val="720"/>'
    '<w:characterSpacingControl w:val="doNotCompress"/>'
    '<w:footnotePr><w:numFmt w:val="decimal"/><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
    # Word 2013 and later: without this, Word opens the file in "Compatibility Mode".
    '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" '
    'w:val="15"/></w:compat></w:settings>'
)

_SEPARATOR_PARAGRAPH = '<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
SEPARATORS = (
    f'<w:footnote w:type="separator" w:id="-1"><w:p>{_SEPARATOR_PARAGRAPH}<w:r><w:separator/></w:r></w:p></w:footnote>'
    f'<w:footnote w:type="continuationSeparator" w:id="0"><w:p>{_SEPARATOR_PARAGRAPH}'
    "<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
)


def _field(instruction: str) -> str:
    return f'<w:fldSimple w:instr=" {instruction} "><w:r><w:t>1</w:t></w:r></w:fldSimple>'


# "Page 2 of 5", as the PDF's pages say.
FOOTER = (
    f'{XML_DECLARATION}<w:ftr {W_NAMESPACES}><w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr>'
    f'<w:r><w:t xml:space="preserve">Page </w:t></w:r>{_field("PAGE")}'
    f'<w:r><w:t xml:space="preserve"> of </w:t></w:r>{_field("NUMPAGES")}</w:p></w:ftr>'
)
