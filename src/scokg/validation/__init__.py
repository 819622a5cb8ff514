"""Validation of a scokg project: syntax, SHACL shapes and source-text provenance."""

from scokg.validation.pipeline import DEFAULT_ENGINE, ENGINES, validate
from scokg.validation.report import Problem, Report

__all__ = ["DEFAULT_ENGINE", "ENGINES", "Problem", "Report", "validate"]
