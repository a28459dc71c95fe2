"""Where kg's data files are: data/ (lexicons, gazetteers, rules, saved queries, models) and
ontology/ (the ontology and its SHACL shapes).

In a checkout they are the top-level folders beside kg/; a wheel carries them inside the
package as kg/data and kg/ontology (pyproject.toml maps them there).
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _folder(name: str) -> Path:
    inside = _PACKAGE / name
    return inside if inside.is_dir() else _PACKAGE.parent / name


DATA = _folder("data")
ONTOLOGY = _folder("ontology")
