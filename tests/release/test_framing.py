"""JSON-LD by framing: the frames, the framed examples, the context, no network.

Every check on terms is exact: triples are compared as pyoxigraph parses them (lexical
forms, datatypes and language tags as written), never through rdflib's or pyld's value
conversions.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pyoxigraph
import pytest
from pyld import jsonld as pyld

from scokg import vocab
from scokg.project import Project
from scokg.release import framing, jsonld
from scokg.release.build import build_release

pytestmark = pytest.mark.slow

OPTIONS: dict[str, Any] = {"documentLoader": framing.refuse_remote}


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_release(Project.discover(), tmp_path_factory.mktemp("framing") / "dist").out


@pytest.fixture(scope="module")
def release(dist: Path) -> set[pyoxigraph.Triple]:
    nt = pyoxigraph.parse(path=dist / "scokg.nt", format=pyoxigraph.RdfFormat.N_TRIPLES)
    return {q.triple for q in nt}


def _triples(text: str, fmt: pyoxigraph.RdfFormat) -> set[pyoxigraph.Triple]:
    return {q.triple for q in pyoxigraph.parse(text.encode("utf-8"), format=fmt)}


def _pyld_triples(doc: Any) -> set[pyoxigraph.Triple]:
    """The triples of a document pyld produced, read by pyoxigraph's JSON-LD parser.

    Not by ``pyld.to_rdf``: pyld 3.3.0 rewrites a string value typed ``xsd:double`` into
    its canonical form ("1.0" becomes "1.0E0"), which JSON-LD 1.1 toRdf does only for
    JSON numbers; the parser keeps every lexical form.
    """
    text = json.dumps(doc, ensure_ascii=False)
    return _triples(text, pyoxigraph.RdfFormat.JSON_LD)


def _round_trip(text: str) -> set[pyoxigraph.Triple]:
    """The triples of ``text``, asserting that four readings of it agree term for term:
    pyoxigraph's parser, pyld's expansion, pyld's compaction of that expansion with the
    project context, and the expansion of that compaction."""
    doc = json.loads(text)
    direct = _triples(text, pyoxigraph.RdfFormat.JSON_LD)
    expanded = pyld.expand(copy.deepcopy(doc), OPTIONS)
    compacted = pyld.compact(expanded, {"@context": jsonld.CONTEXT}, OPTIONS)
    again = pyld.expand(compacted, OPTIONS)
    assert _pyld_triples(expanded) == direct
    assert _pyld_triples(compacted) == direct
    assert _pyld_triples(again) == direct
    return direct


@pytest.mark.parametrize(("stem", "name", "focus"), framing.EXAMPLES)
def test_example_is_the_frame_output(
    dist: Path, release: set[pyoxigraph.Triple], stem: str, name: str, focus: str
) -> None:
    text = (dist / "examples" / f"{stem}.jsonld").read_text("utf-8")
    doc = json.loads(text)
    assert doc["@context"] == jsonld.CONTEXT  # embedded: nothing to fetch
    assert doc["id"] == focus
    expanded = framing.expanded_input(sorted(release, key=str))
    assert text == jsonld.dumps(framing.frame(expanded, name, focus))


@pytest.mark.parametrize(("stem", "name", "focus"), framing.EXAMPLES)
def test_example_round_trips_to_its_subgraph_of_the_release(
    dist: Path, release: set[pyoxigraph.Triple], stem: str, name: str, focus: str
) -> None:
    example = _round_trip((dist / "examples" / f"{stem}.jsonld").read_text("utf-8"))
    assert len(example) > 10
    assert example <= release, sorted(map(str, example - release))[:3]
    # The subgraph: for each node and each property the example shows, every value. A
    # property nested by a reverse key (parts, statements, ...) lists what points at its
    # node, so it is complete in that direction: every subject for the shown object.
    reverse = {
        jsonld._expand(t["@reverse"])
        for t in jsonld.CONTEXT.values()
        if isinstance(t, dict) and "@reverse" in t
    }
    for t in example:
        forward = {u for u in release if (u.subject, u.predicate) == (t.subject, t.predicate)}
        if forward <= example:
            continue
        assert t.predicate.value in reverse, f"{t.subject} shows only some of its {t.predicate}"
        back = {u for u in release if (u.predicate, u.object) == (t.predicate, t.object)}
        assert back <= example, f"{t.object} shows only some of what points at it by {t.predicate}"


def test_compact_dump_round_trips_through_pyld(dist: Path, release: set[pyoxigraph.Triple]) -> None:
    assert _round_trip((dist / "scokg.jsonld").read_text("utf-8")) == release


def test_frames_are_shipped_with_the_context_embedded(dist: Path) -> None:
    names = framing.frame_names()
    assert {stem for stem, _, _ in framing.EXAMPLES} <= set(names)
    assert sorted(p.stem for p in (dist / "frames").glob("*.jsonld")) == names
    for name in names:
        stored = json.loads(framing.frame_text(name))
        assert stored["@context"] == framing.CONTEXT_REF
        shipped = json.loads((dist / "frames" / f"{name}.jsonld").read_text("utf-8"))
        assert shipped == {**stored, "@context": jsonld.CONTEXT}


def test_frames_without_a_focus_match_every_instance_of_their_class(
    release: set[pyoxigraph.Triple],
) -> None:
    expanded = framing.expanded_input(sorted(release, key=str))
    rdf_type = pyoxigraph.NamedNode(vocab.PREFIXES["rdf"] + "type")
    for name in framing.frame_names():
        cls = json.loads(framing.frame_text(name))["type"]
        want = {
            t.subject.value
            for t in release
            if t.predicate == rdf_type and t.object == pyoxigraph.NamedNode(vocab.SCOKG + cls)
        }
        doc = framing.frame(expanded, name)
        nodes = doc.get("@graph", [doc])
        assert {n["id"] for n in nodes} == want, name


def test_agreement_example_has_signing_place_parties_plan_and_quotes(dist: Path) -> None:
    doc = json.loads((dist / "examples" / "agreement.jsonld").read_text("utf-8"))
    assert {p["name"] for p in doc["parties"]} == {
        "SCO Secretariat",
        "UN Office on Drugs and Crime",
    }
    assert doc["signedOn"] == "2011-06-14"  # stated on the agreement too (sentence 16)
    assert doc["signedIn"]["name"] == "Astana"
    (signing,) = doc["signedThrough"]
    assert signing["type"] == "Signing"
    assert signing["date"] == "2011-06-14"
    assert signing["location"]["name"] == "Astana"
    (plan,) = doc["implementedBy"]
    assert plan["type"] == "Plan" and "action plan" in plan["name"].lower()
    quotes = {s["quote"] for st in signing["statements"] for s in st["derivedFrom"]}
    assert any(q.startswith("On 14 June 2011, a memorandum") for q in quotes)
    own = {s["quote"] for st in doc["statements"] for s in st["derivedFrom"]}
    assert any("memorandum" in q for q in own)


def test_meeting_example_has_participants_posts_acts_topics_and_quotes(dist: Path) -> None:
    doc = json.loads((dist / "examples" / "meeting.jsonld").read_text("utf-8"))
    people = {p["name"]: p for p in doc["participants"]}
    assert set(people) == {"Vladimir Norov", "Ghada Fathi Waly"}
    posts = {h["post"]["name"] for p in people.values() for h in p["holdings"]}
    assert posts == {"SCO Secretary-General", "UNODC Executive Director"}
    acts = doc["parts"]
    assert len(acts) >= 5 and all(a["type"] == "Act" and a["kind"]["name"] for a in acts)
    topics = {t["name"] for a in acts for t in a.get("topics", []) if isinstance(t, dict)}
    assert len(topics) >= 3
    quotes = [s["quote"] for a in acts for st in a["statements"] for s in st["derivedFrom"]]
    assert len(quotes) >= len(acts) and all(isinstance(q, str) and q for q in quotes)


def _fictional_predicates(root: Path) -> set[str]:
    """Predicates of the fictional two-document project (event spans, holding periods: the
    time terms the 2020 article never needs), as scokg reads its files."""
    from helpers.fictional import write_fictional_project
    from scokg.parsing import source_triples
    from scokg.project import Project

    project = Project.discover(write_fictional_project(root))
    return {t.predicate.value for s in project.sources() for t in source_triples(s)}


def test_every_context_key_is_used_by_the_data(
    release: set[pyoxigraph.Triple], tmp_path: Path
) -> None:
    # the bundled release, or the fictional project for the time keys (startDate, memberDuring)
    predicates = {t.predicate.value for t in release} | _fictional_predicates(tmp_path)
    types = {t.object.value for t in release if t.predicate.value == vocab.PREFIXES["rdf"] + "type"}
    iris = {term.value for t in release for term in t if isinstance(term, pyoxigraph.NamedNode)}
    iris |= {t.object.datatype.value for t in release if isinstance(t.object, pyoxigraph.Literal)}
    unused = []
    for key, term in jsonld.CONTEXT.items():
        if key in ("id", "type"):
            continue
        if isinstance(term, str) and term.endswith(("#", "/")):
            used = any(iri.startswith(term) for iri in iris)
        elif isinstance(term, str):
            used = jsonld._expand(term) in types | predicates
        else:
            used = jsonld._expand(term.get("@id") or term["@reverse"]) in predicates
        if not used:
            unused.append(key)
    assert not unused


def test_no_json_ld_document_is_ever_fetched() -> None:
    with pytest.raises(framing.RemoteRefused):
        framing.refuse_remote("https://example.org/context.jsonld")
    remote = {"@context": "https://example.org/context.jsonld", "@id": "urn:x:a", "p": "v"}
    with pytest.raises(pyld.JsonLdError) as caught:
        pyld.to_rdf(remote, {**OPTIONS, "format": "application/n-quads"})
    seen = []
    error: BaseException | None = caught.value
    while error is not None:
        seen.append(error)
        error = getattr(error, "cause", None) or error.__cause__
    assert any(isinstance(e, framing.RemoteRefused) for e in seen), seen


def test_a_frame_naming_another_context_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(framing, "frame_text", lambda name: '{"@context": "https://x.org/c"}')
    with pytest.raises(ValueError, match="must name its context"):
        framing.load_frame("agreement")


def test_one_context_key_per_reverse_property() -> None:
    """Two reverse keys for one property leave compaction to pick one by its own rules,
    and the examples then use a key the frames and docs do not name."""
    by_iri: dict[str, list[str]] = {}
    for key, term in jsonld.CONTEXT.items():
        if isinstance(term, dict) and "@reverse" in term:
            by_iri.setdefault(term["@reverse"], []).append(key)
    assert {iri: keys for iri, keys in by_iri.items() if len(keys) > 1} == {}


def _keys(node: Any) -> set[str]:
    if isinstance(node, list):
        return set().union(*(_keys(n) for n in node)) if node else set()
    if not isinstance(node, dict):
        return set()
    found = {k for k in node if not k.startswith("@")}
    for value in node.values():
        found |= _keys(value)
    return found


@pytest.mark.parametrize("name", framing.frame_names())
def test_examples_use_only_keys_their_frame_names(dist: Path, name: str) -> None:
    example = json.loads((dist / "examples" / f"{name}.jsonld").read_text(encoding="utf-8"))
    frame = json.loads((dist / "frames" / f"{name}.jsonld").read_text(encoding="utf-8"))
    body = {k: v for k, v in example.items() if k != "@context"}
    named = _keys({k: v for k, v in frame.items() if k != "@context"}) | {"id", "type"}
    assert _keys(body) - named == set()
