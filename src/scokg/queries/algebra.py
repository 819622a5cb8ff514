"""What a real SPARQL parser says a request does: its form and its ``SERVICE`` targets.

The query policy (:mod:`scokg.queries.policy`) must not trust a token scan to find the
``SERVICE`` clauses of a query, so it asks a parser. pyoxigraph 0.5 parses a query only
to run it (and running it sends the ``SERVICE`` requests), so the parser here is rdflib's
(``rdflib.plugins.sparql.parser``, SPARQL 1.1 grammar, section 19; codepoint escapes are
decoded first as section 19.2 says), and the targets are read from the algebra
``translateQuery`` builds: ``SERVICE`` nodes anywhere (sub-queries, ``EXISTS``, ``MINUS``,
``OPTIONAL``), their IRIs already resolved against ``PREFIX`` and ``BASE``.

Importing rdflib's SPARQL package costs about half a second, so the policy only comes here
when the text could name ``SERVICE`` at all (see :func:`scokg.queries.policy.may_call_out`).

Errors: :class:`~scokg.errors.UsageError` (exit 2) when the parser cannot read the text,
with the line and column it gives.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from scokg.errors import UsageError


@dataclass
class ParsedRequest:
    """A request as the parser read it.

    ``form`` is ``SELECT``, ``CONSTRUCT``, ``DESCRIBE``, ``ASK`` or ``UPDATE``; ``services``
    lists each ``SERVICE`` target in algebra order, an absolute IRI or ``?name`` for a
    variable; ``loads`` the IRIs of ``LOAD`` operations (updates only).
    """

    form: str
    services: list[str] = field(default_factory=list)
    loads: list[str] = field(default_factory=list)


def parse_request(text: str, *, update: bool = False) -> ParsedRequest:
    """Parse ``text`` as a query (or an update when ``update``) and read its algebra.

    Raises :class:`UsageError` with ``line``/``column`` when the text does not parse.
    """
    from pyparsing.exceptions import ParseBaseException
    from rdflib.plugins.sparql.algebra import translateQuery, translateUpdate
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    # rdflib logs a warning for IRIs it finds odd (``ex:\#x`` keeps its backslash); the
    # policy only reads hosts, so that warning would be noise on the user's terminal.
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        if update:
            parsed_update = translateUpdate(parseUpdate(text))
            result = ParsedRequest("UPDATE")
            for operation in parsed_update.algebra:
                if operation.name == "Load":
                    result.loads.append(str(operation.get("iri")))
                _walk(operation, result.services)
            return result
        parsed = translateQuery(parseQuery(text))
    except ParseBaseException as exc:
        raise UsageError(
            f"SPARQL syntax error at line {exc.lineno}, column {exc.col} (as read by the "
            f"parser that checks SERVICE clauses): {exc.msg}",
            line=exc.lineno,
            column=exc.col,
            hint="fix the query there; if it is valid SPARQL, write that term another way "
            "(e.g. a full <IRI> instead of an escaped prefixed name)",
        ) from None
    except Exception as exc:  # rdflib's translation raises plain exceptions on odd input
        raise UsageError(
            f"the parser that checks SERVICE clauses cannot read this query: {exc}",
            hint="simplify the query, or write it without codepoint escapes",
        ) from None
    finally:
        logger.setLevel(level)
    result = ParsedRequest(parsed.algebra.name.removesuffix("Query").upper())
    _walk(parsed.algebra, result.services)
    return result


def _walk(node: object, services: list[str]) -> None:
    """Collect the SERVICE targets under ``node`` (an rdflib algebra tree), depth first."""
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import Variable

    stack = [node]
    seen: set[int] = set()
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, CompValue):
            if current.name == "ServiceGraphPattern":
                term = current.get("term")
                services.append(f"?{term}" if isinstance(term, Variable) else str(term))
            stack.extend(reversed(list(current.values())))
        elif isinstance(current, list | tuple | set):
            stack.extend(reversed(list(current)))
