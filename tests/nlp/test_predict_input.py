import json

from hypothesis import given
from hypothesis import strategies as st

from aspiration.labelling.management.commands.predict import parse_line

json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                           max_leaves=8)


@given(st.text())
def test_any_line_gives_a_record_or_an_error(line):
    record, error = parse_line(line)
    assert (record is None) != (error is None)
    if error:
        assert set(error) == {"id", "error"} and error["error"]
        json.dumps(error)


@given(st.dictionaries(st.sampled_from(["id", "text", "language", "other"]), json_values, max_size=4))
def test_objects_are_checked_field_by_field(item):
    record, error = parse_line(json.dumps(item))
    valid = (isinstance(item.get("id"), str | int) and not isinstance(item.get("id"), bool) and str(item.get("id")) != ""
             and isinstance(item.get("text"), str) and item["text"].strip() != ""
             and (item.get("language") is None or isinstance(item.get("language"), str)))
    assert (record is not None) == valid
    if record:
        assert record["id"] == str(item["id"]) and record["text"] == item["text"]
    else:
        json.dumps(error)
