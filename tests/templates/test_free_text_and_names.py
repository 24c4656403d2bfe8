"""Property tests: any accepted name or free text renders a project whose files all parse.

Answers go through the same evaluator as ``stackpick new`` (so refusals are the
exit-2 one-liners users see) and then through real Copier, as ``create_project``
does. Every TOML, YAML, JSON and Python file of the rendered project is parsed with
its format's parser. Example counts are kept small for CI time (each example is a
full render); the counts are the ``EXAMPLES`` constants below.
"""

from __future__ import annotations

import json
import re
import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from generator.errors import InvalidAnswerError
from generator.template.questions import QuestionEvaluator
from tests.support.rendering import render

UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
NAME_EXAMPLES = 12
TEXT_EXAMPLES = 12
FRAMEWORKS = ["flask", "django"]


def _settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        database=None,
        # No shrinking: each example is a full render, and the failing answers are
        # printed as they are.
        phases=(Phase.explicit, Phase.generate),
    )


TRICKY = [
    "'",
    '"',
    "\\",
    "\n",
    "{{ x }}",
    "{% if %}",
    "{#",
    "#",
    "${HOME}",
    "é",
    "日本",
    "&",
    "<b>",
]

names = st.one_of(
    st.text(min_size=1, max_size=24),
    st.sampled_from(["os", "json", "flask", "django", "sqlalchemy", "pytest", "Café Finder"]),
    st.lists(st.sampled_from([*TRICKY, "Shop", "a", "1", " ", "-", "."]), min_size=1).map("".join),
)
free_text = st.one_of(
    st.text(max_size=40),
    st.lists(st.sampled_from([*TRICKY, "word", " "]), min_size=1, max_size=8).map("".join),
)


class _AnyTagLoader(yaml.SafeLoader):
    """YAML with any tag (CloudFormation's !Ref and friends) read as plain data."""


_AnyTagLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def parse_problems(project: Path) -> list[str]:
    """Every TOML/YAML/JSON/Python file that does not parse, with the reason."""
    problems = []
    for path in sorted(project.rglob("*")):
        if not path.is_file() or ".git" in path.parts:
            continue
        text = path.read_text(encoding="utf-8", errors="strict")
        try:
            if path.suffix == ".toml":
                tomllib.loads(text)
            elif path.suffix in (".yml", ".yaml"):
                list(yaml.load_all(text, Loader=_AnyTagLoader))
            elif path.suffix == ".json":
                json.loads(text)
            elif path.suffix == ".py":
                compile(text, str(path), "exec")
        except Exception as error:
            problems.append(f"{path.relative_to(project)}: {type(error).__name__}: {error}")
    return problems


def _render_or_refuse(template: Path, dest: Path, given_answers: dict[str, Any]) -> Path | None:
    """None when stackpick refuses the answers (exit 2, one line); else the project."""
    try:
        answers = QuestionEvaluator().resolve(given_answers)
    except InvalidAnswerError as error:
        assert error.exit_code == 2
        assert "\n" not in error.one_line()
        return None
    if dest.exists():
        shutil.rmtree(dest)
    return render(template, dest, answers)


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_every_name_is_refused_or_renders_a_parsing_project(
    framework: str, template_snapshot: Path, tmp_path: Path
) -> None:
    ran: list[str] = []

    @_settings(NAME_EXAMPLES)
    @given(name=names)
    def check(name: str) -> None:
        ran.append(name)
        project = _render_or_refuse(
            template_snapshot, tmp_path / "p", {"framework": framework, "project_name": name}
        )
        if project is not None:
            assert parse_problems(project) == []

    check()
    print(f"{len(ran)} names tried")
    assert len(ran) >= NAME_EXAMPLES


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_free_text_is_data_never_syntax(
    framework: str, template_snapshot: Path, tmp_path: Path
) -> None:
    ran: list[str] = []

    @_settings(TEXT_EXAMPLES)
    @given(description=free_text, author=free_text)
    def check(description: str, author: str) -> None:
        ran.append(description)
        data = {"framework": framework, "description": description, "author_name": author}
        if framework == "flask":
            data["deploy"] = ["docker", "paas", "serverless"]  # template.yaml holds the text too
        project = _render_or_refuse(template_snapshot, tmp_path / "p", data)
        if project is None:  # refused at its question: line breaks and control characters
            assert UNPRINTABLE.search(description + author)
            return
        assert not UNPRINTABLE.search(description + author)
        assert parse_problems(project) == []
        pyproject = tomllib.loads((project / "pyproject.toml").read_text())
        assert pyproject["project"]["description"] == description
        assert pyproject["project"]["authors"][0]["name"] == author

    check()
    print(f"{len(ran)} texts tried")
    assert len(ran) >= TEXT_EXAMPLES
