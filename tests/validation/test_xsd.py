"""scokg.xsd: the XSD 1.1 lexical spaces, valid and invalid forms of every datatype in KNOWN."""

from __future__ import annotations

import pytest

from scokg.xsd import INTEGER_RANGES, KNOWN, XSD, language_tag_error, lexical_error

VALID: dict[str, list[str]] = {
    "integer": ["0", "-0", "+12", "007", "123456789012345678901234567890"],
    "nonPositiveInteger": ["0", "-5", "-0"],
    "negativeInteger": ["-1", "-99999999999999999999"],
    "nonNegativeInteger": ["0", "05", "+3"],
    "positiveInteger": ["1", "+1", "0001"],
    "long": ["-9223372036854775808", "9223372036854775807"],
    "int": ["-2147483648", "2147483647"],
    "short": ["-32768", "32767"],
    "byte": ["-128", "127", "07", "+0"],
    "unsignedLong": ["0", "18446744073709551615"],
    "unsignedInt": ["4294967295"],
    "unsignedShort": ["65535"],
    "unsignedByte": ["0", "255"],
    "decimal": ["1", "-1.5", "+.5", "2.", "0.000", "007.50"],
    "float": ["1", "1.5e3", "-1E-2", "INF", "-INF", "+INF", "NaN", ".5", "5."],
    "double": ["0", "3.14", "1e308", "INF", "-INF", "NaN"],
    "boolean": ["true", "false", "1", "0"],
    "date": [
        "2020-03-03",
        "2020-03-03Z",
        "2020-03-03+03:00",
        "2020-03-03-14:00",
        "2020-02-29",
        "2000-02-29",
        "0000-01-01",
        "-0044-03-15",
        "12020-12-31",
    ],
    "dateTime": [
        "2020-03-03T10:00:00",
        "2020-03-03T10:00:00Z",
        "2020-03-03T10:00:00.125+05:30",
        "2020-03-03T24:00:00",
    ],
    "dateTimeStamp": ["2020-03-03T10:00:00Z", "2020-03-03T10:00:00-01:00"],
    "time": ["00:00:00", "23:59:59.999", "24:00:00", "12:30:00Z", "12:30:00+14:00"],
    "gYear": ["2020", "-0001", "2020Z", "2020+01:00", "0000"],
    "gYearMonth": ["2020-01", "2020-12Z"],
    "gMonth": ["--01", "--12-05:00"],
    "gDay": ["---01", "---31Z"],
    "gMonthDay": ["--02-29", "--12-31"],
    "duration": ["P1Y", "-P1Y2M3DT4H5M6.5S", "PT0S", "P0D", "PT1M", "P1M"],
    "dayTimeDuration": ["P1D", "PT1H", "-P1DT2H3M4S"],
    "yearMonthDuration": ["P1Y", "P2M", "-P1Y3M"],
    "hexBinary": ["", "0aFF", "00"],
    "base64Binary": ["", "AAAA", "QUJD", "QQ==", "QUI=", "QU JD"],
    "language": ["en", "en-GB", "x-private"],
    "normalizedString": ["a b", " lead"],
    "token": ["a b", "abc"],
}

INVALID: dict[str, list[str]] = {
    "integer": ["three", "1.0", "", " 1", "1 ", "+-1", "١"],
    "nonPositiveInteger": ["1"],
    "negativeInteger": ["0", "-0"],
    "nonNegativeInteger": ["-1"],
    "positiveInteger": ["0", "-1"],
    "long": ["9223372036854775808", "-9223372036854775809"],
    "int": ["2147483648", "-2147483649"],
    "short": ["32768", "-32769"],
    "byte": ["128", "-129", "300", "1.0"],
    "unsignedLong": ["-1", "18446744073709551616"],
    "unsignedInt": ["4294967296"],
    "unsignedShort": ["65536"],
    "unsignedByte": ["256", "-1"],
    "decimal": ["abc", "1e3", ".", "", "1,5", "INF", "NaN"],
    "float": ["abc", "inf", "nan", "1e", "e3", "", "Infinity", "1.5f"],
    "double": ["abc", "1.2.3", "--1", "+NaN"],
    "boolean": ["TRUE", "yes", "", "2", "True"],
    "date": [
        "yesterday",
        "2020-13-01",
        "2020-02-30",
        "2019-02-29",
        "1900-02-29",
        "2020-04-31",
        "20-01-01",
        "02020-01-01",
        "2020-03-03+15:00",
        "2020-03-03+14:01",
        "2020-03-03T10:00:00",
        "2020-3-3",
    ],
    "dateTime": [
        "2020-03-03",
        "2020-03-03T25:00:00",
        "2020-03-03T24:00:01",
        "2020-03-03T10:00",
        "2020-03-03 10:00:00",
        "yesterday",
        "2021-02-29T00:00:00",
    ],
    "dateTimeStamp": ["2020-03-03T10:00:00"],
    "time": ["24:00:01", "12:60:00", "12:00", "1:00:00", "12:00:00+3"],
    "gYear": ["20", "2020-01", "02020"],
    "gYearMonth": ["2020-13", "2020"],
    "gMonth": ["--13", "01", "--1"],
    "gDay": ["---32", "--01"],
    "gMonthDay": ["--02-30", "--04-31", "--13-01"],
    "duration": ["P", "PT", "P1YT", "1Y", "P1S", "PT1D", "P-1Y", "P1.5Y", "P1M1Y"],
    "dayTimeDuration": ["P1Y", "P1M", "P"],
    "yearMonthDuration": ["P1D", "PT1H", "P"],
    "hexBinary": ["0", "0g", "abc"],
    "base64Binary": ["A", "AAA", "QQ=", "Q===", "Q\u00e9=="],
    "language": ["", "en_GB", "toolonglang", "en-"],
    "normalizedString": ["a\tb", "a\nb"],
    "token": [" a", "a ", "a  b", "a\tb"],
}


def test_every_known_datatype_has_valid_and_invalid_cases() -> None:
    covered = {XSD + name for name in VALID}
    assert covered == set(KNOWN)
    assert {XSD + name for name in INVALID} == set(KNOWN)


@pytest.mark.parametrize(
    ("datatype", "lexical"), [(dt, lex) for dt, forms in VALID.items() for lex in forms]
)
def test_valid_forms(datatype: str, lexical: str) -> None:
    assert lexical_error(lexical, XSD + datatype) is None


@pytest.mark.parametrize(
    ("datatype", "lexical"), [(dt, lex) for dt, forms in INVALID.items() for lex in forms]
)
def test_invalid_forms(datatype: str, lexical: str) -> None:
    reason = lexical_error(lexical, XSD + datatype)
    assert reason is not None
    assert f"xsd:{datatype}" in reason


@pytest.mark.parametrize("datatype", sorted(INTEGER_RANGES))
def test_integer_range_edges(datatype: str) -> None:
    low, high = INTEGER_RANGES[datatype]
    if low is not None:
        assert lexical_error(str(low), datatype) is None
        reason = lexical_error(str(low - 1), datatype)
        assert reason is not None and "out of the range" in reason
    if high is not None:
        assert lexical_error(str(high), datatype) is None
        reason = lexical_error(str(high + 1), datatype)
        assert reason is not None and "out of the range" in reason


def test_unknown_datatypes_are_not_judged() -> None:
    assert lexical_error("anything", "http://example.org/grade") is None
    assert lexical_error("anything", XSD + "string") is None


@pytest.mark.parametrize(
    "tag",
    [
        "en",
        "EN-gb",
        "zh-Hant-TW",
        "sl-rozaj-biske",
        "de-CH-1901",
        "es-419",
        "en-US-u-islamcal",
        "en-a-bbb-x-a-ccc",
        "x-whatever",
        "i-klingon",
        "zh-yue-HK",
        "haw",
    ],
)
def test_well_formed_language_tags(tag: str) -> None:
    assert language_tag_error(tag) is None


@pytest.mark.parametrize(
    "tag",
    ["", "e", "en_GB", "en-", "-en", "abcdefghi", "en-GB-x", "en-a", "12", "en--GB", "en-ü"],
)
def test_malformed_language_tags(tag: str) -> None:
    reason = language_tag_error(tag)
    assert reason is not None and "BCP 47" in reason
