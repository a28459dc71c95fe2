"""Graphs of events: the selection filters, the one graph builder, network measures, Gephi files."""
