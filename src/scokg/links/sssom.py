"""Read an SSSOM/TSV mapping set, rejecting rows that would produce a wrong or vague link.

The file is a ``#``-prefixed YAML metadata block (``mapping_set_id``, ``license``,
``curie_map`` ...) followed by a TSV table. Every error names the file and the line of the
offending row, so a curator can fix it without counting rows.

A row whose ``predicate_modifier`` is ``Not`` is a negative mapping (SSSOM data model,
``predicate_modifier_enum``: "subject_id is not a predicate_id match to object_id"). Such
rows are kept apart, in :attr:`MappingSet.negative`, so that every consumer of
:attr:`MappingSet.mappings` (the link triples, ``links check``, ``links suggest``) sees only
links that hold. ``Not`` is the only modifier SSSOM defines; any other value is an error.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scokg import vocab
from scokg.errors import DataError

SEMAPV = vocab.SEMAPV
SSSOM = vocab.SSSOM

# Prefixes every mapping set may use without declaring them in its curie_map.
BUILTIN_PREFIXES: dict[str, str] = {
    name: vocab.PREFIXES[name]
    for name in ("owl", "rdf", "rdfs", "skos", "semapv", "sssom", "scokg")
}

REQUIRED_COLUMNS = ("subject_id", "predicate_id", "object_id", "mapping_justification")
# The permissible values of SSSOM's predicate_modifier_enum (spelled as in the schema).
NEGATED = "Not"
PREDICATE_MODIFIERS = frozenset({NEGATED})
REQUIRED_METADATA = ("mapping_set_id", "license")

# Justifications of the SEMAPV vocabulary that SSSOM allows in mapping_justification.
JUSTIFICATIONS = frozenset(
    SEMAPV + name
    for name in (
        "BackgroundKnowledgeBasedMatching",
        "CompositeMatching",
        "InstanceBasedMatching",
        "LexicalMatching",
        "LexicalSimilarityThresholdMatching",
        "LogicalReasoning",
        "ManualMappingCuration",
        "MappingChaining",
        "MappingInversion",
        "MappingReview",
        "SemanticSimilarityThresholdMatching",
        "StructuralMatching",
        "UnspecifiedMatching",
    )
)

# Link predicates we publish: identity for individuals, SKOS mapping relations for concepts.
LINK_PREDICATES = frozenset(
    {
        BUILTIN_PREFIXES["owl"] + "sameAs",
        *(
            BUILTIN_PREFIXES["skos"] + rel
            for rel in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")
        ),
    }
)


@dataclass(frozen=True)
class Mapping:
    """One row of the table, with CURIEs expanded to IRIs; ``line`` is its line in the file."""

    subject_id: str
    predicate_id: str
    object_id: str
    mapping_justification: str
    line: int
    subject_label: str = ""
    object_label: str = ""
    confidence: float | None = None
    comment: str = ""
    predicate_modifier: str = ""  # "Not" for a negative mapping, else empty
    confidence_text: str = ""  # the confidence as the file writes it (an xsd:double form)

    @property
    def negated(self) -> bool:
        """True for a negative mapping: the subject is *not* a match of the object."""
        return self.predicate_modifier == NEGATED

    @property
    def target(self) -> str | None:
        """Short name of the outside dataset the object belongs to (vocab.LINK_TARGETS)."""
        return target_of(self.object_id)


@dataclass
class MappingSet:
    """The metadata block and the rows of one SSSOM file.

    ``mappings`` are the links that hold (rows without a predicate modifier); ``negative``
    the rows with ``predicate_modifier`` ``Not``, each in file order.
    """

    path: Path
    mapping_set_id: str
    license: str
    curie_map: dict[str, str]
    metadata: dict[str, Any] = field(default_factory=dict)
    mappings: list[Mapping] = field(default_factory=list)
    negative: list[Mapping] = field(default_factory=list)

    def prefixes(self) -> dict[str, str]:
        """Built-in prefixes overridden by the file's own curie_map."""
        return {**BUILTIN_PREFIXES, **self.curie_map}

    def compact(self, iri: str) -> str:
        """The shortest CURIE for ``iri`` with this set's prefixes, or the IRI itself."""
        best: tuple[int, str] | None = None
        for prefix, namespace in self.prefixes().items():
            if iri.startswith(namespace) and (best is None or len(namespace) > best[0]):
                best = (len(namespace), f"{prefix}:{iri.removeprefix(namespace)}")
        return best[1] if best else iri


def target_of(iri: str) -> str | None:
    """Which LINK_TARGETS dataset an IRI belongs to, by namespace."""
    for name, namespace in vocab.LINK_TARGETS.items():
        if iri.startswith(namespace):
            return name
    return None


def read_sssom(path: Path) -> MappingSet:
    """Parse and check ``path``; raise :class:`DataError` naming the file and row line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataError(f"cannot read {path.name}: {exc.strerror or exc}", file=path) from None
    except UnicodeDecodeError:
        raise DataError(f"{path.name} is not UTF-8", file=path, hint="save it as UTF-8") from None

    lines = text.splitlines()
    meta_lines: list[str] = []
    first_table_line = len(lines)
    for number, line in enumerate(lines):
        if line.startswith("#"):
            meta_lines.append(line[1:])
        elif line.strip():
            first_table_line = number
            break
    metadata = _parse_metadata(path, meta_lines)
    curie_map = _curie_map(path, metadata)
    mapping_set = MappingSet(
        path=path,
        mapping_set_id=str(metadata["mapping_set_id"]),
        license=str(metadata["license"]),
        curie_map=curie_map,
        metadata=metadata,
    )
    if first_table_line >= len(lines):
        raise DataError(
            f"{path.name} has no table after its metadata block",
            file=path,
            hint="add a header line with the columns " + ", ".join(REQUIRED_COLUMNS),
        )

    table = "\n".join(lines[first_table_line:])
    reader = csv.reader(io.StringIO(table), delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader)
    header_line = first_table_line + 1
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise DataError(
            f"{path.name}: the table has no column {', '.join(missing)}",
            file=path,
            line=header_line,
            hint="SSSOM requires the columns " + ", ".join(REQUIRED_COLUMNS),
        )
    seen: dict[tuple[str, str, str], Mapping] = {}
    for offset, values in enumerate(reader, start=1):
        line_no = header_line + offset
        if not any(v.strip() for v in values):
            continue
        mapping = _row(mapping_set, header, values, line_no)
        key = (mapping.subject_id, mapping.predicate_id, mapping.object_id)
        earlier = seen.get(key)
        if earlier is not None and earlier.negated != mapping.negated:
            this, that = ("denies", "asserts") if mapping.negated else ("asserts", "denies")
            raise DataError(
                f"{path.name}: this row {this} the mapping that line {earlier.line} {that}",
                file=path,
                line=line_no,
                hint="a mapping cannot hold and not hold; keep one of the two rows",
            )
        seen.setdefault(key, mapping)
        (mapping_set.negative if mapping.negated else mapping_set.mappings).append(mapping)
    return mapping_set


def _parse_metadata(path: Path, meta_lines: list[str]) -> dict[str, Any]:
    import yaml

    try:
        metadata = yaml.safe_load("\n".join(meta_lines)) if meta_lines else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataError(
            f"{path.name}: the metadata block is not valid YAML",
            file=path,
            line=mark.line + 1 if mark is not None else None,
            hint="each metadata line starts with '#' followed by YAML, e.g. '#license: ...'",
        ) from None
    if not isinstance(metadata, dict):
        raise DataError(
            f"{path.name} has no metadata block",
            file=path,
            line=1,
            hint="start the file with '#mapping_set_id: ...', '#license: ...' and '#curie_map:'",
        )
    for key in REQUIRED_METADATA:
        if not metadata.get(key):
            raise DataError(
                f"{path.name}: the metadata block has no {key}",
                file=path,
                hint=f"add a line '#{key}: ...' to the metadata block",
            )
    return metadata


def _curie_map(path: Path, metadata: dict[str, Any]) -> dict[str, str]:
    raw = metadata.get("curie_map") or {}
    if not isinstance(raw, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in raw.items()
    ):
        raise DataError(
            f"{path.name}: curie_map must map prefixes to namespace IRIs",
            file=path,
            hint="write it as '#curie_map:' then lines '#  wd: http://www.wikidata.org/entity/'",
        )
    return dict(raw)


def _row(mapping_set: MappingSet, header: list[str], values: list[str], line: int) -> Mapping:
    path = mapping_set.path
    if len(values) > len(header):
        raise DataError(
            f"{path.name}: row has {len(values)} fields but the header has {len(header)}",
            file=path,
            line=line,
            hint="a tab inside a value? SSSOM/TSV values cannot contain tabs",
        )
    row = {name: (values[i].strip() if i < len(values) else "") for i, name in enumerate(header)}
    for column in REQUIRED_COLUMNS:
        if not row[column]:
            raise DataError(
                f"{path.name}: row has no {column}",
                file=path,
                line=line,
                hint=f"every mapping needs {', '.join(REQUIRED_COLUMNS)}",
            )
    subject = _expand(mapping_set, row["subject_id"], "subject_id", line)
    predicate = _expand(mapping_set, row["predicate_id"], "predicate_id", line)
    obj = _expand(mapping_set, row["object_id"], "object_id", line)
    justification = _expand(
        mapping_set, row["mapping_justification"], "mapping_justification", line
    )
    if justification not in JUSTIFICATIONS:
        raise DataError(
            f"{path.name}: unknown mapping_justification {row['mapping_justification']!r}",
            file=path,
            line=line,
            hint="use a semapv: justification such as semapv:ManualMappingCuration or "
            "semapv:LexicalMatching",
        )
    if predicate not in LINK_PREDICATES:
        raise DataError(
            f"{path.name}: predicate {row['predicate_id']!r} is not a link predicate",
            file=path,
            line=line,
            hint="use owl:sameAs for individuals and skos:exactMatch, closeMatch, broadMatch, "
            "narrowMatch or relatedMatch for concepts",
        )
    if not subject.startswith(vocab.ID):
        raise DataError(
            f"{path.name}: subject {row['subject_id']!r} is not a scokg resource",
            file=path,
            line=line,
            hint=f"subjects are our own IRIs, under {vocab.ID}",
        )
    if target_of(obj) is None:
        raise DataError(
            f"{path.name}: object {row['object_id']!r} is in none of the linked datasets",
            file=path,
            line=line,
            hint="link to " + ", ".join(sorted(vocab.LINK_TARGETS)) + " (scokg.vocab.LINK_TARGETS)",
        )
    modifier = row.get("predicate_modifier", "")
    if modifier and modifier not in PREDICATE_MODIFIERS:
        raise DataError(
            f"{path.name}: unknown predicate_modifier {modifier!r}",
            file=path,
            line=line,
            hint="SSSOM defines one modifier, Not (a negative mapping); leave the cell "
            "empty for a mapping that holds",
        )
    return Mapping(
        subject_id=subject,
        predicate_id=predicate,
        object_id=obj,
        mapping_justification=justification,
        line=line,
        subject_label=row.get("subject_label", ""),
        object_label=row.get("object_label", ""),
        confidence=_confidence(path, row.get("confidence", ""), line),
        comment=row.get("comment", ""),
        predicate_modifier=modifier,
        confidence_text=row.get("confidence", ""),
    )


def _expand(mapping_set: MappingSet, value: str, column: str, line: int) -> str:
    path = mapping_set.path
    prefix, sep, local = value.partition(":")
    if not sep or not prefix or local.startswith("//"):
        raise DataError(
            f"{path.name}: {column} {value!r} is not a CURIE",
            file=path,
            line=line,
            hint="write prefix:local (e.g. wd:Q485207) and declare the prefix in curie_map",
        )
    namespace = mapping_set.prefixes().get(prefix)
    if namespace is None:
        raise DataError(
            f"{path.name}: unknown CURIE prefix {prefix!r} in {column} {value!r}",
            file=path,
            line=line,
            hint=f"declare it in the metadata block: '#curie_map:' then '#  {prefix}: <namespace>'",
        )
    return namespace + local


# The lexical space of xsd:double (XSD 1.1 Part 2, 3.3.5) without INF and NaN, which are
# not probabilities; Python's float() also takes "1_0" or "infinity", which RDF does not.
_DOUBLE_RE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def _confidence(path: Path, text: str, line: int) -> float | None:
    """The confidence as a number; its text is kept as the RDF literal's lexical form."""
    if not text:
        return None
    try:
        value = float(text) if _DOUBLE_RE.fullmatch(text) else math.nan
    except ValueError:
        value = math.nan
    if not 0.0 <= value <= 1.0:
        raise DataError(
            f"{path.name}: confidence {text!r} is not a number between 0 and 1",
            file=path,
            line=line,
            hint="confidence is a probability: 0 (no confidence) to 1 (certain)",
        )
    return value
