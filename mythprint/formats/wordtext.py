"""The handout's text as Word runs: each language's styles, links, and the direction of runs."""

import copy
import re

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from fontTools import unicodedata

from ..inputs.brand import Brand
from ..inputs.checks import cmap_of
from ..inputs.content import Content
from ..inputs.fontchain import letters_of, letters_of_kit
from ..inputs.inline import Span, left_to_right_stretches, link_suffix, strong_direction
from .wordfile import (
    complex_script_language,
    complex_script_of,
    kit_script,
    latin_language,
    word_language,
)

KIT_WORDS = "Kit Words"  # the character style that marks the kit's words with its language
# Word's own title and headings: in a pack, every language's are in these, not in counterparts
# of them, because Word, screen readers (NVDA issues 5186 and 15543) and Save as PDF take
# only Word's own styles for headings, never a style based on one. A heading's words take
# their language from HEADING_TEXT's counterpart instead (see Styles.heading).
HEADINGS = ("Title", "Heading 1", "Heading 2")
HEADING_TEXT = "Heading Text"
# The character style of a language's words in a line that every language of a pack shares,
# whose paragraph's style carries another's ("Page" in "Tudalen 1 o 3 · Page 1 of 3").
WORDS = "Words"
# The character styles a heading's run may have, and what each becomes in a pack's heading:
# the label its language's counterpart; bold and italic the language's Heading Text, bold or
# italic as the style was (a run has one character style, and the language needs it).
HEADING_RUNS = {"Myth Label": ("Myth Label", ()), "Strong": (HEADING_TEXT, ("b", "bCs"))}
HEADING_RUNS |= {"Emphasis": (HEADING_TEXT, ("i", "iCs")), None: (HEADING_TEXT, ())}
# Where w:bidi and the mark's w:rPr go among a paragraph's properties, and w:lang among a
# run's (ISO/IEC 29500-1 §17.3.1.26, §17.3.2.28): before the first of these present.
AFTER_MARK = ("w:sectPr", "w:pPrChange")
AFTER_BIDI = ("w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing")
AFTER_BIDI += ("w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection")
AFTER_BIDI += ("w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId")
AFTER_BIDI += ("w:cnfStyle", "w:rPr", *AFTER_MARK)
AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
# Ends the kit's own words where they read the other way from their paragraph (see
# kit_words), and keeps a contact's number in the order it was typed (see contact_words).
# Marks, not Unicode's isolates (U+2066 to U+2069, of 2013), which Word's documentation
# does not promise to honour: every bidirectional algorithm, Word's and LibreOffice's
# alike, reads a mark as a letter of its direction, and it prints nothing.
LEFT_TO_RIGHT_MARK = "\u200e"
RIGHT_TO_LEFT_MARK = "\u200f"
DIRECTION_MARKS = {"ltr": LEFT_TO_RIGHT_MARK, "rtl": RIGHT_TO_LEFT_MARK}
# A number as a contact types one: digits in groups, with a leading +, brackets, stops,
# hyphens and slashes between them ("+44 (0)1632 960123", "0113 496 0999 / 0113 496 0888"),
# and an area code in brackets at its start, the closing one too if nothing follows it
# ("(01632) 960123", "(0)1632 960123", "(01632)"): a bracket left outside the number's
# marks took the line's direction, and split the number in a right-to-left line.
NUMBER = re.compile(r"(\()?\+?\d(?:[\d \u00a0().\-/]*\d)?(?(1)\)?)")
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# The complex-script language Word's own documents name (w:lang w:bidi) where they have none.
WORD_BIDI_DEFAULT = "ar-SA"


def complex_script_fonts(
    content: Content, brand: Brand, companion_brands: tuple[Brand, ...]
) -> dict[str, tuple[str, str]]:
    """The fonts Word sets complex-script text in (see wordfile.COMPLEX_SCRIPT_RANGES),
    headings' and the rest's, for the theme (see wordfile.apply_theme): for the script of
    each of the pack's complex-script languages (Arab for Urdu, Guru for Panjabi, Beng for
    Bengali), in reading order, the first language of a script deciding, the fonts the kit
    sets that language in (see `_fonts_for`); then, for the script of the kit's own words,
    if it is complex script and none of the pack's (an English handout of a kit that names
    itself and its contacts in Urdu), the fonts the kit sets them in. Empty for a handout
    with none."""
    fonts: dict[str, tuple[str, str]] = {}
    for text, kit in zip(content.pack, (brand, *companion_brands), strict=True):
        script = complex_script_of(text)
        if script is not None and script not in fonts:
            fonts[script] = _fonts_for(letters_of(text), kit, script)
    script = kit_script(brand)
    if script is not None and script not in fonts:
        fonts[script] = _fonts_for(letters_of_kit(brand), brand, script)
    return fonts


def _fonts_for(letters: frozenset[str], kit: Brand, script: str) -> tuple[str, str]:
    """The headings' and the body's font for `letters` in `script`: the kit's own headings
    or body font where it has them all, else the first of its fallback fonts that does
    (Lohit Gurmukhi for Panjabi, IBM Plex Sans Arabic for Urdu), as the PDFs take them;
    where none has them all, its first fallback font, which a kit names for that script,
    or else its own fonts."""
    letters = frozenset(ch for ch in letters if unicodedata.script(ch) == script)

    def has_all(family: str) -> bool:
        faces = [face for face in kit.faces if face.family == family]
        return bool(faces) and all(letters <= cmap_of(face.path) for face in faces)

    fallback = next((family for family in kit.fallback_families if has_all(family)), None)
    fallback = fallback or next(iter(kit.fallback_families), None)
    return tuple(
        own if has_all(own) or fallback is None else fallback
        for own in (kit.heading_family, kit.body_family)
    )


def style_context(content: Content, brand: Brand, companion_brands: tuple[Brand, ...]) -> dict:
    """What templates/handout-styles.xml.j2 needs besides the kit's colours: the first
    language (the document's own), and in a pack every language, for its counterpart styles;
    each language as Word names it (see `word_language`), and as the content does (style ids).

    A complex-script language (right to left, as Urdu, or not, as Panjabi: see
    wordfile.complex_script_of) has its w:lang name it as w:bidi, the language of its own
    script, and `latin_language` as w:val, the language of the Latin words inside it (see
    wordfile.latin_language); its text is in the theme's complex-script fonts. The document's
    defaults name the pack's first complex-script language as w:bidi (`bidi_language`), or,
    in a pack with none, the kit's language where its own words are complex script (see
    wordfile.complex_script_language), or else Word's own default, Arabic. The kit's own
    words, in Kit Words, name their complex-script fonts where the theme's are another
    script's (`kit_fonts`: see `kit_names_fonts`).
    """
    labels = _language_labels(content)
    kit_language = kit_words_language(content, brand)
    fonts = complex_script_fonts(content, brand, companion_brands)
    theme_script = next(iter(fonts), None)
    return {
        "kit_language": kit_language and word_language(kit_language),
        "kit_fonts": _own_fonts(fonts, kit_script(brand), theme_script),
        "word_language": word_language(content.language),
        "latin_language": word_language(latin_language(content)),
        "rtl": content.direction == "rtl",
        "complex": complex_script_of(content) is not None,
        "bidi_language": complex_script_language(content, brand) or WORD_BIDI_DEFAULT,
        "complex_script": bool(fonts),
        "languages": [
            {
                "tag": text.language,
                "word_tag": word_language(text.language),
                "label": labels[text.language],
                "rtl": text.direction == "rtl",
                "complex": complex_script_of(text) is not None,
                "own_fonts": _own_fonts(fonts, complex_script_of(text), theme_script),
                "first": text is content,
            }
            for text in content.pack
        ]
        if content.companions
        else [],
        "style_name": language_style_name,
    }


def _own_fonts(
    fonts: dict[str, tuple[str, str]], script: str | None, theme_script: str | None
) -> tuple[str, str] | None:
    """The headings' and body's complex-script fonts a language's styles name themselves
    (w:rFonts w:cs): a complex-script language's whose script is not the theme's. Word and
    LibreOffice take the theme's complex-script fonts (w:cstheme) for the script of one
    language only, the first (w:themeFontLang's w:bidi): in an Urdu and Panjabi pack, the
    Panjabi would be set in the Urdu font, which has no Gurmukhi."""
    return fonts[script] if script is not None and script != theme_script else None


def kit_names_fonts(content: Content, brand: Brand) -> bool:
    """Whether the Kit Words style names the complex-script fonts of the kit's own words:
    where they are complex script, and the theme's complex-script fonts are for another
    script, the pack's first (Urdu contacts in a Panjabi handout)."""
    script = kit_script(brand)
    theme = next(filter(None, map(complex_script_of, content.pack)), script)
    return script is not None and script != theme


def kit_words_language(content: Content, brand: Brand) -> str | None:
    """The language the handout marks the kit's own words with, run by run (the Kit Words
    style): the kit's, where it says one that none of the pack's languages is (one that is
    sets them in its styles: see `_voice`)."""
    return None if _in_kit_language(content, brand) else brand.words_language(content.language)


def _in_kit_language(content: Content, brand: Brand) -> Content | None:
    """The pack's content in the language the kit says its words are in, if it has one."""
    if brand.language is None:
        return None
    return next((text for text in content.pack if not brand.words_language(text.language)), None)


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


class Styles:
    """Gives paragraphs and runs a style by its name, as python-docx's `style=` does.

    python-docx finds a name by scanning every style twice on each use; here each name is
    found once a document. A type's default style is written as no style at all, as
    python-docx writes it.
    """

    def __init__(self, document, content: Content, brand: Brand):
        self.ids = {
            style.name: None if style.element.default else style.style_id
            for style in document.styles
        }
        self.labels = _language_labels(content) if content.companions else {}
        self.brand = brand
        self.names = {style_id: name for name, style_id in self.ids.items() if style_id}
        self.first = content
        self.style_elements = document.styles.element
        # The character style of a run of the kit's own words, if their paragraph's style
        # does not carry their language, or the theme's fonts are not for their script.
        marked = kit_words_language(content, brand) or kit_names_fonts(content, brand)
        self.kit_style = KIT_WORDS if marked else None

    def of(self, name: str, content: Content) -> str:
        """The paragraph style `name` as `content`'s language has it: in a pack, the
        counterpart that carries its language; else, and for Word's own title and headings,
        which `heading` gives their language, `name` itself."""
        if not self.labels or name in HEADINGS:
            return name
        return language_style_name(name, self.labels[content.language])

    def heading(self, paragraph, content: Content):
        """A pack's heading (or title), in Word's own style, in `content`'s language: each
        run, and the paragraph's mark, in the language's Heading Text (see `_heading_run`);
        the paragraph right to left or left to right where the document reads the other
        way. Its style keeps it close to its counterparts, with no space between them
        (w:contextualSpacing, in templates/handout-styles.xml.j2): nothing here sets the
        paragraph's spacing. Call it once the paragraph has its runs. A handout of one
        language is left as it is."""
        if not self.labels:
            return paragraph
        label = self.labels[content.language]
        words = self.ids[language_style_name(HEADING_TEXT, label)]
        for run in paragraph._p.iter(qn("w:r")):
            self._heading_run(run, label, words)
        return self._heading_mark(paragraph, content, words)

    def heading_in_every_language(self, paragraph, parts: list[tuple[Content, str]], joiner: str):
        """A pack's heading over what it prints once (its contacts), in Word's own style: each
        language's `parts` in turn on its one line, joined by `joiner`, each in its language's
        Heading Text, as `heading` sets a heading of one language; the paragraph's mark in
        the first's. Only for a pack whose languages all read one way: a line that mixes
        directions reads in an order of the reader's software's choosing."""
        first = parts[0][0]
        for index, (text, words) in enumerate(parts):
            style = language_style_name(HEADING_TEXT, self.labels[text.language])
            self.run(paragraph, words + (joiner if index < len(parts) - 1 else ""), style)
        words_id = self.ids[language_style_name(HEADING_TEXT, self.labels[first.language])]
        return self._heading_mark(paragraph, first, words_id)

    def words_style(self, content: Content) -> str:
        """The character style of `content`'s words in a line of the pack's that another
        language's paragraph style carries (see handout.py's _in_every_language)."""
        return language_style_name(WORDS, self.labels[content.language])

    def _heading_mark(self, paragraph, content: Content, words: str):
        """A heading's paragraph in `content`'s direction, and its mark in `words`, the id
        of the language's Heading Text."""
        properties = paragraph._p.get_or_add_pPr()
        if (content.direction == "rtl") != (self.first.direction == "rtl"):
            bidi = properties.makeelement(qn("w:bidi"), {})
            if content.direction != "rtl":
                bidi.set(qn("w:val"), "0")
            properties.insert_element_before(bidi, *AFTER_BIDI)
        mark = properties.makeelement(qn("w:rPr"), {})
        mark.append(mark.makeelement(qn("w:rStyle"), {qn("w:val"): words}))
        properties.insert_element_before(mark, *AFTER_MARK)
        return paragraph

    def _heading_run(self, run, label: str, words: str) -> None:
        """A run of a heading in the language `label`, whose Heading Text is `words`: the
        label's style becomes its language's counterpart, bold and italic become Heading
        Text, bold or italic (see HEADING_RUNS); a link keeps its style, and takes the
        language on the run itself."""
        name = self.names.get(run.style) if run.style else None
        if name not in HEADING_RUNS:
            _mark_language(run, self._language_of(words))
            return
        style, marks = HEADING_RUNS[name]
        run.style = self.ids[language_style_name(style, label)]
        for mark in marks:
            getattr(run.get_or_add_rPr(), f"get_or_add_{mark}")()

    def _language_of(self, style_id: str) -> list:
        """The w:rFonts, w:rtl and w:lang that the character style `style_id` sets."""
        found = self.style_elements.find(
            f"{qn('w:style')}[@{qn('w:styleId')}='{style_id}']/{qn('w:rPr')}"
        )
        marks = (qn("w:rFonts"), qn("w:rtl"), qn("w:lang"))
        return [child for child in found if child.tag in marks]

    def of_kit(self, name: str, content: Content, words: str) -> str:
        """The paragraph style for the kit's own words (its name, contacts, review note),
        which have no language of their own: the first language's, unless another of the
        pack's reads in their direction and the first does not (English contacts in an
        Urdu-first pack read left to right, in the English styles)."""
        return self.of(name, _voice(content, words, self.brand)[0])

    def kit_words(self, content: Content, words: str) -> str:
        """The kit's own words as they must be typed into a paragraph of `of_kit`'s style:
        words that read the other way from the paragraph end with a mark of their own
        direction, so that their last stop, slash or bracket stays at their end ("board.
        Next review: April 2027.", "https://www.example.org/"), not at the paragraph's."""
        voice, direction = _voice(content, words, self.brand)
        return words + DIRECTION_MARKS[direction] if voice.direction != direction else words

    def kit_direction(self, content: Content, words: str) -> str:
        """The direction of the paragraph `of_kit` gives the kit's own `words`."""
        return _voice(content, words, self.brand)[0].direction

    def contact_words(self, content: Content, label: str, value: str) -> tuple[str, str]:
        """A contact's label, with its colon, and its value (a number, an address), as they
        must be typed into a paragraph of `of_kit(label)`'s style, where any of the three
        reads right to left: the label ends with a mark of its own direction, before the
        colon, and the value stands between two marks of its own (a number's are left to
        right). Unicode's bidirectional algorithm reads digits after Arabic letters as
        Arabic numbers, laid out right to left group by group: "01632 960123" after an
        Urdu label printed as "960123 01632", a wrong number to ring. So marked, the
        label reads its way, the colon follows it as the paragraph reads, and the number
        reads as it was typed, on a line that reads either way ("بچے کے بارے میں فکرمند؟:
        01632 960123"). A number inside a value that reads right to left ("0800 765 4321
        (مفت کال)") stands between left-to-right marks of its own, or its groups swap
        too; and the value starts with a mark of the line's direction, after the colon's
        space, or between an Urdu label and such a value the colon went to the line's far
        end. A line all left to right is typed as it is: "Police: 020 7946 0789"."""
        line = self.kit_direction(content, label)
        direction = strong_direction(label) or line
        value_direction = strong_direction(value) or "ltr"
        right_to_left = any(strong_direction(character) == "rtl" for character in value)
        if "rtl" not in (line, direction) and not right_to_left:
            return f"{label}: ", value
        own, its = DIRECTION_MARKS[direction], DIRECTION_MARKS[value_direction]
        after = DIRECTION_MARKS[line]  # the colon and its space read as the line does
        if right_to_left:
            value = NUMBER.sub(
                lambda found: f"{LEFT_TO_RIGHT_MARK}{found[0]}{LEFT_TO_RIGHT_MARK}", value
            )
        return f"{label}{own}: ", f"{after}{its}{value}{its}"

    def kit_run(self, paragraph, content: Content, words: str):
        """A run of the kit's own words, typed as `kit_words` says, in `kit_style`."""
        return self.run(paragraph, self.kit_words(content, words), self.kit_style)

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


def _voice(content: Content, words: str, brand: Brand) -> tuple[Content, str]:
    """The language of the pack whose styles set the kit's own `words`, and their direction:
    the kit's language where the pack has it; else the first language that reads in their
    direction, else the first."""
    direction = strong_direction(words) or content.direction
    own = _in_kit_language(content, brand)
    if own is not None:
        return own, direction
    return next((text for text in content.pack if text.direction == direction), content), direction


def _mark_language(run, marks: list) -> None:
    """A copy of each of `marks` (a style's w:rFonts, w:rtl and w:lang) on the run itself: a
    link in a pack's heading keeps its own character style, and so cannot take its
    language's."""
    properties = run.get_or_add_rPr()
    for mark in marks:
        if mark.tag == qn("w:rFonts"):
            properties._remove_rFonts()
            properties._insert_rFonts(copy.deepcopy(mark))
        elif mark.tag == qn("w:rtl"):
            properties._remove_rtl()
            properties._insert_rtl(copy.deepcopy(mark))
        else:
            properties.insert_element_before(copy.deepcopy(mark), *AFTER_LANG)


def add_span(paragraph, span: Span, styles: Styles) -> None:
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


def left_to_right_runs(document) -> None:
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
    # A character style that sets a direction (a language's Heading Text in a pack) sets it
    # for its runs, whatever their paragraph's.
    by_character = {
        style.get(qn("w:styleId")): _right_to_left(rtl, False)
        for style in styles.iterchildren(qn("w:style"))
        if style.get(qn("w:type")) == "character"
        and (rtl := style.find(f"{qn('w:rPr')}/{qn('w:rtl')}")) is not None
    }
    for part in (document.element.body, *page_furniture(document.sections[0])):
        for paragraph in part.iter(qn("w:p")):
            style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            base = by_style.get(style.get(qn("w:val")), default) if style is not None else default
            for run in list(paragraph.iter(qn("w:r"))):
                _split_run(run, by_character.get(run.style, base))


def page_furniture(section) -> list:
    """The section's header and footer as XML."""
    return [section.header._element, section.footer._element]


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
