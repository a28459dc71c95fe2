"""The version of kg: also the extractor's version in the graph (kg.rdf.iris.EXTRACTOR)."""

__version__ = "0.2.0"
