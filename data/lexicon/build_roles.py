"""Build data/lexicon/role_nouns.tsv from the PETRARCH2 agents dictionary (Phoenix.agents.txt).

Why: role nouns ("prosecutor", "riot police", "gunmen") tell the extractor what kind of actor
an unnamed mention is. The PETRARCH2 agents dictionary (MIT licence) codes ~2,300 of them.

What is read (see dictionaries.rst in the reference folder):
  ``PHRASE {PLURALS} [~CODE]``  one agent; ``{}`` = no plural, ``{X}`` = plural X, none = regular;
  ``!NAME! = A, B, C``          a substitution set, expanded wherever ``!NAME!`` occurs
                                (expansions get no further plural, as in PETRARCH).
Codes are strings of 3-letter segments (GOVMED = government + media); ``~`` marks on which
side of an actor code they attach and is dropped. Output phrases are lower case, with ``_``
and runs of blanks turned into one space.

Run from the repository root:  python data/lexicon/build_roles.py   (standard library only)
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

REF = Path(__file__).resolve().parents[3] / "shared" / "reference" / "petrarch2"
OUT = Path(__file__).resolve().parent / "role_nouns.tsv"

# Segment -> project actor kind. A threat segment anywhere wins (MUSREB, RELUAF are armed
# groups); otherwise the first segment decides (GOVBUS is a state body, BUSMIL a company).
THREAT = frozenset({"CRM", "INS", "REB", "UAF", "IMG"})  # criminals, insurgents, rebels,
# unaffiliated armed groups, international militarised groups; INS is not in the file today.
STATE = frozenset({"GOV", "COP", "JUD", "MIL", "SPY", "LEG"})  # executive, police, courts,
# armed forces, intelligence, legislature. ELI (elites: first lady, VIP, former president)
# is private persons -> Other; PTY (parties, politicians) is not a state organ -> Organization.
FIRST_KIND = {"BUS": "Organization", "NGO": "Organization", "PTY": "Organization", "IGO": "InternationalOrganization"}
# All other segments -> Other: OPP opposition, CVL civilians, PPL people, ELI elites, MED media,
# HLH health, EDU education, AGR agriculture, LAB labour, ENV environment, REF refugees,
# HRI human rights, RAD radicals, REL/MUS/CHR/JEW/HIN/BUD religions, DEV development, ...

PREPOSITIONS = frozenset(["of", "for", "to", "at", "in", "on", "with", "from", "by", "and", "de", "del", "d'"])
NO_PLURAL = frozenset(
    [
        "police",
        "people",
        "personnel",
        "staff",
        "military",
        "media",
        "press",
        "public",
        "clergy",
        "intelligence",
        "security",
        "crime",
        "justice",
        "youth",
        "cattle",
        "aerospace",
        "artillery",
        "infantry",
        "soldiery",
        "governance",
        "information",
        "opposition",
        "resistance",
        "presence",
        "insurgence",
        "islamic",
        "jewish",
        "naval",
    ]
)
# The few stems left in the file (``DEFENCE_MINIST``): completed with the dictionary's own
# !MINIST! set, or with the word's two forms.
STEMS = {"MINIST": "!MINIST!", "INDUSTR": "!INDUSTR!"}
BUILTIN_SUBST = {"!INDUSTR!": ["INDUSTRY", "INDUSTRIES"]}
ENTRY = re.compile(r"^(?P<phrase>[^{\[]+?)\s*(?:\{(?P<plural>[^}]*)\})?\s*\[(?P<code>[^\]}]*)[\]}]\s*$")
SUBST = re.compile(r"^(?P<name>![A-Z]+!)\s*=\s*(?P<items>.+)$")


def kind_of(code: str) -> str:
    """Map a Phoenix agent code (e.g. GOVMED) to the project's actor kind."""
    segments = [code[i : i + 3] for i in range(0, len(code), 3)]
    if THREAT & set(segments):
        return "ThreatActor"
    if segments[0] in STATE:
        return "GovernmentBody"
    return FIRST_KIND.get(segments[0], "Other")


def clean(phrase: str) -> str:
    """Lower-case a dictionary phrase; underscores and blank runs become one space."""
    return re.sub(r"\s+", " ", phrase.replace("_", " ")).strip(" ,").lower()


def regular_plural(noun: str) -> str | None:
    """The plain plural of a phrase whose last word is its countable head, else None."""
    words = noun.split(" ")
    last = words[-1]
    if (
        PREPOSITIONS & set(words[:-1])
        or last in NO_PLURAL
        or last.endswith(("men", "ed"))
        or (last.endswith("s") and not last.endswith("ss"))
        or not re.fullmatch(r"[a-z][a-z'-]*", last)
    ):
        return None
    if last.endswith("man"):
        plural = last[:-3] + "men"
    elif re.search(r"[^aeiou]y$", last):
        plural = last[:-1] + "ies"
    elif last.endswith(("ss", "sh", "ch", "x", "z")):
        plural = last + "es"
    else:
        plural = last + "s"
    return " ".join(words[:-1] + [plural])


def expand(phrase: str, subst: dict[str, list[str]]) -> list[str]:
    """All phrases a substitution marker stands for (``SPOKES!PERSON!`` -> spokesman, ...)."""
    match = re.search(r"![A-Z]+!", phrase)
    if not match:
        return [phrase]
    before, after = phrase[: match.start()], phrase[match.end() :]
    if before[-1:].isalpha() and after[:1].isalpha():  # AD!MINIST!RATIVE: a mangled word
        return expand(before + match.group(0).strip("!") + after, subst)
    return [v for item in subst.get(match.group(0), []) for v in expand(before + item + after, subst)]


def build(path: Path) -> tuple[dict[str, str], Counter]:
    """Return {noun: code} and skip counts. A noun coded twice keeps the more specific
    (longer) code, else the first: "ministry of environment" is ENV and GOVENV -> GOVENV."""
    subst: dict[str, list[str]] = dict(BUILTIN_SUBST)
    nouns: dict[str, str] = {}
    skipped: Counter = Counter()
    for line in path.read_text(encoding="utf-8").splitlines():
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        if definition := SUBST.match(text):
            subst[definition["name"]] = [i.strip() for i in definition["items"].split(",")]
            continue
        entry = ENTRY.match(text)
        code = entry["code"].strip().strip("~") if entry else ""
        if not entry or not re.fullmatch(r"(?:[A-Z]{3})+", code):
            skipped["no [~CODE] or malformed code"] += 1
            continue
        if not text.isascii():
            skipped["non-ASCII (mis-encoded) phrase"] += 1
            continue
        phrase = entry["phrase"].strip()
        for stem, marker in STEMS.items():
            phrase = re.sub(rf"(?<=[_ ]){stem}$", marker, phrase)
        singulars = [clean(p) for p in expand(phrase, subst)]
        if "!" in phrase:
            plurals: list[str | None] = []  # expansions already carry their plural forms
        elif entry["plural"] is not None:
            plurals = [clean(p) for p in entry["plural"].split()]
        else:
            plurals = [regular_plural(singulars[0])]
        for noun in singulars + [p for p in plurals if p]:
            if noun in nouns and nouns[noun] != code:
                skipped["noun listed again with another code (longer, else first, kept)"] += 1
            if noun not in nouns or len(code) > len(nouns[noun]):
                nouns[noun] = code
    return nouns, skipped


def licence_lines(dictionary: Path) -> list[str]:
    """The PETRARCH2 MIT notice (LICENSE file) plus the dictionary's own copyright line."""
    own = [
        line.lstrip("# ").strip()
        for line in dictionary.read_text(encoding="utf-8").splitlines()[:80]
        if line.lstrip("# ").startswith("Copyright")
    ]
    notice = (REF / "LICENSE").read_text(encoding="utf-8").rstrip().splitlines()
    return [f"{dictionary.name} states: {c}" for c in own] + [""] + notice


def main() -> None:
    """Parse the agents dictionary, write the TSV with its provenance header, print a summary."""
    source = REF / "Phoenix.agents.txt"
    if not source.is_file() or not (REF / "LICENSE").is_file():
        sys.exit(f"PETRARCH2 dictionaries not found: expected {source} and {REF / 'LICENSE'}")
    nouns, skipped = build(source)
    header = [
        "Role nouns: agent nouns (singular and plural) with their Phoenix/CAMEO agent code and",
        "the project's actor kind (mapping in build_roles.py). Derived data, not hand-edited.",
        "Made by: python data/lexicon/build_roles.py   (from PETRARCH2 Phoenix.agents.txt)",
        "Columns: noun<TAB>code<TAB>kind",
        "",
        "Derived from the PETRARCH2 dictionaries (https://github.com/openeventdata/petrarch2), MIT licence:",
        "",
        *licence_lines(source),
    ]
    with OUT.open("w", encoding="utf-8", newline="\n") as out:
        out.writelines(f"# {line}".rstrip() + "\n" for line in header)
        out.write("# noun\tcode\tkind\n")
        for noun, code in sorted(nouns.items()):
            out.write(f"{noun}\t{code}\t{kind_of(code)}\n")
    print(f"wrote {len(nouns)} rows to {OUT}")
    for kind, count in Counter(kind_of(c) for c in nouns.values()).most_common():
        print(f"  {kind:<26}{count:>5}")
    codes = Counter(nouns.values())
    print(f"{len(codes)} codes:", ", ".join(f"{c} {n}" for c, n in codes.most_common()))
    print("skipped:")
    for reason, count in skipped.most_common():
        print(f"  {count:>5}  {reason}")


if __name__ == "__main__":
    main()
