"""The scripts a kit's language is written in, and the script a field's letters are mostly in,
by their ISO 15924 codes ("Latn", "Arab"): for the warning that a kit's own words are marked
as a language they are not in."""

from __future__ import annotations

import unicodedata
from collections import Counter

from fontTools import unicodedata as ucd

# The scripts each language is written in, by its primary subtag, where no script subtag
# says which (pa-Arab is Punjabi in Arabic script): every script the language is commonly
# written in, after CLDR's language data, so that Serbian in Latin letters, or Kurmanji
# Kurdish, is never taken for words in another language. A language not here is not
# checked.
LANGUAGE_SCRIPTS = {
    **dict.fromkeys(["en", "cy", "ga", "gd", "gv", "kw", "br", "fr", "de", "es", "it", "pt",
                     "pl", "ro", "lt", "lv", "cs", "sk", "hu", "tr", "so", "sq", "hr", "sl",
                     "nl", "sv", "da", "no", "nb", "nn", "fi", "et", "is", "mt", "sw", "yo",
                     "ig", "om", "ca", "eu", "gl", "lb", "fy", "af", "zu", "xh", "tl", "fil",
                     "id", "vi", "ln", "rw", "rn", "wo", "ak", "tw", "ee", "lg", "mg", "sn",
                     "st", "tn", "ny", "ht", "mi", "sm", "to", "eo", "tk", "kmr"], ("Latn",)),
    **dict.fromkeys(["ar", "ur", "fa", "prs", "ps", "ckb", "bal"], ("Arab",)),
    **dict.fromkeys(["ru", "uk", "bg", "be", "mk", "ky", "ba", "cv", "ce", "os"], ("Cyrl",)),
    **dict.fromkeys(["he", "yi"], ("Hebr",)),
    **dict.fromkeys(["hi", "mr", "ne", "sa", "kok", "mai", "bho"], ("Deva",)),
    **dict.fromkeys(["bn", "as"], ("Beng",)),
    **dict.fromkeys(["am", "ti"], ("Ethi",)),
    # Written in more than one script.
    "sr": ("Cyrl", "Latn"), "bs": ("Latn", "Cyrl"), "uz": ("Latn", "Cyrl", "Arab"),
    "az": ("Latn", "Cyrl", "Arab"), "ku": ("Latn", "Arab", "Cyrl"), "kk": ("Cyrl", "Latn", "Arab"),
    "tg": ("Cyrl", "Arab", "Latn"), "tt": ("Cyrl", "Latn"), "mn": ("Cyrl", "Mong"),
    "ms": ("Latn", "Arab"), "ha": ("Latn", "Arab"), "ff": ("Latn", "Adlm"),
    "pa": ("Guru", "Arab"), "sd": ("Arab", "Deva"), "ks": ("Arab", "Deva"),
    "ug": ("Arab", "Cyrl", "Latn"), "syl": ("Beng", "Sylo"),
    "el": ("Grek",), "gu": ("Gujr",), "ta": ("Taml",), "te": ("Telu",), "kn": ("Knda",),
    "ml": ("Mlym",), "or": ("Orya",), "si": ("Sinh",), "th": ("Thai",), "lo": ("Laoo",),
    "km": ("Khmr",), "my": ("Mymr",), "ka": ("Geor",), "hy": ("Armn",), "dv": ("Thaa",),
    "bo": ("Tibt",), "dz": ("Tibt",), "zh": ("Hani", "Bopo"), "yue": ("Hani",),
    "ja": ("Hani", "Hira", "Kana"), "ko": ("Hang", "Hani"),
}  # fmt: skip
# Script subtags that stand for others: a style of one script (Aran is Nastaliq, Arabic
# script), or a language's mix of several (Jpan is Han, Hiragana and Katakana).
SCRIPT_SUBTAGS = {
    "Aran": ("Arab",), "Latf": ("Latn",), "Latg": ("Latn",), "Cyrs": ("Cyrl",),
    "Syre": ("Syrc",), "Syrj": ("Syrc",), "Syrn": ("Syrc",), "Geok": ("Geor",),
    "Hans": ("Hani",), "Hant": ("Hani",), "Hanb": ("Hani", "Bopo"),
    "Jpan": ("Hani", "Hira", "Kana"), "Kore": ("Hang", "Hani"),
}  # fmt: skip
# A language written in each script, for a message's example, with its code (for Latin, not
# English or Welsh: the form's list offers those).
EXAMPLES = {
    "Latn": ("pl", "Polish"), "Arab": ("ur", "Urdu"), "Cyrl": ("uk", "Ukrainian"),
    "Beng": ("bn", "Bengali"), "Guru": ("pa", "Punjabi"), "Deva": ("hi", "Hindi"),
    "Gujr": ("gu", "Gujarati"), "Taml": ("ta", "Tamil"), "Grek": ("el", "Greek"),
    "Hebr": ("he", "Hebrew"), "Hani": ("zh", "Chinese"), "Ethi": ("ti", "Tigrinya"),
}  # fmt: skip
# Not a script of their own: digits, punctuation, marks shared by many scripts.
SHARED = {"Zyyy", "Zinh", "Zzzz"}


def language_scripts(tag: str) -> frozenset[str] | None:
    """The scripts the language `tag` is written in: the one its script subtag names
    ("pa-Arab", "sr-Latn"), or else every one its language is written in; None for a
    language, or a script, this does not know."""
    primary, *rest = tag.replace("_", "-").split("-")
    subtag = next((part.title() for part in rest if len(part) == 4 and part.isalpha()), None)
    if subtag is not None:
        scripts = SCRIPT_SUBTAGS.get(subtag, (subtag,))
        known = all(ucd.script_name(code, default=None) for code in scripts)
        return frozenset(scripts) if known else None
    scripts = LANGUAGE_SCRIPTS.get(primary.lower())
    return frozenset(scripts) if scripts else None


def main_script(text: str, expected: frozenset[str]) -> str | None:
    """The script of most of the letters of `text`, when it is none of `expected`. Letters
    are read as they print (NFKC): "𝐇𝐞𝐥𝐥𝐨", in mathematical bold, and full-width letters are
    Latin. A letter shared by several scripts (the Arabic tatweel, the Japanese long-vowel
    mark) belongs to `expected` if it is one of them; digits and marks are no script's."""
    scripts: Counter[str] = Counter()
    for character in unicodedata.normalize("NFKC", text):
        if not character.isalpha():
            continue
        found = ucd.script_extension(character) - SHARED
        if not found:
            continue
        own = ucd.script(character)
        scripts[next(iter(found & expected), own if own in found else min(found))] += 1
    if not scripts:
        return None
    script, count = scripts.most_common(1)[0]
    return script if script not in expected and count * 2 > sum(scripts.values()) else None


def script_name(code: str) -> str:
    """A script's name in English, as Unicode gives it: "Arabic", "Cyrillic"."""
    return ucd.script_name(code, default=code).replace("_", " ")
