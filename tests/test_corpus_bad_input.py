"""`mirror corpus import` under bad input (issue 16): every bad line is rejected alone,
with the file and line number, and every good line is imported, on SQLite and
PostgreSQL; encodings by byte-order mark; huge lines rejected unread; junk fragments
skipped; the exit status tells whether anything was rejected."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from mirror.corpus_input import BadLine, CorpusFormat, ParsedDocument, read_corpus
from mirror.dedup_cli import EXIT_SOME_REJECTED
from tests.dedup_fixtures import failure, run, works

pytest_plugins = ["tests.db_fixtures"]

BAD_CORPUS = Path(__file__).parent / "data" / "bad_corpus"
GOOD = (
    "A chess player crosses the Andes on foot to reach a tournament in Santiago.",
    "A tailor in Lagos sews a wedding dress in one night for his estranged sister.",
    "Two lighthouse keepers on a northern island quarrel through a long winter.",
)


def _read(data: bytes, fmt: CorpusFormat, max_chars: int = 100_000) -> list:
    return list(read_corpus(io.BytesIO(data), "src", fmt, max_chars))


def _documents(items: list) -> list[ParsedDocument]:
    return [item for item in items if isinstance(item, ParsedDocument)]


def _bad(items: list) -> dict[int, str]:
    return {item.line: item.reason for item in items if isinstance(item, BadLine)}


@pytest.mark.parametrize("name", ["utf16le.txt", "utf16be.txt", "utf32.txt"])
def test_utf16_and_utf32_with_a_byte_order_mark_are_read_as_text(name: str) -> None:
    items = _read((BAD_CORPUS / name).read_bytes(), CorpusFormat.lines)
    assert [doc.text for doc in _documents(items)] == list(GOOD)
    assert [doc.id for doc in _documents(items)] == ["src:1", "src:2", "src:3"]


def test_utf16_without_a_byte_order_mark_is_rejected_by_line() -> None:
    items = _read((BAD_CORPUS / "utf16_no_bom.txt").read_bytes(), CorpusFormat.lines)
    assert _documents(items) == []
    assert "NUL" in _bad(items)[1] and "UTF-16" in _bad(items)[1]


def test_nul_bytes_binary_junk_and_fragments_are_rejected_line_by_line() -> None:
    items = _read((BAD_CORPUS / "mixed.txt").read_bytes(), CorpusFormat.lines)
    assert [(doc.line, doc.text) for doc in _documents(items)] == [(1, GOOD[0]), (8, GOOD[1])]
    bad = _bad(items)
    assert set(bad) == {2, 3, 4, 5, 6, 7}
    assert "NUL" in bad[2] and "NUL" in bad[3]
    assert bad[4] == "not valid UTF-8" and bad[7] == "not valid UTF-8"
    assert bad[5].startswith("too short") and bad[6].startswith("too short")
    assert all(
        item.too_short for item in items if isinstance(item, BadLine) and item.line in {5, 6}
    )


def test_values_the_columns_cannot_hold_are_rejected_with_their_line() -> None:
    items = _read((BAD_CORPUS / "values.jsonl").read_bytes(), CorpusFormat.jsonl)
    assert [doc.id for doc in _documents(items)] == ["j1", "j7", "j10"]
    bad = _bad(items)
    assert "id longer than 300" in bad[2]
    assert "lang" in bad[3] and "longer than 16" in bad[3]
    assert "year 99999999999 outside" in bad[4]
    assert "NUL" in bad[5]
    assert "not a whole number" in bad[6]  # true is not a year
    assert bad[8].startswith("invalid JSON") and bad[9] == "not a JSON object"


def test_an_unclosed_csv_quote_rejects_its_row_and_swallows_nothing() -> None:
    items = _read((BAD_CORPUS / "open_quote.csv").read_bytes(), CorpusFormat.csv)
    assert [doc.id for doc in _documents(items)] == ["c1", "c3", "c4"]
    assert "never closed" in _bad(items)[3]


def test_a_csv_field_over_128_kib_skips_nothing_after_it() -> None:
    huge = "word " * 30_000  # 150,000 characters: past Python's csv field limit
    data = f'id,text\nh1,"{huge}"\nh2,{GOOD[0]}\nh3,"{GOOD[1]}"\n'.encode()
    # Within a raised cap the field is a document like any other ...
    items = _read(data, CorpusFormat.csv, max_chars=1_000_000)
    assert [doc.id for doc in _documents(items)] == ["h1", "h2", "h3"]
    # ... and past the default cap it is rejected alone.
    items = _read(data, CorpusFormat.csv)
    assert [doc.id for doc in _documents(items)] == ["h2", "h3"]
    assert _bad(items) == {2: "longer than 100,000 characters"}


def test_a_quote_left_open_for_longer_than_the_cap_stops_at_the_cap() -> None:
    rows = "".join(f"r{n},{GOOD[n % 3]}\n" for n in range(200))
    data = f'id,text\nopen,"{GOOD[0]}\n{rows}'.encode()
    items = _read(data, CorpusFormat.csv, max_chars=2_000)
    assert len(_documents(items)) == 200  # every row after the open quote
    assert "row longer than 2,000 characters" in _bad(items)[2]


def test_a_line_over_the_cap_is_rejected_without_reading_it_whole() -> None:
    script = (
        "import io, resource, sys\n"
        "from mirror.corpus_input import read_corpus, CorpusFormat\n"
        "class Stream(io.RawIOBase):\n"
        "    # 50 MB of one line, then a good line, produced as it is read\n"
        "    def __init__(self):\n"
        "        self.left = int(sys.argv[1])\n"
        "        self.tail = b'\\n" + GOOD[0] + "\\n'\n"
        "    def readable(self):\n"
        "        return True\n"
        "    def readinto(self, buffer):\n"
        "        if self.left > 0:\n"
        "            n = min(len(buffer), self.left)\n"
        "            buffer[:n] = b'x' * n\n"
        "            self.left -= n\n"
        "            return n\n"
        "        n = min(len(buffer), len(self.tail))\n"
        "        buffer[:n] = self.tail[:n]\n"
        "        self.tail = self.tail[n:]\n"
        "        return n\n"
        "items = list(read_corpus(io.BufferedReader(Stream()), 'big', CorpusFormat.lines))\n"
        "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "print(repr([(i.line, getattr(i, 'reason', None)) for i in items]), peak)\n"
    )

    def peak_kib(line_bytes: int) -> int:
        done = subprocess.run(
            [sys.executable, "-c", script, str(line_bytes)],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        listing, peak = done.stdout.rsplit(" ", 1)
        assert listing == "[(1, 'longer than 100,000 characters'), (2, None)]"
        return int(peak)

    # The same script with a line just over the cap is the baseline: the interpreter and
    # the modules cost the same; reading 50 MB whole would cost at least 50 MB more.
    assert peak_kib(50_000_000) - peak_kib(200_000) < 25_000


# -- the command, on SQLite and PostgreSQL -------------------------------------------------


def _doc_ids(db_url: str) -> set[str]:
    return {m["doc"] for film in works(db_url) for m in film["members"] if m["kind"] == "doc"}


def test_import_keeps_the_good_lines_and_names_every_bad_one(db_url: str) -> None:
    result = run("corpus", "import", str(BAD_CORPUS / "values.jsonl"), "--db", db_url)
    assert result.exit_code == EXIT_SOME_REJECTED, result.output + failure(result)
    assert _doc_ids(db_url) == {"j1", "j7", "j10"}
    for line in (2, 3, 4, 5, 6, 8, 9):
        assert f"values.jsonl:{line}: rejected:" in result.stderr
    assert "values.jsonl: 7 line(s) rejected" in result.stderr
    assert "first at line(s) 2, 3, 4, 5, 6, …" in result.stderr
    assert "3 new" in result.stdout and "7 rejected" in result.stdout
    assert "Traceback" not in result.output


def test_import_of_mixed_junk_imports_the_good_lines(db_url: str) -> None:
    result = run("corpus", "import", str(BAD_CORPUS / "mixed.txt"), "--db", db_url)
    assert result.exit_code == EXIT_SOME_REJECTED, result.output + failure(result)
    assert _doc_ids(db_url) == {"mixed:1", "mixed:8"}
    assert "4 rejected, 2 too short" in result.stdout
    assert "mixed.txt:5: skipped: too short" in result.stderr


def test_import_of_utf16_stores_text_and_exits_0(db_url: str) -> None:
    result = run("corpus", "import", str(BAD_CORPUS / "utf16le.txt"), "--db", db_url)
    assert result.exit_code == 0, result.output + failure(result)
    stored = {m["doc"] for film in works(db_url) for m in film["members"]}
    assert stored == {"utf16le:1", "utf16le:2", "utf16le:3"}
    assert "0 rejected" in result.stdout


def test_junk_fragments_are_not_imported_nor_linked(db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "fragments.txt"
    path.write_text("ok\nok\nSee also...\nSee also...\n" + GOOD[0] + "\n", encoding="utf-8")
    result = run("corpus", "import", str(path), "--db", db_url)
    assert result.exit_code == 0, result.output + failure(result)
    assert _doc_ids(db_url) == {"fragments:5"}


def test_a_file_of_nothing_but_fragments_fails(db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "junk.txt"
    path.write_bytes(b"ok\n\x00\x01\x02\n")
    result = run("corpus", "import", str(path), "--db", db_url)
    assert result.exit_code == 1
    assert (
        "nothing could be imported" in result.stderr and "1 rejected, 1 too short" in result.stderr
    )
