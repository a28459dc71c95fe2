"""The read side: SPARQL and saved queries, event records, exports, SHACL validation."""
