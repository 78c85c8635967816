from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aspiration.watch.parsing import FeedRow, ParseError, RowError, parse_date, read_csv, read_file, read_jsonl, read_xml


def split(rows):
    rows = list(rows)
    return [r for r in rows if isinstance(r, FeedRow)], [r for r in rows if isinstance(r, RowError)]


def test_csv_rows_and_errors(fixtures_dir):
    good, bad = split(read_file(fixtures_dir / "watch" / "items.csv"))
    assert [r.external_id for r in good] == ["c1", "c2", "c5", "c6"]
    assert {(e.number, e.reason.split(" ")[0]) for e in bad} == {(4, "missing"), (5, "unreadable")}
    assert good[0].published == datetime(2026, 3, 1, 10, tzinfo=UTC)
    assert good[0].author == "@alice" and good[0].country == "FRA"


def test_jsonl_rows_and_errors(fixtures_dir):
    good, bad = split(read_file(fixtures_dir / "watch" / "items.jsonl"))
    assert [r.external_id for r in good] == ["j1", "j2", "j6"]
    assert [(e.number, e.reason) for e in bad] == [
        (3, "invalid JSON: Expecting value"), (4, "missing text"), (5, "not a JSON object")]


def test_rss(fixtures_dir):
    good, bad = split(read_file(fixtures_dir / "watch" / "feed.rss"))
    assert [r.external_id for r in good] == ["es-1", "es-3"]
    assert good[0].text == "Nueva biblioteca. El ayuntamiento abrió una biblioteca."
    assert good[0].language == "es" and good[0].source == "Local news" and good[0].author == "Ana"
    assert [(e.number, e.reason) for e in bad] == [(2, "missing date")]


def test_atom(fixtures_dir):
    good, bad = split(read_file(fixtures_dir / "watch" / "feed.atom"))
    assert [r.external_id for r in good] == ["urn:a1", "urn:a3"]
    assert good[0].url == "https://example.org/a/1" and good[0].author == "Zed" and good[0].language == "en"
    assert [(e.number, e.reason) for e in bad] == [(2, "missing text")]


def test_hostile_xml_is_refused():
    bomb = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><rss><channel></channel></rss>'
    with pytest.raises(ParseError):
        list(read_xml(bomb))


def test_unknown_xml_and_extension(tmp_path: Path):
    with pytest.raises(ParseError):
        list(read_xml("<html></html>"))
    (tmp_path / "x.pdf").write_text("x")
    with pytest.raises(ParseError):
        list(read_file(tmp_path / "x.pdf"))


def test_a_csv_without_a_text_or_date_column_is_refused_whole_naming_the_accepted_names():
    with pytest.raises(ParseError, match="no text column: .*content, body, message"):
        list(read_csv("post,date\nhello,2026-03-01\n"))
    with pytest.raises(ParseError, match="no date column: .*published"):
        list(read_csv("Content,when\nhello,2026-03-01\n"))
    good, bad = split(read_csv("Content,Published\nhello,2026-03-01\n"))  # aliases, any case
    assert [r.text for r in good] == ["hello"] and not bad


def test_csv_with_too_many_cells():
    good, bad = split(read_csv("text,date\nhello,2026-01-01,extra\nfine,2026-01-02\n"))
    assert len(good) == 1 and bad[0].number == 2 and "more cells" in bad[0].reason


def test_dates():
    assert parse_date("2026-03-01").tzinfo is not None
    assert parse_date("Sun, 01 Mar 2026 10:00:00 GMT") == datetime(2026, 3, 1, 10, tzinfo=UTC)
    with pytest.raises(ValueError):
        parse_date("yesterday")


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_malformed_jsonl_never_raises(content):
    for row in read_jsonl(content):
        assert isinstance(row, FeedRow | RowError)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_malformed_csv_never_raises_per_row(content):
    try:
        rows = list(read_csv(content))
    except ParseError:
        return
    assert all(isinstance(row, FeedRow | RowError) for row in rows)
