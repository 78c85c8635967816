"""Natural order of label codes (one owner: aspiration.reference.codes), on real and on mixed, odd codes."""

from __future__ import annotations

import string

from hypothesis import given
from hypothesis import strategies as st

from aspiration.reference.codes import code_key, code_sort_key, goal_of, goals_implied, sorted_codes, target_of

MIXED = ["16.a", "", "a", "16", "16.2", "1.10", "1.a", "1.1", "2", "10", "Women's rights", "16.10.1", "16.10", "16.9",
         "1.1.1", "1..2", "٣", "²", "1.b"]


def test_numbers_by_value_before_letters_part_by_part():
    assert sorted_codes(["16.10", "16.9", "16.a", "2", "16", "1.1", "16.b", "10"]) == [
        "1.1", "2", "10", "16", "16.9", "16.10", "16.a", "16.b"]
    assert sorted_codes(["1.a", "1.10", "1.1", "1.2"]) == ["1.1", "1.2", "1.10", "1.a"]  # the UN order of targets


def test_mixed_codes_never_crash_and_sort_stably():
    ordered = sorted_codes(MIXED)
    assert sorted(ordered) == sorted(MIXED)
    assert ordered.index("16") < ordered.index("16.2") < ordered.index("16.9") < ordered.index("16.10") \
        < ordered.index("16.a")
    assert ordered.index("2") < ordered.index("10") < ordered.index("a")
    assert sorted_codes(reversed(MIXED)) == ordered
    for code in MIXED:
        code_sort_key(code)  # the stored key is made for any code too


def test_a_target_implies_its_goal_and_an_indicator_its_target():
    assert goal_of("16.10") == "16" and goal_of("16.10.1") == "16" and target_of("16.10.1") == "16.10"
    assert goals_implied(["5"], ["16.10", "5.2", "10.3"]) == ["5", "10", "16"]
    assert goals_implied([], []) == []


ANY_CODE = st.text(max_size=12)
# The codes of the reference data: dotted parts of ASCII letters and numbers below 1000.
PART = st.one_of(st.integers(min_value=0, max_value=999).map(str), st.text(string.ascii_letters, min_size=1, max_size=3))
REFERENCE_CODE = st.lists(PART, min_size=1, max_size=4).map(".".join)


@given(st.lists(ANY_CODE, max_size=20))
def test_any_text_gets_a_key_and_the_order_is_total(codes):
    ordered = sorted(codes, key=code_key)
    assert all(code_key(a) <= code_key(b) for a, b in zip(ordered, ordered[1:], strict=False))
    for code in codes:
        assert isinstance(code_sort_key(code), str)


@given(REFERENCE_CODE, REFERENCE_CODE)
def test_the_stored_sort_key_orders_reference_codes_like_the_python_key(a, b):
    if code_key(a) < code_key(b):
        assert code_sort_key(a) < code_sort_key(b)
    elif code_key(a) == code_key(b):
        assert code_sort_key(a) == code_sort_key(b)
