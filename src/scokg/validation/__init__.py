"""Validation of a scokg project: syntax, SHACL shapes and source-text provenance."""

from scokg.validation.report import Problem, Report
from scokg.validation.run import validate

__all__ = ["Problem", "Report", "validate"]
