"""Stores: the embedded Oxigraph store, a remote SPARQL 1.1 server, and `kg serve`'s server.

`open_store` picks one by location: a folder (or ':memory:') is embedded, an http(s) URL is
a server. Both have the StoreLike interface, so ingest and the read side work on either.
"""

from __future__ import annotations

from kg.store.base import DEFAULT_STORE, MEMORY, StoreLike, store_location
from kg.store.embedded import Store
from kg.store.endpoint import served
from kg.store.remote import RemoteStore, is_remote

__all__ = ["DEFAULT_STORE", "MEMORY", "RemoteStore", "Store", "StoreLike", "is_remote", "open_store", "store_location"]


def open_store(location: str, read_only: bool = False) -> Store | RemoteStore:
    """The embedded store for a folder (or ':memory:'), a RemoteStore for an http(s) URL.

    A folder that `kg serve` is serving is written through that server (which holds its lock
    and keeps its queries current); it is read directly, read-only.
    """
    if is_remote(location):
        return RemoteStore(location, read_only=read_only)
    if not read_only and location != MEMORY and (server := served(location)) is not None:
        return RemoteStore(server.url, token=server.token, served_folder=location)
    return Store(location, read_only=read_only)
