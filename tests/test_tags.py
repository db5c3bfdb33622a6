"""The structure tree of the office PDFs, as a screen reader and a PDF/UA checker meet it: no
paragraph within a paragraph, each contact one item of a list, and the address printed
beside the QR code a link to the page the code opens, its element holding its annotation.

Checked in the real files of both shipped kits, and of the example kit in a Welsh-first pack,
where the kit's English words sit in Welsh pages."""

from pathlib import Path

import pikepdf
import pytest

from mythprint.inputs.brand import load_brand
from mythprint.inputs.inline import display_url
from mythprint.paths import DEFAULT_BRANDS_DIR, DEFAULT_CONTENT
from mythprint.pdf.finishing import struct_elements

from .conftest import MYTH_IDS, _marked_text, run_cli, squash

WELSH = Path(__file__).parent / "fixtures" / "myths.cy.yml"
KIT = "example-partnership"  # the shipped kit with contacts and a QR code
MYTH_POSTERS = tuple(f"poster-a3-{myth_id}.pdf" for myth_id in MYTH_IDS)
ENGLISH = ("poster-a3.pdf", *MYTH_POSTERS, "leaflet-dl.pdf")
WELSH_FIRST = (
    "poster-a3.cy.pdf",
    "poster-a3.en-GB.pdf",
    *MYTH_POSTERS,
    "leaflet-dl.cy.pdf",
    "leaflet-dl.en-GB.pdf",
)
WITH_CONTACTS = (
    *(f"en/{KIT}/{name}" for name in ENGLISH),
    *(f"cy-en/{KIT}/{name}" for name in WELSH_FIRST),
)
EVERY_FILE = (*(f"en/default/{name}" for name in ENGLISH), *WITH_CONTACTS)
# What a printed address holds besides its letters: where it may break (printed_url_breaks).
BREAKS = str.maketrans("", "", "\u200b\u2060")
# pdfium reports some printed hyphens as one of these (see conftest.pdf_text).
HYPHENS = str.maketrans("\x02\ufffe", "--")


@pytest.fixture(scope="module")
def office(tmp_path_factory) -> Path:
    """The posters and leaflets of both shipped kits, and of the example kit in Welsh and
    English, Welsh first: the folder holding `en/` and `cy-en/`."""
    out = tmp_path_factory.mktemp("tags")
    formats = ("--format", "poster", "--format", "myth-posters", "--format", "leaflet")
    for folder, brands, contents in (
        ("en", "all", (DEFAULT_CONTENT,)),
        ("cy-en", KIT, (WELSH, DEFAULT_CONTENT)),
    ):
        pack = [option for path in contents for option in ("--content", str(path))]
        result = run_cli(
            "build", "--brand", brands, *formats, *pack, "--no-previews", "--out", str(out / folder)
        )
        assert result.exit_code == 0, result.output
    return out


def tags_of(node) -> list[str]:
    return [str(kid.S) for kid in kids_of(node)]


def kids_of(node) -> list:
    """A structure element's child elements (not its marked content nor its objects)."""
    kids = node.get("/K")
    kids = kids if isinstance(kids, pikepdf.Array) else [kids]
    return [kid for kid in kids if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]


def text_below(node, marked: dict, pages: dict, page=None) -> str:
    """The text of all the marked content below `node`, in the order of the tree."""
    page = node.get("/Pg", page)
    kids = node.get("/K")
    pieces = []
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, int):
            pieces.append(marked.get((pages[page.objgen], kid), "").translate(HYPHENS))
        elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            pieces.append(text_below(kid, marked, pages, page))
    return "".join(pieces)


def paragraphs_in_paragraphs(node, path=()):
    """The tag path of each P that has a P above it."""
    for kid in kids_of(node):
        here = (*path, str(kid.S))
        if here[-1] == "/P" and "/P" in path:
            yield " > ".join(here)
        yield from paragraphs_in_paragraphs(kid, here)


@pytest.mark.parametrize("name", EVERY_FILE)
def test_no_paragraph_holds_a_paragraph(office, name):
    """A P within a P breaks PDF 2.0's rules, which PDF/UA checkers apply: each contact's
    number was one, inside its label's (WeasyPrint tags the anonymous block it made of the
    number with the contact's own <p>)."""
    with pikepdf.open(office / name) as pdf:
        assert list(paragraphs_in_paragraphs(pdf.Root.StructTreeRoot)) == []


@pytest.mark.parametrize("name", WITH_CONTACTS)
def test_each_contact_is_one_list_item_its_label_then_its_number(office, name):
    """The contacts are a list, as on the web edition: a screen reader says how many there
    are, then reads each as one item, its label then its number."""
    contacts = load_brand(DEFAULT_BRANDS_DIR, KIT).contacts
    path = office / name
    marked = _marked_text(path)
    with pikepdf.open(path) as pdf:
        pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages)}
        [listed] = [
            node
            for node in struct_elements(pdf.Root.StructTreeRoot)
            if node.S == "/L" and contacts[0].value in text_below(node, marked, pages)
        ]
        assert tags_of(listed) == ["/LI"] * len(contacts)
        for item, contact in zip(kids_of(listed), contacts, strict=True):
            [body] = kids_of(item)
            assert body.S == "/LBody"
            label, number = kids_of(body)
            assert (label.S, number.S) == ("/Span", "/Span")
            assert squash(text_below(label, marked, pages)) == squash(contact.label)
            assert squash(text_below(number, marked, pages)) == squash(contact.value)


def links_with_annotations(pdf: pikepdf.Pdf) -> list[tuple[pikepdf.Dictionary, pikepdf.Object]]:
    """Each Link element with its annotation, once it is checked that the two hold each other
    as PDF/UA asks: the element holds the annotation (an OBJR), the annotation sits on the
    page and names the element through the parent tree, and says what it is (/Contents)."""
    tree = pdf.Root.StructTreeRoot
    numbers = tree.ParentTree.Nums
    parents = {int(numbers[i]): numbers[i + 1] for i in range(0, len(numbers), 2)}
    found = []
    for element in struct_elements(tree):
        if element.S != "/Link":
            continue
        kids = element.K if isinstance(element.K, pikepdf.Array) else [element.K]
        [held] = [kid for kid in kids if isinstance(kid, pikepdf.Dictionary) and "/Obj" in kid]
        annotation = held.Obj
        assert held.Type == "/OBJR" and annotation.Subtype == "/Link"
        assert annotation.objgen in {a.objgen for a in held.Pg.get("/Annots", ())}
        assert parents[int(annotation.StructParent)].objgen == element.objgen
        assert str(annotation.Contents) == str(annotation.A.URI)
        found.append((element, annotation))
    annotations = [a for page in pdf.pages for a in page.obj.get("/Annots", ())]
    assert len(found) == len(annotations)  # no annotation outside the tree
    return found


@pytest.mark.parametrize("name", WITH_CONTACTS)
def test_the_qr_codes_printed_address_is_one_link_to_the_page_it_opens(office, name):
    """Printed beside the code for those who cannot scan it, the address is a link in the
    office file: one Link element in its paragraph, holding its annotation, whose words are
    the address as printed and whose URI is the kit's. Its three lines make one link, not
    three, so that a screen reader announces it once."""
    kit = load_brand(DEFAULT_BRANDS_DIR, KIT)
    path = office / name
    marked = _marked_text(path)
    with pikepdf.open(path) as pdf:
        pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages)}
        links = links_with_annotations(pdf)
        [(element, annotation)] = [
            (element, annotation)
            for element, annotation in links
            if str(annotation.A.URI) == kit.qr_url
        ]
        words = text_below(element, marked, pages).translate(BREAKS)
        assert squash(words) == display_url(kit.qr_url)
        assert element.P.S == "/P" and tags_of(element.P) == ["/Link"]
        assert "/StructParents" in element.Pg
