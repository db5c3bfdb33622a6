"""The .docx around the handout: its starting file, styles, theme, properties and fixed zip."""

import datetime as dt
import io
import zipfile
from collections import Counter

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from fontTools import unicodedata
from lxml import etree

from ..inputs.brand import Brand
from ..inputs.colors import AA_NORMAL_TEXT, Rgb, contrast_ratio
from ..inputs.content import Content, primary_language
from ..inputs.inline import plain_text

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
# The starting file's styles that are kept: the list styles Word's list buttons and its
# numbering use (numbering.xml names each level's), the default table and numbering styles
# Word expects, and Table Grid, which Word's Insert Table applies. Its hundred other table
# styles (a third of a megabyte of XML) go: nothing uses them, and Word makes any of them
# afresh when it is chosen, from the latent styles, which stay.
KEPT_STYLES = (
    *("ListBullet", "ListBullet2", "ListBullet3", "ListNumber", "ListNumber2", "ListNumber3"),
    *("ListParagraph", "TableNormal", "TableGrid", "NoList"),
)
# The region to name a language by in Word, where a content's tag names none. Word and
# LibreOffice name a language with its region (cy-GB), as their proofing tools are made;
# a bare "cy" is a language that neither checks the spelling of. Each is the region the
# language's readers in England and Wales mostly come from, or its only one: Urdu as in
# Pakistan, Bengali as in Bangladesh, Panjabi as in India (Gurmukhi) or Pakistan (Shahmukhi),
# Arabic as Word's own first Arabic. A tag not here goes into the file as the content says.
WORD_REGIONS = {
    "cy": "GB",
    "en": "GB",
    "gd": "GB",
    "ga": "IE",
    "pl": "PL",
    "ro": "RO",
    "lt": "LT",
    "lv": "LV",
    "bg": "BG",
    "hu": "HU",
    "cs": "CZ",
    "sk": "SK",
    "ru": "RU",
    "uk": "UA",
    "sq": "AL",
    "el": "GR",
    "tr": "TR",
    "fr": "FR",
    "de": "DE",
    "it": "IT",
    "es": "ES",
    "ur": "PK",
    "bn": "BD",
    "pa": "IN",
    "pa-guru": "IN",
    "pa-arab": "PK",
    "gu": "IN",
    "hi": "IN",
    "ar": "SA",
    "fa": "IR",
    "ps": "AF",
    "he": "IL",
    "so": "SO",
}
# The code points Word and LibreOffice set in a run's complex-script font (w:rFonts w:cs, or
# the theme's that w:cstheme names), its bold from w:bCs and its language from w:lang's
# w:bidi, whichever way the text reads: the scripts that join or reorder their letters.
# Right to left (Hebrew, Arabic, Syriac, Thaana) and left to right alike: the Indic scripts
# (Devanagari, Bengali, Gurmukhi, Gujarati, Oriya, Tamil, Telugu, Kannada, Malayalam,
# Sinhala), Thai, Lao, Tibetan, Myanmar, Ethiopic, Khmer and Mongolian, as LibreOffice
# classes them (i18nutil's script table, which follows Word's; a Hindi document in Word is
# set in its complex-script font, Mangal), and the Hebrew and Arabic presentation forms.
# Set in the Latin font instead, Gurmukhi and Bengali printed as empty boxes.
COMPLEX_SCRIPT_RANGES = (
    (0x0590, 0x109F),
    (0x1200, 0x137F),
    (0x1780, 0x18AF),
    (0xFB1D, 0xFDFF),
    (0xFE70, 0xFEFF),
)
# The most characters python-docx takes in a document property (title, author, ...).
CORE_PROPERTY_LIMIT = 255
DRAWING_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
# The theme's colours that Word offers for text (its colour picker's Accent 1 to 6 and its
# links'): each must be readable on the white page.
TEXT_COLOURS = ("accent1", "accent2", "accent3", "accent4", "accent5", "accent6")
TEXT_COLOURS += ("hlink", "folHlink")
WHITE = Rgb(1.0, 1.0, 1.0)
# How far, of the way to black, each step darkens a theme colour too pale to read on white.
DARKEN_STEP = 0.01


def renew_starting_file(document) -> None:
    """Drop what python-docx's starting file holds that would go stale or contradict ours
    (a thumbnail, custom XML, a preview picture), and make it this handout's own."""
    for rels, stale in (
        (document.part.rels, STALE_DOCUMENT_RELS),
        (document.part.package.rels, STALE_PACKAGE_RELS),
    ):
        for rel_id in [r for r, rel in rels.items() if rel.reltype in stale]:
            rels.pop(rel_id)
    settings = document.settings.element
    # w:proofState told Word the text was already checked ("clean"), so it underlined none
    # of the mistakes a partnership types; w:savePreviewPicture saved a stale picture.
    for stale in ("w:proofState", "w:savePreviewPicture"):
        for element in settings.findall(qn(stale)):
            settings.remove(element)
    # Its East Asian theme language is Japanese (it was made on a Japanese Mac), which set
    # East Asian text in MS Mincho and MS Gothic; Word chooses by its own languages instead.
    theme_language = settings.find(qn("w:themeFontLang"))
    if theme_language is not None:
        theme_language.attrib.pop(qn("w:eastAsia"), None)
    # The starting file is Word 2010's: Word 365 would open it in Compatibility Mode.
    for setting in document.settings.element.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), WORD_2013_MODE)
    # Its application properties name "Microsoft Macintosh Word", a page and no words.
    for part in document.part.package.iter_parts():
        if part.partname == "/docProps/app.xml":
            part._blob = APP_PROPERTIES


def apply_styles(document, styles_xml: str) -> None:
    """Replace the starting file's styles with ours; keep its table and list defaults."""
    ours = parse_xml(styles_xml.encode("utf-8"))
    own = {style.get(qn("w:styleId")) for style in ours.findall(qn("w:style"))}
    kept = set(KEPT_STYLES) - own
    styles = document.styles.element
    for old in styles.findall(qn("w:style")):
        if old.get(qn("w:styleId")) not in kept:
            styles.remove(old)
    defaults = styles.find(qn("w:docDefaults"))
    defaults.addprevious(ours.find(qn("w:docDefaults")))
    styles.remove(defaults)
    for style in ours.findall(qn("w:style")):
        styles.append(style)


def apply_theme(document, brand: Brand, complex_script: dict[str, tuple[str, str]]) -> None:
    """Theme fonts and colours from the kit, so Word's theme menus keep the brand: its text
    colour is the theme's Dark 1 (Word's "Text 1"), which the styles' text refers to.

    `complex_script` is, for each script (ISO 15924: Arab, Guru) of the handout's complex
    script languages (see `complex_script_of`), then of the kit's own words (see
    `kit_script`), the headings' and the body's font it is set in: the first's are the
    theme's complex-script fonts, and each script's are the
    theme's fonts for that script, which Word and LibreOffice take first for the language
    w:themeFontLang's w:bidi names. The styles refer to them (w:cstheme), so Design > Fonts
    reaches Urdu or Panjabi text as it does English.
    """
    theme_part = document.part.part_related_by(RT.THEME)
    theme = etree.fromstring(theme_part.blob)
    a = f"{{{DRAWING_NS}}}"
    fonts = {"majorFont": brand.heading_family, "minorFont": brand.body_family}
    first = next(iter(complex_script.values()), None)
    for index, (slot, family) in enumerate(fonts.items()):
        for scheme in theme.iter(f"{a}{slot}"):
            scheme.find(f"{a}latin").set("typeface", family)
            if first is None:
                continue
            scheme.find(f"{a}cs").set("typeface", first[index])
            for supplemental in scheme.iterfind(f"{a}font"):
                if supplemental.get("script") in complex_script:
                    supplemental.set("typeface", complex_script[supplemental.get("script")][index])
    _theme_colours(theme, brand)
    theme_part._blob = etree.tostring(
        theme, xml_declaration=True, encoding="UTF-8", standalone=True
    )


def _theme_colours(theme, brand: Brand) -> None:
    """The kit's text colour as Dark 1, its brand colours as Accent 1 and 2; every other
    colour Word offers for text as the starting file has it (Office's), darkened as little
    as makes it readable on white: its pale green, aqua and orange accents were not."""
    a = f"{{{DRAWING_NS}}}"
    palette = brand.palette
    kit = {"dk1": palette.text, "accent1": palette.accent, "accent2": palette.myth}
    for scheme in theme.iter(f"{a}clrScheme"):
        for slot in scheme:
            name = etree.QName(slot).localname
            given = slot.find(f"{a}srgbClr")
            if name in kit:
                color = kit[name].lstrip("#").upper()
            elif name in TEXT_COLOURS and given is not None:
                color = readable_on_white("#" + given.get("val")).lstrip("#").upper()
            else:
                continue
            for child in list(slot):
                slot.remove(child)
            etree.SubElement(slot, f"{a}srgbClr", val=color)


def readable_on_white(color: str) -> str:
    """`color` (#rrggbb), or the nearest darker colour of its hue that meets WCAG AA for
    normal text on white."""
    rgb = Rgb.parse(color)
    while contrast_ratio(Rgb.parse(rgb.hex), WHITE) < AA_NORMAL_TEXT:
        rgb = rgb.mix(Rgb(0.0, 0.0, 0.0), DARKEN_STEP)
    return rgb.hex


def word_language(tag: str) -> str:
    """A language tag as the file names it to Word (w:lang, w:themeFontLang): with the region
    its proofing tools go by (cy is cy-GB, ur is ur-PK), unless the tag names one already.
    The file's document properties keep the content's own tag."""
    subtags = tag.split("-")
    if any(
        len(part) == 2 and part.isalpha() or len(part) == 3 and part.isdigit()
        for part in subtags[1:]
    ):
        return tag
    region = WORD_REGIONS.get(tag.lower())
    return f"{tag}-{region}" if region else tag


def complex_script_of(content: Content) -> str | None:
    """The script (ISO 15924: Arab, Guru, Beng) of `content`'s language if Word sets it as
    complex script (see COMPLEX_SCRIPT_RANGES), as most letters of its title and
    introduction are written; else None. A right-to-left language always is: Word sets a
    right-to-left run in the complex-script font, whatever its letters."""
    letters = [ch for ch in content.plain_title + plain_text(content.intro) if ch.isalpha()]
    complex_letters = [ch for ch in letters if _is_complex_script(ch)]
    if content.direction != "rtl" and len(complex_letters) * 2 <= len(letters):
        return None
    counted = Counter(unicodedata.script(ch) for ch in complex_letters or letters)
    return counted.most_common(1)[0][0] if counted else "Zyyy"


def kit_script(brand: Brand) -> str | None:
    """The script (ISO 15924) of the kit's own words where Word sets it as complex script
    (see COMPLEX_SCRIPT_RANGES), as most of their complex-script letters are written: Arab
    for a kit that names itself and its contacts in Urdu, whatever the pack's languages;
    else None. Its words print in every handout, so any such letter needs a font."""
    texts = [brand.name, brand.review_note]
    texts += [part for contact in brand.contacts for part in (contact.label, contact.value)]
    counted = Counter(
        unicodedata.script(ch)
        for text in texts
        if text
        for ch in text
        if ch.isalpha() and _is_complex_script(ch)
    )
    return counted.most_common(1)[0][0] if counted else None


def _is_complex_script(character: str) -> bool:
    code = ord(character)
    return any(first <= code <= last for first, last in COMPLEX_SCRIPT_RANGES)


def latin_language(content: Content) -> str:
    """The language Word checks the Latin words of complex-script text in: the pack's first
    language that is not complex script, else English. Word itself writes an Urdu
    document's runs as w:lang w:val="en-GB" w:bidi="ur-PK" (w:val is the language of text
    that is not complex script), and a Hindi one's as w:val="en-GB" w:bidi="hi-IN"; marked
    ur-PK, "Data Protection Act 1998" in an Urdu answer was checked as Urdu and every word
    of it underlined."""
    plain = (text.language for text in content.pack if complex_script_of(text) is None)
    return next(plain, "en-GB")


def complex_script_language(content: Content, brand: Brand) -> str | None:
    """The pack's first complex-script language, as Word names it (ur-PK, pa-IN), if any;
    else, where the kit's own words are complex script (see `kit_script`), the kit's
    language, if it says one and it is not one of the pack's languages that are not: the
    language w:themeFontLang's w:bidi names, which picks the theme's fonts for it. (A kit
    the studio made says en-GB whatever its words: Word would check its Urdu as English.)"""
    tags = (text.language for text in content.pack if complex_script_of(text) is not None)
    tag = next(tags, None)
    if tag is None and brand.language is not None and kit_script(brand) is not None:
        pack = {primary_language(text.language) for text in content.pack}
        tag = None if primary_language(brand.language) in pack else brand.language
    return tag and word_language(tag)


def set_language(document, content: Content, brand: Brand) -> None:
    """The theme's languages, as Word writes them: w:val the language of the text that is
    not complex script (the first language, or in a handout whose first language is complex
    script the language of its Latin words), and, where the handout has a complex-script
    language (the pack's, or the kit's own words': see `complex_script_language`), w:bidi
    that language, which picks the theme's complex-script fonts for it."""
    theme_language = document.settings.element.find(qn("w:themeFontLang"))
    if theme_language is None:
        return
    complex_first = complex_script_of(content) is not None
    first = latin_language(content) if complex_first else content.language
    theme_language.set(qn("w:val"), word_language(first))
    bidi = complex_script_language(content, brand)
    if bidi is not None:
        theme_language.set(qn("w:bidi"), bidi)


def core_properties(document, content: Content, brand: Brand, created: str | None) -> None:
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


def reproducible_zip(data: bytes) -> bytes:
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
