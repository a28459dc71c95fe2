"""kg.views.timeline: the offline, escaped timeline page, and `kg timeline`."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import html
import json
import re
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from kg.cli import main as kg_main
from kg.errors import InputError
from kg.views.timeline import MIXED_COLOR, TYPE_COLORS, render_timeline, timeline_page
from tests.records import ID, actor, event

# A copy of the `kg` group with the view commands: the real one is left as it is.
main = click.Group("kg", commands=dict(kg_main.commands))

XSS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>')


US, CHINA, APT28 = actor("United States"), actor("China"), actor("APT28", "ThreatActor")
POLICY = {"id": ID + "policy/p", "label": "sanctions", "aliases": [], "kind": "Policy"}


RECORDS = [
    event(1, "ACCUSE", US, APT28, date="2018-10-04"),
    event(2, "SANCTION", US, APT28, date="2018-10-04"),
    event(3, "DISAPPROVE", CHINA, obj=POLICY, date="2015-04-02"),
    event(4, "ACCUSE", US, CHINA, date=None),
    event(5, "ACCUSE", US, US, date="2019-01-01"),
]


def data_of(page: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert match
    result: dict[str, Any] = json.loads(match.group(1))
    return result


def test_rows_by_actor_busiest_first_with_one_mark_per_day(tmp_path: Path) -> None:
    counts = render_timeline(RECORDS, tmp_path / "t.html")
    assert counts == {"rows": 3, "marks": 4, "events": 4, "undated": 1}
    data = data_of((tmp_path / "t.html").read_text())
    assert [(r["label"], r["kind"]) for r in data["rows"]] == [("United States", 0), ("APT28", 1), ("China", 0)]
    assert data["rows"][0]["marks"] == [{"date": "2018-10-04", "events": [0, 1]}, {"date": "2019-01-01", "events": [4]}]
    assert data["rows"][2]["marks"] == [{"date": "2015-04-02", "events": [2]}]
    assert data["undated"] == [3]
    assert data["agentKinds"] == [0, 0, 0, 0, 0]


def test_rows_by_type() -> None:
    page, counts = timeline_page(RECORDS, by="type")
    assert counts == {"rows": 3, "marks": 4, "events": 4, "undated": 1}
    data = data_of(page)
    assert data["types"] == ["ACCUSE", "DISAPPROVE", "SANCTION"]
    assert [(r["label"], r["kind"]) for r in data["rows"]] == [
        ("ACCUSE", None),
        ("DISAPPROVE", None),
        ("SANCTION", None),
    ]
    assert data["rows"][0]["marks"] == [{"date": "2018-10-04", "events": [0]}, {"date": "2019-01-01", "events": [4]}]
    assert data["colors"] == list(TYPE_COLORS[:3])


def test_unknown_by_is_an_input_error() -> None:
    with pytest.raises(InputError, match="cannot draw a timeline by 'month'; choose from: actor, type"):
        timeline_page(RECORDS, by="month")


def test_controls_list_types_with_their_colours_and_actor_kinds() -> None:
    page, _ = timeline_page(RECORDS)
    assert re.findall(
        r'class="kg-type" value="(\d)" data-name="\w+" checked> <span class="kg-swatch" style="background-color: (#\w+)"></span> (\w+) \((\d)\)',
        page,
    ) == [
        ("0", TYPE_COLORS[0], "ACCUSE", "3"),
        ("1", TYPE_COLORS[1], "DISAPPROVE", "1"),
        ("2", TYPE_COLORS[2], "SANCTION", "1"),
    ]
    assert re.findall(r'class="kg-kind" value="\d" data-name="\w+" checked> (\w+) \((\d)\)', page) == [
        ("Country", "2"),
        ("ThreatActor", "1"),
    ]
    assert "list the 1 undated events" in page
    assert '<aside id="kg-panel" hidden' in page


def test_page_is_offline_with_a_csp_for_its_one_script() -> None:
    page, _ = timeline_page(RECORDS)
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert len(scripts) == 1
    csp = html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1))  # type: ignore[union-attr]
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert csp.startswith(f"default-src 'none'; script-src 'sha256-{digest}';")
    for pattern in (r"""src\s*=""", r"""href\s*=\s*["']?\s*(https?:)?//""", r"<link\b", r"@import"):
        assert not re.search(pattern, page, re.I), pattern
    assert "innerHTML" not in scripts[0] and "textContent" in scripts[0]


def test_hostile_strings_stay_escaped() -> None:
    payload = " ".join(XSS)
    bad = {"id": ID + "actor/x", "label": payload, "aliases": [payload], "kind": payload}
    page, counts = timeline_page(
        [
            event(
                1,
                payload,
                bad,
                US,
                date="2020-01-01",
                evidence={"text": payload},
                title=payload,
                url="javascript:alert(1)",
                article=payload,
                status=payload,
            )
        ],
        title=payload,
    )
    for raw in ("<script>alert", "<img src=x", "<svg onload", "javascript:alert"):
        assert raw not in page
    assert len(re.findall(r"<script", page)) == 2
    data = data_of(page)
    strings = [data["rows"][0]["label"], *data["types"]] + [v for v in data["events"][0].values() if isinstance(v, str)]
    for s in strings:
        assert "<" not in s and ">" not in s and '"' not in s
    assert data["events"][0]["url"] is None
    assert counts["rows"] == 2


def test_same_events_give_the_same_bytes() -> None:
    assert timeline_page(RECORDS)[0] == timeline_page(list(RECORDS))[0]


def test_timeline_command(runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr("kg.cli.options.open_for", lambda path: contextlib.nullcontext(None))
    monkeypatch.setattr("kg.query.records.event_records", lambda store: [dict(r) for r in RECORDS])
    out = tmp_path / "t.html"
    result = runner.invoke(main, ["timeline", "--by", "type", "--type", "accuse", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"kept 3 of 5 events; dropped 2 (type)\nwrote {out} (1 rows, 2 marks, 1 undated events)\n"
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["timeline"])
    assert result.stderr == "wrote exports/timeline.html (3 rows, 4 marks, 1 undated events)\n"


def test_the_legend_explains_the_dark_marks_of_mixed_days() -> None:
    page, _ = timeline_page(RECORDS)
    assert data_of(page)["mixed"] == MIXED_COLOR
    assert (
        f'<div class="kg-mixed"><span class="kg-swatch" style="background-color: {MIXED_COLOR}"></span>'
        " several types on one day</div>" in page
    )
    assert MIXED_COLOR not in TYPE_COLORS
