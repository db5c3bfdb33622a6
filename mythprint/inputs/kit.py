"""Resolves a schema-valid brand.yml kit: colours, fonts, logo, contacts, all checked safe."""

import difflib
import re
import subprocess
import warnings
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import brand_yml
import fontpkg
from PIL import Image, UnidentifiedImageError

from ..errors import Problem
from .brand import OWN_SETTINGS, Brand, Contact, FontFace, Logo, Palette
from .colors import Rgb
from .fontlicence import embedding_refused
from .yamlsource import YamlFile

SAFE_FAMILY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._-]*$")
FONT_SUFFIXES = (".ttf", ".otf", ".woff", ".woff2")
SYSTEM_FONT_SUFFIXES = (".ttf", ".otf")
FONTCONFIG_NORMAL_WIDTH = 100
# fontconfig's weight scale, against CSS weights: so a light face never stands in as regular.
FONTCONFIG_WEIGHTS = (
    (0, 100),
    (40, 200),
    (50, 300),
    (75, 350),
    (80, 400),
    (100, 500),
    (180, 600),
    (200, 700),
    (205, 800),
    (210, 900),
)
DEFAULT_FAMILY = "Atkinson Hyperlegible"
CMYK_COLOURS = ("foreground", "background", "primary", "secondary", "light")
SETTINGS = ("contacts", "qr", "cmyk", "review", "fallback-fonts")
# A light tint of the accent colour for panels, when the kit names no `light` colour.
TINT_AMOUNT = 0.9
RASTER_FORMATS = ("PNG", "JPEG", "GIF", "WEBP")
# Pillow's modes of greyscale at 16 or 32 bits a pixel, which WeasyPrint cannot draw.
DEEP_MODES = ("I;16", "I;16B", "I;16L", "I;16N", "I", "F")
# Larger than any logo needs, far smaller than a decompression bomb.
MAX_LOGO_PIXELS = 40_000_000
MAX_SVG_BYTES = 2_000_000
WEB_ADDRESS = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
SVG_DOCTYPE = re.compile(rb"<!DOCTYPE[^>\[]*(?P<declarations>\[)?", re.IGNORECASE)
# An HTML page saved under a .svg name, as a browser saves a web page it was shown.
HTML_PAGE = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b",
    re.IGNORECASE | re.DOTALL,
)
SVG_NAMESPACE = "{http://www.w3.org/2000/svg}"
XHTML_NAMESPACE = "{http://www.w3.org/1999/xhtml}"
# Elements that run code in a browser: SVG's <script>, and SVG Tiny 1.2's <handler>.
SCRIPT_ELEMENTS = ("script", "handler")
EVENT_ATTRIBUTE = re.compile(r"^on[a-z]+$", re.IGNORECASE)
SCRIPT_ADDRESS = re.compile(r"(?:java|vb)script:", re.IGNORECASE)
SVG_REFERENCE = re.compile(r"url\(\s*['\"]?([^'\")]+)|@import\s+['\"]?([^'\";]+)")


class KitResolver:
    """Turns a brand.yml model into a Brand, collecting every problem on the way."""

    def __init__(self, source: YamlFile, folder: Path):
        self.source = source
        self.folder = folder
        self.problems: list[Problem] = []

    def report(self, message: str, *keys: Any) -> None:
        self.problems.append(self.source.problem_at(message, *keys))

    def resolve(self, slug: str, model: brand_yml.Brand) -> Brand | None:
        name, short_name = _names(model)
        link = model.meta.link if model.meta else None
        home = str(link.home) if link and link.home else None
        settings = self.settings(model)
        palette = self.palette(model)
        fallbacks = self.fallback_families(settings)
        body, heading, faces = self.fonts(model, fallbacks)
        logo = self.logo(model, name)
        brand = (
            Brand(
                slug=slug,
                folder=self.folder,
                name=name,
                short_name=short_name,
                home=home,
                palette=palette,
                body_family=body,
                heading_family=heading,
                faces=faces,
                logo=logo,
                contacts=self.contacts(settings.get("contacts")),
                qr_url=self.qr_url(settings.get("qr"), home),
                review_note=self.text_setting(settings, "review"),
                fallback_families=fallbacks,
                cmyk=self.cmyk(settings.get("cmyk")),
                source=self.source,
            )
            if palette is not None
            else None
        )
        return None if self.problems else brand

    # --- our own settings, under defaults.mythprint ---

    def settings(self, model: brand_yml.Brand) -> dict[str, Any]:
        settings = (model.defaults or {}).get(OWN_SETTINGS) or {}
        if not isinstance(settings, dict):
            self.report(
                f"defaults.{OWN_SETTINGS} must be a mapping of settings", "defaults", OWN_SETTINGS
            )
            return {}
        for key in settings:
            if key not in SETTINGS:
                hint = difflib.get_close_matches(str(key), SETTINGS, n=1)
                did_you_mean = f" (did you mean '{hint[0]}'?)" if hint else ""
                self.report(
                    f"unknown setting defaults.{OWN_SETTINGS}.{key}{did_you_mean}; "
                    f"expected one of: {', '.join(SETTINGS)}",
                    "defaults",
                    OWN_SETTINGS,
                    key,
                )
        return settings

    def contacts(self, given: Any) -> tuple[Contact, ...]:
        keys = ("defaults", OWN_SETTINGS, "contacts")
        if given is None:
            return ()
        if not isinstance(given, list):
            self.report("contacts must be a list of {label, value}", *keys)
            return ()
        contacts = []
        for index, item in enumerate(given):
            ok = (
                isinstance(item, dict)
                and set(item) == {"label", "value"}
                and all(isinstance(item[k], str) and item[k].strip() for k in ("label", "value"))
            )
            if not ok:
                self.report(
                    f"contacts[{index + 1}] must have a label and a value, both text", *keys, index
                )
                continue
            contacts.append(Contact(item["label"].strip(), item["value"].strip()))
        return tuple(contacts)

    def qr_url(self, given: Any, home: str | None) -> str | None:
        from ..formats.qr import module_mm

        keys = ("meta", "link", "home") if given is None else ("defaults", OWN_SETTINGS, "qr")
        if given is not None and (
            not isinstance(given, str) or not re.match(r"^https?://[^\s]+$", given)
        ):
            self.report("qr must be a web address starting https://", *keys)
            return None
        url = home if given is None else given
        if url is not None and module_mm(url) is None:
            self.report(
                f"the QR code's address is {len(url)} characters long, more than a QR code "
                "holds; give a shorter address for it in defaults.mythprint.qr",
                *keys,
            )
            return None
        return url

    def text_setting(self, settings: dict, key: str) -> str | None:
        value = settings.get(key)
        if value is not None and not (isinstance(value, str) and value.strip()):
            self.report(f"{key} must be text", "defaults", OWN_SETTINGS, key)
            return None
        return value.strip() if value else None

    def cmyk(self, given: Any) -> dict[str, tuple[float, float, float, float]]:
        """`cmyk: {primary: [c, m, y, k]}` in percent, for press files."""
        keys = ("defaults", OWN_SETTINGS, "cmyk")
        if given is None:
            return {}
        if not isinstance(given, dict):
            self.report("cmyk must map colour names to [c, m, y, k]", *keys)
            return {}
        result = {}
        for name, values in given.items():
            ok = (
                isinstance(values, list)
                and len(values) == 4
                and all(isinstance(v, int | float) and 0 <= v <= 100 for v in values)
            )
            if name not in CMYK_COLOURS or not ok:
                self.report(
                    f"cmyk.{name}: give one of {', '.join(CMYK_COLOURS)} as four "
                    "percentages [c, m, y, k], e.g. [100, 30, 0, 40]",
                    *keys,
                    name,
                )
                continue
            result[name] = tuple(v / 100 for v in values)
        return result

    def fallback_families(self, settings: dict) -> tuple[str, ...]:
        given = settings.get("fallback-fonts")
        if given is None:
            return ()
        if not isinstance(given, list) or not all(isinstance(f, str) for f in given):
            self.report(
                "fallback-fonts must be a list of font family names",
                "defaults",
                OWN_SETTINGS,
                "fallback-fonts",
            )
            return ()
        return tuple(given)

    # --- colours ---

    def palette(self, model: brand_yml.Brand) -> Palette | None:
        colors = model.color
        parsed: dict[str, Rgb] = {}
        for role in ("foreground", "background", "primary", "secondary", "light"):
            value = getattr(colors, role, None) if colors else None
            if value is None:
                continue
            try:
                parsed[role] = Rgb.parse(value)
            except ValueError as exc:
                how = _quoted_colour(role, value) if "not a colour" in str(exc) else ""
                self.report(f"color.{role}: {exc}{how}", "color", role)
        if self.problems:
            return None
        text = parsed.get("foreground", Rgb(0, 0, 0))
        paper = parsed.get("background", Rgb(1, 1, 1))
        accent = parsed.get("primary", text)
        return Palette(
            text=text.hex,
            paper=paper.hex,
            accent=accent.hex,
            on_accent=paper.hex,
            myth=parsed.get("secondary", accent).hex,
            tint=parsed.get("light", accent.mix(paper, TINT_AMOUNT)).hex,
        )

    # --- fonts ---

    def fonts(self, model, fallbacks) -> tuple[str, str, tuple[FontFace, ...]]:
        typography = model.typography
        declared = {f.family: f for f in (typography.fonts or [])} if typography else {}
        body = _family(typography.base if typography else None) or next(iter(declared), None)
        body = body or DEFAULT_FAMILY
        heading = _family(typography.headings if typography else None) or body
        faces: list[FontFace] = []
        for family in dict.fromkeys((body, heading, *fallbacks)):
            if not SAFE_FAMILY.match(family):
                self.report(
                    f"font family name '{family}' has characters that are not allowed", "typography"
                )
                continue
            faces.extend(self.font_faces(family, declared.get(family)))
        return body, heading, tuple(faces)

    def font_faces(self, family: str, declared: Any) -> list[FontFace]:
        source = getattr(declared, "source", "system")
        if source == "file":
            return self.file_faces(family, declared.files)
        try:
            return self.licensed(family, package_faces(family))
        except fontpkg.FontpkgError:
            pass
        if source == "system":
            faces = _system_faces(family)
            if faces:
                return self.licensed(family, faces)
        where = f"from {source}" if source in ("google", "bunny") else "on this machine"
        self.report(
            f"font '{family}' is not installed {where}, and mythprint works offline: install "
            f"its font package (pip install fontpkg-{fontpkg.slugify(family)}) or add the font "
            "files to the kit with source: file",
            "typography",
        )
        return []

    def file_faces(self, family: str, files: list) -> list[FontFace]:
        faces = []
        for number, entry in enumerate(files):
            keys = self.font_file_keys(family, number)
            path = self.kit_file(str(entry.path), f"font file for '{family}'", *keys)
            if path is None:
                continue
            if path.suffix.lower() not in FONT_SUFFIXES:
                self.report(
                    f"font file {entry.path} must be one of {', '.join(FONT_SUFFIXES)}", *keys
                )
                continue
            if unreadable := _unreadable_font(path):
                self.report(
                    f"font file {entry.path} is not a font mythprint can read ({unreadable})",
                    *keys,
                )
                continue
            if refused := embedding_refused(path):
                self.report(f"the licence of font file {entry.path} {refused}", *keys)
                continue
            faces += [
                FontFace(family, path, weight, entry.style)
                for weight in _file_weights(entry.weight, path)
            ]
        if not files:
            self.report(f"font '{family}' has source: file but lists no files", "typography")
        return faces

    def licensed(self, family: str, faces: list[FontFace]) -> list[FontFace]:
        """The faces of an installed family whose licence allows what mythprint does with
        them; each other file is reported."""
        refusals = {face.path: embedding_refused(face.path) for face in faces}
        for path, refused in refusals.items():
            if refused:
                message = f"the licence of font '{family}' (file {path.name}) {refused}"
                self.report(message, *self.family_keys(family))
        return [face for face in faces if not refusals[face.path]]

    def family_keys(self, family: str) -> tuple:
        """Where the brand file names `family`: its font entry, or the fallback fonts."""
        if (index := self.font_entry(family)) is not None:
            return ("typography", "fonts", index)
        settings = (self.source.data.get("defaults") or {}).get(OWN_SETTINGS) or {}
        if family in (settings.get("fallback-fonts") or []):
            return ("defaults", OWN_SETTINGS, "fallback-fonts")
        return ("typography",)

    def font_file_keys(self, family: str, number: int) -> tuple:
        """Where the brand file lists font file `number` of `family`, as keys to its line."""
        if (index := self.font_entry(family)) is not None:
            return ("typography", "fonts", index, "files", number)
        return ("typography",)

    def font_entry(self, family: str) -> int | None:
        """The place of `family`'s entry in the brand file's typography.fonts, if it has one."""
        fonts = (self.source.data.get("typography") or {}).get("fonts") or []
        for index, font in enumerate(fonts):
            if isinstance(font, dict) and font.get("family") == family:
                return index
        return None

    # --- the logo ---

    def logo(self, model: brand_yml.Brand, name: str | None) -> Logo | None:
        if model.logo is None:
            return None
        try:
            resource = model.use_logo("largest", variant="light", required=False)
        except Exception as exc:  # brand-yml raises plain errors for odd logo shapes
            self.report(f"logo: {exc}", "logo")
            return None
        if resource is None:
            return None
        path = self.kit_file(str(resource.path), "logo", "logo")
        if path is None:
            return None
        alt = resource.alt or (f"{name} logo" if name else "Logo")
        if path.suffix.lower() == ".svg":
            tree = self.safe_svg(path)
            return None if tree is None else Logo(path, alt, aspect=_svg_aspect(tree))
        pixels = self.safe_raster(path)
        return Logo(path, alt, pixels, pixels[0] / pixels[1]) if pixels else None

    def safe_svg(self, path: Path) -> ElementTree.Element | None:
        """The logo's parsed SVG, if it is self-contained: no entities, no outside files, no
        web addresses."""
        shown = path.relative_to(self.folder)
        data = path.read_bytes()
        if len(data) > MAX_SVG_BYTES:
            self.report(f"logo {shown} is larger than {MAX_SVG_BYTES // 1_000_000} MB", "logo")
            return None
        # A DOCTYPE that only names SVG's public DTD (as Illustrator's "Save As" writes)
        # loads nothing; entities, or declarations of any kind inside one, are refused.
        doctype = SVG_DOCTYPE.search(data)
        if b"<!ENTITY" in data or (doctype and doctype["declarations"]):
            self.report(
                f"logo {shown} declares XML entities; a logo must not. Save or export it again "
                "as a plain SVG (in Illustrator, without 'Preserve Illustrator Editing "
                "Capabilities')",
                "logo",
            )
            return None
        if HTML_PAGE.match(data):
            self.report(f"logo {shown} is not an SVG image: its content is an HTML page", "logo")
            return None
        try:
            tree = ElementTree.fromstring(data)
        except ElementTree.ParseError as exc:
            self.report(f"logo {shown} is not a readable SVG ({exc})", "logo")
            return None
        if not_svg := _not_svg(tree):
            self.report(f"logo {shown} is not an SVG image: {not_svg}", "logo")
            return None
        if active := _svg_active_content(tree):
            self.report(
                f"logo {shown} holds {active}; a logo must not hold scripts or HTML, as a "
                "website that publishes the logo would run them. Export it again from the "
                "design program as a plain SVG",
                "logo",
            )
            return None
        if nothing := _svg_without_size(tree):
            self.report(
                f"logo {shown} has no size to print at ({nothing}); export it again with a viewBox",
                "logo",
            )
            return None
        for reference in _svg_references(tree):
            if not reference.startswith(("#", "data:")):
                self.report(
                    f"logo {shown} refers to '{reference}'; a logo must carry "
                    "everything it draws, so mythprint does not fetch it",
                    "logo",
                )
                return None
        return tree

    def safe_raster(self, path: Path) -> tuple[int, int] | None:
        """Check a raster logo's header before anything decodes its pixels."""
        shown = path.relative_to(self.folder)
        try:
            # Pillow warns of a big image as it opens it: its size is checked here instead.
            quietly = warnings.catch_warnings(
                action="ignore", category=Image.DecompressionBombWarning
            )
            with quietly, Image.open(path) as image:
                if image.format not in RASTER_FORMATS:
                    self.report(f"logo {shown} is {image.format}; use PNG, JPEG or SVG", "logo")
                    return None
                if image.mode in DEEP_MODES:
                    self.report(
                        f"logo {shown} has 16 or 32 bits a pixel ({image.mode}), which WeasyPrint "
                        "cannot print; save it again as an 8-bit PNG",
                        "logo",
                    )
                    return None
                if image.width * image.height > MAX_LOGO_PIXELS:
                    self.report(
                        f"logo {shown} is {image.width}×{image.height} pixels, too large "
                        "to be a logo; refused before decoding",
                        "logo",
                    )
                    return None
                image.verify()
                return image.width, image.height
        except Image.DecompressionBombError:
            self.report(
                f"logo {shown} claims hundreds of millions of pixels, too large to be "
                "a logo; refused before decoding",
                "logo",
            )
            return None
        except (UnidentifiedImageError, OSError, SyntaxError):
            self.report(f"logo {shown} is corrupt or not an image", "logo")
            return None

    def kit_file(self, reference: str, what: str, *keys: str) -> Path | None:
        """A file the kit names, refused unless it is a real file inside the kit folder."""
        if WEB_ADDRESS.match(reference) and not Path(reference).is_absolute():
            self.report(
                f"{what} '{reference}' is a web address; mythprint works offline, so "
                "put the file in the kit folder",
                *keys,
            )
            return None
        resolved = (self.folder / reference).resolve()
        if not resolved.is_relative_to(self.folder):
            self.report(
                f"{what} '{_relative(reference, self.folder)}' is outside the kit folder", *keys
            )
            return None
        if not resolved.is_file():
            self.report(
                f"{what} '{_relative(reference, self.folder)}' does not exist in the kit folder",
                *keys,
            )
            return None
        return resolved


def _quoted_colour(role: str, value: Any) -> str:
    """How to write a colour that is not one, in quotes, lest its # start a comment."""
    if not re.fullmatch(r"[0-9a-fA-F]{6}", str(value).strip()):
        return f', in quotes, as {role}: "#b8336a", or the name of a colour in color.palette'
    return f', in quotes: {role}: "#{str(value).strip()}"'


def _relative(reference: str, folder: Path) -> str:
    """brand-yml makes paths absolute; show them as the kit wrote them."""
    path = Path(reference)
    try:
        return str(path.relative_to(folder)) if path.is_absolute() else reference
    except ValueError:
        return reference


def _local_name(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _not_svg(tree: ElementTree.Element) -> str | None:
    """Why a file that is XML is not an SVG image, or None: its root must be <svg>."""
    if tree.tag in (f"{SVG_NAMESPACE}svg", "svg"):
        return None
    root = _local_name(tree.tag)
    if root.lower() == "html":
        return "its content is an HTML page"
    return f"its content is <{root}>, where an SVG image is <svg>"


def _svg_active_content(tree: ElementTree.Element) -> str | None:
    """What in the SVG would run, or show a page, in a browser that opens it, or None:
    a script, an event attribute such as onload, a javascript: address, or HTML."""
    for element in tree.iter():
        tag = _local_name(element.tag)
        if tag in SCRIPT_ELEMENTS:
            return f"a script (a <{tag}> element)"
        if element.tag.startswith(XHTML_NAMESPACE):
            return f"HTML (a <{tag}> element)"
        for name, value in element.attrib.items():
            if found := _script_in_attribute(_local_name(name), value):
                return f"a script ({found} of <{tag}>)"
    return None


def _script_in_attribute(name: str, value: str) -> str | None:
    """The script an attribute holds, or None: an event attribute, an animation that
    would set one, or a javascript: address."""
    if EVENT_ATTRIBUTE.match(name):
        return f"the {name} attribute"
    if name == "attributeName" and EVENT_ATTRIBUTE.match(value.strip()):
        return f"an animation setting {value.strip()}"
    # A browser ignores spaces and control characters inside the scheme.
    if SCRIPT_ADDRESS.search(re.sub(r"[\x00-\x20]+", "", value)):
        return f"a javascript: address in the {name}"
    return None


def _svg_references(tree) -> list[str]:
    found = []
    for element in tree.iter():
        for name, value in element.attrib.items():
            if name.endswith("href") or name == "src":
                found.append(value.strip())
            elif "url(" in value:
                found += [a or b for a, b in SVG_REFERENCE.findall(value)]
        if element.tag.endswith("style") and element.text:
            found += [a or b for a, b in SVG_REFERENCE.findall(element.text)]
    return found


def _system_faces(family: str) -> list[FontFace]:
    """Faces of a family installed on this machine, found through fontconfig."""
    try:
        listed = subprocess.run(
            [
                "fc-list",
                "--format",
                "%{file}\\t%{weight}\\t%{slant}\\t%{width}\\n",
                f":family={family}",
            ],
            capture_output=True,
            text=True,
            timeout=20,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    faces = []
    for line in sorted(listed.splitlines()):
        file, weight, slant, width = (line.split("\t") + ["", "", ""])[:4]
        if not file.lower().endswith(SYSTEM_FONT_SUFFIXES):
            continue
        if _fontconfig_number(width) not in (0, FONTCONFIG_NORMAL_WIDTH):
            continue  # condensed and expanded cuts share the family name
        style = "italic" if _fontconfig_number(slant) > 0 else "normal"
        faces.append(FontFace(family, Path(file).resolve(), _css_weight(weight), style))
    return faces


def _css_weight(fontconfig_weight: str) -> int:
    number = _fontconfig_number(fontconfig_weight)
    return min(FONTCONFIG_WEIGHTS, key=lambda pair: abs(pair[0] - number))[1]


def _fontconfig_number(value: str) -> int:
    """fontconfig prints a number, or a range such as '[0 210]' for a variable font."""
    first = value.strip("[] ").split(" ")[0]
    return int(first) if first.isdigit() else 0


def _names(model: brand_yml.Brand) -> tuple[str | None, str | None]:
    if not model.meta or not model.meta.name:
        return None, None
    return model.meta.name.full, model.meta.name.short or model.meta.name.full


# The weights mythprint sets: text, and bold for headings and labels.
VARIABLE_WEIGHTS = (400, 700)
# Weight names brand.yml keeps as names; it turns the others (thin, semi-bold) into numbers.
WEIGHT_NAMES = {"normal": 400, "regular": 400, "bold": 700}


def package_faces(family: str) -> list[FontFace]:
    """The faces a font package ships for `family`; raises fontpkg.FontpkgError without one.

    A variable font (a package gives it no weight) becomes one face for each weight
    mythprint sets, all from its one file: WeasyPrint sets each at its weight.
    """
    faces = []
    for file in fontpkg.family(family).files:
        weights = VARIABLE_WEIGHTS if file.weight is None else (file.weight,)
        faces += [FontFace(family, file.path.resolve(), weight, file.style) for weight in weights]
    return faces


def _family(options: Any) -> str | None:
    return getattr(options, "family", None) if options is not None else None


def _file_weights(weight: Any, path: Path) -> tuple[int, ...]:
    """The weights a kit's font file is set at: the weight the kit gives it (700, or a name
    such as bold); for a range (a variable font, `weight: 100..900`), each weight mythprint
    sets, kept within the range; with no weight given, what the file says of itself."""
    given = getattr(weight, "root", weight)  # brand-yml wraps it: 700, "bold" or (100, 900)
    if given is None or given == "auto":
        given = _weights_in_file(path)
    if isinstance(given, tuple | list):
        low, high = sorted(_weight_number(end) for end in given)
        return tuple(dict.fromkeys(min(max(w, low), high) for w in VARIABLE_WEIGHTS))
    return (_weight_number(given),)


def _weight_number(weight: Any) -> int:
    """A CSS weight as a number, from a number or a name brand.yml allows (normal, bold)."""
    if isinstance(weight, int | float) and not isinstance(weight, bool):
        return round(weight)
    name = str(weight).strip().lower()
    if name in WEIGHT_NAMES:
        return WEIGHT_NAMES[name]
    return int(name) if name.isdigit() else 400


def _weights_in_file(path: Path) -> int | tuple[int, int]:
    """The weight a font file declares: a variable font's range of weights, or a static
    font's weight class (a legacy 1 to 9 scale, or nonsense, is read as regular)."""
    from fontTools.ttLib import TTFont

    try:
        with TTFont(str(path), lazy=True, fontNumber=0) as font:
            axes = font["fvar"].axes if "fvar" in font else []
            wght = [axis for axis in axes if axis.axisTag == "wght"]
            if wght:
                return round(wght[0].minValue), round(wght[0].maxValue)
            weight = font["OS/2"].usWeightClass if "OS/2" in font else 400
    except Exception:  # fontTools raises many kinds; _unreadable_font has reported it
        return 400
    return weight if 100 <= weight <= 1000 else 400


def _unreadable_font(path: Path) -> str | None:
    """Why a kit's font file cannot be used, or None: it must be a font with its letters
    mapped (a file renamed to .ttf, or cut short, would fail every document later)."""
    from fontTools.ttLib import TTFont

    try:
        with TTFont(str(path), lazy=True, fontNumber=0) as font:
            if not font.getBestCmap():
                return "it maps no characters to letters"
    except Exception as exc:  # fontTools raises many kinds for a file that is not a font
        return str(exc) or type(exc).__name__
    return None


def _svg_without_size(tree: ElementTree.Element) -> str | None:
    """Why an SVG would print as nothing at all, or None: a viewBox, width or height of 0."""
    view_box = tree.get("viewBox")
    if view_box is not None:
        size = _view_box_size(view_box)
        if size is None:
            return f"its viewBox '{view_box}' is not four numbers"
        if min(size) <= 0:
            return f"its viewBox '{view_box}' has no width or height"
    for attribute in ("width", "height"):
        value = tree.get(attribute, "")
        if value and re.fullmatch(r"\s*[0.]+\s*(px|pt|pc|mm|cm|in|em|ex|%)?\s*", value):
            return f"its {attribute} is {value}"
    return None


def _svg_aspect(tree: ElementTree.Element) -> float | None:
    """An SVG's width over its height, from its viewBox, else its width and height."""
    view_box = tree.get("viewBox")
    if view_box is not None:  # four numbers, the last two positive: see _svg_without_size
        width, height = _view_box_size(view_box)
        return width / height
    sizes = [tree.get("width", ""), tree.get("height", "")]
    if any("%" in size for size in sizes):
        return None  # a share of wherever it is drawn: no shape of its own
    try:
        width, height = (float(re.match(r"\s*([\d.]+)", size)[1]) for size in sizes)
    except (TypeError, ValueError):
        return None
    return width / height if height else None


def _view_box_size(view_box: str) -> tuple[float, float] | None:
    """A viewBox's width and height; None if it is not four numbers."""
    try:
        width, height = (float(part) for part in re.split(r"[\s,]+", view_box.strip())[2:4])
    except ValueError:
        return None
    return width, height
