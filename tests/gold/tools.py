"""Drawing, showing and checking gold articles (standard library only).

    python tests/gold/tools.py draw                  # writes tests/gold/draw.json (fixed seed)
    python tests/gold/tools.py show ID               # an article with the offset of each sentence
    python tests/gold/tools.py check FILE.jsonl      # validate annotations against the corpus
    python tests/gold/tools.py merge a1.jsonl ...    # annotators' files -> tune.jsonl, test.jsonl, second.jsonl
    python tests/gold/tools.py agree                 # inter-annotator agreement on the double-annotated articles

The draw is fixed by SEED and by the cue list below, which is written from the trigger
examples of EVENTS.md's type table (not from kg's lexicon, so the sample does not favour
what the extractor already finds). Articles already in dev.jsonl are left out.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent.parent.parent / "shared" / "corpus" / "articlemd-dev.jsonl"
SEED = 20261203
CUED, RANDOM, TEST = 200, 50, 120  # drawn from cued articles, from all articles; test partition size
DOUBLE = 20  # articles annotated twice, independently, for inter-annotator agreement

# One stem per event type family of EVENTS.md, matched at a word start, case-insensitive.
CUES = {
    "SANCTION": r"sanction|designat|blacklist|entity list|froze|freez|expel",
    "CHARGE": r"indict|charg(?:ed|es|ing)\b|sentenc|convict|su(?:ed|es|ing)\b|plead|guilty",
    "ARREST": r"arrest|detain|extradit|deport|custody",
    "SEIZE": r"seiz|confiscat|took down|taken down|takedown|sinkhol",
    "ACCUSE": r"accus|blam|attribut|link(?:ed|s)? (?:\w+ )?to\b|responsib",
    "ATTACK": r"hack(?:ed|ing|s)?\b|breach|compromis|ransomware attack|ddos|phish|stole|intrusion",
    "REJECT": r"denie|deny|reject|rebuff|dismiss",
    "DISAPPROVE": r"condemn|criticiz|criticis|oppos|denounc",
    "APPEAL": r"urg(?:ed|es|ing)\b|call(?:ed|s)? (?:on|for|upon)|appeal",
    "DEMAND": r"demand",
    "THREATEN": r"threaten|retaliat",
    "INVESTIGATE": r"investigat|probe",
    "COOPERATE": r"cooperat|collaborat|joint operation|shared intelligence|work(?:ed)? with",
    "CONSULT": r"\bmet with|held talks|negotiat|summit",
    "SUPPORT": r"welcom|prais|endors|signed an agreement",
    "INTEND": r"vow|pledg|promis|commit(?:ted)? to",
    "EASE": r"lift(?:ed|s)? (?:the )?sanction|released|withdr[ae]w",
    "ENACT": r"executive order|national emergency|signed into law|passed a law|new law",
    "CLAIM": r"claim(?:ed|s)? responsibility|took responsibility|claimed the attack",
}
CUE_RE = re.compile(r"\b(?:" + "|".join(f"(?:{c})" for c in CUES.values()) + ")", re.IGNORECASE)
TYPES = set(CUES) | {"STATEMENT"}
STATUSES = {"asserted", "negated", "hypothetical"}
SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")


def corpus() -> dict[str, dict]:
    if not CORPUS.exists():
        sys.exit(f"Error: {CORPUS} is absent (the corpus lives in ../shared beside the checkout)")
    with CORPUS.open(encoding="utf-8") as lines:
        return {r["id"]: r for r in map(json.loads, lines)}


def has_cue(record: dict) -> bool:
    return CUE_RE.search(record.get("title", "") + "\n" + record["text"]) is not None


def draw() -> dict:
    """The fixed sample: cued and random articles, the test partition, the double-annotated ones."""
    records = corpus()
    done = {json.loads(line)["id"] for line in (HERE / "dev.jsonl").open(encoding="utf-8")}
    pool = sorted(i for i in records if i not in done)
    rng = random.Random(SEED)
    cued_pool = [i for i in pool if has_cue(records[i])]
    cued = rng.sample(cued_pool, CUED)
    rest = [i for i in pool if i not in set(cued)]
    random_part = rng.sample(rest, RANDOM)
    drawn = cued + random_part
    # Test takes the same share of cued and random articles as the whole draw.
    test_cued = rng.sample(cued, round(TEST * CUED / (CUED + RANDOM)))
    test_random = rng.sample(random_part, TEST - len(test_cued))
    test = set(test_cued) | set(test_random)
    double = rng.sample(drawn, DOUBLE)
    return {
        "seed": SEED,
        "corpus": "articlemd-dev.jsonl",
        "pool": len(pool),
        "cued_pool": len(cued_pool),
        "cues": CUES,
        "articles": [
            {
                "id": i,
                "drawn": "cued" if i in set(cued) else "random",
                "partition": "test" if i in test else "tune",
                "double": i in set(double),
            }
            for i in drawn
        ],
    }


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: paragraphs split on newlines, then on sentence ends."""
    spans = []
    for para in re.finditer(r"[^\n]+", text):
        start = para.start()
        for end_match in SENTENCE_END.finditer(para.group()):
            end = para.start() + end_match.start()
            spans.append((start, end))
            start = para.start() + end_match.end()
        if start < para.end():
            spans.append((start, para.end()))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def show(article_id: str) -> None:
    record = corpus().get(article_id)
    if record is None:
        sys.exit(f"Error: {article_id}: not in {CORPUS.name}")
    print(f"id: {record['id']}\npublished: {record['date']}\ntitle: {record['title']}\n")
    text = record["text"]
    for start, end in sentences(text):
        print(f"[{start}-{end}] {text[start:end]}")


def _names(entity: dict) -> list[str]:
    return [entity.get("name", "")] + list(entity.get("aliases", []))


def check(path: Path) -> int:
    """Problems of an annotation file, one line each; the count of errors is the exit status."""
    records = corpus()
    errors = warnings = 0

    def report(kind: str, where: str, message: str) -> None:
        nonlocal errors, warnings
        print(f"{kind}: {path}:{where}: {message}")
        if kind == "error":
            errors += 1
        else:
            warnings += 1

    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            gold = json.loads(line)
        except json.JSONDecodeError as exc:
            report("error", str(lineno), f"malformed JSON ({exc.msg})")
            continue
        record = records.get(gold.get("id"))
        if record is None:
            report("error", str(lineno), f"unknown article id {gold.get('id')!r}")
            continue
        if gold.get("published") != record["date"]:
            report("error", str(lineno), f"published should be {record['date']!r}")
        text = record["text"]
        starts = {s for s, _ in sentences(text)}
        folded = text.lower()
        for n, event in enumerate(gold.get("events", []), start=1):
            where = f"{lineno} event {n}"
            if event.get("type") not in TYPES:
                report("error", where, f"type {event.get('type')!r} is not one of EVENTS.md's")
            agent = event.get("agent") or {}
            if not agent.get("name"):
                report("error", where, "the agent needs a name")
            if event.get("status", "asserted") not in STATUSES:
                report("error", where, f"status {event.get('status')!r}")
            date = event.get("date")
            if date is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(date)):
                report("error", where, f"date {date!r} is not YYYY-MM-DD or null")
            span = event.get("span")
            if not (isinstance(span, list) and len(span) == 2 and 0 <= span[0] < span[1] <= len(text)):
                report("error", where, f"span {span!r} is not [start, end) inside the text ({len(text)} chars)")
            elif span[0] not in starts:
                report("warning", where, f"span starts at {span[0]}, not at a sentence start")
            for role in ("agent", "target", "object"):
                entity = event.get(role)
                if entity and not any(n and n.lower() in folded for n in _names(entity)):
                    report("warning", where, f"no name or alias of the {role} occurs in the text")
            if not event.get("target") and not event.get("object") and event.get("type") not in {"STATEMENT"}:
                report("warning", where, "neither target nor object")
    print(f"{path}: {errors} errors, {warnings} warnings")
    return min(errors, 1)


def merge(files: list[Path]) -> None:
    """Split annotators' files by the draw: each article's own annotator goes to the partition's
    file (tune.jsonl or test.jsonl, in draw order); a second annotation to second.jsonl."""
    draw = json.loads((HERE / "draw.json").read_text(encoding="utf-8"))
    by: dict[tuple[str, str], dict] = {}
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                by[(record["id"], record["annotator"])] = record
    out: dict[str, list[str]] = {"tune": [], "test": [], "second": []}
    for article in draw["articles"]:
        out[article["partition"]].append(json.dumps(by[(article["id"], article["annotator"])], ensure_ascii=False))
        if article["double"]:
            out["second"].append(json.dumps(by[(article["id"], article["second"])], ensure_ascii=False))
    for name, lines in out.items():
        (HERE / f"{name}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"wrote {HERE / name}.jsonl ({len(lines)} articles)")


def agree() -> None:
    """F1 of one annotator scored against the other on the double-annotated articles, both ways,
    with kg's own scoring (docs/events.md, Scoring): the ceiling any extractor can reach."""
    from kg.evaluate.gold import as_records, read_gold
    from kg.evaluate.scoring import evaluate

    second = {g["id"]: g for g in read_gold(HERE / "second.jsonl")}
    first = [g for name in ("tune", "test") for g in read_gold(HERE / f"{name}.jsonl") if g["id"] in second]
    results = {}
    for label, gold, other in (
        ("first as gold", first, [second[g["id"]] for g in first]),
        ("second as gold", [second[g["id"]] for g in first], first),
    ):
        records = [r for article in other for r in as_records(article)]
        result = evaluate(gold, records)
        results[label] = result
        s = result.overall
        print(
            f"{label:15} P {s.precision:.3f}  R {s.recall:.3f}  F1 {s.f1:.3f}  (tp {s.tp}, fp {s.fp}, fn {s.fn}; "
            f"dates {result.date_accuracy:.3f} of {result.dates_total})"
        )
    print(f"mean F1 {sum(r.overall.f1 for r in results.values()) / 2:.3f} over {len(first)} articles")
    per_type: dict[str, list[float]] = {}
    for result in results.values():
        for etype, score in result.per_type.items():
            if score.tp + score.fn >= 5:
                per_type.setdefault(etype, []).append(score.f1)
    for etype, values in sorted(per_type.items()):
        print(f"  {etype:12} F1 {sum(values) / len(values):.3f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("draw", help="write tests/gold/draw.json")
    show_parser = sub.add_parser("show", help="print an article with sentence offsets")
    show_parser.add_argument("id")
    check_parser = sub.add_parser("check", help="validate an annotation file")
    check_parser.add_argument("file", type=Path)
    merge_parser = sub.add_parser("merge", help="split annotators' files into tune, test and second")
    merge_parser.add_argument("files", type=Path, nargs="+")
    sub.add_parser("agree", help="inter-annotator agreement on the double-annotated articles")
    args = parser.parse_args()
    if args.command == "merge":
        merge(args.files)
        return 0
    if args.command == "agree":
        agree()
        return 0
    if args.command == "draw":
        result = draw()
        (HERE / "draw.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
        parts = [a["partition"] for a in result["articles"]]
        print(
            f"drew {len(parts)} of {result['pool']} articles ({result['cued_pool']} with a cue): "
            f"{parts.count('test')} test, {parts.count('tune')} tune"
        )
        return 0
    if args.command == "show":
        show(args.id)
        return 0
    return check(args.file)


if __name__ == "__main__":
    sys.exit(main())
