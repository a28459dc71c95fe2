"""Domain errors. The library raises these; the CLI turns them into one-line messages.

A message says what went wrong and where (file, line, value) in terms of the library's own
names: `param` is the function parameter a bad value was given for, which the CLI shows as
its option. `hint` is what a command-line user can do about it ("run `kg ingest` first");
the CLI prints it after the message, a library caller may show it or not.
"""

from __future__ import annotations


class KGError(Exception):
    """Root of every error kg reports to a user."""

    def __init__(self, message: str, *, hint: str | None = None, param: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint
        self.param = param


class InputError(KGError):
    """An input (file, JSON line, folder, option value) cannot be read or understood."""


class ExtractionError(KGError):
    """Extraction failed on an otherwise readable article."""


class QueryError(KGError):
    """A SPARQL query is malformed, refused, too slow, or failed."""


class StoreError(KGError):
    """The store cannot be opened, read or written."""
