"""Helpers shared by the test suite (not shipped in the wheel)."""
