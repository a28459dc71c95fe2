"""kg.views.network: the offline, escaped pyvis/vis-network page."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import re
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from kg.views.layout import layout, steps
from kg.views.network import KIND_COLORS, TOP_LABELLED, html_page, labelled, node_size, render_html

ID = "https://w3id.org/kg-cyber/id/"
XSS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>')


def actor(label: str, kind: str, *aliases: str) -> dict[str, Any]:
    return {"id": ID + "actor/" + label.replace(" ", "_"), "label": label, "aliases": list(aliases), "kind": kind}


CHINA = actor("China", "Country", "Chinese", "Beijing")
US = actor("United States", "Country", "US")
APT28 = actor("APT28", "ThreatActor", "Fancy Bear")
UNILATERAL = {"id": ID + "policy/unilateral", "label": "unilateral sanctions", "aliases": [], "kind": "Policy"}


def event(
    n: int,
    type_: str,
    agent: dict[str, Any],
    target: dict[str, Any] | None = None,
    obj: dict[str, Any] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """An event record as `kg events --format jsonl` prints it (docs/events.md)."""
    record: dict[str, Any] = {
        "id": f"{ID}event/{n}",
        "article": "seed:a1",
        "type": type_,
        "cameo": "111",
        "plover": "ACCUSE",
        "status": "asserted",
        "trigger": "voiced disapproval",
        "agent": agent,
        "target": target,
        "object": obj,
        "date": "2015-04-02",
        "speaker": None,
        "evidence": {"text": f"Sentence {n} & more.", "start": 0, "end": 20},
        "sources": ["seed:a1"],
        "confidence": 0.9,
        "title": "China opposes sanctions",
        "url": "https://example.com/a1",
    }
    record.update(fields)
    return record


@pytest.fixture
def events() -> list[dict[str, Any]]:
    return [
        event(
            1,
            "DISAPPROVE",
            CHINA,
            obj=UNILATERAL,
            evidence={"text": 'China said "no" to <unilateral> sanctions & threats.', "start": 126, "end": 180},
        ),
        event(2, "ACCUSE", US, APT28, trigger="blamed"),
        event(3, "ACCUSE", US, APT28, trigger="attributed", date="2015-04-03"),
        event(4, "SANCTION", US, APT28, trigger="may impose", status="hypothetical"),
        event(5, "REJECT", CHINA, US, trigger="denied", status="negated"),
    ]


@pytest.fixture
def hostile() -> list[dict[str, Any]]:
    payload = " ".join(XSS)
    bad_actor = {"id": ID + "actor/" + payload, "label": payload, "aliases": list(XSS), "kind": payload}
    bad_policy = {"id": ID + "policy/x", "label": payload, "aliases": [payload], "kind": "Policy"}
    return [
        event(
            1,
            payload,
            bad_actor,
            US,
            bad_policy,
            trigger=payload,
            date=payload,
            status=payload,
            evidence={"text": payload, "start": 0, "end": 1},
            sources=[payload],
            title=payload,
            url=payload,
            speaker=bad_actor,
        ),
    ]


def page_of(events: list[dict[str, Any]], title: str = "kg", policies: bool = True) -> str:
    """The page with policies drawn, as most tests here look at them; the default is below."""
    return html_page(events, title, policies=policies)[0]


class _Tags(HTMLParser):
    """Start tags and attribute names as a browser's tokenizer sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: Counter[str] = Counter()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        self.attributes.update(name for name, _ in attrs)


def tags_of(page: str) -> Counter[str]:
    parser = _Tags()
    parser.feed(page)
    return parser.tags


def attributes_of(page: str) -> set[str]:
    parser = _Tags()
    parser.feed(page)
    return parser.attributes


def data_block(page: str) -> str:
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert match, "no data block"
    return match.group(1)


def data_of(page: str) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(data_block(page))
    return result


def test_render_html_writes_the_page_and_returns_counts(events: list[dict[str, Any]], tmp_path: Path) -> None:
    path = tmp_path / "graph.html"
    counts = render_html(events, path, title="Sanctions", policies=True)
    # accuse x2 grouped; sanction (dashed) apart; disapprove -> policy; reject
    assert counts == {"nodes": 4, "edges": 4, "policies": 0, "isolated": 0}
    assert path.read_bytes() == page_of(events, "Sanctions").encode("utf-8")


def test_page_loads_nothing_from_the_network(events: list[dict[str, Any]]) -> None:
    page = page_of(events)
    for pattern in (
        r"""src\s*=\s*["']?\s*(https?:)?//""",
        r"""href\s*=\s*["']?\s*(https?:)?//""",
        r"@import",
        r"""url\(\s*["']?\s*(https?:)?//""",
        r"<link\b",
        r"<script[^>]*\bsrc=",
    ):
        assert not re.search(pattern, page, re.I), pattern
    assert "bootstrap" not in page.lower() and "jquery" not in page.lower()


def test_csp_fetches_nothing_and_allows_exactly_the_page_scripts(events: list[dict[str, Any]]) -> None:
    page = page_of(events)
    csp = html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1))  # type: ignore[union-attr]
    assert "default-src 'none'" in csp
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert len(scripts) == 2
    hashes = ["'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'" for s in scripts]
    assert re.search(r"script-src ([^;]+);", csp).group(1).split() == hashes  # type: ignore[union-attr]


def test_legend_lists_the_kinds_present(events: list[dict[str, Any]]) -> None:
    page = page_of(events)
    assert re.findall(r'data-kind="([^"]+)"', page) == ["Country", "ThreatActor", "Policy"]
    assert f"background-color: {KIND_COLORS['ThreatActor']}" in page


def test_nodes_are_coloured_by_kind(events: list[dict[str, Any]]) -> None:
    nodes = {n["id"]: n for n in data_of(page_of(events))["nodes"]}
    assert nodes[CHINA["id"]]["color"] == KIND_COLORS["Country"]
    assert nodes[UNILATERAL["id"]]["color"] == KIND_COLORS["Policy"]
    assert nodes[UNILATERAL["id"]]["shape"] == "box"
    assert nodes[CHINA["id"]]["title"] == "China\nkind: Country\naliases: Chinese, Beijing\nevents: 2"


def test_edges_are_labelled_by_action_with_arrows(events: list[dict[str, Any]]) -> None:
    edges = data_of(page_of(events))["edges"]
    assert sorted(e["label"] for e in edges) == ["accuse (2)", "disapprove", "reject", "sanction"]
    assert all(e["arrows"] == "to" for e in edges)


@pytest.mark.parametrize(
    ("label", "dashed"), [("accuse (2)", False), ("sanction", True), ("reject", True), ("disapprove", False)]
)
def test_negated_and_hypothetical_edges_are_dashed(events: list[dict[str, Any]], label: str, dashed: bool) -> None:
    edges = {e["label"]: e for e in data_of(page_of(events))["edges"]}
    assert edges[label]["dashes"] is dashed


def test_parallel_edges_between_two_nodes_are_bent_apart(events: list[dict[str, Any]]) -> None:
    edges = {e["label"]: e for e in data_of(page_of(events))["edges"]}
    bends = {edges["accuse (2)"]["smooth"]["roundness"], edges["sanction"]["smooth"]["roundness"]}
    assert len(bends) == 2
    assert "smooth" not in edges["disapprove"]


def test_edge_tooltip_holds_the_escaped_evidence_and_sources(events: list[dict[str, Any]]) -> None:
    edges = {e["label"]: e for e in data_of(page_of(events))["edges"]}
    title = edges["disapprove"]["title"]
    assert html.escape('China said "no" to <unilateral> sanctions & threats.', quote=True) in title
    assert "<unilateral>" not in title
    assert title.startswith("DISAPPROVE\n\n2015-04-02 · asserted · &quot;voiced disapproval&quot;\n")
    assert "sources: seed:a1" in title
    assert "article: China opposes sanctions" in title and "https://example.com/a1" in title
    assert edges["accuse (2)"]["title"].startswith("ACCUSE (2 events)\n")


def test_a_long_edge_tooltip_counts_what_it_leaves_out() -> None:
    records = [event(i, "ACCUSE", US, APT28) for i in range(25)]
    (edge,) = data_of(page_of(records))["edges"]
    assert edge["label"] == "accuse (25)"
    assert edge["title"].count("Sentence ") == 20
    assert edge["title"].endswith("... and 5 more events")


def test_hostile_strings_are_never_unescaped(hostile: list[dict[str, Any]], events: list[dict[str, Any]]) -> None:
    benign = page_of(events)
    assert '<div id="kg-window"' in benign
    benign = re.sub(r'<div id="kg-window".*?</div>\n', "", benign, flags=re.S)  # no date in hostile: no window
    page = page_of(hostile, title=" ".join(XSS))
    for raw in ("<script>alert", "<img src=x", "<svg onload", "onerror=alert(1)>"):
        assert raw not in page.lower()
    # only the page's own elements remain: the same tags, no event-handler attribute
    assert page.count("<script") == benign.count("<script")
    # the same tags, but for one checkbox per event type and actor kind present
    assert {t: n for t, n in tags_of(page).items() if t not in ("input", "label")} == {
        t: n for t, n in tags_of(benign).items() if t not in ("input", "label")
    }
    assert tags_of(page)["input"] == 1 + 3 + 4  # 1 type, 3 kinds; search, two dates, undated; no date: no window
    assert tags_of(page)["script"] == 3
    assert not any(name.startswith("on") for name in attributes_of(page))
    data = data_of(page)
    strings = [
        s for item in data["nodes"] + data["edges"] for key in ("label", "title") if isinstance(s := item.get(key), str)
    ]
    assert strings
    for s in strings:
        assert "<" not in s and ">" not in s and '"' not in s
    assert html.escape(XSS[2], quote=True) in "".join(strings)
    assert re.findall(r'data-kind="([^"]+)"', page) == ["Country", "Policy", "unknown"]


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<b>x</b>", "file:///etc/passwd"]
)
def test_only_web_urls_are_shown(url: str) -> None:
    page = page_of([event(1, "ACCUSE", US, APT28, url=url)])
    assert url.strip() not in page and html.escape(url.strip()) not in json.dumps(data_of(page))


def test_embedded_json_cannot_close_its_script(hostile: list[dict[str, Any]]) -> None:
    block = data_block(page_of(hostile))
    assert "</" not in block and "<" not in block
    assert "\\u003c" in block  # the ids keep their "<", written as a JSON escape


@pytest.mark.parametrize("n", [5, 310, 520])
def test_graphs_are_laid_out_in_python_with_physics_off(n: int) -> None:
    hub = actor("Hub", "Country")
    records = [event(i, "ACCUSE", hub, actor(f"Group {i}", "ThreatActor")) for i in range(n)]
    data = data_of(page_of(records))
    assert data["options"]["physics"] == {"enabled": False}
    assert len(data["nodes"]) == n + 1
    assert all(isinstance(node["x"], int) and isinstance(node["y"], int) for node in data["nodes"])
    assert len({(node["x"], node["y"]) for node in data["nodes"]}) == n + 1  # spread out, not piled up


def test_positions_come_from_networkx_forceatlas2(monkeypatch: pytest.MonkeyPatch) -> None:
    """The layout is the library's: replacing nx.forceatlas2_layout changes the positions."""
    records = [
        event(i, "ACCUSE", actor(f"A{i % 7}", "Country"), actor(f"A{(i * 3 + 1) % 7}", "Country")) for i in range(30)
    ]
    calls: list[int] = []
    real = nx.forceatlas2_layout

    def spy(G: nx.Graph, *args: Any, **kwargs: Any) -> Any:
        calls.append(len(G))
        return real(G, *args, **kwargs)

    monkeypatch.setattr(nx, "forceatlas2_layout", spy)
    before = {n["id"]: (n["x"], n["y"]) for n in data_of(page_of(records))["nodes"]}
    assert calls == [7]
    monkeypatch.setattr(nx, "forceatlas2_layout", lambda G, **kwargs: {node: (i, -i) for i, node in enumerate(G)})
    after = {n["id"]: (n["x"], n["y"]) for n in data_of(page_of(records))["nodes"]}
    assert after != before and set(after) == set(before)


def test_layout_works_without_scipy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "scipy", None)  # `import scipy` now raises ImportError
    positions = layout([f"n{i}" for i in range(40)], [(f"n{i}", f"n{(i * 7) % 40}") for i in range(40)], seed=3)
    assert len(positions) == 40 and len(set(positions.values())) == 40


def test_layout_is_deterministic_and_seeded() -> None:
    nodes = [f"n{i}" for i in range(60)]
    edges = [(f"n{i}", f"n{(i * 5 + 3) % 60}") for i in range(60)] + [("n1", "n2"), ("n1", "n3")]
    first = layout(nodes, edges, seed=1)
    assert layout(list(reversed(nodes)), list(reversed(edges)), seed=1) == first  # input order does not matter
    assert layout(nodes, edges, seed=2) != first


def test_leaves_are_placed_next_to_their_neighbour() -> None:
    edges = [("hub", f"leaf{i}") for i in range(12)] + [("hub", "other"), ("other", "third"), ("third", "hub")]
    pos = layout(["hub", "other", "third"] + [f"leaf{i}" for i in range(12)], edges)
    hub = pos["hub"]
    for i in range(12):
        x, y = pos[f"leaf{i}"]
        assert 30 <= math.hypot(x - hub[0], y - hub[1]) <= 80


def test_the_layout_steps_shrink_with_the_graph() -> None:
    assert steps(50) == 150 and steps(1000) == 30 and steps(2000) == 20


def test_same_events_give_byte_identical_pages(events: list[dict[str, Any]], tmp_path: Path) -> None:
    render_html(events, tmp_path / "a.html")
    render_html(list(events), tmp_path / "b.html")
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()


def test_large_layout_is_deterministic() -> None:
    records = [event(i, "ACCUSE", actor(f"A{i % 40}", "Country"), actor(f"G{i}", "ThreatActor")) for i in range(320)]
    assert page_of(records) == page_of(records)


def test_every_event_is_in_the_panel_table_with_its_fields(events: list[dict[str, Any]]) -> None:
    data = data_of(page_of(events))
    assert data["types"] == ["ACCUSE", "DISAPPROVE", "REJECT", "SANCTION"]
    assert len(data["events"]) == 5
    assert data["events"][0] == {
        "type": 1,
        "date": "2015-04-02",
        "status": "asserted",
        "trigger": "voiced disapproval",
        "agent": "China",
        "target": None,
        "object": "unilateral sanctions",
        "speaker": None,
        "evidence": "China said &quot;no&quot; to &lt;unilateral&gt; sanctions &amp; threats.",
        "article": "seed:a1",
        "sources": ["seed:a1"],
        "title": "China opposes sanctions",
        "url": "https://example.com/a1",
    }
    assert [e["status"] for e in data["events"]] == ["asserted", "asserted", "asserted", "hypothetical", "negated"]


def test_nodes_and_edges_point_at_their_events(events: list[dict[str, Any]]) -> None:
    data = data_of(page_of(events))
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes[CHINA["id"]]["events"] == [0, 4]
    assert nodes[US["id"]]["events"] == [1, 2, 3, 4]
    assert nodes[APT28["id"]]["aliases"] == ["Fancy Bear"]
    kinds = {n["id"]: n["kind"] for n in data["nodes"]}
    assert kinds == {CHINA["id"]: 0, US["id"]: 0, APT28["id"]: 1, UNILATERAL["id"]: 2}
    edges = {e["label"]: e["events"] for e in data["edges"]}
    assert edges == {"accuse (2)": [1, 2], "sanction": [3], "reject": [4], "disapprove": [0]}


def test_an_event_without_target_or_object_is_listed_on_its_agent() -> None:
    data = data_of(page_of([event(1, "STATEMENT", CHINA), event(2, "ACCUSE", CHINA, US)]))
    assert [e["events"] for e in data["edges"]] == [[1]]
    assert {n["label"]: n["events"] for n in data["nodes"]} == {"China": [0, 1], "United States": [1]}


def test_filters_offer_each_type_and_kind_present_with_counts(events: list[dict[str, Any]]) -> None:
    page = page_of(events + [event(6, "ACCUSE", US, APT28, date=None)])
    types = re.findall(r'class="kg-type" value="(\d+)" data-name="([A-Z]+)" checked> \2 \((\d+)\)', page)
    assert types == [("0", "ACCUSE", "3"), ("1", "DISAPPROVE", "1"), ("2", "REJECT", "1"), ("3", "SANCTION", "1")]
    kinds = re.findall(r'class="kg-kind" value="(\d+)" data-name="(\w+)" checked> \2 \((\d+)\)', page)
    assert kinds == [("0", "Country", "2"), ("1", "ThreatActor", "1"), ("2", "Policy", "1")]
    assert '<input type="date" id="kg-since" min="2015-04-02" max="2015-04-03">' in page
    assert "undated events (1)" in page


def test_page_has_search_and_a_hidden_side_panel(events: list[dict[str, Any]]) -> None:
    page = page_of(events)
    assert '<input id="kg-search" type="search"' in page
    assert '<aside id="kg-panel" hidden' in page
    script = re.findall(r"<script>(.*?)</script>", page, re.S)[-1]
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script and "document.write" not in script
    assert "textContent" in script and 'params.get("search")' in script


def test_panel_data_is_escaped(hostile: list[dict[str, Any]]) -> None:
    data = data_of(page_of(hostile))
    (ev,) = data["events"]
    strings = [v for v in ev.values() if isinstance(v, str)] + ev["sources"] + data["types"]
    strings += [a for n in data["nodes"] for a in n["aliases"]]
    assert len(strings) == 10 + 1 + 1 + 3 + 1
    for s in strings:
        assert "<" not in s and ">" not in s and '"' not in s
    assert ev["evidence"] == html.escape(" ".join(XSS), quote=True)
    assert ev["date"] is None  # not a YYYY-MM-DD date: shown as unknown, never filtered on
    assert ev["url"] is None  # not http(s)


def test_panel_urls_are_http_only() -> None:
    data = data_of(
        page_of(
            [
                event(1, "ACCUSE", US, APT28, url=" https://example.com/a?x=1&y=<2> "),
                event(2, "ACCUSE", US, APT28, url="javascript:alert(1)"),
            ]
        )
    )
    assert [e["url"] for e in data["events"]] == ["https://example.com/a?x=1&amp;y=&lt;2&gt;", None]


def test_policies_and_isolated_actors_are_left_out_by_default(events: list[dict[str, Any]]) -> None:
    loner = event(6, "STATEMENT", actor("Loner", "Person"))
    page, counts = html_page([*events, loner])
    assert counts == {"nodes": 3, "edges": 3, "policies": 1, "isolated": 1}
    data = data_of(page)
    assert {n["label"] for n in data["nodes"]} == {"China", "United States", "APT28"}
    assert sorted(e["label"] for e in data["edges"]) == ["accuse (2)", "reject", "sanction"]
    assert len(data["events"]) == 6  # the events stay in the panel's table: China's policy event too
    assert {n["label"]: n["events"] for n in data["nodes"]}["China"] == [0, 4]
    assert "not drawn: 1 policy (--policies draws them), 1 actor without an edge" in page
    assert re.findall(r'data-kind="([^"]+)"', page) == ["Country", "ThreatActor"]


def test_policies_true_draws_them(events: list[dict[str, Any]]) -> None:
    page, counts = html_page(events, policies=True)
    assert counts == {"nodes": 4, "edges": 4, "policies": 0, "isolated": 0}
    nodes = {n["label"]: n for n in data_of(page)["nodes"]}
    assert nodes["unilateral sanctions"]["shape"] == "box"


def test_an_actor_whose_only_events_are_about_policies_is_isolated_without_them(
    events: list[dict[str, Any]],
) -> None:
    records = [event(1, "DISAPPROVE", CHINA, obj=UNILATERAL), event(2, "ACCUSE", US, APT28)]
    assert html_page(records)[1] == {"nodes": 2, "edges": 1, "policies": 1, "isolated": 1}
    assert html_page(records, policies=True)[1] == {"nodes": 4, "edges": 2, "policies": 0, "isolated": 0}


def test_node_sizes_grow_with_the_number_of_events() -> None:
    assert [node_size(n) for n in (1, 4, 16, 64, 10_000)] == [9.0, 12.0, 18.0, 30.0, 40.0]
    records = [event(i, "ACCUSE", US, APT28) for i in range(9)] + [event(9, "ACCUSE", CHINA, APT28)]
    sizes = {n["label"]: n["size"] for n in data_of(page_of(records))["nodes"]}
    assert sizes["APT28"] > sizes["United States"] > sizes["China"]


def test_the_busiest_nodes_are_labelled_at_the_first_zoom() -> None:
    hubs = [actor(f"Hub {i:02d}", "Country") for i in range(20)]
    records = [
        event(100 * i + j, "ACCUSE", hub, actor(f"Group {i}-{j}", "ThreatActor"))
        for i, hub in enumerate(hubs)
        for j in range(20 - i)
    ]
    data = data_of(page_of(records))
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    assert [labels[node] for node in data["labelled"]] == [f"Hub {i:02d}" for i in range(TOP_LABELLED)]
    assert data["labelPx"] >= data["options"]["nodes"]["scaling"]["label"]["drawThreshold"]
    G = nx.MultiDiGraph()
    G.add_nodes_from([("a", {"label": "B"}), ("b", {"label": "A"}), ("c", {"label": "C"})])
    assert labelled({"a": [1, 2], "b": [3, 4], "c": [5]}, G) == ["b", "a", "c"]  # ties by label
