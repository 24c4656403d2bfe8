"""Package names: transliterated, never taken, and the same in copier.yml and Python."""

from __future__ import annotations

import keyword
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.errors import InvalidAnswerError
from generator.template.names import derive_package_name, plain_identifier, taken_names
from generator.template.questions import QuestionEvaluator

EXAMPLES = 150


@pytest.mark.parametrize(
    ("project_name", "package"),
    [
        ("Café Finder", "cafe_finder"),
        ("O'Reilly Shop", "o_reilly_shop"),
        ("Ærøskøbing & Co.", "aeroskobing_co"),
        ("os", "os_app"),
        ("json", "json_app"),
        ("Flask", "flask_app"),
        ("SQLAlchemy", "sqlalchemy_app"),
        ("werkzeug", "werkzeug_app"),
        ("whitenoise", "whitenoise_app"),
        ("pytest", "pytest_app"),
        ("test", "test_app"),
        ("site", "site_app"),
        ("class", "class_app"),
        ("3D Shop", "app_3d_shop"),
    ],
)
def test_derived_names_are_transliterated_and_safe(project_name: str, package: str) -> None:
    assert derive_package_name(project_name) == package


def test_taken_names_cover_keywords_stdlib_and_the_layout() -> None:
    taken = taken_names()
    assert {k.lower() for k in keyword.kwlist} <= taken
    assert {name for name in sys.stdlib_module_names if not name.startswith("_")} <= taken
    assert {"config", "core", "users", "api", "tests", "flask", "django"} <= taken


@pytest.mark.parametrize("name", ["flask", "test", "django", "site", "users", "config", "os"])
def test_an_explicit_taken_package_name_is_refused_with_a_suggestion(name: str) -> None:
    with pytest.raises(InvalidAnswerError) as caught:
        QuestionEvaluator().resolve({"framework": "flask", "package_name": name})
    assert caught.value.exit_code == 2
    assert f'try "{name}_app"' in caught.value.one_line()


@pytest.mark.parametrize("name", ["flask", "test", "django", "site", "users", "config", "api"])
def test_a_taken_project_name_gets_a_safe_package(name: str) -> None:
    answers = QuestionEvaluator().resolve({"framework": "flask", "project_name": name})
    assert answers["package_name"] == f"{name}_app"


@pytest.mark.parametrize("name", ["Café Finder", "O'Reilly Shop", "Smith & Sons", "Dr. Who-Knows"])
def test_display_names_accept_letters_and_common_punctuation(name: str) -> None:
    answers = QuestionEvaluator().resolve({"framework": "django", "project_name": name})
    assert answers["project_name"] == name


@pytest.mark.parametrize("key", ["project_name", "description", "author_name"])
def test_multi_line_text_is_refused(key: str) -> None:
    with pytest.raises(InvalidAnswerError, match="one line"):
        QuestionEvaluator().resolve({"framework": "flask", key: "First\nsecond"})


ascii_names = st.text(
    alphabet=st.characters(codec="ascii", categories=("L", "N", "P", "Zs")), min_size=1, max_size=30
).filter(lambda text: text.strip() and text.strip()[0].isalpha())


@settings(max_examples=EXAMPLES, deadline=None)
@given(ascii_names)
def test_copier_yml_jinja_default_agrees_with_python_for_ascii_names(name: str) -> None:
    """Plain `copier copy` (Jinja default) and stackpick derive the same ASCII names."""
    evaluator = QuestionEvaluator()
    jinja = evaluator.copier_default(evaluator.by_name["package_name"], {"project_name": name})
    assert jinja == derive_package_name(name)


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_every_derived_name_is_a_free_identifier(name: str) -> None:
    package = derive_package_name(name)
    assert package.isidentifier() and package.isascii() and package == package.lower()
    assert package not in taken_names()
    assert not keyword.iskeyword(package)
    assert plain_identifier(name)  # never empty
