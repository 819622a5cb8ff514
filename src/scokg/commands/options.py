"""argparse ``type=`` functions for option values, so a bad value is a usage error (exit 2)
that names the option and the accepted range, never an internal error later on."""

from __future__ import annotations

import argparse
import math

MAX_SECONDS = 7 * 24 * 3600.0  # a week: beyond it a time limit is no limit


def seconds(text: str) -> float:
    """A time limit in seconds: a finite number > 0 and at most a week (604800).

    Raises ``argparse.ArgumentTypeError`` (argparse prints it with the option's name).
    """
    try:
        value = float(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a number of seconds (e.g. 30 or 2.5)"
        ) from None
    if not math.isfinite(value) or not 0 < value <= MAX_SECONDS:
        raise argparse.ArgumentTypeError(
            f"{text!r} is out of range: give seconds > 0 and at most {MAX_SECONDS:g} (a week)"
        )
    return value


def positive_int(text: str) -> int:
    """A whole number >= 1 (a batch size, a count)."""
    try:
        value = int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is out of range: give a number >= 1")
    return value
