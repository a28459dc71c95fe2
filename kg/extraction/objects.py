"""What an event's object says: tests on a Policy's label (ransoms, loot, people, vague victims).

The words come from data/lexicon/words.tsv; these functions only read labels, so they work
on any object, whatever sentence it came from.
"""

from __future__ import annotations

import re

from kg.extraction.lexicon import word_class
from kg.extraction.syntax import unique
from kg.model import Policy


def joined(policies: list[Policy]) -> Policy:
    """One object for a list of things: 'cash, wallets and cars'."""
    joined = " and ".join(p.label for p in policies)
    return Policy(joined, unique(tuple(p.label for p in policies) + tuple(a for p in policies for a in p.aliases)))


def is_ransom(policy: Policy) -> bool:
    """'multi-million dollar ransoms', 'a $7 million payment', '50 bitcoin'."""
    words = set(re.findall(r"[a-z$]+", " ".join((policy.label,) + policy.aliases).lower()))
    return bool(words & word_class("ransom_word")) or "$" in policy.label


def head_word(policy: Policy) -> str:
    """The last word of an object's label, lower-cased and without a plural -s."""
    words = policy.label.lower().split()
    word = words[-1] if words else ""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"  # "entities", "companies"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") and len(word) > 3 else word


def described(policy: Policy) -> bool:
    """A victim told by what it is: 'hospitals', 'Ukrainian sites'; not by a word that says
    nothing of it ('the site', 'individuals', 'a handful', 'victims')."""
    if head_word(policy) not in word_class("vague_victim"):
        return True
    # a vague head is described by a modifier or a named place: "Ukrainian sites", "targets in the
    # United States"; not "a handful of individuals"
    return len(policy.label.split()) >= 2 or any(w[:1].isupper() for a in policy.aliases for w in a.split()[1:])


def bare_plural(policy: Policy) -> bool:
    """'hackers', 'accounts': a plural noun alone names a kind of thing, not particular ones."""
    words = policy.label.split()
    if len(words) != 1 or not words[0].islower() or not words[0].endswith("s") or words[0].endswith("ss"):
        return False
    return all(len(a.split()) == 1 for a in policy.aliases)  # "the domains of the group" is particular


def is_name(label: str) -> bool:
    """Two to four capitalised words with lower-case letters: 'Nikita Kislitsin'."""
    words = label.split()
    return 2 <= len(words) <= 4 and all(w[:1].isupper() and any(c.islower() for c in w) and w.isalpha() for w in words)


def names_people(policy: Policy) -> bool:
    """'two members of a ransomware gang', 'the quartet', 'a Turkish national': people."""
    words = {w.lower().strip(",.") for w in policy.label.split()}
    people = (
        word_class("group_person") | word_class("role_person") | word_class("role_threat") | word_class("people_noun")
    )
    if is_name(policy.label):
        return True  # a name the NER did not tag: 'Nikita Kislitsin'
    return (
        head_word(policy) in people
        or bool(words & word_class("people_noun"))
        or any(w.rstrip("s") in word_class("group_person") for w in words)
    )


def is_loot(policy: Policy) -> bool:
    """What an attack takes or hits, not whom: data, files, money, credentials, bare 'systems'.
    Systems described by whose they are ('Ukrainian government systems') stand for the victim."""
    words = policy.label.split()
    head = words[-1].lower() if words else ""
    return head in word_class("loot_noun") or head in word_class("owned_noun") and len(words) == 1
