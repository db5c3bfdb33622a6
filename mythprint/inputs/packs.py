"""A pack: the guide in several languages, built together, the first read first.

Each content file is validated alone, then against the others: they must tell the same
myths, each in a language of its own, and each must name its language and say that the
others exist (the labels `language_name` and `other_languages`), because a file made
once per language points its reader to the other languages' versions.
"""

from dataclasses import replace
from pathlib import Path

from ..errors import ContentError, Finding, Problem
from ..paths import display_path
from .content import Content, read_content
from .labels import PACK_LABELS
from .translations import edition_findings, myth_findings, source_of
from .yamlsource import YamlFile


def load_pack(paths: tuple[Path, ...]) -> tuple[Content, ...]:
    """The contents of `paths`, in reading order; one content alone is as it was read.

    Every problem of every file is reported at once.
    """
    problems: list[Problem] = []
    read: list[tuple[Content, YamlFile]] = []
    for path in paths:
        try:
            read.append(read_content(path))
        except ContentError as error:
            problems += error.problems
    if problems:
        raise ContentError(problems)
    if len(read) == 1:
        return (read[0][0],)
    problems = [problem for index in range(len(read)) for problem in _mismatches(read, index)]
    if problems:
        raise ContentError(problems)
    names = [(content.language, content.labels.text("language_name")) for content, _ in read]
    alone = [
        replace(content, findings=(*content.findings, *_edition_findings(read, index)))
        for index, (content, _) in enumerate(read)
    ]
    return tuple(
        replace(
            content,
            other_languages=tuple(names[:index] + names[index + 1 :]),
            companions=tuple(alone[:index] + alone[index + 1 :]),
            place=index,
        )
        for index, content in enumerate(alone)
    )


def _edition_findings(read: list[tuple[Content, YamlFile]], index: int) -> list[Finding]:
    """A version or review date unlike the pack's other languages': said of a translation
    against its source (as `check` says it), or else of a language after the first."""
    content, yaml = read[index]
    by_path = {other.path.resolve(): other for other, _ in read}
    source = source_of(content.path)
    reference = by_path.get(source.resolve()) if source else None
    first = read[0][0]
    first_translates = source_of(first.path)
    if first_translates is not None and first_translates.resolve() == content.path.resolve():
        return []  # said of the first, against this, its source
    if reference is None and index:
        reference = first
    return edition_findings(reference, content, yaml) if reference else []


def _mismatches(read: list[tuple[Content, YamlFile]], index: int) -> list[Problem]:
    """What stops the content at `index` from joining the pack's first one."""
    content, yaml = read[index]
    problems = [
        yaml.problem_at(
            f"missing label 'labels.{name}', which a content built with other languages "
            "needs (see content/myths.yml)",
            "labels",
        )
        for name in sorted(PACK_LABELS)
        if name not in content.labels.texts
    ]
    earlier = [other for other, _ in read[:index] if other.language == content.language]
    if earlier:
        problems.append(
            yaml.problem_at(
                f"language '{content.language}' is also the language of "
                f"{display_path(earlier[0].path)}; give each language once",
                "language",
            )
        )
    if index:
        problems += [finding.problem for finding in myth_findings(read[0], yaml)]
    return problems
