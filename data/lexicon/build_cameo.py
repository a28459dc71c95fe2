"""Build data/lexicon/cameo_verbs.tsv from the PETRARCH2 CAMEO verb dictionary.

Why: the PETRARCH2 verb dictionary (MIT licence) lists a few thousand English verbs under
CAMEO event codes. Reducing it to (lemma, code, project event type) rows gives the extractor
a broad, reviewed list of candidate event verbs without copying the dictionary itself.

What is read (see dictionaries.rst in the reference folder):
  ``--- LABEL [code] ---``        starts a verb block whose default code is ``code``;
  ``VERB {FORMS} [code]``         a verb of the block, its irregular forms, its own code;
  ``+VERB_PARTICLE {...} [code]`` a multi-word verb ('+' marks the inflected word);
  ``- * (PREP) [code] # VERB``    a pattern; kept only when it is exactly verb + one preposition.
A row's code is the verb's own code, else the block default; ``---`` (no event) is skipped.
Codes ``a:b`` (source/target readings) keep ``a``, or ``b`` when ``a`` is empty.
Heads that are inflected forms of another head (``DETERRING`` beside ``DETER``) are reduced.

Run from the repository root:  python data/lexicon/build_cameo.py   (standard library only)
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

REF = Path(__file__).resolve().parents[3] / "shared" / "reference" / "petrarch2"
OUT = Path(__file__).resolve().parent / "cameo_verbs.tsv"

# CAMEO root (first two digits) -> project event type; SPECIAL (3-digit code) wins over ROOT.
ROOT_TYPE = {
    "01": "STATEMENT",
    "02": "APPEAL",
    "03": "INTEND",
    "04": "CONSULT",
    "05": "SUPPORT",
    "06": "COOPERATE",
    "07": "COOPERATE",
    "08": "EASE",
    "09": "INVESTIGATE",
    "10": "DEMAND",
    "11": "DISAPPROVE",
    "12": "REJECT",
    "13": "THREATEN",
    "14": "DISAPPROVE",
    "15": "THREATEN",
    "16": "SANCTION",
    "17": "ARREST",
    "18": "ATTACK",
    "19": "ATTACK",
    "20": "ATTACK",
}
SPECIAL_TYPE = {"112": "ACCUSE", "115": "CHARGE", "116": "CHARGE", "171": "SEIZE"}
# Words accepted as the single particle/preposition of a phrasal verb.
PARTICLES = frozenset(
    [
        "about",
        "across",
        "after",
        "against",
        "ahead",
        "along",
        "apart",
        "around",
        "as",
        "aside",
        "at",
        "away",
        "back",
        "before",
        "behind",
        "between",
        "by",
        "down",
        "for",
        "forth",
        "forward",
        "from",
        "in",
        "into",
        "off",
        "on",
        "onto",
        "out",
        "over",
        "through",
        "to",
        "together",
        "toward",
        "towards",
        "under",
        "up",
        "upon",
        "with",
        "within",
        "without",
    ]
)
HEADER = re.compile(r"^---\s+(\S+?)\s*\[([^\]]*)\]")
VERB_LINE = re.compile(r"^(?P<word>[^\s{\[]+)\s*(?:\{(?P<forms>[^}]*)\})?\s*(?:\[(?P<code>[^\]]*)\])?\s*$")
PREP_PATTERN = re.compile(r"^-\s*\*\s*\((?P<prep>[A-Z]+)\)\s*\[(?P<code>[^\]]*)\]\s*(?:#\s*(?P<verb>[A-Z_+-]+))?")


def cameo_code(raw: str) -> str | None:
    """Return the usable CAMEO code of a bracket (``042:043`` -> ``042``), or None."""
    parts = [p.strip() for p in raw.split(":")]
    chosen = next((p for p in parts if p), "")
    match = re.match(r"^(\d{3,4})\b", chosen)
    if not match or match.group(1)[:2] not in ROOT_TYPE:
        return None
    return match.group(1)


def event_type(code: str) -> str:
    """Map a CAMEO code to the project's event type (table in the module constants)."""
    return SPECIAL_TYPE.get(code[:3], ROOT_TYPE[code[:2]])


def regular_forms(lemma: str) -> set[str]:
    """The regular -s/-ed/-ing forms PETRARCH would generate for a lemma (upper case)."""
    if lemma.endswith("E"):
        return {lemma + "S", lemma + "D", lemma[:-1] + "ING"}
    if re.search(r"[^AEIOU]Y$", lemma):
        return {lemma[:-1] + "IES", lemma[:-1] + "IED", lemma + "ING"}
    if re.search(r"(S|SH|CH|X|Z)$", lemma):
        return {lemma + "ES", lemma + "ED", lemma + "ING"}
    forms = {lemma + "S", lemma + "ED", lemma + "ING"}
    if re.search(r"[^AEIOU][AEIOU][^AEIOUWXY]$", lemma):
        forms |= {lemma + lemma[-1] + "ED", lemma + lemma[-1] + "ING"}
    return forms


def read_blocks(path: Path) -> list[dict]:
    """Split the verb section into blocks: label, default code, verb lines, prep patterns."""
    blocks: list[dict] = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith("---"):
            header = HEADER.match(line)
            if header:
                blocks.append({"label": header.group(1), "code": header.group(2), "verbs": [], "preps": []})
            continue
        if not blocks or not line.strip() or line.startswith(("#", "~")):
            continue
        if line.startswith("-"):
            pattern = PREP_PATTERN.match(line)
            if pattern:
                blocks[-1]["preps"].append(pattern.groupdict())
            continue
        text = re.split(r"[#;]", line, maxsplit=1)[0].strip()
        verb = VERB_LINE.match(text)
        blocks[-1]["verbs"].append(
            verb.groupdict() if verb else {"word": text, "forms": None, "code": None, "bad": True}
        )
    return blocks


def build(path: Path) -> tuple[dict[tuple[str, str, str], str], Counter]:
    """Return {(lemma, code, particle): source_verb} and a Counter of skipped entries."""
    blocks = read_blocks(path)
    skipped: Counter = Counter()
    form_of: dict[str, str] = {}  # (block label, inflected form) -> base lemma of that block
    for block in blocks:
        heads = {v["word"] for v in block["verbs"] if re.fullmatch(r"[A-Z-]+", v["word"])}
        for verb in block["verbs"]:
            if verb["word"] in heads:
                for form in (verb["forms"] or "").split() or regular_forms(verb["word"]):
                    if form != verb["word"]:
                        form_of.setdefault(block["label"] + " " + form, verb["word"])
    rows: dict[tuple[str, str, str], str] = {}

    def reduce(word: str, label: str) -> str:
        """A word listed or generated as an inflected form of a head of its block -> that head."""
        return form_of.get(label + " " + word, word)

    def add(lemma: str, raw_code: str | None, particle: str, source: str, default: str) -> None:
        raw = (raw_code if raw_code else default).strip()
        code = cameo_code(raw)
        if code is None:
            skipped["null code '---' (no event)" if raw.strip("-: ") == "" else f"unparseable code [{raw}]"] += 1
            return
        rows.setdefault((reduce(lemma, source).lower(), code, particle.lower()), source.lower())

    for block in blocks:
        lemmas: list[str] = []
        for verb in block["verbs"]:
            word = verb["word"]
            if verb.get("bad"):
                skipped["unparseable verb line"] += 1
            elif re.fullmatch(r"[A-Z-]+", word):
                lemmas.append(reduce(word, block["label"]))
                add(word, verb["code"], "", block["label"], block["code"])
            elif "+" not in word or not word.startswith("+"):
                skipped["multi-word verb without a leading '+' verb"] += 1
            else:
                parts = word.lstrip("+").split("_")
                if verb["forms"] is not None and not verb["forms"].strip():
                    skipped["fixed multi-word phrase ({} forms)"] += 1
                elif len(parts) == 2 and parts[1].lower() in PARTICLES and re.fullmatch(r"[A-Z-]+", parts[0]):
                    add(parts[0], verb["code"], parts[1], block["label"], block["code"])
                else:
                    skipped["multi-word verb not verb + one particle"] += 1
        for pattern in block["preps"]:
            named = reduce(pattern["verb"], block["label"]) if pattern["verb"] else (lemmas[0] if lemmas else "")
            if named not in lemmas or pattern["prep"].lower() not in PARTICLES:
                skipped["(WORD) pattern: WORD not a particle (OUTSIDE, GUNFIRE...)"] += 1
            else:
                add(named, pattern["code"], pattern["prep"], block["label"], "---")
    return rows, skipped


def licence_lines(dictionary: Path) -> list[str]:
    """The PETRARCH2 MIT notice (LICENSE file) plus the dictionary's own copyright line."""
    own = [
        line.lstrip("# ").strip()
        for line in dictionary.read_text(encoding="utf-8", errors="replace").splitlines()[:80]
        if line.lstrip("# ").startswith("Copyright")
    ]
    notice = (REF / "LICENSE").read_text(encoding="utf-8").rstrip().splitlines()
    return [f"{dictionary.name} states: {c}" for c in own] + [""] + notice


def main() -> None:
    """Parse the dictionary, write the TSV with its provenance header, print a summary."""
    source = REF / "CAMEO.2.0.txt"
    if not source.is_file() or not (REF / "LICENSE").is_file():
        sys.exit(f"PETRARCH2 dictionaries not found: expected {source} and {REF / 'LICENSE'}")
    rows, skipped = build(source)
    ordered = sorted(rows.items(), key=lambda item: (item[0][0], item[0][1], item[0][2]))
    header = [
        "CAMEO verb lexicon: verb lemmas (and verb + one particle) with their CAMEO event code",
        "and the project's event type (root table in build_cameo.py). Derived data, not hand-edited.",
        "Made by: python data/lexicon/build_cameo.py   (from PETRARCH2 CAMEO.2.0.txt)",
        "Columns: lemma<TAB>cameo<TAB>type<TAB>source_verb (verb block label)<TAB>particle (empty for plain verbs)",
        "",
        "Derived from the PETRARCH2 dictionaries (https://github.com/openeventdata/petrarch2), MIT licence:",
        "",
        *licence_lines(source),
    ]
    with OUT.open("w", encoding="utf-8", newline="\n") as out:
        out.writelines(f"# {line}".rstrip() + "\n" for line in header)
        out.write("# lemma\tcameo\ttype\tsource_verb\tparticle\n")
        for (lemma, code, particle), verb in ordered:
            out.write(f"{lemma}\t{code}\t{event_type(code)}\t{verb}\t{particle}\n")
    types = Counter(event_type(code) for (_, code, _) in rows)
    print(f"wrote {len(ordered)} rows to {OUT} ({sum(1 for k in rows if k[2])} with a particle)")
    for name, count in sorted(types.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<12}{count:>5}")
    print("skipped:")
    for reason, count in skipped.most_common():
        print(f"  {count:>5}  {reason}")


if __name__ == "__main__":
    main()
