"""Pure parts: SVG path flattening, the shipped map geometry, class breaks, charts, export cells."""

from hypothesis import given
from hypothesis import strategies as st

from aspiration.safe_cells import csv_cell
from aspiration.web import charts, worldmap


def test_relative_and_absolute_path_commands_give_absolute_points():
    rings = worldmap.path_rings("m 10,10 l 5,0 0,5 h -5 z M 100 100 L 110 100 c 1,1 2,2 0,10 V 120")
    assert rings[0] == [(10, 10), (15, 10), (15, 15), (10, 15)]
    assert rings[1] == [(100, 100), (110, 100), (110, 110), (110, 120)]


def test_pairs_after_a_moveto_are_linetos():
    assert worldmap.path_rings("m 0 0 10 0 0 10")[0] == [(0, 0), (10, 0), (10, 10)]


def test_simplify_drops_points_closer_than_the_step():
    assert worldmap.simplify([(0, 0), (0.5, 0.2), (3, 0), (3.4, 0.1), (6, 6)]) == [(0, 0), (3, 0), (6, 6)]


def test_shipped_geometry_has_the_un_member_states_we_map():
    geometry = worldmap.load_geometry()
    codes = {shape.iso2 for shape in geometry.shapes}
    assert {"FR", "CN", "BR", "KE", "SS", "TV", "FJ"} <= codes
    assert "AQ" not in codes
    assert len(geometry.shapes) > 200
    size = sum(len(d) for shape in geometry.shapes for d in shape.paths)
    assert size < 200_000  # simplified: the package's file is about 1 MB


def test_choropleth_links_only_countries_with_recommendations():
    svg = worldmap.choropleth_svg(
        {"FR": worldmap.Area("France & co", 7, "/country/FRA/"), "KE": worldmap.Area("Kenya", 0, None)},
        [5, 10], "Map", "{name}: {count}",
    )
    assert svg.count("<a ") == 1
    assert 'aria-label="France &amp; co: 7"' in svg and 'class="q2"' in svg


@given(st.lists(st.integers(min_value=0, max_value=10_000), max_size=60))
def test_class_breaks_put_every_positive_value_in_a_bucket(values):
    bounds = worldmap.quantile_classes(values)
    assert bounds == sorted(set(bounds))
    for value in values:
        level = worldmap.bucket(value, bounds)
        assert (level == 0) == (value <= 0)
        if value > 0:
            assert 1 <= level <= len(bounds) and value <= bounds[level - 1]


def test_heatmap_levels_scale_to_the_largest_cell():
    grid = charts.heatmap(["1", "2"], [1, 2], {("1", 1): 10, ("2", 2): 1})
    assert [[cell.level for cell in row] for row in grid] == [[5, 0], [0, 1]]


def test_bars_and_column_chart():
    bars = charts.bars([("a", "A", 3), ("b", "B", 1)])
    assert (bars[0].percent, bars[1].percent, bars[1].share) == (100.0, 33.3, 25.0)
    svg = charts.column_chart_svg([("1", 2), ("2", 4)], "Per <session>")
    assert svg.count("<rect") == 2 and "Per &lt;session&gt;" in svg
    assert charts.column_chart_svg([], "x") == ""


def test_cells_that_would_run_as_formulas_are_quoted():
    assert csv_cell("=1+1") == "'=1+1"
    assert csv_cell("-5 people") == "'-5 people"
    assert csv_cell("Fine") == "Fine" and csv_cell(3) == 3
