"""The editable Word handout: the guide's content, with every bit of its look in Word styles.

A pack of several languages makes one handout, block by block: each paragraph of the first
language is followed by its counterparts in the others, in reading order, each in its
language's counterpart of the paragraph style (see templates/handout-styles.xml.j2), which
carries its language, or, for a heading or the title, in Word's own style, its words in
its language's character style (see Styles.heading); the kit's own words (its name,
contacts and review note) print once.
"""

import functools
import io

import docx
from docx.enum.section import WD_ORIENT
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm

from ..inputs.brand import Brand
from ..inputs.content import Content
from ..inputs.inline import Inline, Span, last_words_held
from ..inputs.labels import PLACEHOLDER
from .wordfile import (
    apply_styles,
    apply_theme,
    core_properties,
    renew_starting_file,
    reproducible_zip,
    set_language,
)
from .wordfonts import W_NS, drop_unnamed_fonts, embed_fonts
from .wordtext import (
    HEADINGS,
    LEFT_TO_RIGHT_MARK,
    Styles,
    add_span,
    complex_script_fonts,
    left_to_right_runs,
    page_furniture,
)

# Between a footer's or a colophon's parts: a middle dot that never starts a line.
SEPARATOR = "\u00a0· "
# Between a label's words in each language of a pack, on the one line they share
# ("Cysylltiadau / Contacts"), as the file's title joins its titles (see wordfile.py).
LABEL_JOINER = "\u00a0/ "

# A4 portrait with room for a header logo and a contact footer: format facts, not looks.
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 22, "bottom": 22, "left": 20, "right": 20}
HEADER_FOOTER_MM = 10


def make_handout(
    content: Content,
    brand: Brand,
    styles_xml: str,
    created: str | None,
    logo_image: bytes | None,
    logo_height_mm: float,
    companion_brands: tuple[Brand, ...] = (),
) -> bytes:
    """Build the handout and return the bytes of a reproducible .docx file.

    `content.pack` is every language it prints, in reading order; `companion_brands` is the
    kit as it sets each language after the first (see fontchain.py): usually `brand` itself.
    """
    document = docx.Document()
    renew_starting_file(document)
    apply_styles(document, styles_xml)
    apply_theme(document, brand, complex_script_fonts(content, brand, companion_brands))
    set_language(document, content, brand)
    _page_setup(document.sections[0])
    styles = Styles(document, content, brand)
    named = _header(document.sections[0], content, brand, logo_image, logo_height_mm, styles)
    _footer(document.sections[0].footer, content, brand, styles, running_title=not named)
    _body(document, content, brand, styles)
    left_to_right_runs(document)
    faces = dict.fromkeys(face for kit in (brand, *companion_brands) for face in _faces_in_use(kit))
    languages = (*(text.language for text in content.pack), *filter(None, [brand.language]))
    embed_fonts(document, tuple(faces), _printed_text(document), languages)
    drop_unnamed_fonts(document)
    core_properties(document, content, brand, created)
    buffer = io.BytesIO()
    document.save(buffer)
    return reproducible_zip(buffer.getvalue())


def _printed_text(document) -> str:
    """Every character the file prints: its body, headers and footers."""
    parts = (document.element.body, *page_furniture(document.sections[0]))
    return "".join(text for part in parts for text in part.itertext())


def _faces_in_use(brand: Brand) -> tuple:
    """The faces the text may be set in: not a kit font the text was moved off because it
    lacks some letters (see fontchain.py), which would only make the file larger."""
    families = {brand.body_family, brand.heading_family, *brand.fallback_families}
    return tuple(face for face in brand.faces if face.family in families)


def _page_setup(section) -> None:
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    for side, millimetres in MARGINS_MM.items():
        setattr(section, f"{side}_margin", Mm(millimetres))
    section.header_distance = section.footer_distance = Mm(HEADER_FOOTER_MM)


def _header(
    section,
    content: Content,
    brand: Brand,
    logo_image: bytes | None,
    logo_height_mm: float,
    styles: Styles,
) -> bool:
    """The logo, in one obvious place to replace; a kit without one shows its name. Whether
    the header names the kit: a kit with neither leaves it empty, as a running title there
    would print right above the same title on page 1 (the footer runs it instead)."""
    header = section.header
    words = (brand.name or "") if brand.logo is None or logo_image is None else ""
    paragraph = styles.apply(header.paragraphs[0], styles.of_kit("Header", content, words))
    if brand.logo is not None and logo_image is not None:
        run = paragraph.add_run()
        picture = run.add_picture(io.BytesIO(logo_image), height=Mm(logo_height_mm))
        line = Mm(PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"])
        if picture.width > line:  # a logo wider than the page's text: as wide as it, whole
            picture.height, picture.width = round(picture.height * line / picture.width), line
        doc_pr = run._r.find(".//" + qn("wp:docPr"))
        doc_pr.set("descr", brand.logo.alt)
        doc_pr.set("name", "Logo")
        return True
    if brand.name:
        styles.kit_run(paragraph, content, brand.name)
        return True
    return False


def _footer(footer, content: Content, brand: Brand, styles: Styles, running_title: bool) -> None:
    """Contact details in the footer: the one place a partnership adds its numbers. They
    are the kit's own words, printed once; the page number is in every language, after the
    guide's title in that language where nothing else on the page names it (`running_title`).
    One footer serves every page, so a number corrected in it is corrected on each."""
    details = SEPARATOR.join(part for part in (brand.name, brand.home) if part)
    lines = _contact_lines(brand)
    first = details or (lines[0][0] if lines else "")
    paragraph = styles.apply(footer.paragraphs[0], styles.of_kit("Contact", content, first))
    if details:
        # The name ends with a mark where it reads the other way from the line (see
        # Styles.kit_words); the website is a link, as in the text, with a left-to-right
        # mark after it in a right-to-left line, which keeps its last slash at its end.
        if brand.name:
            name = styles.kit_words(content, brand.name) + (SEPARATOR if brand.home else "")
            styles.run(paragraph, name, styles.kit_style)
        right_to_left = styles.kit_direction(content, details) == "rtl"
        _website(paragraph, styles, brand.home or "", LEFT_TO_RIGHT_MARK * right_to_left)
    for index, (text, value) in enumerate(lines):
        if index or details:
            paragraph = styles.paragraph(footer, styles.of_kit("Footer", content, text))
        _contact(paragraph, content, styles, text, value)
    # The page number in every language: on one line where they all read one way and no
    # title runs before each ("Tudalen 1 o 3 · Page 1 of 3"), a line of the footer, which
    # every page prints, less than one a language.
    one_line = _one_line(content) and not running_title
    for index, texts in enumerate(_lines_of(content, one_line)):
        if details or lines or index:  # each on its own line
            paragraph = styles.paragraph(footer, styles.of("Footer", texts[0]))
        labels = _distinct(texts, [text.labels.texts["page_number"] for text in texts])
        for place, (text, label) in enumerate(labels):
            style = styles.words_style(text) if place else None
            if place:
                paragraph.add_run(SEPARATOR)
            if running_title:
                paragraph.add_run(text.plain_title + SEPARATOR)
            _page_number(paragraph, label, styles, style)


def _one_line(content: Content) -> bool:
    """Whether what a pack prints once has its label in every language on one line (its
    page number, its contacts' heading, its website's name): where its languages all read
    one way. A line that mixes directions reads in an order of the reader's software's
    choosing, so Urdu and English each keep a line of their own."""
    return len(content.pack) > 1 and len({text.direction for text in content.pack}) == 1


def _lines_of(content: Content, one_line: bool) -> list[tuple[Content, ...]]:
    """The languages of the pack, line by line: all on one line, or each on its own."""
    return [content.pack] if one_line else [(text,) for text in content.pack]


def _distinct(texts: tuple[Content, ...], words: list[str]) -> list[tuple[Content, str]]:
    """Each language's `words` for one line, but words the same as an earlier language's
    ("Website" where a translation kept the English), which would print twice."""
    kept: dict[str, Content] = {}
    for text, part in zip(texts, words, strict=True):
        kept.setdefault(part, text)
    return [(text, part) for part, text in kept.items()]


def _page_number(paragraph, label: str, styles: Styles, style: str | None = None) -> None:
    """The label's text, with Word's page fields where its {page} and {pages} stand; its
    words in the character style `style`, if any (see _in_every_language)."""
    fields = {"page": ("PAGE", "1"), "pages": ("NUMPAGES", "2")}
    for index, part in enumerate(PLACEHOLDER.split(label)):
        if index % 2:
            _field(paragraph, *fields[part])
        elif part:
            styles.run(paragraph, part, style)


def _field(paragraph, instruction: str, shown: str) -> None:
    paragraph._p.append(
        parse_xml(
            f'<w:fldSimple xmlns:w="{W_NS}" w:instr=" {instruction} ">'
            f"<w:r><w:t>{shown}</w:t></w:r></w:fldSimple>"
        )
    )


# One paragraph of the handout: its style, its text, and the lead that starts it, if any.
Block = tuple[str, Inline, tuple[str, str] | None]


def _body(document, content: Content, brand: Brand, styles: Styles) -> None:
    """Each block in every language of the pack, the first first; then the kit's note."""
    body = document.element.body
    for paragraph in list(body.iterchildren(qn("w:p"))):
        body.remove(paragraph)  # the starting file's empty paragraph
    add = functools.partial(_paragraph, document, styles)
    for counterparts in zip(*map(_blocks, content.pack), strict=True):
        for text, (style, inline, label) in zip(content.pack, counterparts, strict=True):
            if inline:
                paragraph = add(styles.of(style, text), inline, label)
                if style in HEADINGS:
                    styles.heading(paragraph, text)
    if brand.review_note:
        paragraph = add(styles.of_kit("Source", content, brand.review_note), ())
        styles.kit_run(paragraph, content, brand.review_note)
    _contacts(document, content, brand, styles)


def _contacts(document, content: Content, brand: Brand, styles: Styles) -> None:
    """The contacts and the website again, in the text itself, as the web page has them:
    a screen reader's "say all" in Word skips the footer, and Word's Save as PDF makes it an
    artifact, so a reader who cannot see the page would never hear the numbers to call or
    the address to visit. The heading is in every language ("Find out more" where the kit
    has a website and no contacts); the contacts are the kit's own words, once, each a
    paragraph of its own (label, then number), as in the footer; the website's line is named
    in each language, as the web page names it. What is printed once is labelled once: in a
    pack whose languages read one way, the heading and the website's name are each one line
    with every language's words on it, the first first ("Cysylltiadau / Contacts"), as a
    bilingual notice labels it (see `_one_line`); two lines fewer, which kept the Welsh and
    English guide's contacts off a page of their own. Else each language has its own, block
    by block as the myths' are. A kit with neither has no heading either. The headings keep
    with the first line, and each line with the next (Contact Line), as their styles say, so
    that the page never ends inside them; the paragraphs set nothing but their style, as
    everywhere here."""
    if not brand.contacts and not brand.home:
        return
    heading = "contacts" if brand.contacts else "find_out_more"
    one_line = _one_line(content)
    if one_line:
        paragraph = styles.paragraph(document, "Heading 1")
        words = [text.labels.text(heading) for text in content.pack]
        styles.heading_in_every_language(paragraph, _distinct(content.pack, words), LABEL_JOINER)
    else:
        for text in content.pack:
            paragraph = styles.paragraph(document, styles.of("Heading 1", text))
            paragraph.add_run(text.labels.text(heading))
            styles.heading(paragraph, text)
    for label, value in _contact_lines(brand):
        paragraph = styles.paragraph(document, styles.of_kit("Contact Line", content, label))
        _contact(paragraph, content, styles, label, value)
    if brand.home:
        for texts in _lines_of(content, one_line):
            paragraph = styles.paragraph(document, styles.of("Contact Line", texts[0]))
            words = [text.labels.text("website") for text in texts]
            _in_every_language(paragraph, styles, texts, words, ": ")
            # The address reads left to right: in a right-to-left line, a mark after it
            # keeps its last slash at its end (see Styles.kit_words).
            mark = LEFT_TO_RIGHT_MARK if texts[0].direction == "rtl" else ""
            _website(paragraph, styles, brand.home, mark)


def _in_every_language(
    paragraph, styles: Styles, texts: tuple[Content, ...], words: list[str], end: str
) -> None:
    """Each language's `words` in turn on the paragraph's one line, joined as a label is
    (LABEL_JOINER), then `end`: the first's in the paragraph's own style, which carries its
    language, each other's in its language's Words style, so that Word checks and reads
    each in its language ("Gwefan / Website: ")."""
    parts = _distinct(texts, words)
    for place, (text, part) in enumerate(parts):
        last = place == len(parts) - 1
        style = styles.words_style(text) if place else None
        styles.run(paragraph, part + (end if last else LABEL_JOINER), style)


def _contact_lines(brand: Brand) -> list[tuple[str, str]]:
    """Each contact the handout prints, in the footer and at the end of the text, as its
    label and its value: ("Police (non-emergency)", "020 7946 0789")."""
    return [(contact.label, contact.value) for contact in brand.contacts]


def _website(paragraph, styles: Styles, home: str, mark: str = "") -> None:
    """The kit's website, as the kit gives it, as a link, in the footer and at the end of
    the text; then `mark`, the left-to-right mark a right-to-left line needs after it."""
    for span in (Span(home, href=home), Span(mark)):
        if span.text:
            add_span(paragraph, span, styles)


def _contact(paragraph, content: Content, styles: Styles, label: str, value: str) -> None:
    """A contact's label, in the kit's words, then its number in Strong, each kept in its
    own direction where the line reads right to left anywhere (see Styles.contact_words)."""
    label, value = styles.contact_words(content, label, value)
    styles.run(paragraph, label, styles.kit_style)
    styles.run(paragraph, value, "Strong")


def _blocks(content: Content) -> list[Block]:
    """The content's paragraphs in order, the same number for every content of a pack (the
    myths match, as packs.py checks): an edition line with nothing to say is empty."""
    count = len(content.myths)
    labels = content.labels
    edition = _edition(content)
    blocks: list[Block] = [
        ("Title", last_words_held(content.title), None),
        ("Subtitle", (Span(labels.text("myth_count", total=count)),), None),
        ("Normal", content.intro, None),
        ("Lead In", content.lead_in, None),
    ]
    for myth in content.myths:
        blocks += [
            (
                "Heading 1",
                last_words_held(myth.statement),
                (labels.text("myth_lead") + " ", "Myth Label"),
            ),
            ("Fact", myth.rebuttal, (labels.text("fact_lead") + " ", "Fact Label")),
        ]
    blocks += [
        ("Source", (Span("("), *content.source, Span(")")), None),
        ("Source", (Span(edition),) if edition else (), None),
    ]
    return blocks


def _edition(content: Content) -> str:
    parts, labels = [], content.labels
    if content.version:
        parts.append(labels.text("version", version=content.version))
    if content.reviewed:
        parts.append(labels.text("reviewed", date=labels.date(content.reviewed)))
    return SEPARATOR.join(parts)


def _paragraph(
    document, styles: Styles, style: str, inline: Inline, label: tuple[str, str] | None = None
):
    paragraph = styles.paragraph(document, style)
    if label:
        styles.run(paragraph, label[0], label[1])
    for span in inline:
        add_span(paragraph, span, styles)
    return paragraph
