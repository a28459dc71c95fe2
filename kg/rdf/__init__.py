"""RDF: the vocabulary (ns), the ontology as data, deterministic IRIs, and the triples of an article."""
