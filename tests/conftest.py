"""Shared fixtures: one spaCy pipeline per session, memory stores, paths to the corpora."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "articles"
SHARED = ROOT.parent / "shared" / "corpus"
SEED = SHARED / "seed"
CHROMIUM = Path("/usr/bin/chromium")
needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"{CHROMIUM} is missing: the browser tests need headless Chromium (make test installs it)",
)


def headless_chromium(profile: Path) -> list[str]:
    """The start of every browser test's command: headless, no sandbox, no GPU, no network of
    its own, a fresh profile."""
    return [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        f"--user-data-dir={profile}",
    ]


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    from kg.extraction.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def extractor(nlp):  # type: ignore[no-untyped-def]
    from kg.extraction.pipeline import Extractor

    return Extractor(nlp.vocab)


@pytest.fixture()
def memory_store() -> Iterator[object]:
    from kg.store.embedded import Store

    with Store(":memory:") as store:
        yield store


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An embedded store with the bundled sample ingested once for the session's read tests."""
    from kg.pipeline.ingest import ingest
    from kg.store.embedded import Store

    path = tmp_path_factory.mktemp("stores") / "sample"
    with Store(str(path)) as store:
        report = ingest([SAMPLE], store)
    assert not report.failed, report.failed
    return path


def needs_shared() -> pytest.MarkDecorator:
    return pytest.mark.skipif(
        not SEED.is_dir(), reason=f"../shared/corpus is absent ({SHARED}): reference corpora not available"
    )
