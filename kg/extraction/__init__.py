"""Extraction: from a parsed article to its events.

The path: the sentence pre-filter (prefilter) and spaCy (nlp) parse what can hold an event;
actor mentions are found and resolved (gazetteer, mentions); trigger words of the lexicon
(lexicon, triggers) and sentence constructions (constructions) propose events, whose
arguments come from the parse (syntax, arguments, groups, objects) and whose status,
speaker and date come from their clause (clause), under per-type rules that are data
(rules, data/rules/types.toml); the article's events are then merged (merge). The
extractor (pipeline) runs this and is the only writer of the extraction state (context).
"""
