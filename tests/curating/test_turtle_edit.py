"""Surgical edits of Turtle text: strings and comments that look like Turtle are skipped."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from scokg.curating.turtle_edit import EditError, find_block, replace_object

DOC = """\
@prefix ex: <https://example.org/> .
# ex:a ex:q "in a comment" .
ex:b ex:q "b's value" .
ex:a
    ex:p "has ex:q \\"quoted\\" . inside" ;  # ex:q "comment"
    ex:q '''long
ex:q "x" .''' , "second" ;
    <https://example.org/r> "5"^^<http://www.w3.org/2001/XMLSchema#integer> .
ex:c ex:q "c" .
"""


def _values(text: str, predicate: str) -> list[str]:
    return [
        t.object.value
        for t in ox.parse(text.encode(), format=ox.RdfFormat.TURTLE)
        if t.subject == ox.NamedNode("https://example.org/a")
        and t.predicate == ox.NamedNode(predicate)
    ]


def test_replace_object_changes_only_the_first_literal_of_the_predicate() -> None:
    block = find_block(DOC, "https://example.org/a")
    assert DOC[block.start :].startswith("ex:a\n") and DOC[block.end - 1] == "."
    out = replace_object(DOC, block, "https://example.org/q", '"new"')
    assert sorted(_values(out, "https://example.org/q")) == ["new", "second"]
    assert '# ex:q "comment"' in out and 'ex:b ex:q "b\'s value"' in out
    out = replace_object(
        out, find_block(out, "https://example.org/a"), "https://example.org/r", '"6"'
    )
    assert _values(out, "https://example.org/r") == ["6"]
    assert out.replace('"new"', "X") != DOC  # layout kept elsewhere
    assert out.count("\n") == DOC.count("\n") - 1  # the long string's line break went with it


def test_missing_subject_or_predicate_is_an_edit_error() -> None:
    with pytest.raises(EditError):
        find_block(DOC, "https://example.org/none")
    with pytest.raises(EditError):
        replace_object(
            DOC, find_block(DOC, "https://example.org/c"), "https://example.org/p", '"x"'
        )
