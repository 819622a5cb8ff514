"""Time in the model (issue 16, item 5): event spans and month/year precision, post-holding
periods (org:memberDuring, OWL-Time), and the evidence `post-holders` gives for any day.

The project is fictional (tests/helpers/fictional.py): two documents, a holder who changes, a
two-day meeting, a month-precision and a year-precision event. It must validate on both SHACL
engines as written; each broken copy must fail on the one shape it breaks, on both engines.
The bundled queries are answered by the embedded store and by rdflib alike.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from helpers.fictional import DOC_A, DOC_B, DOCUMENTS, Document, Fact, write_fictional_project
from helpers.rdfshow import shown_rows
from scokg.engines import Engine
from scokg.engines.embedded import EmbeddedEngine
from scokg.engines.rdflib_engine import RdflibEngine
from scokg.project import Project
from scokg.queries import run_query
from scokg.validation.pipeline import validate

ENGINES = ("fast", "pyshacl")
SHAPES = "https://w3id.org/scokg/shapes#"
A = "document:nrc-20310412-meeting"
B = "document:nrc-20310923-new-chair"
ALMA = "person:alma-verity"
BORIS = "person:boris-quellen"


def day(value: str, datatype: str = "date") -> str:
    return f'"{value}"^^xsd:{datatype}'


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return Project.discover(write_fictional_project(tmp_path_factory.mktemp("fictional")))


@pytest.fixture(scope="module", params=["embedded", "rdflib"])
def engine(
    request: pytest.FixtureRequest, project: Project, tmp_path_factory: pytest.TempPathFactory
) -> Engine:
    if request.param == "embedded":
        return EmbeddedEngine(project, cache_dir=tmp_path_factory.mktemp("cache"))
    return RdflibEngine(project)


def rows(
    project: Project, engine: Engine, name: str, **params: str
) -> list[tuple[str | None, ...]]:
    return [tuple(r) for r in shown_rows(run_query(project, name, params, engine=engine))]


# --- validation -------------------------------------------------------------------------


@pytest.mark.parametrize("shacl", ENGINES)
def test_the_fictional_project_validates(project: Project, shacl: str) -> None:
    report = validate(project, engine=shacl)

    assert report.problems == []
    assert report.notes == []  # the fast engine ran the shapes itself (no pyshacl fallback)


def _edit(
    doc: Document,
    drop: frozenset[str] = frozenset(),
    add: list[Fact] | None = None,
    swap: dict[str, str] | None = None,
) -> Document:
    """A copy of ``doc`` without the facts "subject predicate object" in ``drop``, with ``add``,
    and with object terms replaced as ``swap`` says."""
    facts = [f for f in doc.facts if f"{f[1]} {f[2]} {f[3]}" not in drop]
    facts = [(n, s, p, (swap or {}).get(o, o), note) for n, s, p, o, note in facts]
    return dataclasses.replace(doc, facts=facts + (add or []))


MEET = "meeting:nrc-cha-2031-04-10"
P_BORIS = "period:boris-quellen-nrc-chair"
BORIS_HOLDING = "post-holding:boris-quellen-nrc-chair"
BROKEN = {
    "end before start": (
        _edit(DOC_A, swap={day("2031-04-11"): day("2031-04-09")}),
        ("Event", "needs both a start and an end date"),
    ),
    "start without end": (
        _edit(DOC_A, drop=frozenset({f"{MEET} scokg:endDate {day('2031-04-11')}"})),
        ("Event", "needs both a start and an end date"),
    ),
    "a date as plain text": (
        _edit(DOC_A, swap={day("2031-03", "gYearMonth"): '"2031-03"'}),
        ("Event-date", "a date that is not a day"),
    ),
    "a date and a different start": (
        _edit(DOC_A, add=[((2,), MEET, "scokg:date", day("2031-04-10"), None)]),
        ("Event-endDate", "more than one end date"),
    ),
}
BROKEN_B = {
    "a period that ends before it begins": (
        _edit(DOC_B, swap={day("2029", "gYear"): day("2032", "gYear")}),
        ("Period", "end may not come before its beginning"),
    ),
    "an instant with two values": (
        _edit(
            DOC_B,
            add=[
                (
                    (3,),
                    "period:alma-verity-nrc-chair-end",
                    "time:inXSDgYear",
                    day("2031", "gYear"),
                    None,
                )
            ],
        ),
        ("Instant", "exactly one of time:inXSDDate"),
    ),
    "a holding with neither an attestation nor a period": (
        _edit(
            DOC_B,
            drop=frozenset(
                {
                    f"{BORIS_HOLDING} scokg:attestedOn {day('2031-09-22')}",
                    f"{BORIS_HOLDING} org:memberDuring {P_BORIS}",
                }
            ),
        ),
        (
            "PostHolding-attested-or-period",
            "or a period a source gives (org:memberDuring); it has neither",
        ),
    ),
    "a period without ends": (
        _edit(
            DOC_B,
            drop=frozenset(
                {
                    f"{P_BORIS} time:hasBeginning {P_BORIS}-beginning",
                    f"{P_BORIS}-beginning a time:Instant",
                    f"{P_BORIS}-beginning time:inXSDDate {day('2031-09-22')}",
                }
            ),
        ),
        ("Period", "needs a beginning or an end"),
    ),
}


# Boris Quellen's holding known only by its period ("took up his post on 22 September"),
# without an attestation day: valid, the curator need not invent a day (breaker finding).
BY_PERIOD_ONLY = _edit(
    DOC_B, drop=frozenset({f"{BORIS_HOLDING} scokg:attestedOn {day('2031-09-22')}"})
)


@pytest.mark.parametrize("shacl", ENGINES)
def test_a_holding_known_only_by_its_period_is_valid(tmp_path: Path, shacl: str) -> None:
    project = Project.discover(write_fictional_project(tmp_path, (DOC_A, BY_PERIOD_ONLY)))

    report = validate(project, engine=shacl)

    assert report.problems == []
    assert report.notes == []
    found = rows(
        project,
        EmbeddedEngine(project, cache_dir=tmp_path / "cache"),
        "post-holders",
        post="post:nrc-chair",
        date="2032-01-01",
    )
    assert [(r[0], r[1], r[2], r[3]) for r in found] == [
        ('"within a period a source gives"', BORIS, None, day("2031-09-22")),
        ('"nearest attestation before"', ALMA, day("2031-04-11"), None),
    ]


# Every date of both documents written with a time zone: valid XSD 1.1 values (issue 12), so
# the project still conforms, and the queries read the day the source names, whatever its zone.
ZONES = {
    day("2031-03", "gYearMonth"): day("2031-03Z", "gYearMonth"),
    day("2031-04-10"): day("2031-04-10+02:00"),
    day("2031-04-11"): day("2031-04-11-05:00"),
    day("2031-09-22"): day("2031-09-22Z"),
    day("2029", "gYear"): day("2029+14:00", "gYear"),
    day("2031-06", "gYearMonth"): day("2031-06-14:00", "gYearMonth"),
    day("2030", "gYear"): day("2030Z", "gYear"),
}


@pytest.fixture(scope="module")
def zoned(tmp_path_factory: pytest.TempPathFactory) -> Project:
    documents = (_edit(DOC_A, swap=ZONES), _edit(DOC_B, swap=ZONES))
    return Project.discover(write_fictional_project(tmp_path_factory.mktemp("zoned"), documents))


@pytest.mark.parametrize("shacl", ENGINES)
def test_dates_with_a_time_zone_are_valid(zoned: Project, shacl: str) -> None:
    text = "".join(
        (zoned.data_dir / "documents" / f"{d.slug}.ttl").read_text(encoding="utf-8")
        for d in DOCUMENTS
    )
    assert all(zone in text for zone in ZONES.values())  # the edit reached the documents

    report = validate(zoned, engine=shacl)

    assert report.problems == [], report.to_text()


def test_a_pyshacl_run_leaves_rdflib_reading_zoned_years(project: Project) -> None:
    """pyshacl's RDFS inference (owlrl) swaps rdflib's lexical converters for ones that reject
    "2030Z"^^xsd:gYear; a later validation in the same process must not see them."""
    from rdflib import XSD, Literal

    validate(project, engine="pyshacl")

    assert Literal("2030Z", datatype=XSD.gYear).ill_typed is not True
    assert Literal("2031-06-14:00", datatype=XSD.gYearMonth).ill_typed is not True


@pytest.mark.parametrize("kind", ["embedded", "rdflib"])
def test_queries_read_the_day_whatever_its_zone(zoned: Project, kind: str, tmp_path: Path) -> None:
    engine: Engine = (
        EmbeddedEngine(zoned, cache_dir=tmp_path) if kind == "embedded" else RdflibEngine(zoned)
    )
    z = ZONES

    timeline = [(r[0], r[1], r[2]) for r in rows(zoned, engine, "timeline")]
    assert timeline == [
        (z[day("2030", "gYear")], z[day("2030", "gYear")], "event:nrc-cha-first-cooperation-2030"),
        (
            z[day("2031-03", "gYearMonth")],
            z[day("2031-03", "gYearMonth")],
            "event:nrc-cha-workshop-2031-03",
        ),
        (z[day("2031-04-10")], z[day("2031-04-11")], MEET),
    ]
    # 2031-04-11 is attested (written with -05:00); the period 2029 to June 2031 covers it.
    got = [r[:6] for r in rows(zoned, engine, "post-holders", post="nrc-chair", date="2031-04-11")]
    assert got == [
        ('"attested on this date"', ALMA, z[day("2031-04-11")], None, None, A),
        (
            '"within a period a source gives"',
            ALMA,
            None,
            z[day("2029", "gYear")],
            z[day("2031-06", "gYearMonth")],
            B,
        ),
    ]
    got = [r[:6] for r in rows(zoned, engine, "post-holders", post="nrc-chair", date="2031-07-15")]
    assert got == [
        ('"nearest attestation before"', ALMA, z[day("2031-04-11")], None, None, A),
        ('"nearest attestation after"', BORIS, z[day("2031-09-22")], None, None, B),
    ]
    heads = rows(zoned, engine, "organisation-heads", org="nrc")
    assert [r[:4] for r in heads] == [
        (ALMA, "post:nrc-chair", z[day("2031-04-10")], z[day("2031-04-11")]),
        (BORIS, "post:nrc-chair", z[day("2031-09-22")], z[day("2031-09-22")]),
    ]


# pyshacl takes about 10 s a run: it checks the SPARQL-based constraints (where inference
# of scokg:date as start and end matters most); the compiled engine checks every case.
CASES = [
    pytest.param(case, shacl, id=f"{case}-{shacl}")
    for case in sorted(BROKEN) + sorted(BROKEN_B)
    for shacl in ENGINES
    if shacl == "fast"
    or case
    in {
        "end before start",
        "a period that ends before it begins",
        "an instant with two values",
        "a date and a different start",
        "a holding with neither an attestation nor a period",
    }
]


@pytest.mark.parametrize(("case", "shacl"), CASES)
def test_each_broken_date_fails_on_its_shape(tmp_path: Path, case: str, shacl: str) -> None:
    if case in BROKEN:
        doc, shape = BROKEN[case]
        documents = (doc, DOC_B)
    else:
        doc, shape = BROKEN_B[case]
        documents = (DOC_A, doc)
    project = Project.discover(write_fictional_project(tmp_path, documents))

    report = validate(project, engine=shacl)

    node, words = shape
    found = [(p.shape, p.message) for p in report.problems]
    assert any(s == SHAPES + node and words in m for s, m in found), found


# --- queries ------------------------------------------------------------------------------


def test_timeline_orders_mixed_precisions_and_shows_start_and_end(
    project: Project, engine: Engine
) -> None:
    got = [(r[0], r[1], r[2]) for r in rows(project, engine, "timeline")]

    assert got == [
        (day("2030", "gYear"), day("2030", "gYear"), "event:nrc-cha-first-cooperation-2030"),
        (
            day("2031-03", "gYearMonth"),
            day("2031-03", "gYearMonth"),
            "event:nrc-cha-workshop-2031-03",
        ),
        (day("2031-04-10"), day("2031-04-11"), MEET),
    ]


def evidence(project: Project, engine: Engine, date: str) -> list[tuple[str | None, ...]]:
    """(evidence, holder, attested on, period begins, period ends, source) rows."""
    return [r[:6] for r in rows(project, engine, "post-holders", post="nrc-chair", date=date)]


def test_a_day_a_source_attests(project: Project, engine: Engine) -> None:
    assert evidence(project, engine, "2031-04-11") == [
        ('"attested on this date"', ALMA, day("2031-04-11"), None, None, A),
        (
            '"within a period a source gives"',
            ALMA,
            None,
            day("2029", "gYear"),
            day("2031-06", "gYearMonth"),
            B,
        ),
    ]


def test_the_day_after_the_meeting_gives_the_nearest_attestations(
    project: Project, engine: Engine
) -> None:
    # 2031-04-12: no attestation that day; the period given by B (2029 to June 2031) covers it.
    assert evidence(project, engine, "2031-04-12") == [
        (
            '"within a period a source gives"',
            ALMA,
            None,
            day("2029", "gYear"),
            day("2031-06", "gYearMonth"),
            B,
        ),
        ('"nearest attestation before"', ALMA, day("2031-04-11"), None, None, A),
        ('"nearest attestation after"', BORIS, day("2031-09-22"), None, None, B),
    ]


def test_between_two_holders_only_evidence_on_both_sides(project: Project, engine: Engine) -> None:
    # July 2031: after Alma Verity's period (ends June 2031), before Boris Quellen's begins.
    assert evidence(project, engine, "2031-07-15") == [
        ('"nearest attestation before"', ALMA, day("2031-04-11"), None, None, A),
        ('"nearest attestation after"', BORIS, day("2031-09-22"), None, None, B),
    ]


def test_an_open_period_and_the_last_attestation(project: Project, engine: Engine) -> None:
    assert evidence(project, engine, "2032-01-01") == [
        ('"within a period a source gives"', BORIS, None, day("2031-09-22"), None, B),
        ('"nearest attestation before"', BORIS, day("2031-09-22"), None, None, B),
    ]


def test_before_any_evidence(project: Project, engine: Engine) -> None:
    assert evidence(project, engine, "2028-05-05") == [
        ('"nearest attestation after"', ALMA, day("2031-04-10"), None, None, A),
    ]


def test_a_period_given_to_the_year_covers_that_whole_year(
    project: Project, engine: Engine
) -> None:
    got = evidence(project, engine, "2029-01-01")

    assert got[0] == (
        '"within a period a source gives"',
        ALMA,
        None,
        day("2029", "gYear"),
        day("2031-06", "gYearMonth"),
        B,
    )
    assert [r[0] for r in got[1:]] == ['"nearest attestation after"']


def test_organisation_heads_come_with_the_dates_of_their_holdings(
    project: Project, engine: Engine
) -> None:
    assert rows(project, engine, "organisation-heads", org="nrc") == [
        (
            ALMA,
            "post:nrc-chair",
            day("2031-04-10"),
            day("2031-04-11"),
            day("2029", "gYear"),
            day("2031-06", "gYearMonth"),
            "post-holding:alma-verity-nrc-chair",
        ),
        (
            BORIS,
            "post:nrc-chair",
            day("2031-09-22"),
            day("2031-09-22"),
            day("2031-09-22"),
            None,
            "post-holding:boris-quellen-nrc-chair",
        ),
    ]


def test_a_reconfirmed_holding_has_one_statement_per_document(
    project: Project, engine: Engine
) -> None:
    # The holder triple of Alma Verity's holding is stated by both documents, each with its
    # own statement and sentence: fact-sources lists both.
    got = rows(project, engine, "fact-sources", resource="post-holding:alma-verity-nrc-chair")
    holder_rows = [r for r in got if "scokg:holder" in r and ALMA in r]

    documents = {d.iri.rsplit("/", 1)[1] for d in DOCUMENTS}
    cited = {doc for doc in documents for r in holder_rows if any(doc in (c or "") for c in r)}
    assert cited == documents, holder_rows


# --- queries that read an event's date: a span counts from its start ------------------------


def test_meeting_participants_hold_their_posts_on_the_start_day(
    project: Project, engine: Engine
) -> None:
    # The meeting has a start and an end date and no scokg:date; Alma Verity is attested as
    # NRC Chair on its first day, Cara Lindqvist holds no attested post.
    assert rows(project, engine, "meeting-participants", meeting=MEET) == [
        (ALMA, "post:nrc-chair", "organisation:nrc"),
        ("person:cara-lindqvist", None, None),
    ]


def test_organisation_events_date_a_span_by_its_start(project: Project, engine: Engine) -> None:
    got = [
        (r[0], r[1], r[2], r[3]) for r in rows(project, engine, "organisation-events", org="nrc")
    ]

    assert got == [
        (
            day("2030", "gYear"),
            "event:nrc-cha-first-cooperation-2030",
            '"participant"',
            "organisation:nrc",
        ),
        (
            day("2031-03", "gYearMonth"),
            "event:nrc-cha-workshop-2031-03",
            '"organiser"',
            "organisation:nrc",
        ),
        (day("2031-04-10"), MEET, '"represented by"', ALMA),
    ]


# An attestation after the issue date of the document that states it (breaker finding): a
# text cannot attest a later day, so validate warns (a note; the data stays valid). On the
# issue day itself it is no warning.
@pytest.mark.parametrize(("attested", "warned"), [("2031-04-20", True), ("2031-04-12", False)])
def test_an_attestation_after_the_issue_date_is_a_warning(
    tmp_path: Path, attested: str, warned: bool
) -> None:
    doc = _edit(
        DOC_A,
        add=[((2,), "post-holding:alma-verity-nrc-chair", "scokg:attestedOn", day(attested), None)],
    )
    project = Project.discover(write_fictional_project(tmp_path, (doc, DOC_B)))

    report = validate(project, engine="fast")

    assert report.problems == []
    expected = (
        f"warning: post-holding:alma-verity-nrc-chair is attested on {attested} by {A}, "
        "issued 2031-04-12"
    )
    assert [n.startswith(expected) for n in report.notes] == ([True] if warned else [])
    if warned:
        assert "nrc-20310412-meeting.ttl" in report.notes[0]
        assert report.notes[0].endswith(
            "a text cannot attest a day after its own issue date; check the day"
        )


# A document issued in a month (or a year) attests any day of that month: no warning for a day
# within it, one for a day after it (breaker finding: 2031-04-20 was "after" 2031-04).
@pytest.mark.parametrize(
    ("issued", "attested", "warned"),
    [
        ('"2031-04"^^xsd:gYearMonth', "2031-04-20", False),
        ('"2031-04"^^xsd:gYearMonth', "2031-05-01", True),
        ('"2031"^^xsd:gYear', "2031-12-31", False),
        ('"2031"^^xsd:gYear', "2032-01-01", True),
    ],
)
def test_an_issue_month_or_year_covers_its_days(
    tmp_path: Path, issued: str, attested: str, warned: bool
) -> None:
    doc = _edit(
        DOC_A,
        add=[((2,), "post-holding:alma-verity-nrc-chair", "scokg:attestedOn", day(attested), None)],
    )
    root = write_fictional_project(tmp_path, (doc, DOC_B))
    meta = root / "data" / "sources" / f"{DOC_A.slug}.meta.ttl"
    text = meta.read_text(encoding="utf-8")
    assert 'dcterms:issued "2031-04-12"^^xsd:date' in text
    meta.write_text(text.replace('"2031-04-12"^^xsd:date', issued), encoding="utf-8")

    report = validate(Project.discover(root), engine="fast")

    later = [n for n in report.notes if "a text cannot attest a day after" in n]
    assert len(later) == (1 if warned else 0), report.notes
