"""JSON-LD framing (W3C JSON-LD 1.1 Framing) of the release: one frame per core class.

The frames live beside this module (``frames/<name>.jsonld``) and name the project
context by the relative reference ``"context.jsonld"``; the release ships them in
``frames/`` with that context embedded, so they work with any JSON-LD 1.1 processor. The
examples in ``examples/`` are the output of these frames, run by pyld, on the release's
merged graph: nothing in them is assembled by hand.

Every frame is ``@explicit``: it shows the properties it lists and no others, so an example
stays readable, but for each property it shows, it shows every value the release holds
(``tests/release/test_framing.py`` checks each example against the release). Source
sentences are embedded ``@always`` (a quote is repeated where two facts share a
sentence), everything else once.

No network: pyld is given a document loader that refuses every URL (:class:`RemoteRefused`);
the context is passed as an object, never fetched.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from scokg import vocab
from scokg.output.jsonld import (
    CONTEXT,
    RemoteRefused,
    expanded_input,
    pyld_options,
    refuse_remote,
)

__all__ = [
    "CONTEXT_REF",
    "EXAMPLES",
    "FRAME_CLASSES",
    "example_focus",
    "RemoteRefused",
    "expanded_input",
    "frame",
    "frame_names",
    "frame_text",
    "load_frame",
    "refuse_remote",
]

#: The context reference the frames in the repository use; replaced by :data:`CONTEXT`.
CONTEXT_REF = "context.jsonld"

#: One example per core class: (file stem in ``examples/``, frame name, focal resource).
EXAMPLES: tuple[tuple[str, str, str], ...] = (
    ("agreement", "agreement", vocab.ID + "agreement/sco-secretariat-unodc-mou-2011"),
    ("meeting", "meeting", vocab.ID + "meeting/norov-waly-2020-03-03"),
    ("organisation", "organisation", vocab.ID + "organisation/unodc"),
    ("person", "person", vocab.ID + "person/vladimir-norov"),
    ("postholding", "postholding", vocab.ID + "post-holding/vladimir-norov-sco-secretary-general"),
    ("topic", "topic", vocab.ID + "topic/illicit-drug-trafficking"),
)


#: The class each frame selects (``@type`` of the frame), for :func:`example_focus`.
FRAME_CLASSES = {
    "agreement": "Agreement",
    "meeting": "Meeting",
    "organisation": "Organisation",
    "person": "Person",
    "postholding": "PostHolding",
    "topic": "Topic",
}


def example_focus(instances: dict[str, list[str]], name: str, preferred: str) -> str | None:
    """The resource an example of frame ``name`` shows: ``preferred`` when the data has it,
    else the first instance of the frame's class in IRI order, else None (no example).

    ``instances`` maps a scokg class local name to the IRIs of its instances.
    """
    members = sorted(instances.get(FRAME_CLASSES.get(name, ""), []))
    if preferred in members:
        return preferred
    return members[0] if members else None


def frame_names() -> list[str]:
    """Names of the frames shipped with the package, sorted (``agreement``, ``meeting``, ...)."""
    folder = resources.files("scokg.release").joinpath("frames")
    return sorted(p.name[: -len(".jsonld")] for p in folder.iterdir() if p.name.endswith(".jsonld"))


def frame_text(name: str) -> str:
    """The frame as stored in the repository (context by reference)."""
    return resources.files("scokg.release").joinpath("frames", f"{name}.jsonld").read_text("utf-8")


def load_frame(name: str) -> dict[str, Any]:
    """The frame with :data:`CONTEXT` embedded in place of the ``"context.jsonld"`` reference.

    Raises ``ValueError`` for a frame that names any other context (it would be fetched).
    """
    frame: dict[str, Any] = json.loads(frame_text(name))
    if frame.get("@context") != CONTEXT_REF:
        raise ValueError(f"frame {name} must name its context as {CONTEXT_REF!r}")
    return {**frame, "@context": CONTEXT}


def frame(expanded: list[dict[str, Any]], name: str, focus: str | None = None) -> dict[str, Any]:
    """Frame ``expanded`` with frame ``name``; with ``focus``, the one tree rooted there.

    Returns a compact document with :data:`CONTEXT` embedded. Raises ``ValueError`` when
    ``focus`` is given and the frame does not match it (no such resource, or not of the
    frame's class).
    """
    from pyld import jsonld as pyld

    spec = load_frame(name)
    if focus is not None:
        spec["id"] = focus
    result: dict[str, Any] = pyld.frame(
        expanded, spec, pyld_options(embed="@once", omitDefault=True, omitGraph=True, ordered=True)
    )
    if focus is not None and result.get("id") != focus:
        raise ValueError(f"frame {name} does not match {focus}")
    return result
