"""Run the CLI with a bug planted in it: an exception scokg does not expect."""

import sys

import scokg.stats
from scokg.cli import main


def broken(project: object) -> None:
    raise ZeroDivisionError("division by zero (planted by the error catalogue test)")


scokg.stats.summarise = broken
sys.exit(main(sys.argv[1:]))
