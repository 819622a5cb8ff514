"""The one table of English month names (release titles and the synthetic corpus).

``scokg.release.diagram.MONTHS`` replaces two hand-written copies; it is a fixed table rather
than ``calendar.month_name`` because the latter follows the LC_TIME locale of the process.
"""

from __future__ import annotations

import calendar

from scokg.release.diagram import MONTHS, long_date


def test_the_table_is_the_c_locale_calendar() -> None:
    with calendar.different_locale("C"):
        expected = tuple(calendar.month_name)[1:]
    assert expected == MONTHS


def test_long_date_names_every_month() -> None:
    for number, name in enumerate(MONTHS, start=1):
        assert long_date(f"2031-{number:02d}-09") == f"9 {name} 2031"
        assert long_date(f"2031-{number:02d}") == f"{name} 2031"
