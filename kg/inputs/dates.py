"""Dates: publication dates from headers, event dates resolved against the publication date.

Event date and publication date are different facts (docs/design.md). A weekday equal to the
publication weekday is that day, not a week earlier; a bare weekday otherwise means the most
recent such day before publication (news reports the past), or the next one when the
sentence is about the future.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import dateparser

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_HEADER = re.compile(
    r"^\s*(?:updated|published|posted|date|last updated|first published)\s*(?:on|at)?\s*:?\s*(.+)$",
    re.I,
)
_RELATIVE_DAYS = {
    "today": 0,
    "yesterday": -1,
    "tonight": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "last night": -1,
    "tomorrow": 1,
}
_MONTH_DAY = re.compile(
    r"\b(" + "|".join(m[:3] for m in MONTHS) + r")[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?\b", re.I
)
_DAY_MONTH = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(" + "|".join(m[:3] for m in MONTHS) + r")[a-z]*\.?(?:,?\s+(\d{4}))?\b",
    re.I,
)
_PARSER_SETTINGS = {
    "PREFER_DAY_OF_MONTH": "first",
    "RETURN_AS_TIMEZONE_AWARE": False,
    "PARSERS": ["absolute-time", "custom-formats"],
}


def parse_date(text: str | None) -> date | None:
    """A calendar date from a string such as '2015-04-02 17:37' or 'April 2, 2015'; None if unsure."""
    if not text:
        return None
    text = text.strip()
    m = _ISO.search(text)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    if not re.search(r"\d{4}", text):
        return None  # a day without a year is not a publication date
    parsed = dateparser.parse(text[:80], languages=["en"], settings=_PARSER_SETTINGS)  # type: ignore[arg-type]
    return parsed.date() if isinstance(parsed, datetime) else None


def header_date(line: str) -> date | None:
    """The date of a header line such as 'Updated: 2015-04-02 17:37', else None."""
    m = _HEADER.match(line)
    if m:
        return parse_date(m.group(1))
    if len(line) <= 40 and _ISO.fullmatch(line.strip()[:10]):
        return parse_date(line)
    return None


def _month_index(name: str) -> int:
    return [m[:3] for m in MONTHS].index(name[:3].lower()) + 1


def _year_for(month: int, day: int, base: date) -> int:
    """A date without a year is the one nearest the publication date, mostly in its past."""
    try:
        candidate = date(base.year, month, day)
    except ValueError:
        return base.year
    if candidate > base + timedelta(days=31):
        return base.year - 1
    return base.year


def resolve(expression: str, published: date | None, future: bool = False) -> date | None:
    """The day an expression ('on Wednesday', 'March 25', 'yesterday') names, or None.

    A day is returned only when the expression gives one: 'last month' or '2019' give None.

    >>> resolve("on Wednesday", date(2015, 4, 2))
    datetime.date(2015, 4, 1)
    >>> resolve("Thursday", date(2015, 4, 2))
    datetime.date(2015, 4, 2)
    """
    text = expression.lower().strip()
    m = _ISO.search(text)
    if m:
        return parse_date(m.group(0))
    for words, delta in _RELATIVE_DAYS.items():
        if re.search(r"\b" + words + r"\b", text):
            return published + timedelta(days=delta) if published else None
    for match, order in ((_MONTH_DAY.search(text), "md"), (_DAY_MONTH.search(text), "dm")):
        if not match:
            continue
        month_s, day_s = (match[1], match[2]) if order == "md" else (match[2], match[1])
        month, day = _month_index(month_s), int(day_s)
        if match[3]:
            year = int(match[3])
        elif published:
            year = _year_for(month, day, published)
        else:
            return None
        try:
            return date(year, month, day)
        except ValueError:
            return None
    for i, name in enumerate(WEEKDAYS):
        if re.search(r"\b" + name + r"\b", text):
            if published is None:
                return None
            delta = (published.weekday() - i) % 7
            if "next" in text or (future and delta):
                return published + timedelta(days=(i - published.weekday()) % 7 or 7)
            if "last" in text and delta == 0:
                delta = 7
            return published - timedelta(days=delta)
    if re.search(r"\b(?:later|earlier)?\s*(?:in|during) the (?:morning|afternoon|evening|day)\b", text):
        return published  # "later in the afternoon": of the day the article reports
    return None
