"""The package as users get it: a wheel that runs on its own, and the README's library example."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_IGNORED = shutil.ignore_patterns(
    ".git",
    ".venv",
    "kg-store",
    "exports",
    "build",
    "*.egg-info",
    "__pycache__",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
)


def _run_kg(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    code = f"import sys; sys.path.insert(0, {str(site)!r}); from kg.cli import main; main()"
    return subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def wheel_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel `pip install .` builds, unpacked: what an installed kg has, and nothing else of the checkout."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    shutil.copytree(ROOT, source, ignore=_IGNORED)
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(work / "dist"),
            str(source),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    wheel = next((work / "dist").glob("kg-*.whl"))
    site = work / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    return site


def test_the_wheel_carries_data_ontology_and_assets(wheel_site: Path) -> None:
    for part in (
        "kg/data/lexicon/triggers.tsv",
        "kg/data/rules/types.toml",
        "kg/data/queries/timeline.rq",
        "kg/data/gazetteer/countries.jsonl",
        "kg/data/lexicon/role_nouns.tsv",
        "kg/data/models/events/model.json",
        "kg/data/models/events/weights.npz",
        "kg/training/train.py",
        "kg/ontology/kg.ttl",
        "kg/ontology/shapes.ttl",
        "kg/views/assets/network.js",
    ):
        assert (wheel_site / part).is_file(), part


def test_an_installed_wheel_ingests_an_article_from_another_folder(wheel_site: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    article = elsewhere / "news.txt"
    article.write_text(
        "Treasury sanctions a hacking group\nUpdated: 2021-11-08 10:00\n\n"
        "The Treasury Department sanctioned Evil Corp on Monday.\n",
        encoding="utf-8",
    )
    ingested = _run_kg(wheel_site, elsewhere, "ingest", str(article), "--store", str(tmp_path / "store"))
    assert ingested.returncode == 0, ingested.stderr
    assert ingested.stderr.strip().endswith("1 articles ingested, 0 unchanged, 1 events, 0 skipped, 0 failed")
    shown = _run_kg(wheel_site, elsewhere, "events", "--store", str(tmp_path / "store"), "--format", "tsv")
    assert "\tSANCTION\tUS Department of the Treasury\tsanctioned\tEvil Corp\t" in shown.stdout
    where = _run_kg(wheel_site, elsewhere, "--version")
    assert where.returncode == 0


def test_the_readme_library_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Python block under the README's 'As a library' heading, run as written (from the checkout)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## As a library", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    assert code is not None, "the README's 'As a library' section has no python block"
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {"__name__": "readme"}
    exec(compile(code.group(1).replace('"kg-store"', repr(str(tmp_path / "store"))), "README.md", "exec"), namespace)
