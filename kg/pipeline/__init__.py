"""From inputs to the store: ingest (worker processes, one atomic write per article) and the map step."""
