from datetime import date

import pytest

from kg.inputs.dates import header_date, parse_date, resolve

THURSDAY = date(2015, 4, 2)


@pytest.mark.parametrize(
    "expression, expected",
    [
        ("on Wednesday", date(2015, 4, 1)),
        ("Thursday", THURSDAY),  # the publication weekday is that day, not a week earlier
        ("on Thursday", THURSDAY),
        ("last Thursday", date(2015, 3, 26)),
        ("Monday", date(2015, 3, 30)),
        ("yesterday", date(2015, 4, 1)),
        ("today", THURSDAY),
        ("March 25", date(2015, 3, 25)),
        ("25 March 2024", date(2024, 3, 25)),
        ("Dec. 29, 2016", date(2016, 12, 29)),
        ("December 29", date(2014, 12, 29)),  # a day without a year is the nearest past one
        ("2019-05-17", date(2019, 5, 17)),
        ("last month", None),  # no day given: no date
        ("2019", None),
        ("in July 2020", None),
        ("earlier this week", None),
    ],
)
def test_resolve_against_publication_date(expression: str, expected: date | None) -> None:
    assert resolve(expression, THURSDAY) == expected


def test_future_weekday_looks_forward() -> None:
    assert resolve("on Monday", THURSDAY, future=True) == date(2015, 4, 6)


def test_weekday_without_publication_date_is_unknown() -> None:
    assert resolve("on Tuesday", None) is None


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Updated: 2015-04-02 17:37", THURSDAY),
        ("Published: April 2, 2015", THURSDAY),
        ("Posted on 2 April 2015", THURSDAY),
        ("2015-04-02", THURSDAY),
        ("China disagrees with US sanctions", None),
        ("Updated: soon", None),
    ],
)
def test_header_date(line: str, expected: date | None) -> None:
    assert header_date(line) == expected


def test_parse_date_refuses_a_bare_weekday() -> None:
    assert parse_date("Thursday") is None


def test_a_part_of_the_day_is_the_reported_day() -> None:
    from datetime import date

    from kg.inputs.dates import resolve

    assert resolve("later in the afternoon", date(2021, 10, 26)) == date(2021, 10, 26)
    assert resolve("Monday afternoon", date(2021, 10, 26)) == date(2021, 10, 25)  # the weekday wins
