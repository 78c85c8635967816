"""Pure text processing and query parsing (no database)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from aspiration.search.query import And, Not, Or, Phrase, Prefix, Term, parse, to_fts5, to_tsquery
from aspiration.search.text import process, query_stems, surface_form


def test_documents_and_queries_share_processing():
    doc = process("Les discriminations à l'égard des FEMMES", "fr")
    assert doc.surface == "les discriminations a l egard des femmes"
    assert set(query_stems("discrimination")) & set(doc.stems.split()) == {"discrimin"}
    assert surface_form("ÉGARD") == "egard"


def test_stemmers_by_script_and_language():
    assert process("discriminations", "en").stems == "discrimin"
    assert process("discriminación", "es").stems == "discrimin"
    assert process("дискриминацией", "ru").stems == process("дискриминация", "ru").stems
    assert process("消除对妇女的歧视", "zh").stems.split() == ["消除", "对", "妇女", "的", "歧视"]
    assert process("المرأة", "ar").stems == process("المراة", "ar").stems == process("الْمَرْأَة", "ar").stems


def test_parse_tree():
    query = parse('(women OR girls) "death penalty" ratif* -torture')
    assert isinstance(query.include, And)
    first, phrase, prefix, negation = query.include.children
    assert isinstance(first, Or) and all(isinstance(c, Term) for c in first.children)
    assert phrase == Phrase(("death", "penalty"))
    assert prefix == Prefix("ratif")
    assert isinstance(negation, Not)
    assert parse("NOT torture").include is None and parse("NOT torture").excluded is not None


def test_backend_translations():
    query = parse('"death penalty" OR ratif*')
    assert to_fts5(query.include) == '(surface : "death penalty" OR surface : "ratif" *)'
    assert to_tsquery(query.include) == "(('death':B <-> 'penalty':B) | 'ratif':*B)"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list('ab "()*-:\'\\^é中ا') + [" AND ", " OR ", " NOT ", "NEAR"]), max_size=20))
def test_any_input_parses_to_safe_backend_syntax(pieces):
    query = parse("".join(pieces))
    for node in (query.include, query.excluded):
        if node is not None:
            fts, tsq = to_fts5(node), to_tsquery(node)
            # operands are quoted words only: no user character can break out of the quotes
            assert fts.count('"') % 2 == 0 and tsq.count("'") % 2 == 0
            assert "\\" not in fts and "\\" not in tsq


def test_stemming_from_many_threads_at_once_gives_each_word_its_own_stem():
    """The server answers searches in threads; a stemmer shared between them mixed their words up."""
    import threading

    from aspiration.search import text

    words = [f"{base}{suffix}" for base in ("discriminat", "educat", "protect", "journalist", "nation")
             for suffix in ("ion", "ions", "ed", "ing", "ionally", "s", "ive", "ively")] * 40
    expected = [text._stemmer("english").stemWord(word) for word in words]
    failures: list[BaseException] = []
    results: dict[int, list[str]] = {}

    def work(n: int) -> None:
        try:  # the stemmer itself, not the cached ``stem``: the cache would hide a shared stemmer's mix-ups
            results[n] = [text._stemmer("english").stemWord(word) for word in words]
        except BaseException as error:  # noqa: BLE001 - an IndexError is how the mix-up shows
            failures.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    assert all(stems == expected for stems in results.values())
