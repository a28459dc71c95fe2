#!/usr/bin/env python3
"""Derive threat-actor gazetteer lines from the CC0 MISP galaxy clusters (standard library only).

Run `python data/gazetteer/build_threat_actors.py` from the repository root: it reads ../shared/reference/misp-galaxy/
and writes threat_actors_misp.jsonl (MISP actors and ransomware families not in threat_actors.jsonl) and
mitre_ids.jsonl (ATT&CK ids of hand-made actors) next to itself. Licence and provenance: LICENSE-misp-galaxy.md.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

Rec = dict[str, Any]
HERE = Path(__file__).resolve().parent
REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference"
MISP = REFERENCE / "misp-galaxy"
WRITTEN = {"apt", "cybercrime", "hacktivist", "ransomware", "sponsored_by", "mitre", "ambiguous"}  # counted keys
OTHER_FILES = ("countries.jsonl", "bodies.jsonl", "people.jsonl", "organizations.jsonl")
ATTACK_ID = re.compile(r"^(G\d{4})(:|$)|attack\.mitre\.org/groups/(G\d{4})")  # in name-attribution or refs
# What kind of actor a cluster is, from its names (one a line: CrowdStrike animals, Microsoft weather, Secureworks
# colours, Mandiant APT/FIN and Qihoo APT-C numbers) and from its description, motive and incident type
HACKTIVIST = re.compile(r"\sjackal$|hacktivis", re.I | re.M)
STATE = re.compile(
    r"\s(panda|bear|kitten|chollima|tiger|leopard|buffalo|typhoon|blizzard|sandstorm|sleet|hail|cyclone)$|^apt[ -]?"
    r"(c-)?\d+$|^(?-i:(BRONZE|IRON|COBALT|NICKEL|TUNGSTEN) [A-Z]+)$|state[- ](sponsored|backed)|nation[- ]state"
    r"|espionage|sabotage|information operations",
    re.I | re.M,
)
CRIME = re.compile(
    r"\s(spider|tempest)$|^fin\d+$|^(?-i:GOLD [A-Z]+)$|financial(ly[- ]motivated| theft)|cyber ?crim|e-?crime|fraud"
    r"|ransomware|banking trojan|extortion|business email compromise|cryptojack|cryptocurrency min|botnet",
    re.I | re.M,
)
# Ordinary English words and common names, for when /usr/share/dict/words is absent
COMMON_WORDS = """
actinium aluminum americium barium bismuth bohrium boron bromine calcium carbon cerium chromium cobalt copper
copernicium curium europium gadolinium gallium gold helium hassium holmium iridium iron krypton lawrencium lead
magnesium manganese mercury neodymium neptunium nickel niobium nitrogen osmium oxygen platinum plutonium polonium
potassium promethium radium rubidium scandium seaborgium silicon silver sodium strontium sulphur tantalum technetium
terbium thallium tungsten yttrium zinc zirconium bear beast butterfly cactus cicada cobra dragonfly eagle falcon flamingo
frog gopher gorilla jackal kitten leopard lime lynx mamba moth orca owl panda pear python rattlesnake rhino scarab
scorpion shark snake spider termite tick tiger tortoise waterbug wolf atlas aurora hades hermes icarus midas nemesis
orion pandora phoenix prometheus saturn sphinx thor titan vulcan medusa hydra kraken osiris anubis equation genesis
james lucy nevada tripoli anonymous apocalypse armageddon army assembly axiom basin blackout blank blind boom brick
castle chaos cheers christmas clay clock cloak colossus core crystal delta demo desktop diamond district dodger domino
donut dune dusk embargo endurance enigma entropy epsilon eternity evolution explorer fake final first fog fury fusion
gamma ghost global globe grief groove hacked havoc haze hive honor hunt hunters insomnia judge karma lambda landslide
light locked locker lockout machete magic magician mask matrix meow mirage mystic nightmare nitro nova one paradise
parasite patchwork payload payment phantom pickaxe play playboy poison predator prism protected proton pump punisher
purge radar rapid rapture razor reaper relic revolution root royal ruby rush sabbath sad salami salsa sanction sanctions
sea shade shadow siesta silence silent slam slug snatch spectre spring steel stinger storm streamer sugar summit sun
superman surprise survey synapse telegram trident trinity trojan tyrant unknown venom vendetta waiting wildcard wraith
zipper zorro done sport stupid mafia oceans outsider quantum android team group security cyber hacker ransomware
crypter dark evil black fire ice cloud blizzard typhoon tempest sandstorm sleet hail cyclone monsoon mars russian
turkish brazilian korean czech
"""
DICT = Path("/usr/share/dict/words")
WORDS = set(COMMON_WORDS.split()) | (
    set(DICT.read_text(errors="ignore").casefold().split()) if DICT.is_file() else set()
)


def _model_words() -> set[str]:
    """The words of the project's spaCy model (about 49,000, from its news training text):
    'Defender', 'Philadelphia', 'James' and 'aware' are there; 'Gamaredon', 'Kimsuky' and
    'LockBit' are not. A one-word threat-actor name that is an ordinary word would be matched
    in every article that uses the word."""
    sys.path.insert(0, str(HERE.parents[1]))
    from kg.extraction.nlp import load_nlp

    return {s.casefold() for s in load_nlp().vocab.strings if s.isascii() and s.isalpha()}


WORDS |= _model_words()


def key(s: str) -> str:
    """Case-folded, without punctuation or spaces: "BlackShadow" and "Black Shadow" name the same actor
    (stricter than check.py, which keeps the spaces)."""
    s = unicodedata.normalize("NFKC", s).casefold()
    return "".join(ch for ch in s if not unicodedata.category(ch).startswith(("P", "Z")) and not ch.isspace())


def is_word(name: str) -> bool:
    """A single all-letter word that is an ordinary English word or common name."""
    return name.isascii() and name.isalpha() and name.casefold() in WORDS


def read_jsonl(path: Path) -> list[Rec]:
    """The lines of a gazetteer file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def values(name: str) -> list[Rec]:
    """The clusters of a MISP galaxy file."""
    return list(json.loads((MISP / name).read_text(encoding="utf-8"))["values"])


def forms(d: Rec) -> list[str]:
    """Every surface form of a gazetteer line."""
    return [d["label"], *d.get("aliases", []), *d.get("demonyms", []), *d.get("metonyms", [])]


class Attack:
    """ATT&CK groups of mitre-intrusion-set.json: ids by name, revoked ids mapped to their replacement."""

    def __init__(self, records: list[Rec]) -> None:
        gids = {r["uuid"]: r["meta"]["external_id"] for r in records}
        moved = [(gids[r["uuid"]], x) for r in records for x in r.get("related", []) if x["type"] == "revoked-by"]
        self.replaced = {g: gids[x["dest-uuid"]] for g, x in moved if x["dest-uuid"] in gids}
        self.by_uuid = {u: self.current(g) for u, g in gids.items()}
        self.primary: dict[str, set[str]] = defaultdict(set)  # key(group name) -> ids
        self.synonym: dict[str, set[str]] = defaultdict(set)
        for r in records:
            self.primary[key(r["value"].rsplit(" - G", 1)[0])].add(self.by_uuid[r["uuid"]])
            for s in r["meta"].get("synonyms", []):
                self.synonym[key(s)].add(self.by_uuid[r["uuid"]])

    def current(self, gid: str) -> str:
        """The id that replaced a revoked one, else the id itself."""
        return str(self.replaced.get(gid, gid))

    def pick(self, rec: Rec, names: list[str], by_name: bool) -> str | None:
        """The one ATT&CK id a MISP record gives (name-attribution, refs, related); among several, or with
        by_name when it gives none, the one whose group name is one of its names or whose synonym is its label."""
        meta = rec.get("meta", {})
        found = [ATTACK_ID.search(s) for s in [*meta.get("name-attribution", []), *meta.get("refs", [])]]
        ids = {self.current(m[1] or m[3]) for m in found if m}
        ids |= {self.by_uuid[r["dest-uuid"]] for r in rec.get("related", []) if r["dest-uuid"] in self.by_uuid}
        for index, keys in ((self.primary, {key(n) for n in names}), (self.synonym, {key(names[0])})):
            hits = {g for k in keys for g in index.get(k, ())}
            hits = hits & ids if ids else hits if by_name else set()
            if len(hits) == 1:
                return hits.pop()
        return ids.pop() if len(ids) == 1 else None


def classify(rec: Rec, names: list[str], gid: str | None, sponsor: str | None, home: str | None) -> str:
    """apt, hacktivist or cybercrime for a threat-actor.json record: by state sponsor, vendor names, then text."""
    meta = rec["meta"]
    text = "\n".join(
        [*names, *map(str, (meta.get("motive"), meta.get("cfr-type-of-incident"), rec.get("description")))]
    )
    for category, rule in (("hacktivist", HACKTIVIST), ("apt", STATE), ("cybercrime", CRIME)):
        if not sponsor and rule.search(text):
            return category
    return "apt" if sponsor or gid or home else "cybercrime"


def main() -> int:
    """Write threat_actors_misp.jsonl and mitre_ids.jsonl and print what was written and left out."""
    if not MISP.is_dir():
        sys.exit(f"error: MISP galaxy reference data not found at {MISP} (see data/gazetteer/README.md)")
    readme = (REFERENCE / "README.md").read_text(encoding="utf-8") if (REFERENCE / "README.md").is_file() else ""
    found = re.search(r"MISP/misp-galaxy at commit ([0-9a-f]{40})", readme)
    snapshot = f"MISP/misp-galaxy@{found[1] if found else 'unknown commit'}"
    hand = read_jsonl(HERE / "threat_actors.jsonl")
    hand_forms = {key(s): d["label"] for d in hand for s in forms(d)}
    hand_labels = {key(d["label"]) for d in hand}
    others = {key(s) for f in OTHER_FILES for d in read_jsonl(HERE / f) for s in forms(d)}
    codes = [(c, [*forms(c), c["iso_alpha2"], c.get("iso_alpha3")]) for c in read_jsonl(HERE / "countries.jsonl")]
    country = {n.casefold(): c["label"] for c, names in codes for n in names if n}  # names and ISO codes -> label
    attack = Attack(values("mitre-intrusion-set.json"))
    stats: Counter[str] = Counter()
    # hand label -> ATT&CK id -> (strength, source). Strength: an ATT&CK group name is the label 6, a MISP value is
    # the label 5, an ATT&CK group name is an alias 4, an ATT&CK synonym is the label 3, a MISP value is an alias 2,
    # other overlaps 1. Names that are ordinary words do not count, except an ATT&CK group name ("Play").
    hand_ids: dict[str, dict[str, tuple[int, str]]] = defaultdict(dict)

    def propose(label: str, gid: str, strength: int, source: str) -> None:
        if hand_ids[label].get(gid, (0, ""))[0] < strength:
            hand_ids[label][gid] = (strength, f"MISP galaxy {source} ({snapshot})")

    def state(name: Any) -> str | None:  # "CN", "Russian Federation", "Iran (Islamic Republic of)" -> label
        m = re.fullmatch(r"\s*(.+) \((.+ of)\)\s*", name) if isinstance(name, str) else None
        return country.get(f"{m[2]} {m[1]}".casefold() if m else str(name).strip().casefold())

    def line(rec: Rec, kind: str, label: str, names: list[str], gid: str | None) -> Rec:
        aliases: list[str] = []
        for a in names[1:]:
            if a == label or a in aliases:
                continue
            if not 3 <= len(a) <= 60 or is_word(a) or (a.islower() and " " not in a) or not key(a):
                stats["aliases dropped as too generic"] += 1
            elif key(a) in others:
                stats["aliases dropped: name an actor of countries/bodies/people/organizations"] += 1
            elif key(a) in taken and key(a) != key(label):
                stats["aliases dropped: name another MISP line"] += 1
            else:
                aliases.append(a)
        cfr, home = state(rec["meta"].get("cfr-suspected-state-sponsor")), state(rec["meta"].get("country"))
        category = "ransomware" if kind == "ransomware" else classify(rec, names, gid, cfr, home)
        sponsor = cfr or (home if category == "apt" else None)  # a criminal group's home country is no sponsor
        d: Rec = {"label": label, "kind": "ThreatActor", "aliases": aliases}
        d["relations"] = [["sponsored_by", sponsor]] if sponsor else []
        d |= {"ambiguous": True} if is_word(label) else {}
        d |= {"ambiguous_aliases": [a for a in aliases if is_word(a)]} if any(map(is_word, aliases)) else {}
        d |= {"category": category} | ({"origin": cfr or home} if cfr or home else {}) | ({"mitre": gid} if gid else {})
        stats.update(f"written: {k}" for k in (category, "sponsored_by" * bool(sponsor), *d) if k in WRITTEN)
        return d | {"source": f"MISP galaxy {kind} ({snapshot})"}

    for r in values("mitre-intrusion-set.json"):
        for i, s in enumerate([r["value"].rsplit(" - G", 1)[0], *r["meta"].get("synonyms", [])]):
            if not r.get("revoked") and key(s) in hand_forms and (i == 0 or not is_word(s)):
                strength = (6 if i == 0 else 3) if key(s) in hand_labels else (4 if i == 0 else 1)
                propose(hand_forms[key(s)], r["meta"]["external_id"], strength, "mitre-intrusion-set")
    lines: list[Rec] = []
    taken: set[str] = set()  # keys of the names written so far
    collided: list[str] = []
    for kind in ("threat-actor", "ransomware"):
        for rec in values(f"{kind}.json"):
            rec.setdefault("meta", {})
            label = " ".join(rec["value"].split())
            synonyms = [" ".join(s.split()) for s in rec["meta"].get("synonyms", []) if s.strip()]
            bare = re.sub(r"\s+ransomware$", "", label, flags=re.I)  # "Foo Ransomware" is also "Foo"
            names = [label, *synonyms, *([bare] if bare != label and kind == "ransomware" else [])]
            gid = attack.pick(rec, [label, *synonyms], by_name=kind == "threat-actor")
            if any(key(n) in hand_forms for n in names):
                stats[f"{kind}: overlaps a hand-made actor"] += 1
                hits = {hand_forms[key(n)] for n in names if key(n) in hand_forms and not is_word(n)}
                own = hand_forms.get(key(label)) if not is_word(label) else None
                if gid and (own or len(hits) == 1):
                    propose(own or hits.pop(), gid, (5 if key(label) in hand_labels else 2) if own else 1, kind)
            elif is_word(label) or (label.islower() and " " not in label):
                stats[f"{kind}: label is an ordinary word"] += 1
            elif not 3 <= len(label) <= 60 or not key(label):
                stats[f"{kind}: label shorter than 3 or longer than 60 characters"] += 1
            elif key(label) in others:
                stats[f"{kind}: label names an actor of countries/bodies/people/organizations"] += 1
                collided.append(label)
            elif key(label) in taken:
                stats[f"{kind}: label already written from another MISP record"] += 1
            else:
                lines.append(line(rec, kind, label, names, gid))
                taken.update(key(s) for s in [label, *lines[-1]["aliases"]])

    enrich = []
    best = {g: max(c[g][0] for c in hand_ids.values() if g in c) for d in hand_ids.values() for g in d}
    for d in hand:  # an ATT&CK id goes to the hand-made actor(s) naming it best, and each takes its best id
        cands = {g: v for g, v in hand_ids.get(d["label"], {}).items() if v[0] == best[g]}
        top = sorted(g for g, (s, _) in cands.items() if s == max(s for s, _ in cands.values()))
        if len(top) == 1:
            enrich.append({"label": d["label"], "mitre": top[0], "source": cands[top[0]][1]})
        stats["hand-made actors with conflicting ATT&CK ids (left out)"] += len(top) > 1
    for name, rows in (("threat_actors_misp.jsonl", lines), ("mitre_ids.jsonl", enrich)):
        with open(HERE / name, "w", encoding="utf-8") as f:
            f.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    print(f"threat_actors_misp.jsonl: {len(lines)} lines; mitre_ids.jsonl: {len(enrich)} hand-made actors with an id")
    print("\n".join(f"  {k}: {v}" for k, v in sorted(stats.items())))
    print("  labels left out as names of other actors:", ", ".join(collided))
    return 0


if __name__ == "__main__":
    sys.exit(main())
