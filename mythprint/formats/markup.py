"""The HTML that every output's templates are filled with: the Jinja environment and its filters."""

from __future__ import annotations

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from ..inputs.brand import Brand
from ..inputs.content import Content
from ..inputs.inline import (
    Inline,
    display_url,
    hidden_address,
    last_words_held,
    plain_text,
    strong_direction,
)
from ..paths import TEMPLATES_DIR
from .web import contact_href


def inline_html(inline: Inline) -> Markup:
    """Spans as escaped HTML: only the markup the inline model allows can come out."""
    parts = []
    for span in inline:
        html = escape(span.text)
        if span.href is not None:
            html = Markup('<a href="{}">{}</a>{}').format(span.href, html, _address(span))
        if span.emphasis:
            html = Markup("<em>{}</em>").format(html)
        if span.strong:
            html = Markup("<strong>{}</strong>").format(html)
        parts.append(html)
    return Markup("").join(parts)


def _address(span) -> Markup:
    """A link's address, printed after words that hide it, for paper (see link_suffix),
    wrapping as `printed_url_breaks` does: typed from a leaflet, "for-" / "organisations"
    would lose its hyphen. A screen can follow the link, so the web edition shows it in
    print only (web.css)."""
    shown = hidden_address(span)
    if not shown:
        return Markup()
    return Markup('<span class="link-address"> ({})</span>').format(printed_url_breaks(shown))


def url_breaks(url: str, opportunity: str = "<wbr>") -> Markup:
    """A long address that wraps after a slash or before a dot, as style guides break web
    addresses ("www.northshire" / ".gov.uk/"), never in the middle of a word."""
    after_slash, before_dot = Markup(f"/{opportunity}"), Markup(f"{opportunity}.")
    return after_slash.join(
        before_dot.join(escape(piece) for piece in part.split(".")) for part in url.split("/")
    )


def printed_url_breaks(url: str) -> Markup:
    """`url_breaks` for a printed page: WeasyPrint prints a <wbr> as a zero-width space (its
    user-agent stylesheet gives `wbr::before` that content), so the page gets the character
    itself. The same breaks and the same text, without an element and a generated box for
    each: a tenth of a single-myth poster's work.

    On paper nobody can follow the link, only type it: a hyphen of the address never ends
    a line ("information-" / "sharing"), where it reads as one the break added. The line
    may break before it instead, and a word joiner after it holds it to what follows."""
    return PRINTED_HYPHEN.join(url_breaks(part, "\u200b") for part in url.split("-"))


PRINTED_HYPHEN = Markup("\u200b-\u2060")


def printed_contact(value: str, direction: str) -> Markup:
    """A contact's value on paper: an email or web address wraps as `printed_url_breaks`
    does, and an email address may break before its "@" too ("help" / "@northshire" /
    ".gov.uk"), as style guides break them. A single-myth poster's third of a row is
    narrower than "help@northshire.gov.uk" in its type, which otherwise broke wherever the
    line ran out ("help@northshire.go" / "v.uk"). A phone number or words are printed as
    they are."""
    href = contact_href(value)
    if href is None or href.startswith("tel:"):
        return left_to_right(value, direction)
    shown = Markup("\u200b@").join(printed_url_breaks(part) for part in value.split("@"))
    return left_to_right(shown, direction)


def left_to_right(text: str, direction: str) -> Markup:
    """A phone number or web address kept as one left-to-right run inside right-to-left
    text, where the bidi rules would otherwise reorder its pieces (digits, dots, slashes)
    among the words either side. Left-to-right text needs no isolation, and gets none: the
    extra inline box would move glyphs by a fraction of a pixel."""
    if direction != "rtl":
        return escape(text)
    return Markup('<bdi dir="ltr">{}</bdi>').format(text)


def own_direction(text: str, direction: str) -> Markup:
    """The kit's own words (a contact's label, its review note, its name) in a document of
    the other direction: isolated, in the direction of their first letter, so that English
    in an Urdu page keeps its punctuation at its end ("Worried about a child?", not
    "?Worried about a child"). Words of the document's own direction get no extra box."""
    first = strong_direction(text) or direction
    if first == direction:
        return escape(text)
    return Markup('<bdi dir="{}">{}</bdi>').format(first, text)


def kit_words(text: str, content: Content, brand: Brand) -> Markup:
    """The kit's own words (a contact's label, its review note, its name) on a page of
    `content`: in the kit's language where it says one that is not the page's, so that a
    screen reader reads them in that language's voice (WCAG 2.2, 3.1.2), and isolated in
    their own direction as `own_direction` does."""
    language = brand.words_language(content.language)
    if language is None:
        return own_direction(text, content.direction)
    first = strong_direction(text) or content.direction
    if first == content.direction:
        return Markup('<span lang="{}">{}</span>').format(language, text)
    return Markup('<bdi dir="{}" lang="{}">{}</bdi>').format(first, language, text)


def make_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["inline"] = inline_html
    env.filters["last_words_held"] = last_words_held
    env.filters["plain"] = plain_text
    env.filters["display_url"] = display_url
    env.filters["url_breaks"] = url_breaks
    env.filters["printed_url_breaks"] = printed_url_breaks
    env.filters["ltr"] = left_to_right
    env.filters["printed_contact"] = printed_contact
    env.filters["own_direction"] = own_direction
    env.filters["kit_words"] = kit_words
    return env
