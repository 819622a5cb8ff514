"""The same-label curator check compares labels as a reader sees them: Unicode NFC and white
space normalised ("A\\u00a0B" and "A B" are one label), letter case and language still count.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scokg.project import Project
from scokg.validation import validate

PREFIXES = """\
@prefix ex: <http://example.org/ns#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
"""


def _notes(root: Path, first: str, second: str) -> list[str]:
    (root / "ontology").mkdir(parents=True)
    (root / "data").mkdir()
    (root / "ontology" / "scokg.ttl").write_text(PREFIXES + "ex:Person a ex:Class .\n")
    (root / "ontology" / "shapes.ttl").write_text(PREFIXES)
    (root / "scokg.toml").write_text('format = 1\n[prefixes]\nex = "http://example.org/ns#"\n')
    data = f"ex:a a ex:Person ; skos:prefLabel {first} .\n"
    data += f"ex:b a ex:Person ; skos:prefLabel {second} .\n"
    (root / "data" / "entities.ttl").write_text(PREFIXES + data, encoding="utf-8")
    return [n for n in validate(Project.discover(root)).notes if "labelled" in n]


@pytest.mark.parametrize(
    ("first", "second", "shown"),
    [
        ('"Anna\\u00a0Berg"@en', '"Anna Berg"@en', '"Anna Berg"@en'),  # no-break space
        ('"Anna\u00a0Berg"@en', '"Anna Berg"@en', '"Anna Berg"@en'),  # the same, written raw
        ('"Anna\u2009Berg"', '"Anna Berg"', '"Anna Berg"'),  # thin space, no language
        ('"Anna\u3000Berg"@en', '" Anna  Berg\\t"@en', '"Anna Berg"@en'),  # runs and ends
        ('"Ren\u00e9e Berg"@en', '"Rene\u0301e Berg"@en', '"Ren\u00e9e Berg"@en'),  # NFC
        ('"Anna Berg"@EN', '"Anna Berg"@en', '"Anna Berg"@en'),  # tags ignore case
    ],
)
def test_labels_equal_after_normalising_are_the_same_label(
    tmp_path: Path, first: str, second: str, shown: str
) -> None:
    (note,) = _notes(tmp_path / "p", first, second)
    assert "ex:a and ex:b are both ex:Person labelled " + shown in note, note


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ('"Anna Berg"@en', '"anna berg"@en'),  # letter case is a different spelling
        ('"Anna Berg"@en', '"Anna Berg"@de'),  # another language
        ('"Anna Berg"@en', '"Anna-Berg"@en'),  # punctuation is not white space
        ('"Anna Berg"@en', '"AnnaBerg"@en'),  # a space removed is a different name
    ],
)
def test_labels_that_differ_otherwise_stay_different(
    tmp_path: Path, first: str, second: str
) -> None:
    assert _notes(tmp_path / "p", first, second) == []


def test_many_namesakes_are_one_warning(tmp_path: Path) -> None:
    # 12 resources sharing a label: one warning naming all of them, not 66 pairs
    root = tmp_path / "p"
    _notes(root, '"Anna Berg"@en', '"Anna Berg"@en')
    extra = "".join(
        f'ex:n{i:02d} a ex:Person ; skos:prefLabel "Anna Berg"@en .\n' for i in range(10)
    )
    entities = root / "data" / "entities.ttl"
    entities.write_text(entities.read_text(encoding="utf-8") + extra, encoding="utf-8")

    notes = [n for n in validate(Project.discover(root)).notes if "labelled" in n]

    assert len(notes) == 1, notes
    names = ["ex:a", "ex:b"] + [f"ex:n{i:02d}" for i in range(10)]
    assert notes[0].startswith(
        "warning: " + ", ".join(names[:-1]) + " and ex:n09 are all ex:Person labelled "
    ), notes[0]
    assert all("`scokg describe " in notes[0] for _ in names)
