"""The Accept reader of scokg serve, rule by rule (Apache's mod_negotiation reading).

Apache itself is compared with serve on a table of headers in test_apache.py; these pin the
rules without a server."""

from __future__ import annotations

import pytest

from scokg.site.accept import accept_quality, atoq, parse_accept
from scokg.site.negotiate import choose


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0", 0.0),
        ("0.5", 0.5),
        (".5", 0.5),
        ("0.9999", 0.999),
        ("0.12", 0.12),
        ("1", 1.0),
        ("1.0", 1.0),
        ("2", 1.0),
        ("abc", 1.0),
        ("", 1.0),
        ("0x", 0.0),
        (" 0.3", 0.3),
    ],
)
def test_atoq(text: str, value: float) -> None:
    assert atoq(text) == pytest.approx(value)


def test_parameters_other_than_q_are_ignored() -> None:
    ranges = parse_accept('application/ld+json;profile="x,y;q=0";q=0.4, Text/Turtle;charset=x')
    assert [(r.media_type, r.quality) for r in ranges] == [
        ("application/ld+json", 0.4),
        ("text/turtle", 1.0),
    ]


def test_wildcards_fiddled_only_without_q_values() -> None:
    assert accept_quality(parse_accept("text/turtle, */*"), "text/html") == 0.01
    assert accept_quality(parse_accept("text/*"), "text/html") == 0.02
    assert accept_quality(parse_accept("text/turtle;q=0.5, */*"), "text/html") == 1.0
    assert accept_quality(parse_accept("text/*;q=0.3, text/html;q=0.6"), "text/html") == 0.6


@pytest.mark.parametrize(
    ("accept", "ext"),
    [
        ("text/turtle;charset=utf-8", "ttl"),
        ('application/ld+json;profile="http://www.w3.org/ns/json-ld#compacted"', "jsonld"),
        ("text/turtle;q=abc, text/html;q=0.1", "ttl"),
        ("text/turtle, */*", "ttl"),
        ("image/png", None),
    ],
)
def test_choose_with_parameters(accept: str, ext: str | None) -> None:
    chosen = choose(accept)
    assert (chosen.ext if chosen else None) == ext
