import json
from datetime import date
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.inputs.files import Skipped, read_paths
from kg.model import Article

TEXT = "Ministry condemns new export rules\nUpdated: 2021-07-20 09:15\n(Reuters)\n\nBERLIN - The ministry condemned the rules on Tuesday.\n\nIt said talks would continue.\n- Ransomware gang hits school district\n- Police arrest fraud suspect\nMost Viewed\nSomething else\n"
HTML = """<html><head><title>Agency names hackers</title>
<meta property="article:published_time" content="2020-10-19T12:00:00Z"></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Agency names hackers</h1>
<p>The agency accused a military unit of attacking the power grid on Monday, officials said in a statement.</p>
<p>The government of the accused country denied any involvement in the incident and called the claims baseless.</p></article>
<aside><h3>Related stories</h3><ul><li><a href="/a">Country denies role in hack</a></li><li><a href="/b">Minister resigns</a></li></ul></aside>
<div><h3>Most Viewed</h3><ol><li>Storm hits coast</li></ol></div><footer>Copyright 2020</footer></body></html>"""


def read(tmp_path: Path, name: str, content: str | bytes) -> list[object]:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return list(read_paths([path]))


def test_text_file_title_date_and_body(tmp_path: Path) -> None:
    [article] = read(tmp_path, "a.txt", TEXT)
    assert isinstance(article, Article)
    assert article.title == "Ministry condemns new export rules"
    assert article.published == date(2021, 7, 20)
    assert article.body == "BERLIN - The ministry condemned the rules on Tuesday.\n\nIt said talks would continue."
    assert article.id == "a.txt"


def test_html_page_furniture_dropped(tmp_path: Path) -> None:
    [article] = read(tmp_path, "page.html", HTML)
    assert isinstance(article, Article)
    assert article.title == "Agency names hackers"
    assert article.published == date(2020, 10, 19)
    assert "accused a military unit" in article.body
    assert "denied any involvement" in article.body
    for furniture in ("Country denies role", "Most Viewed", "Storm hits", "Home", "Copyright", "Minister resigns"):
        assert furniture not in article.body


def test_jsonl_records(tmp_path: Path) -> None:
    lines = [
        {
            "id": "w:1",
            "title": "One",
            "date": "2021-06-07",
            "text": "Police seized servers.",
            "url": "https://example.org/1",
        },
        {"id": "w:2", "title": "Two", "date": None, "text": "A court sentenced a hacker."},
    ]
    articles = read(tmp_path, "w.jsonl", "\n".join(json.dumps(x) for x in lines) + "\n")
    assert [a.id for a in articles] == ["w:1", "w:2"]  # type: ignore[attr-defined]
    assert articles[0].published == date(2021, 6, 7)  # type: ignore[attr-defined]
    assert articles[1].published is None  # type: ignore[attr-defined]


def test_folder_is_read_recursively_with_relative_ids(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text(TEXT)
    (tmp_path / "a.txt").write_text(TEXT)
    (tmp_path / "notes.md").write_text("not an article")
    (tmp_path / ".hidden.txt").write_text(TEXT)
    items = list(read_paths([tmp_path]))
    assert [i.id for i in items if isinstance(i, Article)] == ["a.txt", "sub/b.txt"]
    assert [type(i) for i in items if not isinstance(i, Article)] == [Skipped]


@pytest.mark.parametrize(
    "name, content, message",
    [
        (
            "bin.txt",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "binary file (contains NUL bytes and no byte order mark), not an article",
        ),
        ("empty.txt", b"", "empty file"),
        ("blank.html", b"  \n\n ", "empty file"),
        (
            "latin1.txt",
            "Caf\xe9 hack\nUpdated: 2020-01-01\n\nText.".encode("latin-1"),
            "not UTF-8 text (invalid byte 0xe9 at offset 3)",
        ),
        ("notes.docx", b"hello", "unknown extension '.docx'; expected one of .txt, .html, .htm, .jsonl"),
        ("bad.jsonl", b'{"id": "x", "text": "ok"\n', "malformed JSON at column 25: Expecting ',' delimiter"),
        ("list.jsonl", b"[1, 2]\n", "expected a JSON object, got list"),
        ("noid.jsonl", b'{"text": "Police arrested him."}\n', "missing or empty 'id'"),
        ("notext.jsonl", b'{"id": "a", "text": ""}\n', "article 'a' has no 'text'"),
        (
            "baddate.jsonl",
            b'{"id": "a", "text": "Police arrested him.", "date": "someday"}\n',
            "article 'a' has an unreadable 'date' 'someday'; use YYYY-MM-DD",
        ),
        (
            "furniture.txt",
            b"Title\nUpdated: 2020-01-01\n\nMost Viewed\n- a\n- b\n",
            "no article text after removing page furniture",
        ),
    ],
)
def test_bad_input_gives_one_clear_error(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    [item] = read(tmp_path, name, content)
    assert isinstance(item, InputError)
    text = str(item)
    assert text.startswith(str(tmp_path / name))
    assert text.endswith(message)
    assert "\n" not in text


def test_missing_path(tmp_path: Path) -> None:
    [item] = list(read_paths([tmp_path / "nope.txt"]))
    assert str(item) == f"{tmp_path / 'nope.txt'}: no such file or folder"


def test_one_bad_jsonl_line_does_not_stop_the_others(tmp_path: Path) -> None:
    content = '{"id": "a", "text": "Police arrested him."}\nnot json\n{"id": "b", "text": "Police seized a server."}\n'
    items = read(tmp_path, "mixed.jsonl", content)
    assert [type(i).__name__ for i in items] == ["Article", "InputError", "Article"]
    assert str(items[1]).startswith(f"{tmp_path / 'mixed.jsonl'}:2: malformed JSON")


def test_content_hash_changes_with_content() -> None:
    a = Article(id="x", title="t", body="Body one.")
    b = Article(id="x", title="t", body="Body two.")
    assert a.hash != b.hash and a.hash == Article(id="x", title="t", body="Body one.").hash
