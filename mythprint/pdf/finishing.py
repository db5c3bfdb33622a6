"""Finishing touches made on the written PDF: print marks, exact bleed, reading order, and
the language of each part written in another."""

import hashlib
import io
import re
import unicodedata
import uuid

import pikepdf
import pydyf

from ..errors import RenderProblem
from .profiles import SLUG_MM, Profile

PT_PER_MM = 72 / 25.4
MARK_WIDTH_PT = 0.25
MARK_GAP_MM = 0.5  # marks stop short of the box they point at
FOLD_DASH = "[1.5 1] 0"  # points on, points off
# WeasyPrint's PDF/X-4 metadata names the document with a random UUID.
RANDOM_DOCUMENT_ID = re.compile(rb"xmp\.did:[0-9a-f-]{36}")
# PDF/X-1a's and X-3's conformance key, which WeasyPrint writes into a PDF/X-4 file too.
PDFX_CONFORMANCE = re.compile(rb"<pdfx:GTS_PDFXConformance>[^<]*</pdfx:GTS_PDFXConformance>")


def finish(
    data: bytes,
    profile: Profile,
    folds_mm=(),
    reading_order: tuple[int, ...] | None = None,
    languages: tuple[str, ...] = (),
    right_to_left: bool = False,
) -> bytes:
    """Apply what WeasyPrint cannot do itself; untouched files are returned as they are.

    `languages` gives the language of each piece of text, as `text_languages` found them
    in the layout. `right_to_left`: some of the text is written right to left.
    """
    if not profile.press and reading_order is None and not languages and not right_to_left:
        return data
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if right_to_left:
            _ligatures_read_right_to_left(pdf)
        if profile.press:
            _drop_links(pdf)
            for number, page in enumerate(pdf.pages):
                folds = folds_mm[number] if number < len(folds_mm) else ()
                _press_page(pdf, page, profile, folds)
        if languages:  # before any move: it follows the tree in the layout's order
            _set_languages(pdf, languages)
        if reading_order is not None:
            _read_sections_in_order(pdf, reading_order)
        if profile.press:
            _pdfx_identity(pdf)
            _steady_document_id(pdf)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
    return out.getvalue()


def figures_in_place(document, pdf) -> None:
    """WeasyPrint's finisher: give each figure its /BBox in the page's PDF coordinates, and
    the language of its alt text where that is not the document's.

    WeasyPrint 70 writes a figure's box in CSS pixels from the top of the page, so the
    logo's box on a leaflet ran off the page; PDF/UA wants it where the image is, for a
    reader that highlights or reflows it. A page's CSS origin is the top-left of its trim
    box, which WeasyPrint places at PDF (0, 0) + the page's height. It writes no language
    for a figure either: the logo's alt text, the kit's words in the kit's language, would
    be read in the voice of the page's (see `text_languages`)."""
    scale = 0.75  # CSS pixels to points
    pages = dict(zip(pdf.page_references, document.pages, strict=True))
    languages = {
        (reference, box_key): language
        for reference, page in pages.items()
        for box_key, language in _image_languages(page._page_box)
        if language and language != document.metadata.lang
    }
    for element in pdf.objects:
        if not isinstance(element, dict) or element.get("S") != "/Figure":
            continue
        box = element.get("A", {}).get("BBox")
        if box is None:
            continue
        x1, y1, x2, y2 = box
        if language := languages.get((element["Pg"], _box_key(x1, y1, x2, y2))):
            element["Lang"] = pydyf.String(language)
        top = pages[element["Pg"]].height * scale
        box[:] = [x1 * scale, top - y2 * scale, x2 * scale, top - y1 * scale]


def _image_languages(box):
    """(where, language) of each image below `box`, where as a figure's /BBox gives it."""
    from weasyprint.formatting_structure.boxes import ReplacedBox

    for child in getattr(box, "children", ()):
        if isinstance(child, ReplacedBox):
            x, y = child.content_box_x(), child.content_box_y()
            yield _box_key(x, y, x + child.width, y + child.height), child.style["lang"]
        else:
            yield from _image_languages(child)


def _box_key(x1, y1, x2, y2) -> tuple[float, ...]:
    return tuple(round(float(value), 3) for value in (x1, y1, x2, y2))


def _press_page(pdf: pikepdf.Pdf, page: pikepdf.Page, profile: Profile, folds) -> None:
    """Set the BleedBox to exactly the bleed; with --marks, draw crop and fold marks
    beyond it."""
    x0, y0, x1, y1 = (float(v) for v in page.obj.TrimBox)
    bleed = profile.bleed_mm * PT_PER_MM
    page.obj.BleedBox = pikepdf.Array([x0 - bleed, y0 - bleed, x1 + bleed, y1 + bleed])
    if not profile.marks:
        return  # many shops refuse marks; where allowed, they stand beyond the bleed
    crops = _strokes(_crop_marks(x0, y0, x1, y1, bleed))
    folds = _strokes(
        [line for fold in folds for line in _fold_marks(x0 + fold * PT_PER_MM, y0, y1, bleed)]
    )
    color = f"{_registration(pdf, page)} CS 1 SCN" if profile.cmyk else "0 0 0 RG"
    # Printer's marks are page artifacts, outside the document's structure. A fold mark is
    # dashed, as finishers expect, so that it is not taken for a line to cut on.
    drawing = (
        f"/Artifact <</Type /Page>> BDC q {MARK_WIDTH_PT} w {color} {crops}"
        f"{f' {FOLD_DASH} d {folds}' if folds else ''} Q EMC"
    )
    page.contents_add(pikepdf.Stream(pdf, b"q"), prepend=True)
    page.contents_add(pikepdf.Stream(pdf, b"Q " + drawing.encode()), prepend=False)


def _registration(pdf: pikepdf.Pdf, page: pikepdf.Page) -> str:
    """The page's name for registration colour, the separation "All": marks in it print on
    every plate, so the press can trim and register each of them, not only the black."""
    name = "/MythprintAll"
    tint = pdf.make_indirect(
        pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[0, 0, 0, 0], C1=[1, 1, 1, 1], N=1)
    )
    space = pikepdf.Array(
        [pikepdf.Name.Separation, pikepdf.Name.All, pikepdf.Name.DeviceCMYK, tint]
    )
    if "/ColorSpace" not in page.Resources:
        page.Resources.ColorSpace = pikepdf.Dictionary()
    page.Resources.ColorSpace[name] = space
    return name


def _strokes(lines) -> str:
    return " ".join(f"{a:.3f} {b:.3f} m {c:.3f} {d:.3f} l S" for a, b, c, d in lines)


def _pdfx_identity(pdf: pikepdf.Pdf) -> None:
    """A PDF/X-4 file's identity as a print shop's preflight reads it. WeasyPrint also writes
    PDF/X-1a's and X-3's conformance key, which has no value for X-4, and names the file a
    proof (xmpMM:RenditionClass proof:pdf), where it is the master to print from. Older
    workflows read the version from the Info dictionary, so it is named there too."""
    metadata = pdf.Root.get("/Metadata")
    if "/OutputIntents" not in pdf.Root or metadata is None:
        return
    xml = PDFX_CONFORMANCE.sub(b"", metadata.read_bytes())
    metadata.write(
        xml.replace(b">proof:pdf</xmpMM:RenditionClass>", b">default</xmpMM:RenditionClass>")
    )
    pdf.docinfo["/GTS_PDFXVersion"] = "PDF/X-4"


# A ToUnicode entry that maps one glyph to several characters: <glyph> <UTF-16BE>.
SEVERAL_CHARACTERS = re.compile(rb"<([0-9A-Fa-f]+)>(\s*)<((?:[0-9A-Fa-f]{4}){2,})>")


def _ligatures_read_right_to_left(pdf: pikepdf.Pdf) -> None:
    """Urdu "کی" is one glyph, and the font's ToUnicode map gives its letters in reading
    order. A page stores right-to-left text in the order it is drawn, left to right, and a
    reader (pdftotext, Chrome's PDFium, a screen reader's text) turns each line round to
    read it: the glyph's letters were turned round with it, and "کی" was read "یک", so
    "رہنمائی" came out "رہنمایئ". A glyph made only of right-to-left letters is only ever
    drawn in right-to-left text, so its letters are listed last first: turned round with
    the line, they read in order. (Each font's map is shared by every page: changed once.)
    """
    done: set[tuple[int, int]] = set()
    for page in pdf.pages:
        fonts = page.obj.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            stream = font.get("/ToUnicode")
            if not isinstance(stream, pikepdf.Stream) or stream.objgen in done:
                continue
            done.add(stream.objgen)
            data = stream.read_bytes()
            turned = SEVERAL_CHARACTERS.sub(_turned_if_right_to_left, data)
            if turned != data:
                stream.write(turned)


def _turned_if_right_to_left(entry: re.Match) -> bytes:
    glyph, space, code = entry.groups()
    text = bytes.fromhex(code.decode()).decode("utf-16-be")
    if not all(unicodedata.bidirectional(letter) in ("R", "AL") for letter in text):
        return entry.group(0)
    turned = text[::-1].encode("utf-16-be").hex().upper().encode()
    return b"<" + glyph + b">" + space + b"<" + turned + b">"


def _steady_document_id(pdf: pikepdf.Pdf) -> None:
    """Name the document after what it holds, in place of WeasyPrint's random name for a
    PDF/X-4 file, so that the same inputs make the same bytes (the file's /ID is derived
    from them too)."""
    metadata = pdf.Root.get("/Metadata")
    if metadata is None:
        return
    xml = metadata.read_bytes()
    if not RANDOM_DOCUMENT_ID.search(xml):
        return
    digest = hashlib.sha256(RANDOM_DOCUMENT_ID.sub(b"", xml))
    for page in pdf.pages:
        contents = page.obj.get("/Contents")
        for stream in contents if isinstance(contents, pikepdf.Array) else [contents]:
            digest.update(stream.read_raw_bytes())
    name = f"xmp.did:{uuid.uuid5(uuid.NAMESPACE_URL, 'mythprint:' + digest.hexdigest())}"
    metadata.write(RANDOM_DOCUMENT_ID.sub(name.encode(), xml))


def _drop_links(pdf: pikepdf.Pdf) -> None:
    """Take the links out of a print shop's file: PDF/X allows no annotation on the page,
    nor any action, and paper has no use for either. Text that was a link stays, tagged
    as a span, so the file's structure still reads it."""
    links = []
    for page in pdf.pages:
        annotations = list(page.obj.get("/Annots", ()))
        kept = [a for a in annotations if a.get("/Subtype") != "/Link"]
        links += [a for a in annotations if a.get("/Subtype") == "/Link"]
        if kept:
            page.obj.Annots = pikepdf.Array(kept)
        elif annotations:
            del page.obj["/Annots"]
    tree = pdf.Root.get("/StructTreeRoot")
    if links and tree is not None:
        _untag(tree, links)


def _untag(tree: pikepdf.Dictionary, annotations: list) -> None:
    """Take `annotations` out of the structure tree: each Link element that held one is a
    Span now, and the parent tree forgets them."""
    dropped = {annotation.objgen for annotation in annotations}
    keys = {int(a.StructParent) for a in annotations if "/StructParent" in a}
    for node in struct_elements(tree):
        kids = node.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        left = [kid for kid in kids if not _refers_to(kid, dropped)]
        if len(left) < len(kids):
            node.K = pikepdf.Array(left)
            if node.get("/S") == "/Link":
                node.S = pikepdf.Name.Span
    numbers = tree.get("/ParentTree", {}).get("/Nums")
    if numbers is not None:
        pairs = [(numbers[i], numbers[i + 1]) for i in range(0, len(numbers), 2)]
        tree.ParentTree.Nums = pikepdf.Array(
            [item for key, value in pairs if int(key) not in keys for item in (key, value)]
        )


def _refers_to(kid, annotations: set[tuple[int, int]]) -> bool:
    """Whether a structure element's kid is an object reference to one of `annotations`."""
    return (
        isinstance(kid, pikepdf.Dictionary)
        and kid.get("/Type") == "/OBJR"
        and kid.Obj.objgen in annotations
    )


def _crop_marks(x0, y0, x1, y1, bleed):
    """Eight short lines on the trim lines, in the slug beyond the bleed."""
    start = bleed + MARK_GAP_MM * PT_PER_MM
    end = bleed + SLUG_MM * PT_PER_MM
    return [
        (x0, y1 + start, x0, y1 + end), (x0 - start, y1, x0 - end, y1),
        (x1, y1 + start, x1, y1 + end), (x1 + start, y1, x1 + end, y1),
        (x0, y0 - start, x0, y0 - end), (x0 - start, y0, x0 - end, y0),
        (x1, y0 - start, x1, y0 - end), (x1 + start, y0, x1 + end, y0),
    ]  # fmt: skip


def _fold_marks(x, y0, y1, bleed):
    """A short line above and below the sheet where it folds, in the slug beyond the bleed."""
    start, end = bleed + MARK_GAP_MM * PT_PER_MM, bleed + SLUG_MM * PT_PER_MM
    return [(x, y1 + start, x, y1 + end), (x, y0 - start, x, y0 - end)]


def _read_sections_in_order(pdf: pikepdf.Pdf, order: tuple[int, ...]) -> None:
    """Put the outermost sections of the tag tree in `order`: the index of each, in document
    order, in the order it is read.

    A paged engine tags in page order; a folded leaflet is read in another order, and
    this puts its structure (what screen readers follow) in that order. The sections become
    the document's last elements, in that order; an element they leave empty (the sheet
    each page was) goes. The page content itself is untouched.

    A section that runs off its page onto the next (a leaflet's back cover with a dozen
    long contacts) is tagged twice, the part that ran on outside any sheet, straight under
    the document: that part is not one of the sections `order` counts, and follows the
    section before it.
    """
    root_kids = pdf.Root.StructTreeRoot.K
    document = root_kids[0] if isinstance(root_kids, pikepdf.Array) else root_kids
    outer = list(_outer_sections(document))
    wrapped = any(not _same(section.P, document) for section in outer)
    sections, run_on = [], {}
    for section in outer:
        if wrapped and _same(section.P, document) and sections:
            run_on.setdefault(len(sections) - 1, []).append(section)
        else:
            sections.append(section)
    if sorted(order) != list(range(len(sections))):
        raise RenderProblem(
            f"the document's structure holds {len(sections)} sections, where its reading "
            f"order names {len(order)}, so it cannot be put in that order"
        )
    headings = [node.objgen for node in struct_elements(document) if _is_heading(node)]
    for section in outer:
        _take_out(section, document)
    if not isinstance(document.K, pikepdf.Array):
        document.K = pikepdf.Array([document.K])
    for index in order:
        for section in (sections[index], *run_on.get(index, ())):
            document.K.append(section)
            section.P = document
    _bookmarks_in_tree_order(pdf, document, headings)


def _outer_sections(node):
    """The sections below `node` that are in no other section, in document order."""
    for kid in _struct_children(node):
        if kid.get("/S") == "/Sect":
            yield kid
        else:
            yield from _outer_sections(kid)


def _take_out(node, document) -> None:
    """Take `node` from its parent's kids, and the parent from the tree if that leaves it
    none (short of the document itself, whose kids become an array)."""
    parent = node.P
    kids = parent.K if isinstance(parent.K, pikepdf.Array) else pikepdf.Array([parent.K])
    parent.K = pikepdf.Array([kid for kid in kids if not _same(kid, node)])
    if _same(parent, document):
        return
    if len(parent.K) == 0:
        _take_out(parent, document)


def _bookmarks_in_tree_order(pdf: pikepdf.Pdf, document, headings) -> None:
    """Order the bookmarks among their siblings as their headings now are in the tree: a
    reader who goes by bookmarks meets the parts in the order of one who reads straight
    through. WeasyPrint makes a bookmark of each heading, in document order, so the n-th
    of `headings` (the tree's headings before it was reordered) is the n-th bookmark; a
    document where they do not pair is left."""
    now = [node.objgen for node in struct_elements(document) if _is_heading(node)]
    place = {heading: number for number, heading in enumerate(now)}
    with pdf.open_outline() as outline:
        items = list(_outline_items(outline.root))
        if len(items) != len(headings) or (0, 0) in headings:
            return
        pairs = zip(items, headings, strict=True)
        rank = {id(item): place[heading] for (_, item), heading in pairs}
        _sort_outline(outline.root, rank)


def _sort_outline(siblings, rank: dict[int, int]) -> None:
    siblings.sort(key=lambda item: rank[id(item)])
    for item in siblings:
        _sort_outline(item.children, rank)


def _outline_items(siblings):
    """Each (list it is in, outline item), in document order."""
    for item in list(siblings):
        yield siblings, item
        yield from _outline_items(item.children)


def _is_heading(node) -> bool:
    return re.fullmatch(r"/H[1-6]?", str(node.get("/S"))) is not None


def text_languages(document) -> tuple[str, ...]:
    """The language of each piece of text of a laid-out document, in the order WeasyPrint
    tags them (see `_set_languages`); () when all of it is in the document's language.

    WeasyPrint 70 writes only the document's language into the PDF (the catalog's /Lang),
    whatever the `lang` of an element inside it.
    """
    from weasyprint.formatting_structure.boxes import MarginBox, TextBox

    def pieces(box):
        for child in getattr(box, "children", ()):
            if isinstance(child, TextBox):
                yield child.style["lang"] or ""
            elif not isinstance(child, MarginBox):  # tagged outside the document's tree
                yield from pieces(child)

    found = tuple(language for page in document.pages for language in pieces(page._page_box))
    return found if len(set(found)) > 1 else ()


def _set_languages(pdf: pikepdf.Pdf, languages: tuple[str, ...]) -> None:
    """Give the structure elements of text in another language than the document's their
    /Lang, so that a screen reader reads each language in its own voice.

    WeasyPrint tags each piece of text (one line of one element) as one marked-content
    sequence, and builds its structure tree in the order of the layout's boxes: the n-th
    marked text in the tree is the n-th text box, whose language `languages` gives. The
    /Lang goes on the highest element all of whose text is in that language.
    """
    root_kids = pdf.Root.StructTreeRoot.K
    document = root_kids[0] if isinstance(root_kids, pikepdf.Array) else root_kids
    holders = list(_text_holders(document))
    if len(holders) != len(languages):
        raise RenderProblem(
            f"the document's structure holds {len(holders)} pieces of text where its layout "
            f"has {len(languages)}, so the language of each cannot be marked"
        )
    below: dict[tuple[int, int], set[str]] = {}
    for holder, language in zip(holders, languages, strict=True):
        below.setdefault(holder.objgen, set()).add(language)
    _gather(document, below)
    _mark(document, below, str(pdf.Root.get("/Lang", "")))


def _text_holders(node):
    """The structure elements that hold marked text directly, once per piece, in tree order.

    A figure's marked content is its image, not text."""
    kids = node.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, int):
            if node.get("/S") != "/Figure":
                yield node
        elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield from _text_holders(kid)


def _gather(node, below: dict) -> set[str]:
    """The languages of all the text under `node`, worked out for every element below it."""
    found = set(below.get(node.objgen, ()))
    for kid in _struct_children(node):
        found |= _gather(kid, below)
    below[node.objgen] = found
    return found


def _mark(node, below: dict, inherited: str) -> None:
    languages = below.get(node.objgen, set())
    if len(languages) == 1 and (language := next(iter(languages))) not in ("", inherited):
        node.Lang = pikepdf.String(language)
        inherited = language
    for kid in _struct_children(node):
        _mark(kid, below, inherited)


def _struct_children(node):
    kids = node.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid


def struct_elements(node):
    """Every structure element below `node`, in document order."""
    for kid in _struct_children(node):
        yield kid
        yield from struct_elements(kid)


def _same(first, second) -> bool:
    return isinstance(first, pikepdf.Dictionary) and first.objgen == second.objgen
