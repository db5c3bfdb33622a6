"""The inline text model: Markdown bold, italic and links, parsed once for every renderer."""

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

from markdown_it import MarkdownIt

# "zero" turns every rule off, HTML included, so raw HTML stays literal text.
_MARKDOWN = MarkdownIt("zero").enable(["emphasis", "link", "escape", "newline"])
# The same, taking a link to any address: markdown-it leaves one to javascript:, data:,
# file: or vbscript: as literal text, brackets and all, which a check could not see as a
# link to refuse (see `unsafe_links`). Only ever parsed to be checked, never printed.
_ANY_LINK = MarkdownIt("zero").enable(["emphasis", "link", "escape", "newline"])
_ANY_LINK.validateLink = lambda url: True  # type: ignore[method-assign]
SAFE_LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Markdown link syntax the parser did not take as a link, so it prints as typed: a `](`
# (words in brackets, then the address in round ones) ...
LITERAL_LINK = re.compile(r"(?:\[[^\[\]]*)?\]\((?P<address>[^()\[\]]*)(?P<closed>\))?")
# ... or words in square brackets not closed before an address in round ones, nor after
# it ("[HM Government (https://www.gov.uk)]" is an aside, closed).
UNCLOSED_LINK = re.compile(
    r"\[[^\[\]]*\((?:https?:|mailto:|tel:|www\.)[^)]*\)?(?![^\[]*\])", re.IGNORECASE
)
# A bracket the writer escaped (\[) prints as one, as meant: for the checks above, it
# stands in as a character no bracket pattern matches.
ESCAPED_BRACKETS = {"\\[": "\ue000", "\\]": "\ue001", "\\(": "\ue002", "\\)": "\ue003"}


@dataclass(frozen=True)
class Span:
    """A run of text with one style; `href` is set inside a link."""

    text: str
    strong: bool = False
    emphasis: bool = False
    href: str | None = None


Inline = tuple[Span, ...]


def parse_inline(text: str, any_link: bool = False) -> Inline:
    """Parse inline Markdown into spans; anything else stays literal text. With `any_link`,
    a link to any address is one, for `unsafe_links` to find, and an escaped bracket is a
    stand-in, for `literal_links` to pass by: such spans are to be checked, never printed."""
    if any_link:
        for escaped, stand_in in ESCAPED_BRACKETS.items():
            text = text.replace(escaped, stand_in)
    tokens = (_ANY_LINK if any_link else _MARKDOWN).parseInline(text)[0].children or []
    spans: list[Span] = []
    strong = emphasis = 0
    href: str | None = None
    for token in tokens:
        match token.type:
            case "text":
                _append(spans, Span(token.content, strong > 0, emphasis > 0, href))
            case "softbreak" | "hardbreak":
                _append(spans, Span(" ", strong > 0, emphasis > 0, href))
            case "strong_open":
                strong += 1
            case "strong_close":
                strong -= 1
            case "em_open":
                emphasis += 1
            case "em_close":
                emphasis -= 1
            case "link_open":
                href = str(token.attrs.get("href", ""))
            case "link_close":
                href = None
    return tuple(spans)


def _append(spans: list[Span], span: Span) -> None:
    """Add a span, merging it into the previous one when the style is the same."""
    if spans and (spans[-1].strong, spans[-1].emphasis, spans[-1].href) == (
        span.strong,
        span.emphasis,
        span.href,
    ):
        spans[-1] = Span(spans[-1].text + span.text, span.strong, span.emphasis, span.href)
    else:
        spans.append(span)


def plain_text(inline: Inline) -> str:
    """The words of an inline run without any styling, as a screen reader says them."""
    return "".join(span.text for span in inline)


# The longest pair of last words held together: a longer one might not fit a narrow
# column's line, which would then break it mid-word, far worse than a word alone.
HELD_MOST = 20


def last_words_held(inline: Inline) -> Inline:
    """`inline` with its last two words held together by a no-break space, so that a
    heading never ends with one word alone on its last line ("Myth-busting guide to
    information" / "sharing"). A heading of two words or fewer is left as it is (held
    whole, it could not wrap at all), and so is one whose last two words are long."""
    text = plain_text(inline)
    end = len(text.rstrip())
    at = text.rfind(" ", 0, end)
    if at < 0 or " " not in text[:at].strip():
        return inline
    if end - (text.rfind(" ", 0, at) + 1) > HELD_MOST:
        return inline
    spans = list(inline)
    for index, span in enumerate(spans):
        if at < len(span.text):
            held = span.text[:at] + "\u00a0" + span.text[at + 1 :]
            spans[index] = Span(held, span.strong, span.emphasis, span.href)
            return tuple(spans)
        at -= len(span.text)
    return inline


def unsafe_links(inline: Inline) -> list[str]:
    """Link targets that are not web, email or phone links."""
    return [
        span.href
        for span in inline
        if span.href is not None and urlsplit(span.href).scheme.lower() not in SAFE_LINK_SCHEMES
    ]


def literal_links(inline: Inline) -> tuple[list[tuple[str, str]], list[str]]:
    """Markdown links the parser left as literal text, which would print brackets and all.
    Those with a `](` in them, each as typed (to its address's first word, if its round
    bracket is not closed) with what is wrong; and words in square brackets not closed
    before an address in round ones."""
    printed = "".join(span.text for span in inline if span.href is None)
    found = []
    for match in LITERAL_LINK.finditer(printed):
        address = match["address"].strip()
        if not match["closed"]:
            typed = printed[match.start() : match.start("address")] + (address.split() or [""])[0]
            found.append((typed, "does not close its address with a round bracket"))
        elif " " in address:
            found.append((match.group(), "has a space in its address"))
        else:
            found.append((match.group(), "is not a link as written"))
    unclosed = [match.group() for match in UNCLOSED_LINK.finditer(printed)]
    return found, unclosed


def display_url(url: str) -> str:
    """An address as people write it on paper: no scheme, no trailing slash."""
    for prefix in ("mailto:", "tel:"):
        if url.lower().startswith(prefix):
            return url[len(prefix) :]
    return url.split("://", 1)[-1].rstrip("/")


def hidden_address(span: Span) -> str:
    """The address of a link whose words hide it, as it is printed ("ico.org.uk/for-…"); ""
    for a span that is no link, or whose words show its address."""
    if span.href is None:
        return ""
    shown = display_url(span.href)
    return "" if shown.lower() in span.text.lower() else shown


def link_suffix(span: Span) -> str:
    """On paper nobody can click, so a link whose words hide its address gets it printed too."""
    shown = hidden_address(span)
    return f" ({shown})" if shown else ""


def strong_direction(text: str) -> str | None:
    """The direction of the first letter of `text` that sets one (Unicode's strong types):
    "ltr" or "rtl"; None for text of digits, spaces and punctuation only, which takes the
    direction around it."""
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind in ("L", "R", "AL"):
            return "ltr" if kind == "L" else "rtl"
    return None


def left_to_right_stretches(text: str) -> list[tuple[str, bool]]:
    """`text` cut where left-to-right words start and end: (piece, is_left_to_right) in
    order. A stretch runs from a left-to-right letter to the last such letter or digit
    before the next right-to-left character ("Data Protection Act 1998"), as Unicode's
    bidirectional algorithm reads digits after letters; the spaces and marks around it
    stay with the text around it."""
    kinds = [unicodedata.bidirectional(character) for character in text]
    pieces, start, index = [], 0, 0
    while index < len(text):
        if kinds[index] != "L":
            index += 1
            continue
        end = scan = index
        while scan < len(text) and kinds[scan] not in ("R", "AL", "AN"):
            if kinds[scan] in ("L", "EN"):
                end = scan
            scan += 1
        if start < index:
            pieces.append((text[start:index], False))
        pieces.append((text[index : end + 1], True))
        start = index = end + 1
    if start < len(text):
        pieces.append((text[start:], False))
    return pieces
