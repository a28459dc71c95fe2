"""The pages in a real browser: headless Chromium, a file URL, no network.

Each page is loaded once with --dump-dom (the DOM after its scripts ran) and --screenshot;
the page scripts write what they drew into `data-*` attributes of <body>, so the counts are
the browser's, not Python's.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest

from kg.views.network import KIND_COLORS, render_html
from kg.views.timeline import render_timeline
from tests.conftest import headless_chromium, needs_chromium
from tests.records import ID, actor, event

pytestmark = needs_chromium

PWN = "document.title='pwned'"
HOSTILE = (
    f"<script>{PWN}</script>",
    f'<img src=x onerror="{PWN}">',
    f'"><svg onload="{PWN}">',
    f'<iframe srcdoc="<script>parent.{PWN}</script>">',
)


US, CHINA, UK = (
    actor("United States", "Country", "US"),
    actor("China", "Country", "Beijing"),
    actor("United Kingdom", "Country"),
)
APT28, APT41 = actor("APT28", "ThreatActor", "Fancy Bear"), actor("APT41", "ThreatActor")
POLICY = {"id": ID + "policy/p", "label": "unilateral sanctions", "aliases": [], "kind": "Policy"}
RECORDS = [
    event(1, "ACCUSE", US, APT28, date="2018-10-04"),
    event(2, "ACCUSE", UK, APT28, date="2018-10-04"),
    event(3, "SANCTION", US, APT41, date="2020-09-16", status="hypothetical"),
    event(4, "DISAPPROVE", CHINA, obj=POLICY, date="2015-04-02"),
    event(5, "REJECT", CHINA, US, date=None, status="negated"),
    event(6, "CHARGE", US, APT41, date="2020-09-16"),
    event(7, "STATEMENT", UK),
]


@dataclass
class Loaded:
    dom: str
    log: str
    png: bytes

    def body(self, name: str) -> str | None:
        match = re.search(r"<body([^>]*)>", self.dom)
        assert match, "no <body> in the dumped DOM"
        found = re.search(rf'\bdata-{name}="([^"]*)"', match.group(1))
        return found.group(1) if found else None

    def console(self) -> list[str]:
        return [line for line in self.log.splitlines() if ":CONSOLE" in line or "Refused to" in line]


def load(page: Path, tmp_path: Path, fragment: str = "") -> Loaded:
    """The page after its scripts ran (virtual time lets the layout settle), and a screenshot."""
    shot = tmp_path / (page.stem + ".png")
    profile = tmp_path / "profile"
    command = [
        *headless_chromium(profile),
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--enable-logging=stderr",
        "--v=0",
        "--window-size=1280,800",
        "--virtual-time-budget=15000",
        f"--screenshot={shot}",
        "--dump-dom",
        page.resolve().as_uri() + fragment,
    ]
    run = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    png = shot.read_bytes()
    shutil.rmtree(profile, ignore_errors=True)
    return Loaded(dom=run.stdout, log=run.stderr, png=png)


def pixels(png: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and RGB(A) rows of an 8-bit PNG, read with zlib alone."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height, channels = 8, b"", 0, 0, 0
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind, chunk = png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8 and colour in (2, 6), (depth, colour)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw, stride, rows = zlib.decompress(idat), width * channels, []
    previous = bytearray(stride)
    for y in range(height):
        row_filter, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b, c = previous[x], previous[x - channels] if x >= channels else 0
            if row_filter == 1:
                line[x] = (line[x] + a) & 255
            elif row_filter == 2:
                line[x] = (line[x] + b) & 255
            elif row_filter == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif row_filter == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        previous = line
    return width, height, rows


def count_colour(png: bytes, hex_colour: str, tolerance: int = 12) -> int:
    """Pixels within `tolerance` of a colour on every channel."""
    target = bytes.fromhex(hex_colour.lstrip("#"))
    width, _, rows = pixels(png)
    channels = len(rows[0]) // width
    return sum(
        1
        for row in rows
        for x in range(0, len(row), channels)
        if all(abs(row[x + i] - target[i]) <= tolerance for i in range(3))
    )


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """RECORDS with the policy drawn (`kg view --policies`)."""
    path = tmp_path_factory.mktemp("pages") / "graph.html"
    return path, render_html(RECORDS, path, policies=True)


def hub_records(n_hubs: int = 24) -> list[dict[str, object]]:
    """About 400 actors: hubs with 4 to 27 groups each, the hubs in a ring: a picture too big
    for every label at the first zoom."""
    hubs = [actor(f"Hub {i:02d}", "Country") for i in range(n_hubs)]
    records, n = [], 0
    for i, hub in enumerate(hubs):
        for j in range(4 + (i * 7) % 24):
            n += 1
            records.append(
                event(n, "ACCUSE", hub, actor(f"Group {i}-{j}", "ThreatActor"), date=f"{2015 + j % 9}-06-01")
            )
        n += 1
        records.append(event(n, "CONSULT", hub, hubs[(i + 1) % n_hubs], date=None))
    return records


@pytest.fixture(scope="module")
def hub_graph(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    path = tmp_path_factory.mktemp("pages") / "hubs.html"
    return path, render_html(hub_records(), path)


def test_graph_page_draws_every_node_and_edge(graph: tuple[Path, dict[str, int]], tmp_path: Path) -> None:
    path, counts = graph
    loaded = load(path, tmp_path)
    assert loaded.console() == []
    assert loaded.body("ready") == "1"
    assert counts == {"nodes": 6, "edges": 6, "policies": 0, "isolated": 0}
    assert (loaded.body("nodes"), loaded.body("edges")) == ("6", "6")
    assert count_colour(loaded.png, KIND_COLORS["Country"]) > 300  # three country nodes were painted
    assert count_colour(loaded.png, KIND_COLORS["ThreatActor"]) > 150
    assert count_colour(loaded.png, KIND_COLORS["Policy"]) > 150


@pytest.mark.parametrize(
    ("query", "found"), [("fancy%20bear", "APT28"), ("beijing", "China"), ("united", "United Kingdom")]
)
def test_search_from_the_fragment_finds_and_opens_a_node(
    graph: tuple[Path, dict[str, int]], tmp_path: Path, query: str, found: str
) -> None:
    loaded = load(graph[0], tmp_path, f"#search={query}")
    assert loaded.console() == []
    assert loaded.body("search-found") == found
    assert f'<span id="kg-search-result" role="status">found {found}</span>' in loaded.dom
    assert re.search(rf'<h2 id="kg-panel-title">{found}</h2>', loaded.dom)
    assert '<aside id="kg-panel" aria-live="polite" data-events=' in loaded.dom  # no longer hidden


def test_search_without_a_match_says_so(graph: tuple[Path, dict[str, int]], tmp_path: Path) -> None:
    loaded = load(graph[0], tmp_path, "#search=Atlantis")
    assert loaded.body("search-found") == ""
    assert '<span id="kg-search-result" role="status">no match for Atlantis</span>' in loaded.dom


def test_panel_lists_the_events_with_links(graph: tuple[Path, dict[str, int]], tmp_path: Path) -> None:
    loaded = load(graph[0], tmp_path, "#search=United%20States")
    panel = re.search(r'<aside id="kg-panel"[^>]*data-events="(\d+)"[^>]*>(.*?)</aside>', loaded.dom, re.S)
    assert panel and panel.group(1) == "4"
    assert panel.group(2).count('<li class="kg-event">') == 4
    assert '<div class="kg-event-head">ACCUSE · 2018-10-04 · asserted</div>' in panel.group(2)
    assert '<div class="kg-event-who">United States → APT28</div>' in panel.group(2)
    assert (
        '<a class="kg-event-link" href="https://example.com/a" rel="noopener noreferrer" target="_blank">'
        in panel.group(2)
    )
    # dated events first, in date order, the undated one last
    heads = re.findall(r'<div class="kg-event-head">([^<]*)</div>', panel.group(2))
    assert heads == [
        "ACCUSE · 2018-10-04 · asserted",
        "SANCTION · 2020-09-16 · hypothetical",
        "CHARGE · 2020-09-16 · asserted",
        "REJECT · date unknown · negated",
    ]


def test_a_hostile_article_runs_nothing(tmp_path: Path) -> None:
    payload = " ".join(HOSTILE)
    bad = {"id": ID + "actor/" + payload, "label": "Evil " + payload, "aliases": list(HOSTILE), "kind": payload}
    records = [
        event(
            1,
            payload,
            bad,
            US,
            POLICY,
            trigger=payload,
            status=payload,
            date=payload,
            evidence={"text": payload, "start": 0, "end": 1},
            sources=[payload],
            title=payload,
            url="javascript:" + PWN,
            article=payload,
            speaker=bad,
        )
    ]
    page = tmp_path / "evil.html"
    render_html(records, page, title=payload)
    loaded = load(page, tmp_path, "#search=evil")  # opens the panel: every hostile string is shown
    assert loaded.console() == []
    assert loaded.body("search-found") == "Evil " + payload.replace("&", "&amp;").replace('"', "&quot;").replace(
        "<", "&lt;"
    ).replace(">", "&gt;")
    title = re.search(r"<title>(.*?)</title>", loaded.dom, re.S)
    assert title and title.group(1).startswith("&lt;script&gt;document.title='pwned'&lt;/script&gt; &lt;img")
    panel = re.search(r'<aside id="kg-panel".*?</aside>', loaded.dom, re.S)
    assert panel and "&lt;img src=x onerror=" in panel.group(0)
    assert "<img" not in panel.group(0) and "<svg" not in panel.group(0) and "<iframe" not in panel.group(0)
    assert "javascript:" not in panel.group(0)
    timeline = tmp_path / "evil-timeline.html"
    render_timeline([dict(records[0], date="2020-01-01")], timeline, title=payload)  # a drawn row with a hostile label
    loaded = load(timeline, tmp_path)
    assert loaded.console() == []
    assert re.search(r"<title>&lt;script&gt;document.title='pwned'&lt;/script&gt; &lt;img", loaded.dom)
    assert (loaded.body("rows"), loaded.body("marks")) == ("2", "2")
    assert "&lt;img src=x onerror=" in loaded.dom and "<img" not in loaded.dom


def test_timeline_draws_every_row_and_mark(tmp_path: Path) -> None:
    page = tmp_path / "timeline.html"
    counts = render_timeline(RECORDS, page)
    loaded = load(page, tmp_path)
    assert loaded.console() == []
    assert counts == {"rows": 5, "marks": 7, "events": 6, "undated": 1}
    assert (loaded.body("rows"), loaded.body("marks"), loaded.body("events"), loaded.body("ready")) == (
        "5",
        "7",
        "6",
        "1",
    )
    assert loaded.dom.count('class="kg-mark"') == 7
    assert loaded.dom.count('class="kg-row-label"') == 5
    assert count_colour(loaded.png, "#332288", tolerance=20) > 40  # the ACCUSE marks were painted


@pytest.mark.parametrize(
    ("fragment", "nodes", "edges"),
    [
        ("#type=SANCTION,charge", "2", "2"),  # US -> APT41 twice: hypothetical sanction and charge
        ("#since=2018-01-01&undated=0", "4", "4"),
        ("#since=2018-01-01", "4", "4"),  # an undated event is in no window: China -> US reject goes
        ("#kind=Country", "3", "1"),  # China -> US is the only edge between countries
        ("#until=2014-12-31&undated=0", "0", "0"),
    ],
)
def test_filters_from_the_fragment_hide_nodes_and_edges(
    graph: tuple[Path, dict[str, int]], tmp_path: Path, fragment: str, nodes: str, edges: str
) -> None:
    loaded = load(graph[0], tmp_path, fragment)
    assert loaded.console() == []
    assert (loaded.body("nodes"), loaded.body("edges"), loaded.body("ready")) == (nodes, edges, "1")


def test_timeline_filters_from_the_fragment(tmp_path: Path) -> None:
    page = tmp_path / "timeline.html"
    render_timeline(RECORDS, page, by="type")
    loaded = load(page, tmp_path, "#type=ACCUSE,CHARGE&since=2018-10-04&until=2020-09-16")
    assert loaded.console() == []
    assert (loaded.body("rows"), loaded.body("marks"), loaded.body("events")) == ("2", "2", "3")


def test_default_graph_leaves_out_policies_and_isolated_actors(tmp_path: Path) -> None:
    page = tmp_path / "graph.html"
    counts = render_html(RECORDS + [event(8, "STATEMENT", actor("Loner", "Person"))], page)
    assert counts == {"nodes": 5, "edges": 5, "policies": 1, "isolated": 1}
    loaded = load(page, tmp_path)
    assert loaded.console() == []
    assert (loaded.body("nodes"), loaded.body("edges"), loaded.body("ready")) == ("5", "5", "1")
    assert count_colour(loaded.png, KIND_COLORS["Policy"]) < 20  # no policy box was painted
    assert count_colour(loaded.png, KIND_COLORS["Person"]) < 20  # nor the loner


def test_small_graph_shows_every_label_at_the_first_zoom(tmp_path: Path) -> None:
    page = tmp_path / "graph.html"
    render_html(RECORDS, page)
    loaded = load(page, tmp_path)
    assert loaded.body("scale") == "1.000"
    assert loaded.body("labels") == loaded.body("nodes") == "5"


def label_pixels(png: bytes) -> int:
    """Pixels of vis-network's label colour (#343434) inside the drawing, clear of the
    header, the legend, the filters and the time window."""
    width, _, rows = pixels(png)
    channels = len(rows[0]) // width
    return sum(
        1
        for row in rows[90:730]
        for x in range(100 * channels, 1040 * channels, channels)
        if all(abs(row[x + i] - 0x34) <= 16 for i in range(3))
    )


def test_the_busiest_actors_are_named_at_the_first_zoom(hub_graph: tuple[Path, dict[str, int]], tmp_path: Path) -> None:
    path, counts = hub_graph
    loaded = load(path, tmp_path)
    assert loaded.console() == []
    assert loaded.body("ready") == "1"
    scale = float(loaded.body("scale") or 0)
    # So far out that a plain 14 px label would not be drawn (vis-network: size x scale >= 4) ...
    assert scale > 0 and 14 * scale < 4, scale
    # ... yet the 15 busiest nodes' labels are: the page computed their font from the scale.
    assert loaded.body("hub-labels") == "15"
    assert loaded.body("labels") == "15"
    assert label_pixels(loaded.png) > 400  # and they were painted


def test_every_label_is_drawn_once_zoomed_in(hub_graph: tuple[Path, dict[str, int]], tmp_path: Path) -> None:
    path, counts = hub_graph
    loaded = load(path, tmp_path, "#search=Group%2011-3")  # the search zooms to 1.3 on the node
    assert loaded.body("search-found") == "Group 11-3"
    assert loaded.body("scale") == "1.300"
    assert loaded.body("labels") == loaded.body("nodes") == str(counts["nodes"])


@pytest.mark.parametrize(
    ("fragment", "edges", "window"),
    [
        ("", "5", ".."),  # the full range: the undated China -> US reject is drawn too
        ("#since=2018-01-01&until=2018-12-31", "2", "2018-01-01..2018-12-31"),  # the two accusations
        ("#since=2020-01-01", "2", "2020-01-01.."),  # US -> APT41: sanction and charge
        ("#until=2015-12-31", "0", "..2015-12-31"),  # China's disapproval is about a policy, not drawn
    ],
)
def test_the_time_window_changes_the_visible_edges(tmp_path: Path, fragment: str, edges: str, window: str) -> None:
    page = tmp_path / "graph.html"
    render_html(RECORDS, page)
    loaded = load(page, tmp_path, fragment)
    assert loaded.console() == []
    assert (loaded.body("edges"), loaded.body("window"), loaded.body("ready")) == (edges, window, "1")
    text = re.search(r'<output id="kg-window-text"[^>]*>([^<]*)</output>', loaded.dom)
    assert text and text.group(1).endswith("undated ones hidden" if window != ".." else "undated ones too")


def test_timeline_ticks_fall_on_calendar_boundaries_and_long_names_show_whole(tmp_path: Path) -> None:
    long_name = actor("Office of Foreign Assets Control of the US Treasury", "GovernmentBody")
    records = [*RECORDS, event(8, "SANCTION", long_name, APT41, date="2021-03-17")]
    page = tmp_path / "timeline.html"
    render_timeline(records, page)
    loaded = load(page, tmp_path)
    assert loaded.console() == []
    ticks = re.findall(r'<text [^>]*class="kg-tick" data-date="([^"]+)"[^>]*>([^<]+)</text>', loaded.dom)
    assert len(ticks) >= 3
    for date, text in ticks:  # 2015-04-02 to 2021-03-17: the first of January, labelled by its year
        assert date.endswith("-01-01") and text == date[:4], (date, text)
    cut = re.search(r'<text [^>]*class="kg-row-label kg-cut"[^>]*>([^<]*)<title>([^<]*)</title></text>', loaded.dom)
    assert cut and cut.groups() == (
        "Office of Foreign Assets Cont\u2026",
        "Office of Foreign Assets Control of the US Treasury",
    )


def test_timeline_ticks_months_on_a_short_span(tmp_path: Path) -> None:
    records = [event(i, "ACCUSE", US, APT28, date=f"2020-{m:02d}-15") for i, m in enumerate((2, 4, 7), start=1)]
    page = tmp_path / "timeline.html"
    render_timeline(records, page)
    loaded = load(page, tmp_path)
    ticks = re.findall(r'class="kg-tick" data-date="([^"]+)"[^>]*>([^<]+)<', loaded.dom)
    assert ticks and all(date.endswith("-01") and text == date[:7] for date, text in ticks), ticks
    assert ticks[0][0] == "2020-03-01"  # the first month boundary inside the span


def test_timeline_mixed_marks_name_their_types(tmp_path: Path) -> None:
    page = tmp_path / "timeline.html"
    render_timeline(RECORDS, page)
    loaded = load(page, tmp_path)
    # US -> APT41 on 2020-09-16: a hypothetical sanction and a charge, one dark mark
    assert re.search(
        r'fill="#444444" class="kg-mark"><title>United States, 2020-09-16: 2 events \(SANCTION, CHARGE\)</title>',
        loaded.dom,
    )
