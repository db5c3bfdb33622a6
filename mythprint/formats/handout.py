"""The editable Word handout: the guide's content, with every bit of its look in Word styles.

A pack of several languages makes one handout, block by block: each paragraph of the first
language is followed by its counterparts in the others, in reading order, each in its
language's counterpart of the paragraph style (see templates/handout-styles.xml.j2), which
carries its language; the kit's own words (its name, contacts and review note) print once.
"""

import copy
import datetime as dt
import functools
import io
import zipfile

import docx
from docx.enum.section import WD_ORIENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm
from lxml import etree

from ..inputs.brand import Brand
from ..inputs.content import Content
from ..inputs.inline import Inline, Span, left_to_right_stretches, link_suffix, strong_direction
from ..inputs.labels import PLACEHOLDER
from .wordfonts import W_NS, embed_fonts

# A4 portrait with room for a header logo and a contact footer: format facts, not looks.
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 22, "bottom": 22, "left": 20, "right": 20}
HEADER_FOOTER_MM = 10
# The parts of python-docx's starting file that would go stale or contradict ours.
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
STALE_DOCUMENT_RELS = (STYLES_WITH_EFFECTS, RT.CUSTOM_XML)
STALE_PACKAGE_RELS = (RT.THUMBNAIL,)
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
WORD_2013_MODE = "15"  # compatibilityMode of Word 2013 and later
APP_PROPERTIES = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'extended-properties"><Application>mythprint</Application><DocSecurity>0</DocSecurity>'
    b"</Properties>"
)
# The starting file's list styles, kept: Word's list buttons and its numbering use them.
KEPT_STYLES = ("ListBullet", "ListNumber", "ListParagraph")
# The most characters python-docx takes in a document property (title, author, ...).
CORE_PROPERTY_LIMIT = 255
# Ends the kit's own left-to-right words inside a right-to-left paragraph (see kit_words).
LEFT_TO_RIGHT_MARK = "\u200e"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
DRAWING_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"


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
    _renew_starting_file(document)
    _apply_styles(document, styles_xml)
    _apply_theme(document, brand)
    _set_language(document, content)
    _page_setup(document.sections[0])
    styles = Styles(document, content)
    _header(document.sections[0], content, brand, logo_image, logo_height_mm, styles)
    _footer(document.sections[0], content, brand, styles)
    _body(document, content, brand, styles)
    _left_to_right_runs(document)
    faces = dict.fromkeys(face for kit in (brand, *companion_brands) for face in _faces_in_use(kit))
    embed_fonts(document, tuple(faces), _printed_text(document))
    _core_properties(document, content, brand, created)
    buffer = io.BytesIO()
    document.save(buffer)
    return _reproducible_zip(buffer.getvalue())


def _left_to_right_runs(document) -> None:
    """Left-to-right words in a right-to-left run become runs of their own, marked left to
    right, as Word writes English typed into Urdu.

    A right-to-left language sets its runs right to left (w:rtl, from the document's
    defaults or its language's styles). ECMA-376 leaves a right-to-left run of
    left-to-right letters undefined (Part 1, annex I.2), and Word sets such a run in the
    complex-script font: "Data Protection Act 1998" in an Urdu fact, a kit's English name.
    """
    styles = document.styles.element
    default = _right_to_left(styles.find(f"{qn('w:docDefaults')}//{qn('w:rtl')}"), False)
    by_style = {
        style.get(qn("w:styleId")): _right_to_left(
            style.find(f"{qn('w:rPr')}/{qn('w:rtl')}"), default
        )
        for style in styles.iterchildren(qn("w:style"))
        if style.get(qn("w:type")) == "paragraph"
    }
    section = document.sections[0]
    for part in (document.element.body, section.header._element, section.footer._element):
        for paragraph in part.iter(qn("w:p")):
            style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            base = by_style.get(style.get(qn("w:val")), default) if style is not None else default
            for run in list(paragraph.iter(qn("w:r"))):
                _split_run(run, base)


def _right_to_left(element, otherwise: bool) -> bool:
    """A w:rtl element's value (on unless w:val says off), or `otherwise` where there is none."""
    if element is None:
        return otherwise
    return element.get(qn("w:val"), "true") not in ("0", "false", "off")


def _split_run(run, base: bool) -> None:
    """A run of text only, right to left, cut into its left-to-right stretches and the rest."""
    properties = run.find(qn("w:rPr"))
    rtl = properties.find(qn("w:rtl")) if properties is not None else None
    texts = [child for child in run if child is not properties]
    if not _right_to_left(rtl, base) or len(texts) != 1 or texts[0].tag != qn("w:t"):
        return
    pieces = left_to_right_stretches(texts[0].text or "")
    if not any(left_to_right for _, left_to_right in pieces):
        return
    for text, left_to_right in pieces:
        piece = copy.deepcopy(run)
        piece_text = piece.find(qn("w:t"))
        piece_text.text = text
        piece_text.set(XML_SPACE, "preserve")
        if left_to_right:  # in its place in the schema's order of run properties
            piece.get_or_add_rPr().get_or_add_rtl().set(qn("w:val"), "0")
        run.addprevious(piece)
    run.getparent().remove(run)


def _printed_text(document) -> str:
    """Every character the file prints: its body, header and footer."""
    section = document.sections[0]
    parts = (document.element.body, section.header._element, section.footer._element)
    return "".join(text for part in parts for text in part.itertext())


def _faces_in_use(brand: Brand) -> tuple:
    """The faces the text may be set in: not a kit font the text was moved off because it
    lacks some letters (see fontchain.py), which would only make the file larger."""
    families = {brand.body_family, brand.heading_family, *brand.fallback_families}
    return tuple(face for face in brand.faces if face.family in families)


def complex_script_font(brand: Brand) -> str:
    """The font Word sets right-to-left (complex script) text in: the kit's first fallback
    font, which a kit for Urdu or Arabic names for that script, or else its body font."""
    return next(iter(brand.fallback_families), brand.body_family)


def style_context(content: Content, brand: Brand, companion_brands: tuple[Brand, ...]) -> dict:
    """What templates/handout-styles.xml.j2 needs besides the kit's colours: the first
    language (the document's own), and in a pack every language, for its counterpart styles.

    The complex-script font is the one the pack's first right-to-left language is set in.
    """
    kits = zip(content.pack, (brand, *companion_brands), strict=True)
    script_kits = [kit for text, kit in kits if text.direction == "rtl"]
    labels = _language_labels(content)
    return {
        "language": content.language,
        "rtl": content.direction == "rtl",
        "complex_script": bool(script_kits),
        "cs_font": complex_script_font(next(iter(script_kits), brand)),
        "languages": [
            {
                "tag": text.language,
                "label": labels[text.language],
                "rtl": text.direction == "rtl",
                "first": text is content,
            }
            for text in content.pack
        ]
        if content.companions
        else [],
        "style_name": language_style_name,
    }


def language_style_name(style: str, label: str) -> str:
    """A paragraph style's counterpart for one language of a pack: "Fact (Cymraeg)"."""
    return f"{style} ({label})"


def _language_labels(content: Content) -> dict[str, str]:
    """How each language's styles are named: by its own name for itself (Cymraeg, English),
    or by its tag where two languages give the same name."""
    names = {text.language: text.labels.texts.get("language_name", "") for text in content.pack}
    if "" in names.values() or len(set(names.values())) < len(names):
        return {tag: tag for tag in names}
    return names


def _renew_starting_file(document) -> None:
    """Drop what python-docx's starting file holds that would go stale or contradict ours
    (a thumbnail, custom XML, a preview picture), and make it this handout's own."""
    for rels, stale in (
        (document.part.rels, STALE_DOCUMENT_RELS),
        (document.part.package.rels, STALE_PACKAGE_RELS),
    ):
        for rel_id in [r for r, rel in rels.items() if rel.reltype in stale]:
            rels.pop(rel_id)
    preview = document.settings.element.find(qn("w:savePreviewPicture"))
    if preview is not None:
        preview.getparent().remove(preview)
    # The starting file is Word 2010's: Word 365 would open it in Compatibility Mode.
    for setting in document.settings.element.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), WORD_2013_MODE)
    # Its application properties name "Microsoft Macintosh Word", a page and no words.
    for part in document.part.package.iter_parts():
        if part.partname == "/docProps/app.xml":
            part._blob = APP_PROPERTIES


def _apply_styles(document, styles_xml: str) -> None:
    """Replace the starting file's styles with ours; keep its table and list defaults."""
    ours = parse_xml(styles_xml.encode("utf-8"))
    own = {style.get(qn("w:styleId")) for style in ours.findall(qn("w:style"))}
    kept = set(KEPT_STYLES) - own
    styles = document.styles.element
    for old in styles.findall(qn("w:style")):
        if old.get(qn("w:type")) in ("paragraph", "character") and (
            old.get(qn("w:styleId")) not in kept
        ):
            styles.remove(old)
    defaults = styles.find(qn("w:docDefaults"))
    defaults.addprevious(ours.find(qn("w:docDefaults")))
    styles.remove(defaults)
    for style in ours.findall(qn("w:style")):
        styles.append(style)


def _apply_theme(document, brand: Brand) -> None:
    """Theme fonts and accent colours from the kit, so Word's theme menus keep the brand."""
    theme_part = document.part.part_related_by(RT.THEME)
    theme = etree.fromstring(theme_part.blob)
    a = f"{{{DRAWING_NS}}}"
    fonts = {"majorFont": brand.heading_family, "minorFont": brand.body_family}
    for slot, family in fonts.items():
        for latin in theme.iter(f"{a}{slot}"):
            latin.find(f"{a}latin").set("typeface", family)
    accents = {"accent1": brand.palette.accent, "accent2": brand.palette.myth}
    for name, color in accents.items():
        for accent in theme.iter(f"{a}{name}"):
            for child in list(accent):
                accent.remove(child)
            etree.SubElement(accent, f"{a}srgbClr", val=color.lstrip("#").upper())
    theme_part._blob = etree.tostring(
        theme, xml_declaration=True, encoding="UTF-8", standalone=True
    )


def _set_language(document, content: Content) -> None:
    """The document's language is the first one's; a pack with a right-to-left language
    names it for the complex-script theme fonts."""
    theme_language = document.settings.element.find(qn("w:themeFontLang"))
    if theme_language is not None:
        theme_language.set(qn("w:val"), content.language)
        right_to_left = [t.language for t in content.companions if t.direction == "rtl"]
        if content.direction != "rtl" and right_to_left:
            theme_language.set(qn("w:bidi"), right_to_left[0])


def _page_setup(section) -> None:
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    for side, millimetres in MARGINS_MM.items():
        setattr(section, f"{side}_margin", Mm(millimetres))
    section.header_distance = section.footer_distance = Mm(HEADER_FOOTER_MM)


class Styles:
    """Gives paragraphs and runs a style by its name, as python-docx's `style=` does.

    python-docx finds a name by scanning every style twice on each use; here each name is
    found once a document. A type's default style is written as no style at all, as
    python-docx writes it.
    """

    def __init__(self, document, content: Content):
        self.ids = {
            style.name: None if style.element.default else style.style_id
            for style in document.styles
        }
        self.labels = _language_labels(content) if content.companions else {}

    def of(self, name: str, content: Content) -> str:
        """The paragraph style `name` as `content`'s language has it: in a pack, the
        counterpart that carries its language; else `name` itself."""
        if not self.labels:
            return name
        return language_style_name(name, self.labels[content.language])

    def of_kit(self, name: str, content: Content, words: str) -> str:
        """The paragraph style for the kit's own words (its name, contacts, review note),
        which have no language of their own: the first language's, unless another of the
        pack's reads in their direction and the first does not (English contacts in an
        Urdu-first pack read left to right, in the English styles)."""
        return self.of(name, _voice(content, words)[0])

    def kit_words(self, content: Content, words: str) -> str:
        """The kit's own words as they must be typed into a paragraph of `of_kit`'s style:
        left-to-right words in a right-to-left paragraph end with a left-to-right mark, so
        that their last stop or slash stays at their end ("board. Next review: April
        2027.", "https://www.example.org/"), not at the paragraph's."""
        voice, direction = _voice(content, words)
        return words + LEFT_TO_RIGHT_MARK if voice.direction != direction == "ltr" else words

    def paragraph(self, container, name: str):
        paragraph = container.add_paragraph()
        return self.apply(paragraph, name)

    def run(self, paragraph, text: str, name: str | None = None):
        run = paragraph.add_run(text)
        return self.apply(run, name) if name else run

    def apply(self, item, name: str):
        """Set the style of a python-docx Paragraph or Run."""
        element = getattr(item, "_p", None)
        element = item._r if element is None else element
        style_id = self.ids[name]
        if style_id is not None:
            element.style = style_id
        return item


def _voice(content: Content, words: str) -> tuple[Content, str]:
    """The language of the pack whose styles set the kit's own `words`, and their direction:
    the first language that reads in their direction, else the first."""
    direction = strong_direction(words) or content.direction
    return next((text for text in content.pack if text.direction == direction), content), direction


def _header(
    section,
    content: Content,
    brand: Brand,
    logo_image: bytes | None,
    logo_height_mm: float,
    styles: Styles,
) -> None:
    """The logo, in one obvious place to replace; a kit without one shows its name, and
    a kit without a name the title, in each language."""
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
    elif brand.name:
        paragraph.add_run(styles.kit_words(content, brand.name))
    else:
        paragraph.add_run(content.plain_title)
        for other in content.companions:
            styles.paragraph(header, styles.of("Header", other)).add_run(other.plain_title)


def _footer(section, content: Content, brand: Brand, styles: Styles) -> None:
    """Contact details in the footer: the one place a partnership adds its numbers. They
    are the kit's own words, printed once; the page number is in every language."""
    footer = section.footer
    details = " · ".join(part for part in (brand.name, brand.home) if part)
    lines = [(f"{contact.label}: ", contact.value) for contact in brand.contacts]
    first = details or (lines[0][0] if lines else "")
    paragraph = styles.apply(footer.paragraphs[0], styles.of_kit("Contact", content, first))
    if details:
        # The website is a link, as in the text; a mark kit_words adds stays after it.
        home = brand.home or ""
        name, mark = (
            details[: len(details) - len(home)],
            styles.kit_words(content, details)[len(details) :],
        )
        for span in (Span(name), Span(home, href=home), Span(mark)):
            if span.text:
                _add_span(paragraph, span, styles)
    for index, (text, value) in enumerate(lines):
        if index or details:
            paragraph = styles.paragraph(footer, styles.of_kit("Footer", content, text))
        paragraph.add_run(styles.kit_words(content, text))
        styles.run(paragraph, value, "Strong")
    for text in content.pack:
        if details or lines or text is not content:  # each on its own line
            paragraph = styles.paragraph(footer, styles.of("Footer", text))
        _page_number(paragraph, text.labels.texts["page_number"])


def _page_number(paragraph, label: str) -> None:
    """The label's text, with Word's page fields where its {page} and {pages} stand."""
    fields = {"page": ("PAGE", "1"), "pages": ("NUMPAGES", "2")}
    for index, part in enumerate(PLACEHOLDER.split(label)):
        if index % 2:
            _field(paragraph, *fields[part])
        elif part:
            paragraph.add_run(part)


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
                add(styles.of(style, text), inline, label)
    if brand.review_note:
        note = styles.kit_words(content, brand.review_note)
        add(styles.of_kit("Source", content, brand.review_note), (Span(note),))


def _blocks(content: Content) -> list[Block]:
    """The content's paragraphs in order, the same number for every content of a pack (the
    myths match, as packs.py checks): an edition line with nothing to say is empty."""
    count = len(content.myths)
    labels = content.labels
    edition = _edition(content)
    blocks: list[Block] = [
        ("Title", content.title, None),
        ("Subtitle", (Span(labels.text("myth_count", total=count)),), None),
        ("Normal", content.intro, None),
        ("Lead In", content.lead_in, None),
    ]
    for myth in content.myths:
        blocks += [
            ("Heading 1", myth.statement, (labels.text("myth_lead") + " ", "Myth Label")),
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
    return " · ".join(parts)


def _paragraph(
    document, styles: Styles, style: str, inline: Inline, label: tuple[str, str] | None = None
):
    paragraph = styles.paragraph(document, style)
    if label:
        styles.run(paragraph, label[0], label[1])
    for span in inline:
        _add_span(paragraph, span, styles)
    return paragraph


def _add_span(paragraph, span: Span, styles: Styles) -> None:
    """A styled run: character styles for emphasis and links, never direct formatting."""
    if span.href is None:
        style = "Strong" if span.strong else "Emphasis" if span.emphasis else None
        run = styles.run(paragraph, span.text, style)
        if span.strong and span.emphasis:
            run.italic = True
        return
    rel_id = paragraph.part.relate_to(span.href, RT.HYPERLINK, is_external=True)
    link = paragraph._p.makeelement(qn("w:hyperlink"), {qn("r:id"): rel_id})
    paragraph._p.append(link)
    run = styles.run(paragraph, span.text, "Hyperlink")
    run.bold = span.strong or None
    run.italic = span.emphasis or None
    link.append(run._r)
    suffix = link_suffix(span)
    if suffix:
        paragraph.add_run(suffix)


def _core_properties(document, content: Content, brand: Brand, created: str | None) -> None:
    """Title, subject and keywords in every language, the first first, as the page shows
    them; the language is the document's own, the first (each paragraph's is its style's)."""
    properties = document.core_properties
    total = len(content.myths)
    properties.title = _property(" / ".join(text.plain_title for text in content.pack))
    properties.subject = _property(
        " / ".join(text.labels.text("handout_subject", total=total) for text in content.pack)
    )
    properties.author = properties.last_modified_by = _property(brand.name or "")
    properties.language = content.language
    properties.keywords = _property(
        "; ".join(text.labels.text("handout_keywords") for text in content.pack)
    )
    properties.comments = "Made with mythprint"
    properties.revision = 1
    if created is None:  # no review date: no date at all, rather than one made up
        for name in ("created", "modified"):
            for stale in properties._element.findall(qn(f"dcterms:{name}")):
                properties._element.remove(stale)
        return
    stamp = dt.datetime.fromisoformat(created.replace("Z", "+00:00")).replace(tzinfo=None)
    properties.created = properties.modified = stamp


def _property(text: str) -> str:
    """`text` cut, at a word, to the 255 characters a Word document property holds."""
    if len(text) <= CORE_PROPERTY_LIMIT:
        return text
    cut = text[: CORE_PROPERTY_LIMIT - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" /;,") + "…"


def _reproducible_zip(data: bytes) -> bytes:
    """Rewrite the zip with its entries in a fixed order and with fixed timestamps."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        names = source.namelist()
        first = [n for n in ("[Content_Types].xml", "_rels/.rels") if n in names]
        ordered = first + sorted(n for n in names if n not in first)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for name in ordered:
                info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                target.writestr(info, source.read(name))
    return out.getvalue()
