"""The terminal report of a recommendation."""

from __future__ import annotations

import pytest

from generator.recommendation.report import render
from generator.recommendation.rules import recommend


def test_report_shows_framework_bars_reasons_and_table() -> None:
    text = render(recommend({"goals": ["social", "commerce", "rest_api"]}), width=100, colour=False)
    assert text.startswith("Recommendation: Django")
    assert "Clear result: Django leads Flask by 2 points." in text
    flask_bar = next(line for line in text.splitlines() if line.startswith("  Flask "))
    django_bar = next(line for line in text.splitlines() if line.startswith("  Django "))
    assert flask_bar.count("█") == 8 and django_bar.count("█") == 16
    assert "Reasons for Django" in text and "Reasons for Flask" in text
    assert text.index("Reasons for Django") < text.index("Reasons for Flask")
    assert "[Go with Django if]" in text
    for row in (
        "Performance",
        "Architecture",
        "Scalability",
        "Testing",
        "Microservices",
        "Database support",
        "Community",
        "Hiring",
    ):
        assert row in text
    assert "\x1b[" not in text


def test_rows_that_matter_are_marked() -> None:
    text = render(recommend({"database": "relational"}), width=100, colour=False)
    marked = [line.split()[1] for line in text.splitlines() if line.startswith("  * ")]
    assert marked == ["Database"]


@pytest.mark.parametrize(
    ("answers", "words"),
    [
        ({}, "Close call: nothing was answered, so this is only the default pick (Flask"),
        (
            {"goals": ["rest_api", "social"]},
            "tied at 2 points each, so the tie-break decides: Flask",
        ),
        ({"database": "relational"}, "Close call: Django leads Flask by only 1 point."),
    ],
)
def test_close_calls_are_called_plainly(answers: dict, words: str) -> None:
    text = render(recommend(answers), width=100, colour=False)
    assert words in " ".join(text.split())


def test_nothing_known_still_lists_a_reason() -> None:
    text = render(recommend({}), width=100, colour=False)
    assert "tie  No answer pointed to either framework" in text
    assert "(none of your answers point this way)" in text


@pytest.mark.parametrize("width", [60, 80, 120])
def test_report_fits_the_width(width: int) -> None:
    text = render(recommend({"goals": list(("social", "rest_api"))}), width=width, colour=False)
    assert max(len(line) for line in text.splitlines()) <= width


def test_ascii_bars_and_colour() -> None:
    rec = recommend({"size": "small"})
    assert "#" * 24 in render(rec, unicode=False, colour=False)
    assert "\x1b[" in render(rec, colour=True)
