"""Domain errors. The library raises these; the CLI turns them into one-line messages."""


class KGError(Exception):
    """Root of every error kg reports to a user."""


class InputError(KGError):
    """An input (file, JSON line, folder) cannot be read or understood."""


class ExtractionError(KGError):
    """Extraction failed on an otherwise readable article."""


class QueryError(KGError):
    """A SPARQL query is malformed or failed."""


class StoreError(KGError):
    """The store cannot be opened, read or written."""
