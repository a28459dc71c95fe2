"""Untrusted article text: a hostile article must run nothing in the HTML view."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from kg.cli import main

PAYLOADS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>')


def test_hostile_article_is_escaped_in_the_view(runner: CliRunner, tmp_path: Path) -> None:
    record = {
        "id": "evil:<script>alert(1)</script>",
        "title": 'Hack <img src=x onerror=alert(1)> "><svg onload=alert(1)>',
        "date": "2021-06-07",
        "text": "The Justice Department seized the servers of <script>alert(1)</script> Group on Monday. "
        'The FBI charged "><svg onload=alert(1)> and <img src=x onerror=alert(1)> on Tuesday.',
        "url": "javascript:alert(1)",
    }
    (tmp_path / "evil.jsonl").write_text(json.dumps(record) + "\n")
    store, out = str(tmp_path / "s"), tmp_path / "g.html"
    assert runner.invoke(main, ["ingest", str(tmp_path / "evil.jsonl"), "--store", store]).exit_code == 0
    events = runner.invoke(main, ["events", "--format", "jsonl", "--store", store]).output
    assert "alert(1)" in events  # the text is kept as data ...
    assert runner.invoke(main, ["view", "--store", store, "--output", str(out)]).exit_code == 0
    html = out.read_text()
    for payload in PAYLOADS:  # ... and never reaches the page as markup
        assert payload not in html
    assert "<svg onload" not in html and "<img src=x" not in html and "javascript:alert" not in html
    assert not re.search(r"<script>alert", html, re.I)
