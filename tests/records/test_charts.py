"""predictions.records.charts computes the charts, templates draw them as inline SVG (Django
escapes every text), and the partials show them with their numbers. No database."""

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date

import pytest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from predictions.records.charts import (
    CHART_MINIMUM,
    calibrated_count,
    calibration_chart,
    outcome_strip,
)
from tests.support.html import Page

SVG = "{http://www.w3.org/2000/svg}"


@dataclass(frozen=True)
class Bin:
    """Stands in for predictions.records.scoring.CalibrationBin: the charts only read attributes."""

    low: float
    high: float
    count: int
    right: float
    observed: float | None


def bins(**filled: tuple[int, int]) -> list[Bin]:
    """Ten bands [0, 0.1) … [0.9, 1.0]; ``b6=(5, 4)`` puts 5 resolved, 4 right, in [0.6, 0.7)."""
    out = []
    for i in range(10):
        count, right = filled.get(f"b{i}", (0, 0))
        observed = right / count if count else None
        out.append(Bin(i / 10, (i + 1) / 10, count, right, observed))
    return out


def calibration_svg(given: list[Bin], *, title: str) -> SafeString:
    """The calibration chart of ``given`` as the page draws it."""
    chart = calibration_chart(given, title=title)
    assert chart is not None
    return render_to_string("predictions/charts/calibration.svg", {"chart": chart})


def outcome_strip_svg(items, *, title: str) -> SafeString:
    """The outcome strip of ``items`` as the page draws it."""
    chart = outcome_strip(items, title=title)
    assert chart is not None
    return render_to_string("predictions/charts/outcomes.svg", {"chart": chart})


def parse(svg: str) -> ET.Element:
    """The chart as an XML tree. A strict XML parser, not the forgiving HTML
    reader of tests.support.html: it fails on a chart that is not well-formed."""
    return ET.fromstring(str(svg))


def find(root: ET.Element, path: str) -> ET.Element:
    found = root.find(path)
    assert found is not None, f"nothing matches {path}"
    return found


def attribute(element: ET.Element, name: str) -> str:
    value = element.get(name)
    assert value is not None, f"<{element.tag}> has no {name}"
    return value


def number(element: ET.Element, name: str) -> float:
    return float(attribute(element, name))


def text(element: ET.Element) -> str:
    assert element.text is not None, f"<{element.tag}> has no text"
    return element.text


def circles(root: ET.Element) -> list[ET.Element]:
    return list(root.iter(f"{SVG}circle"))


def marks(root: ET.Element) -> list[ET.Element]:
    return [r for r in root.iter(f"{SVG}rect") if "chart-mark" in r.get("class", "")]


def title_of(element: ET.Element) -> str:
    return text(find(element, f"{SVG}title"))


ITEMS = [
    (date(2026, 3, 1), "wrong", "Rates fall by spring"),
    (date(2026, 1, 1), "right", "Snow in January"),
    (date(2026, 2, 1), "partly_right", "Half the trains run"),
    (date(2026, 2, 15), "unresolvable", "Vibes improve"),
]


def charts() -> list[tuple[str, str]]:
    return [
        (calibration_svg(bins(b6=(5, 4), b9=(2, 2)), title="Alice’s calibration"), "Alice’s"),
        (outcome_strip_svg(ITEMS, title="Alice’s record"), "Alice’s"),
    ]


@pytest.mark.parametrize("index", [0, 1], ids=["calibration", "strip"])
def test_svg_is_well_formed_and_labelled(index):
    svg, _ = charts()[index]
    assert isinstance(svg, SafeString)
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    first, second = list(root)[:2]
    assert first.tag == f"{SVG}title"
    assert text(first).startswith("Alice’s ")
    assert root.get("aria-labelledby") == first.get("id")
    assert second.tag == f"{SVG}desc"
    assert root.get("aria-describedby") == second.get("id")
    assert second.text


def test_calibration_desc_explains_the_diagonal():
    root = parse(calibration_svg(bins(b6=(5, 4)), title="t"))
    assert text(find(root, f"{SVG}desc")) == (
        "Each circle is a confidence band; circles above the diagonal came true more often "
        "than the confidence given."
    )


def test_calibration_has_axes_labels_and_a_dashed_diagonal():
    root = parse(calibration_svg(bins(b6=(5, 4)), title="t"))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Confidence given" in texts
    assert "Share that came true" in texts
    assert texts.count("0%") == 2  # each axis ticks every 20%
    assert {f"{p}%" for p in range(0, 101, 20)} <= set(texts)
    diagonal = find(root, f".//{SVG}line[@class='chart-diagonal']")
    assert diagonal.get("stroke-dasharray")


def test_one_circle_per_non_empty_bin():
    root = parse(calibration_svg(bins(b0=(1, 0), b6=(5, 4), b9=(3, 3)), title="t"))
    assert len(circles(root)) == 3


def test_circle_titles_say_what_happened():
    root = parse(calibration_svg(bins(b6=(5, 4), b9=(2, 1)), title="t"))
    assert [title_of(c) for c in circles(root)] == [
        "60–70%: 4 of 5 came true (80%)",
        "90–100%: 1 of 2 came true (50%)",
    ]


def test_circle_area_grows_with_count():
    root = parse(calibration_svg(bins(b1=(1, 0), b5=(4, 2), b8=(9, 7)), title="t"))
    radii = [number(c, "r") for c in circles(root)]
    assert radii == sorted(radii)
    assert len(set(radii)) == 3


def test_circle_size_is_capped():
    root = parse(calibration_svg(bins(b5=(10_000, 5_000)), title="t"))
    (circle,) = circles(root)
    assert number(circle, "r") <= 12


def test_over_achieving_band_sits_above_the_diagonal():
    root = parse(calibration_svg(bins(b6=(5, 4)), title="t"))
    (circle,) = circles(root)
    line = find(root, f".//{SVG}line[@class='chart-diagonal']")
    x1, y1, x2, y2 = (number(line, a) for a in ("x1", "y1", "x2", "y2"))
    cx, cy = number(circle, "cx"), number(circle, "cy")
    assert x1 < cx < x2
    diagonal_y = y1 + (y2 - y1) * (cx - x1) / (x2 - x1)
    assert cy < diagonal_y  # SVG y grows downwards: smaller is higher


def test_under_achieving_band_sits_below_the_diagonal():
    root = parse(calibration_svg(bins(b9=(5, 1)), title="t"))
    (circle,) = circles(root)
    line = find(root, f".//{SVG}line[@class='chart-diagonal']")
    x1, y1, x2, y2 = (number(line, a) for a in ("x1", "y1", "x2", "y2"))
    cx, cy = number(circle, "cx"), number(circle, "cy")
    assert cy > y1 + (y2 - y1) * (cx - x1) / (x2 - x1)


def test_numbers_are_compact():
    root = parse(calibration_svg(bins(b3=(6, 1)), title="t"))
    values = [value for element in root.iter() for value in element.attrib.values()]
    numbers = [v for v in values if re.fullmatch(r"-?\d+(\.\d+)?", v)]
    fractional = [n for n in numbers if "." in n]
    assert fractional  # some coordinates are fractional …
    assert all(len(n.split(".")[1]) == 1 for n in fractional)  # … to one decimal
    assert not [n for n in fractional if n.endswith(".0")]  # and whole ones are whole


@pytest.mark.parametrize("given", [[], bins()], ids=["no bins", "all empty"])
def test_calibration_without_resolved_predictions_is_none(given):
    assert calibration_chart(given, title="t") is None


def test_hostile_claim_is_escaped():
    claim = 'Ends <script>alert(1)</script> & "quotes"'
    svg = outcome_strip_svg([(date(2026, 1, 1), "right", claim)], title="<b>T</b> & co")
    assert "<script>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;" in svg
    root = parse(svg)  # still well-formed
    assert not [e for e in root.iter() if e.tag.endswith("script") or e.tag.endswith("b")]
    assert text(find(root, f"{SVG}title")) == "<b>T</b> & co"
    (mark,) = marks(root)
    assert title_of(mark) == f"1 January 2026 — Right: {claim}"


def test_characters_xml_forbids_are_dropped():
    svg = outcome_strip_svg([(date(2026, 1, 1), "wrong", "bell\x07 and\x00 nul")], title="t")
    (mark,) = marks(parse(svg))
    assert title_of(mark) == "1 January 2026 — Wrong: bell and nul"


def test_strip_orders_marks_by_date_and_classes_them_by_outcome():
    root = parse(outcome_strip_svg(ITEMS, title="t"))
    found = marks(root)
    xs = [number(m, "x") for m in found]
    assert xs == sorted(xs)
    assert len(set(xs)) == 4
    assert [attribute(m, "class").split()[-1] for m in found] == [
        "outcome-right",
        "outcome-partly_right",
        "outcome-unresolvable",
        "outcome-wrong",
    ]
    assert all(m.get("fill", "").startswith("#") for m in found)  # without the stylesheet
    assert title_of(found[0]) == "1 January 2026 — Right: Snow in January"


def test_strip_places_marks_in_proportion_to_time():
    days = [(date(2026, 1, 1), "right", "a"), (date(2026, 1, 3), "right", "b")]
    days.append((date(2026, 1, 2), "wrong", "c"))
    xs = [number(m, "x") for m in marks(parse(outcome_strip_svg(days, title="t")))]
    assert xs[1] - xs[0] == pytest.approx(xs[2] - xs[1], abs=0.1)


def test_strip_labels_the_first_and_last_dates():
    texts = [t.text for t in parse(outcome_strip_svg(ITEMS, title="t")).iter(f"{SVG}text")]
    assert texts == ["1 January 2026", "1 March 2026"]


def test_strip_with_one_date_puts_every_mark_in_the_centre():
    same = [(date(2026, 5, 5), "right", "a"), (date(2026, 5, 5), "wrong", "b")]
    root = parse(outcome_strip_svg(same, title="t"))
    width = float(attribute(root, "viewBox").split()[2])
    centres = {number(m, "x") + number(m, "width") / 2 for m in marks(root)}
    assert centres == {width / 2}
    assert [t.text for t in root.iter(f"{SVG}text")] == ["5 May 2026"]


def test_right_rises_and_wrong_hangs_so_colour_is_not_the_only_cue():
    root = parse(outcome_strip_svg(ITEMS, title="t"))
    baseline = find(root, f".//{SVG}line[@class='chart-baseline']")
    base = number(baseline, "y1")
    by_outcome = {attribute(m, "class").split()[-1]: m for m in marks(root)}
    right, wrong = by_outcome["outcome-right"], by_outcome["outcome-wrong"]
    assert number(right, "y") + number(right, "height") == base
    assert number(wrong, "y") == base


def test_empty_strip_is_none():
    assert outcome_strip([], title="t") is None


def test_unknown_outcome_still_draws():
    root = parse(outcome_strip_svg([(date(2026, 1, 1), "<odd>", "x")], title="t"))
    (mark,) = marks(root)
    assert "outcome-unknown" in attribute(mark, "class")


def test_charts_with_different_titles_have_different_ids():
    one = parse(calibration_svg(bins(b6=(5, 4)), title="Alice"))
    two = parse(calibration_svg(bins(b6=(5, 4)), title="Bob"))
    assert one.get("aria-labelledby") != two.get("aria-labelledby")


# --- Templates ---------------------------------------------------------------------------


@dataclass
class Record:
    calibration: list[Bin]


def calibration_partial(record: Record, *, title: str) -> Page:
    """The calibration partial for ``record``, given what the person page gives it."""
    html = render_to_string(
        "predictions/_calibration.html",
        {
            "chart": calibration_chart(record.calibration, title=title),
            "record": record,
            "calibrated": calibrated_count(record.calibration),
            "minimum": CHART_MINIMUM,
        },
    )
    return Page(html)


def test_calibration_template_shows_the_chart_and_the_numbers():
    record = Record(bins(b6=(5, 4), b9=(3, 3)))
    shown = calibration_partial(record, title="Alice <b>&</b> co")
    (svg,) = shown.select("figure > svg")
    assert svg.title is not None
    assert svg.title.get_text() == "Alice <b>&</b> co"  # escaped once, read back as written
    assert not shown.select("svg b")
    assert shown.texts("details summary") == ["The numbers behind the chart"]
    assert shown.table("Calibration")[0] == {
        "Confidence": "0–10%",
        "Resolved": "0",
        "Came true": "0",
        "Share": "—",
        "link": None,
    }
    rows = [row["cells"] for row in shown.rows]
    assert len(rows) == 10
    assert rows[6] == ["60–70%", "5", "4", "80%"]
    assert rows[9] == ["90–100%", "3", "3", "100%"]
    assert "No predictions" not in shown.text


def test_too_few_for_a_chart_says_how_many_and_keeps_the_numbers():
    record = Record(bins(b6=(2, 1), b9=(2, 2)))
    shown = calibration_partial(record, title="Calibration")
    assert calibration_chart(record.calibration, title="Calibration") is None
    assert not shown.select("svg")
    assert "for a calibration chart: 4 so far, and it is drawn from 5" in shown.text
    assert shown.texts("details summary") == ["The numbers so far"]
    assert [row["cells"] for row in shown.rows][9] == ["90–100%", "2", "2", "100%"]


def test_each_point_shows_its_count_beside_it():
    root = parse(calibration_svg(bins(b6=(5, 4), b9=(2, 1)), title="t"))
    group = root.find(f".//{SVG}g[@class='chart-counts']")
    assert group is not None
    assert [t.text for t in group] == ["5", "2"]
    first, _ = circles(root)
    assert number(group[0], "x") > number(first, "cx") + number(first, "r")
    assert number(group[1], "x") + 10 < 400  # inside the chart, not clipped


def test_calibration_template_without_resolved_predictions():
    shown = calibration_partial(Record(bins()), title="Calibration")
    assert shown.text == "No predictions with a confidence have been resolved yet."
    assert not shown.select("svg")
    assert not shown.select("table")


def test_outcome_strip_template():
    chart = outcome_strip(ITEMS, title="Record")
    html = render_to_string("predictions/_outcome_strip.html", {"chart": chart})
    (svg,) = Page(html).select("figure > svg")
    assert svg.title is not None
    assert svg.title.get_text() == "Record"
    assert len(svg.select("rect.chart-mark")) == len(ITEMS)
    assert Page(html).texts("figcaption")[0].startswith("Above the line: came true")


def test_outcome_strip_template_renders_nothing_when_empty():
    html = render_to_string(
        "predictions/_outcome_strip.html", {"chart": outcome_strip([], title="t")}
    )
    assert html.strip() == ""
