"""The page kit shared by the HTML views: assets, the template environment, the event table
of the side panel, escaping and the Content-Security-Policy.

Article strings are untrusted; four layers keep them inert: every one is HTML-escaped, the
graph data sits in a JSON block whose `<` are written `\\u003c` (it cannot close its
element), the page scripts show labels and tooltips as text only, and a
Content-Security-Policy allows no fetch and no script but the page's own.
The JavaScript, CSS and HTML templates are files in kg/views/assets/.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
import pyvis

from kg.query.records import is_iso_date

ASSETS = Path(__file__).resolve().parent / "assets"
_VIS = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
KIND_COLORS: dict[str, str] = {
    "Country": "#0072B2",
    "GovernmentBody": "#56B4E9",
    "Person": "#E69F00",
    "Organization": "#009E73",
    "ThreatActor": "#D55E00",
    "InternationalOrganization": "#CC79A7",
    "Policy": "#F0E442",
    "unknown": "#999999",
}


@cache
def asset(name: str) -> str:
    """The text of a file in kg/views/assets/."""
    return (ASSETS / name).read_text(encoding="utf-8")


@cache
def script(name: str) -> str:
    """A page script: the asset with the shared code (common.js: event table, filters, side
    panel) put where it says `/* @common */`, inside the page's own function scope."""
    return asset(name).replace("/* @common */\n", asset("common.js"), 1)


def styles(name: str) -> str:
    """A page's own CSS followed by the side panel's and the filters'."""
    return asset(name) + asset("panel.css")


@dataclass
class EventTable:
    """The events as the page's side panel shows them, every article string HTML-escaped.

    `events[i]` describes `records[i]`: type (an index into `types`), date (YYYY-MM-DD or
    None), status, trigger, agent, target, object and speaker (labels), evidence, article,
    sources, title and url (http(s) only, else None). `by_node` lists, for each agent id,
    the events it takes part in, so an event with neither target nor object is not lost.
    """

    events: list[dict[str, Any]]
    types: list[str]
    type_names: list[str]  # the same, unescaped, for the template (which escapes them)
    type_counts: list[int]
    by_node: dict[str, list[int]]

    def controls(self, kinds: list[dict[str, Any]]) -> dict[str, Any]:
        """The variables of controls.html (the kind rows are the page's own)."""
        dates = sorted(e["date"] for e in self.events if e["date"])
        return {
            "types": [{"name": t, "count": c} for t, c in zip(self.type_names, self.type_counts)],
            "kinds": kinds,
            "first_date": dates[0] if dates else "",
            "last_date": dates[-1] if dates else "",
            "undated": sum(1 for e in self.events if not e["date"]),
        }


def event_table(records: list[Mapping[str, Any]]) -> EventTable:
    """The side panel's data for `records`, in their order (see `EventTable`)."""
    type_names = sorted({str(r.get("type") or "") for r in records})
    type_index = {name: i for i, name in enumerate(type_names)}
    counts = [0] * len(type_names)
    events = []
    by_node: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(records):
        t = type_index[str(r.get("type") or "")]
        counts[t] += 1
        for role in ("agent", "target", "object"):
            node = r.get(role)
            if isinstance(node, Mapping) and isinstance(node.get("id"), str):
                by_node[node["id"]].append(i)
        evidence = r.get("evidence")
        sources = [s for s in r.get("sources") or [] if isinstance(s, str)]
        events.append(
            {
                "type": t,
                "date": r.get("date") if is_iso_date(r.get("date")) else None,
                "status": escape(r.get("status") or "asserted"),
                "trigger": _escape_or_none(r.get("trigger")),
                "agent": _label_of(r.get("agent")),
                "target": _label_of(r.get("target")),
                "object": _label_of(r.get("object")),
                "speaker": _label_of(r.get("speaker")),
                "evidence": escape(evidence.get("text") if isinstance(evidence, Mapping) else evidence or ""),
                "article": escape(r.get("article") or ""),
                "sources": [escape(s) for s in sources],
                "title": _escape_or_none(r.get("title")),
                "url": escape(str(r["url"]).strip()) if is_web_url(r.get("url")) else None,
            }
        )
    return EventTable(
        events=events,
        types=[escape(t) for t in type_names],
        type_names=type_names,
        type_counts=counts,
        by_node=dict(by_node),
    )


def _label_of(node: Any) -> str | None:
    if not isinstance(node, Mapping):
        return None
    return escape(node.get("label") or node.get("id") or "")


def _escape_or_none(value: Any) -> str | None:
    return escape(value) if isinstance(value, str) and value else None


def node_kind(value: Any) -> str:
    """An actor kind the views know, else 'unknown'."""
    return value if isinstance(value, str) and value in KIND_COLORS else "unknown"


def csp(scripts: Iterable[str]) -> str:
    """A policy that fetches nothing and runs only these exact inline scripts."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode("ascii") + "'" for s in scripts
    )
    return (
        f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )


def is_web_url(url: Any) -> bool:
    """Only http(s) addresses are shown: a `javascript:` or `data:` one is no source."""
    return isinstance(url, str) and urlsplit(url.strip()).scheme.lower() in ("http", "https")


def escape(text: Any) -> str:
    return html.escape(str(text), quote=True)


@cache
def vendored(name: str) -> str:
    """A vis-network file shipped with pyvis, checked to be safe to inline."""
    text = (_VIS / name).read_text(encoding="utf-8")
    closing = "</script" if name.endswith(".js") else "</style"
    if closing in text.lower():
        raise RuntimeError(f"{_VIS / name} contains {closing}; it cannot be inlined")
    return text


@cache
def environment() -> jinja2.Environment:
    """Templates of kg/views/assets/, autoescaped; a missing variable is an error."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(ASSETS),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    # tojson escapes < > & ' as \\u003c ...: the data block cannot end its element early.
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "separators": (",", ":")}
    return env
