"""Flat exports that keep the evidence: one row per (event, source article), as CSV or Parquet.

`kg events` prints an event once, with the sentence of its earliest source. An analyst in
pandas, R or a spreadsheet also wants every other article that reports the same event, and
the sentence each one says it in, to check a row without opening the store. So a row here is
one source of one event: the event's own fields (type, codes, actors, their kinds and
countries, date, status, confidence, number of sources) repeated on each of its rows, and that
article's title, URL, evidence sentence with its offsets in the article body, trigger and
speaker. `COLUMNS` describes the columns once; the CSV header and the Parquet schema are both
made from it.

The Goldstein score of a row is that of its CAMEO code in data/rules/goldstein.tsv
(Goldstein 1992 as mapped to CAMEO); a code the table lacks takes its parent's score
(176 -> 17), an unknown one none.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import IO, Any, Literal

from kg.errors import InputError
from kg.paths import DATA
from kg.query.actors import Described, describe
from kg.query.records import EventRecord, Node, event_records, is_iso_date
from kg.store.base import StoreLike, declare_prefixes

GOLDSTEIN_FILE = DATA / "rules" / "goldstein.tsv"
FORMATS = ("csv", "parquet")

ColumnType = Literal["string", "int", "float", "date"]
Value = str | int | float | None
Row = dict[str, Value]


@dataclass(frozen=True)
class Column:
    """One column of the flat export: its name, its type, and what it holds."""

    name: str
    type: ColumnType
    doc: str


def _role_columns(role: str) -> tuple[Column, ...]:
    what = "policy" if role == "object" else "actor"
    return (
        Column(f"{role}_id", "string", f"IRI of the {role} ({what}); empty when the event has none"),
        Column(f"{role}_label", "string", f"canonical label of the {role}"),
        Column(f"{role}_kind", "string", f"kind of the {role}: an actor kind (docs/events.md) or Policy"),
        Column(
            f"{role}_country", "string", f"label of the country the store links the {role} to (a Country is its own)"
        ),
    )


COLUMNS: tuple[Column, ...] = (
    Column("event_id", "string", "IRI of the event (the same on each of its sources' rows)"),
    Column("article_id", "string", "id of the source article of this row"),
    Column("date", "date", "day the event happened (YYYY-MM-DD); empty when the text gives none"),
    Column("type", "string", "event type (docs/events.md)"),
    Column("cameo", "string", "CAMEO code of the type"),
    Column("plover", "string", "PLOVER category of the type"),
    Column("goldstein", "float", "Goldstein (1992) score of the CAMEO code, from data/rules/goldstein.tsv"),
    *_role_columns("agent"),
    *_role_columns("target"),
    *_role_columns("object"),
    Column("status", "string", "asserted, negated or hypothetical"),
    Column("speaker", "string", "label of who reports or claims the act in this article"),
    Column("confidence", "float", "the extractor's confidence in the event (the highest over its sources)"),
    Column("source_count", "int", "number of articles that report the event"),
    Column("title", "string", "title of the source article"),
    Column("url", "string", "URL of the source article"),
    Column("evidence", "string", "the sentence of the source article that reports the event"),
    Column("evidence_start", "int", "offset of the evidence's first character in the article body"),
    Column("evidence_end", "int", "offset just past the evidence's last character in the article body"),
    Column("trigger", "string", "the words of the source article that name the act"),
)
COLUMN_NAMES = tuple(c.name for c in COLUMNS)

SOURCES_QUERY = declare_prefixes(
    """SELECT ?e ?aid ?title ?url ?published ?exact ?start ?end ?trigger ?speaker WHERE {
  GRAPH ?g {
    ?e kg:evidence ?ev ; kg:trigger ?trigger ; prov:wasDerivedFrom ?article .
    ?ev kg:exact ?exact ; kg:start ?start ; kg:end ?end .
    ?article kg:articleId ?aid .
    OPTIONAL { ?article schema:headline ?title }
    OPTIONAL { ?article schema:url ?url }
    OPTIONAL { ?article schema:datePublished ?published }
    OPTIONAL { ?e kg:speaker ?speaker }
  }
}
"""
)


@dataclass(frozen=True)
class Source:
    """What one article says of one event: where, in which sentence, with which words."""

    event: str
    article: str
    title: str | None
    url: str | None
    published: str | None
    evidence: str
    start: int
    end: int
    trigger: str
    speaker: str | None  # the speaker's IRI


@dataclass(frozen=True)
class Flat:
    """The store read once for the exports: events, each event's sources, and the actors."""

    events: list[EventRecord]
    sources: dict[str, list[Source]]  # event IRI -> its sources, by article id
    actors: dict[str, Described]


def read_store(store: StoreLike) -> Flat:
    """Events, their sources and the actors graph of a store (the input of every flat export)."""
    records = event_records(store)
    return Flat(records, event_sources(store, records), describe(store))


def event_sources(store: StoreLike, records: Sequence[EventRecord]) -> dict[str, list[Source]]:
    """Each event's sources, one per article (its earliest sentence there), sorted by article id.

    An event the query finds no source for (none is stored without one) keeps the source its
    record names, so no event is ever left out of a flat export."""
    best: dict[tuple[str, str], Source] = {}
    for row in store.query(SOURCES_QUERY):
        e, aid, title, url, published, exact, start, end, trigger, speaker = row
        source = Source(
            event=str(e),
            article=str(aid),
            title=_text(title),
            url=_text(url),
            published=_text(published),
            evidence=str(exact),
            start=int(start),
            end=int(end),
            trigger=str(trigger),
            speaker=_text(speaker),
        )
        key = (source.event, source.article)
        if key not in best or (source.start, source.trigger) < (best[key].start, best[key].trigger):
            best[key] = source
    out: dict[str, list[Source]] = {}
    for source in sorted(best.values(), key=lambda s: (s.event, s.article)):
        out.setdefault(source.event, []).append(source)
    for r in records:
        if r["id"] not in out:
            out[r["id"]] = [_record_source(r)]
    return out


def _record_source(r: EventRecord) -> Source:
    return Source(
        event=r["id"],
        article=r["article"],
        title=r["title"],
        url=r["url"],
        published=None,
        evidence=r["evidence"]["text"],
        start=r["evidence"]["start"],
        end=r["evidence"]["end"],
        trigger=r["trigger"],
        speaker=r["speaker"]["id"] if r["speaker"] else None,
    )


def _text(term: Any) -> str | None:
    return str(term) if term is not None else None


def flat_rows(data: Flat) -> list[Row]:
    """One row per (event, source article), in the order of `kg events`, then by article id."""
    rows: list[Row] = []
    for r in data.events:
        for source in data.sources[r["id"]]:
            rows.append(_row(r, source, data.actors))
    return rows


def _row(r: EventRecord, source: Source, actors: dict[str, Described]) -> Row:
    row: Row = {
        "event_id": r["id"],
        "article_id": source.article,
        "date": r["date"],
        "type": r["type"],
        "cameo": r["cameo"],
        "plover": r["plover"],
        "goldstein": goldstein(r["cameo"]),
    }
    row.update(_role("agent", r["agent"], actors))
    row.update(_role("target", r["target"], actors))
    row.update(_role("object", r["object"], actors))
    speaker = actors.get(source.speaker) if source.speaker else None
    row.update(
        {
            "status": r["status"],
            "speaker": speaker.label if speaker else _fallback_label(source.speaker, r["speaker"]),
            "confidence": r["confidence"],
            "source_count": len(r["sources"]),
            "title": source.title,
            "url": source.url,
            "evidence": source.evidence,
            "evidence_start": source.start,
            "evidence_end": source.end,
            "trigger": source.trigger,
        }
    )
    return row


def _role(role: str, node: Node | None, actors: dict[str, Described]) -> Row:
    if node is None:
        return {f"{role}_id": None, f"{role}_label": None, f"{role}_kind": None, f"{role}_country": None}
    described = actors.get(node["id"])
    country = actors.get(described.country) if described and described.country else None
    return {
        f"{role}_id": node["id"],
        f"{role}_label": node["label"],
        f"{role}_kind": node["kind"],
        f"{role}_country": country.label if country else None,
    }


def _fallback_label(iri: str | None, speaker: Node | None) -> str | None:
    """The label of a speaker the actors graph does not describe: its last IRI segment."""
    if iri is None:
        return None
    if speaker is not None and speaker["id"] == iri:
        return speaker["label"]
    return iri.rsplit("/", 1)[-1]


@lru_cache(maxsize=1)
def goldstein_table(path: Path = GOLDSTEIN_FILE) -> dict[str, float]:
    """CAMEO code -> Goldstein score, read from data/rules/goldstein.tsv."""
    table: dict[str, float] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#") or line.startswith("cameo\t"):
            continue
        code, _, rest = line.partition("\t")
        score = rest.partition("\t")[0]
        try:
            value = float(score)
        except ValueError:
            raise InputError(f"{path}:{number}: {score!r} is not a Goldstein score") from None
        if not code.isdigit() or not -10.0 <= value <= 10.0:
            raise InputError(f"{path}:{number}: expected a CAMEO code and a score in [-10, 10]")
        table[code] = value
    return table


def goldstein(cameo: str | None, table: dict[str, float] | None = None) -> float | None:
    """The Goldstein score of a CAMEO code: its own entry, else its parent's (1234 -> 123 -> 12),
    else None (no code, or a root the table lacks)."""
    scores = goldstein_table() if table is None else table
    code = cameo or ""
    while len(code) >= 2:
        if code in scores:
            return scores[code]
        code = code[:-1]
    return None


def write_csv(rows: Iterable[Row], out: IO[bytes]) -> None:
    """RFC 4180 CSV in UTF-8 with a header row: fields holding commas, quotes or line breaks are
    quoted (quotes doubled), so any evidence sentence reads back unchanged; None is empty."""
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    try:
        writer = csv.writer(text, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(COLUMN_NAMES)
        for row in rows:
            writer.writerow(["" if row.get(c) is None else row.get(c) for c in COLUMN_NAMES])
        text.flush()
    finally:
        text.detach()  # leave `out` open: it is the caller's (a file, or stdout)


def arrow_table(rows: Sequence[Row]) -> Any:
    """The rows as a pyarrow Table typed by `COLUMNS` (nullable strings, int64, float64, date32),
    each field carrying its description in its metadata."""
    import pyarrow as pa

    types = {"string": pa.string(), "int": pa.int64(), "float": pa.float64(), "date": pa.date32()}
    fields = [pa.field(c.name, types[c.type], nullable=True, metadata={"description": c.doc}) for c in COLUMNS]
    arrays = [pa.array([_arrow_value(c, row.get(c.name)) for row in rows], type=types[c.type]) for c in COLUMNS]
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def _arrow_value(column: Column, value: Value) -> Value | date:
    if column.type == "date":
        return date.fromisoformat(value) if isinstance(value, str) and is_iso_date(value) else None
    return value


def write_parquet(rows: Sequence[Row], out: IO[bytes]) -> None:
    """The rows as one Parquet file (zstd-compressed) on a binary file."""
    import pyarrow.parquet as pq

    pq.write_table(arrow_table(rows), out, compression="zstd")


def write(data: Flat, fmt: str, out: IO[bytes]) -> None:
    """Write the flat rows of `data` as CSV or Parquet to a binary file."""
    if fmt not in FORMATS:
        raise InputError(f"unknown flat format {fmt!r}; choose one of: {', '.join(FORMATS)}", param="fmt")
    rows = flat_rows(data)
    (write_csv if fmt == "csv" else write_parquet)(rows, out)
