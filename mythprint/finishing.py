"""Finishing touches made on the written PDF: print marks, exact bleed, reading order, and
the language of each part written in another."""

import io

import pikepdf

from .errors import RenderProblem
from .profiles import SLUG_MM, Profile

PT_PER_MM = 72 / 25.4
MARK_WIDTH_PT = 0.25
MARK_GAP_MM = 0.5  # marks stop short of the box they point at


def finish(
    data: bytes,
    profile: Profile,
    folds_mm=(),
    read_last: int | None = None,
    languages: tuple[str, ...] = (),
) -> bytes:
    """Apply what WeasyPrint cannot do itself; untouched files are returned as they are.

    `languages` names the language of each <article> of the document, in order (see
    `_set_languages`).
    """
    if not profile.press and read_last is None and not languages:
        return data
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if profile.press:
            for number, page in enumerate(pdf.pages):
                folds = folds_mm[number] if number < len(folds_mm) else ()
                _press_page(pdf, page, profile, folds)
        if read_last is not None:
            _move_section_to_end(pdf, read_last)
        if languages:
            _set_languages(pdf, languages)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
    return out.getvalue()


def _press_page(pdf: pikepdf.Pdf, page: pikepdf.Page, profile: Profile, folds) -> None:
    """Set the BleedBox to exactly the bleed, and draw crop and fold marks beyond it."""
    x0, y0, x1, y1 = (float(v) for v in page.obj.TrimBox)
    bleed = profile.bleed_mm * PT_PER_MM
    page.obj.BleedBox = pikepdf.Array([x0 - bleed, y0 - bleed, x1 + bleed, y1 + bleed])
    lines = []
    if profile.marks:
        lines += _crop_marks(x0, y0, x1, y1, bleed)
    for fold in folds:
        lines += _fold_marks(x0 + fold * PT_PER_MM, y0, y1, bleed, profile.marks)
    if not lines:
        return
    color = "0 0 0 1 K" if profile.cmyk else "0 0 0 RG"
    path = " ".join(f"{a:.3f} {b:.3f} m {c:.3f} {d:.3f} l S" for a, b, c, d in lines)
    # Printer's marks are page artifacts: outside the document's structure.
    drawing = f"/Artifact <</Type /Page>> BDC q {MARK_WIDTH_PT} w {color} {path} Q EMC"
    page.contents_add(pikepdf.Stream(pdf, b"q"), prepend=True)
    page.contents_add(pikepdf.Stream(pdf, b"Q " + drawing.encode()), prepend=False)


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


def _fold_marks(x, y0, y1, bleed, slug: bool):
    """A short line above and below the trim where the sheet folds."""
    if slug:
        start, end = bleed + MARK_GAP_MM * PT_PER_MM, bleed + SLUG_MM * PT_PER_MM
    else:
        start, end = MARK_GAP_MM * PT_PER_MM, bleed
    return [(x, y1 + start, x, y1 + end), (x, y0 - start, x, y0 - end)]


def _move_section_to_end(pdf: pikepdf.Pdf, index: int) -> None:
    """Move the index-th section of the tag tree to the end of the document's structure.

    A paged engine tags in page order; a folded leaflet is read in another order, and
    this puts its structure (what screen readers follow) in that order. The page
    content itself is untouched.
    """
    root_kids = pdf.Root.StructTreeRoot.K
    document = root_kids[0] if isinstance(root_kids, pikepdf.Array) else root_kids
    sections = [node for node in _struct_elements(document) if node.get("/S") == "/Sect"]
    target = sections[index]
    parent = target.P
    kids = parent.K if isinstance(parent.K, pikepdf.Array) else pikepdf.Array([parent.K])
    parent.K = pikepdf.Array([kid for kid in kids if not _same(kid, target)])
    document.K.append(target)
    target.P = document


def _set_languages(pdf: pikepdf.Pdf, languages: tuple[str, ...]) -> None:
    """Give each article's structure element (/Art) its language, so that a screen reader
    reads each language's text in its own voice.

    WeasyPrint 70 writes only the document's language (the catalog's /Lang), whatever the
    `lang` of an element inside it. A document of several languages marks each language's
    part as an <article> of its own, and only those: the structure tree keeps the HTML's
    order, so the n-th /Art is the n-th article.
    """
    root_kids = pdf.Root.StructTreeRoot.K
    document = root_kids[0] if isinstance(root_kids, pikepdf.Array) else root_kids
    articles = [node for node in _struct_elements(document) if node.get("/S") == "/Art"]
    if len(articles) != len(languages):
        raise RenderProblem(
            f"the document has {len(articles)} parts tagged as articles, where its "
            f"{len(languages)} parts in their own language were expected"
        )
    for article, language in zip(articles, languages, strict=True):
        article.Lang = pikepdf.String(language)


def _struct_elements(node):
    kids = node.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _struct_elements(kid)


def _same(first, second) -> bool:
    return isinstance(first, pikepdf.Dictionary) and first.objgen == second.objgen
