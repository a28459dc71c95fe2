"""Exports of the store as RDF (ttl, nq, trig, jsonld), and the atomic file and folder writes
every export uses.

The graph files for Gephi (graphml, gexf) are written by kg.graph.gephi from event records; the
flat, Neo4j and FollowTheMoney exports by kg.query.flat, kg.query.neo4j and kg.query.ftm.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Collection
from pathlib import Path
from typing import IO, Any

from rdflib import Dataset, Graph

from kg.errors import InputError
from kg.rdf.ns import PREFIXES
from kg.store.base import StoreLike

RDF_FORMATS = {"ttl": "turtle", "nq": "nquads", "trig": "trig", "jsonld": "json-ld"}


def export_rdf(store: StoreLike, fmt: str, out: IO[bytes]) -> None:
    """Write the whole store in one RDF format to a binary stream."""
    if fmt not in RDF_FORMATS:
        raise InputError(f"unknown RDF format {fmt!r}; choose one of: {', '.join(RDF_FORMATS)}", param="fmt")
    data: Any
    if fmt == "ttl":  # Turtle has no graphs: the union of all articles' statements, without duplicates
        data = Graph()
        for s, p, o, _ in store.quads():
            data.add((s, p, o))
    else:
        data = Dataset()
        for s, p, o, g in store.quads():
            data.graph(g).add((s, p, o))
    for prefix, ns in PREFIXES.items():
        data.bind(prefix, ns, override=True)
    text = data.serialize(format=RDF_FORMATS[fmt])
    out.write(text.encode("utf-8") if isinstance(text, str) else text)


def write_atomically(path: Path, write: Callable[[IO[bytes]], None]) -> None:
    """Run `write` on a temporary file beside `path`, then rename it: a failed export leaves no
    truncated file behind, and a reader never sees half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    try:
        with tmp.open("wb") as fh:
            write(fh)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def write_folder_atomically(path: Path, write: Callable[[Path], None], owned: Collection[str]) -> None:
    """Run `write` on a new folder beside `path`, then rename it to `path`: a failed export
    leaves no half-written folder. An existing `path` is replaced only if it holds nothing but
    files named in `owned` (an earlier export of the same kind): a folder of anything else is
    never deleted, whatever name was given."""
    tmp = path.with_name(path.name + ".part")
    old = path.with_name(path.name + ".old")
    for folder in (path, tmp, old):
        if folder.exists() and not _only(folder, owned):
            raise InputError(f"{folder} exists and is not a folder of this export's files; give a new or empty folder")
    path.parent.mkdir(parents=True, exist_ok=True)
    for folder in (tmp, old):  # left by an export that was killed
        shutil.rmtree(folder, ignore_errors=True)
    tmp.mkdir()
    try:
        write(tmp)
        if path.exists():
            path.rename(old)
        tmp.rename(path)
    except BaseException:
        if old.exists() and not path.exists():  # put the earlier export back
            old.rename(path)
        raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)


def _only(folder: Path, owned: Collection[str]) -> bool:
    """True for a folder (not a symlink) whose entries are all plain files named in `owned`."""
    if folder.is_symlink() or not folder.is_dir():
        return False
    return all(p.name in owned and p.is_file() and not p.is_symlink() for p in folder.iterdir())
