#!/usr/bin/env python3
"""Check the actor gazetteer in this folder (standard library only).

    python3 data/gazetteer/check.py [FOLDER]

Checks that every *.jsonl file parses, that each line is a well-formed actor, that labels are
unique across all files (case-folded), that every relation, office and origin names an existing
label, and that no surface form (label, alias, demonym, metonym) maps to two different actors once
case-folded and stripped of punctuation, the way the evaluation compares names. Enrichment files
(mitre_ids.jsonl: label, mitre, source) must name existing labels.
Prints the problems and exits 1 if there is any; prints counts and exits 0 otherwise.
"""

import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

KINDS = {"Country", "GovernmentBody", "Person", "Organization", "ThreatActor", "InternationalOrganization"}
RELATIONS = {"part_of", "member_of", "sponsored_by", "spokesperson_of", "president_of", "leader_of", "role_of"}
# which kinds each file may hold
FILE_KINDS = {
    "countries.jsonl": {"Country"},
    "bodies.jsonl": {"GovernmentBody"},
    "people.jsonl": {"Person"},
    "threat_actors.jsonl": {"ThreatActor"},
    "organizations.jsonl": {"Organization", "InternationalOrganization"},
    "threat_actors_misp.jsonl": {"ThreatActor"},
}
# files that add keys to actors of other files instead of holding actors: {"label", "mitre", "source"} a line
ENRICHMENT_FILES = {"mitre_ids.jsonl"}
MITRE = re.compile(r"^G\d{4}$")
LIST_KEYS = ("aliases", "demonyms", "metonyms", "ambiguous_aliases")
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
QID = re.compile(r"^Q[1-9]\d*$")


def norm(s):
    """Case-fold, drop punctuation, collapse spaces: how names are compared when scoring."""
    s = unicodedata.normalize("NFKC", s).casefold()
    s = "".join(ch for ch in s if not unicodedata.category(ch).startswith("P"))
    return " ".join(s.split())


def surface_forms(d):
    yield "label", d["label"]
    for key in ("aliases", "demonyms", "metonyms"):
        for a in d.get(key, []):
            yield key, a


def main(folder):
    problems = []
    actors = []  # (file, line number, dict)
    enrichments = []  # (file, line number, dict)
    files = sorted(folder.glob("*.jsonl"))
    if not files:
        problems.append(f"no .jsonl files in {folder}")
    for path in files:
        allowed = FILE_KINDS.get(path.name)
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                where = f"{path.name}:{n}"
                if not line.strip():
                    problems.append(f"{where}: empty line")
                    continue
                try:
                    d = json.loads(line)
                except json.JSONDecodeError as e:
                    problems.append(f"{where}: not JSON ({e})")
                    continue
                if not isinstance(d, dict):
                    problems.append(f"{where}: not a JSON object")
                    continue
                if path.name in ENRICHMENT_FILES:
                    if set(d) != {"label", "mitre", "source"} or not all(isinstance(v, str) for v in d.values()):
                        problems.append(f"{where}: an enrichment line has exactly a label, a mitre id and a source")
                    else:
                        enrichments.append((where, d))
                    continue
                label = d.get("label")
                if not isinstance(label, str) or not label.strip() or label != label.strip():
                    problems.append(f"{where}: bad label {label!r}")
                    continue
                if d.get("kind") not in KINDS:
                    problems.append(f"{where}: {label}: bad kind {d.get('kind')!r}")
                elif allowed and d["kind"] not in allowed:
                    problems.append(f"{where}: {label}: kind {d['kind']} does not belong in {path.name}")
                for key in LIST_KEYS:
                    v = d.get(key, [])
                    if not isinstance(v, list) or not all(
                        isinstance(a, str) and a.strip() and a == a.strip() for a in v
                    ):
                        problems.append(f"{where}: {label}: {key} must be a list of trimmed non-empty strings")
                        d[key] = []
                    elif len(set(v)) != len(v):
                        problems.append(f"{where}: {label}: duplicate entries in {key}")
                for a in d.get("ambiguous_aliases", []):
                    if a not in d.get("aliases", []):
                        problems.append(f"{where}: {label}: ambiguous alias {a!r} is not among its aliases")
                if "wikidata" in d and not (isinstance(d["wikidata"], str) and QID.match(d["wikidata"])):
                    problems.append(f"{where}: {label}: bad wikidata id {d['wikidata']!r}")
                if "mitre" in d and not (isinstance(d["mitre"], str) and MITRE.match(d["mitre"])):
                    problems.append(f"{where}: {label}: bad ATT&CK group id {d['mitre']!r}")
                if "source" in d and not (isinstance(d["source"], str) and d["source"].strip()):
                    problems.append(f"{where}: {label}: source must be a non-empty string")
                if "ambiguous" in d and not isinstance(d["ambiguous"], bool):
                    problems.append(f"{where}: {label}: 'ambiguous' must be true or false")
                rels = d.get("relations", [])
                if not isinstance(rels, list) or not all(
                    isinstance(r, list) and len(r) == 2 and all(isinstance(x, str) for x in r) for r in rels
                ):
                    problems.append(f"{where}: {label}: relations must be a list of [relation, label] pairs")
                    d["relations"] = []
                else:
                    for rel, _ in rels:
                        if rel not in RELATIONS:
                            problems.append(f"{where}: {label}: unknown relation {rel!r}")
                    if len({tuple(r) for r in rels}) != len(rels):
                        problems.append(f"{where}: {label}: duplicate relations")
                offices = d.get("offices", [])
                if not isinstance(offices, list):
                    problems.append(f"{where}: {label}: offices must be a list")
                    d["offices"] = []
                else:
                    for o in offices:
                        if (
                            not isinstance(o, dict)
                            or o.get("role") not in RELATIONS
                            or not isinstance(o.get("of"), str)
                        ):
                            problems.append(f"{where}: {label}: bad office {o!r}")
                            continue
                        for k in ("from", "to"):
                            if k in o and not (isinstance(o[k], str) and DATE.match(o[k])):
                                problems.append(f"{where}: {label}: bad office date {k}={o[k]!r}")
                        if "from" in o and "to" in o and o["from"] > o["to"]:
                            problems.append(f"{where}: {label}: office ends before it starts: {o}")
                        if [o["role"], o["of"]] not in d.get("relations", []):
                            problems.append(f"{where}: {label}: office {o['role']} {o['of']} has no matching relation")
                actors.append((where, d))

    # labels unique across files, case-folded
    by_label = {}
    for where, d in actors:
        key = d["label"].casefold()
        if key in by_label:
            problems.append(f"{where}: label {d['label']!r} already used at {by_label[key][0]}")
        else:
            by_label[key] = (where, d)
    labels = {d["label"] for _, d in actors}

    # every referenced label exists
    for where, d in actors:
        for rel, target in d.get("relations", []):
            if target not in labels:
                problems.append(f"{where}: {d['label']}: {rel} target {target!r} is not a label")
            if target == d["label"]:
                problems.append(f"{where}: {d['label']}: relation {rel} to itself")
        for o in d.get("offices", []):
            if isinstance(o, dict) and o.get("of") not in labels:
                problems.append(f"{where}: {d['label']}: office of {o.get('of')!r} is not a label")
        if "origin" in d and d["origin"] not in labels:
            problems.append(f"{where}: {d['label']}: origin {d['origin']!r} is not a label")

    # enrichment lines name an actor of another file, once per file
    seen_enriched = set()
    for where, d in enrichments:
        if d["label"] not in labels:
            problems.append(f"{where}: {d['label']!r} is not a label")
        if not MITRE.match(d["mitre"]):
            problems.append(f"{where}: {d['label']}: bad ATT&CK group id {d['mitre']!r}")
        key = (where.split(":")[0], d["label"])
        if key in seen_enriched:
            problems.append(f"{where}: {d['label']} enriched twice")
        seen_enriched.add(key)

    # part_of must not loop
    parent = defaultdict(list)
    for _, d in actors:
        for rel, target in d.get("relations", []):
            if rel == "part_of":
                parent[d["label"]].append(target)
    for start in parent:
        seen, stack = set(), list(parent[start])
        while stack:
            x = stack.pop()
            if x == start:
                problems.append(f"part_of cycle through {start!r}")
                break
            if x not in seen:
                seen.add(x)
                stack.extend(parent.get(x, []))

    # one surface form, one actor
    owners = defaultdict(set)
    forms = defaultdict(list)
    for where, d in actors:
        for key, s in surface_forms(d):
            k = norm(s)
            if not k:
                problems.append(f"{where}: {d['label']}: {key} {s!r} is empty once punctuation is removed")
                continue
            owners[k].add(d["label"])
            forms[k].append(f"{d['label']} ({key} {s!r})")
    for k, who in sorted(owners.items()):
        if len(who) > 1:
            problems.append(f"surface form {k!r} names several actors: " + "; ".join(sorted(set(forms[k]))))

    # the same Wikidata id on two lines
    qids = defaultdict(list)
    for _where, d in actors:
        if "wikidata" in d:
            qids[d["wikidata"]].append(d["label"])
    for q, who in qids.items():
        if len(who) > 1:
            problems.append(f"wikidata id {q} used by {who}")

    for p in problems:
        print("PROBLEM:", p)
    counts = Counter()
    for where, _d in actors:
        counts[where.split(":")[0]] += 1
    for name in sorted(counts):
        print(f"{name}: {counts[name]} actors")
    for name, n in sorted(Counter(where.split(":")[0] for where, _ in enrichments).items()):
        print(f"{name}: {n} enrichment lines")
    kinds = Counter(d.get("kind") for _, d in actors)
    print("kinds:", ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    print(f"{len(actors)} actors, {sum(1 for _ in owners)} distinct surface forms, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
    sys.exit(main(folder))
