"""Measuring extraction: scoring against gold (docs/events.md, Scoring), gold sets, quality runs."""
