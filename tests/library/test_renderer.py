"""stackpick's own renderer (``new``'s path) against real Copier, on small templates that use
each Copier rule it implements; ``tests/templates`` compares every combination of the
real template the same way."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest
from copier import run_copy

from generator.errors import RenderError
from generator.template.questions import load_config
from generator.template.renderer import UnsupportedTemplate, render_copy
from tests.support.rendering import tree_differences

COPIER_YML = """\
_subdirectory: "{{ flavour }}_files"
_answers_file: "{{ '.answers.yml' }}"
_exclude:
  - "{% if not extras %}extras{% endif %}"
  - "*.bak"
  - "/only-at-top.txt"
_tasks:
  - command: ["sh", "-c", "echo \\"$STAGE $COPIER_OPERATION {{ name }}\\" > task.txt"]
  - command: "echo never > never.txt"
    when: "{{ _copier_operation == 'update' }}"
flavour:
  type: str
  choices: [plain, fancy]
  default: plain
name:
  type: str
  default: "{{ flavour | upper }}-app"
extras:
  type: bool
  default: "{{ flavour == 'fancy' }}"
targets:
  type: str
  multiselect: true
  choices:
    One: one
    Two: two
    Three: three
  default: [three, one]
secret_level:
  type: int
  when: false
  default: "{{ 3 if extras else 1 }}"
"""

FILES: dict[str, str] = {
    "plain_files/README.md.jinja": "# {{ name }}\n{{ targets | join(',') }} {{ secret_level }}\n",
    "plain_files/README.md": "the rendered sibling wins over me\n",
    "plain_files/{{ name | lower }}/__init__.py": "raw {{ not rendered }}\n",
    "plain_files/{% if 'two' in targets %}two.txt{% endif %}.jinja": "two\n",
    "plain_files/extras/tool.txt": "extra\n",
    "plain_files/keep.bak": "excluded\n",
    "plain_files/only-at-top.txt": "excluded at the top\n",
    "plain_files/nested/only-at-top.txt": "kept below the top\n",
    "plain_files/run.sh.jinja": "#!/bin/sh\necho {{ name }}\n",
    "plain_files/{{ _copier_conf.answers_file }}.jinja": "{{ _copier_answers | to_nice_yaml }}",
    "plain_files/empty.txt.jinja": "{# nothing #}",
    "fancy_files/FANCY.md.jinja": "{{ name }} {{ extras }}\n",
    "fancy_files/{{ _copier_conf.answers_file }}.jinja": "{{ _copier_answers | to_nice_yaml }}",
}


def make_template(root: Path, copier_yml: str = COPIER_YML) -> Path:
    root.mkdir()
    (root / "copier.yml").write_text(copier_yml)
    for name, text in FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (root / "plain_files" / "run.sh.jinja").chmod(0o755)
    return root


def copier_and_ours(template: Path, where: Path, answers: dict[str, Any]) -> tuple[Path, Path]:
    theirs, ours = where / "copier", where / "ours"
    run_copy(str(template), str(theirs), data=answers, defaults=True, unsafe=True, quiet=True)
    render_copy(template, ours, answers, url=str(template), commit=None, cache_dir=where / "bc")
    return theirs, ours


@pytest.mark.parametrize(
    "answers",
    [
        {},
        {"targets": ["two", "one"], "name": "Given"},
        {"flavour": "fancy"},
        {"flavour": "plain", "extras": True, "targets": []},
    ],
    ids=["defaults", "given", "other-subdirectory", "extras"],
)
def test_renders_exactly_what_copier_renders(tmp_path: Path, answers: dict[str, Any]) -> None:
    template = make_template(tmp_path / "template")
    theirs, ours = copier_and_ours(template, tmp_path, answers)
    assert tree_differences(theirs, ours) == []
    # The rules were really exercised (so agreeing means something).
    if not answers:
        assert (ours / "README.md").read_text() == "# PLAIN-app\none,three 1\n"
        assert (ours / "task.txt").read_text() == "task copy PLAIN-app\n"
        assert (ours / ".answers.yml").read_text().splitlines()[1:] == [
            "extras: false",
            "flavour: plain",
            "name: PLAIN-app",
            "targets:",
            "- one",
            "- three",
        ]
        assert (ours / "plain-app" / "__init__.py").read_text() == "raw {{ not rendered }}\n"
        assert (ours / "nested" / "only-at-top.txt").exists()
        assert os.access(ours / "run.sh", os.X_OK)
        for absent in ("two.txt", "extras", "keep.bak", "only-at-top.txt", "never.txt"):
            assert not (ours / absent).exists(), absent
        assert (ours / "empty.txt").read_bytes() == b""


def test_the_comparison_notices_a_difference(tmp_path: Path) -> None:
    template = make_template(tmp_path / "template")
    theirs, ours = copier_and_ours(template, tmp_path, {})
    (ours / "README.md").write_text("# PLAIN-app\nthree,one 1\n")
    (ours / "run.sh").chmod(0o644)
    (ours / "stray.txt").write_text("x")
    (theirs / "extra.txt").write_text("y")
    assert tree_differences(theirs, ours) == [
        "README.md: content differs",
        "extra.txt: missing",
        "run.sh: mode 644, expected 755",
        "stray.txt: not expected",
    ]


def test_as_checkout_gives_the_modes_of_a_git_checkout(tmp_path: Path) -> None:
    template = make_template(tmp_path / "template")
    (template / "plain_files" / "extras" / "tool.txt").chmod(0o600)
    old = os.umask(0o027)
    try:
        render_copy(
            template, tmp_path / "p", {"extras": True}, url="u", commit="v1", as_checkout=True
        )
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "p" / "run.sh").stat().st_mode) == 0o750
    assert stat.S_IMODE((tmp_path / "p" / "extras" / "tool.txt").stat().st_mode) == 0o640
    answers = (tmp_path / "p" / ".answers.yml").read_text()
    assert answers.startswith("_commit: v1\n_src_path: u\n")


@pytest.mark.parametrize(
    "setting",
    [
        "_jinja_extensions: [jinja2.ext.do]",
        "_envops: {autoescape: true}",
        "_external_data: {x: x.yml}",
        "_preserve_symlinks: true",
        "password:\n  type: str\n  secret: true\n  default: x",
        "config:\n  type: yaml\n  default: '{}'",
    ],
)
def test_a_feature_it_lacks_is_refused_before_anything_is_written(
    tmp_path: Path, setting: str
) -> None:
    template = make_template(tmp_path / "template", COPIER_YML + setting + "\n")
    load_config.cache_clear()
    with pytest.raises(UnsupportedTemplate):
        render_copy(template, tmp_path / "p", {}, url="u", commit=None)
    assert not (tmp_path / "p").exists()


def test_yield_paths_are_refused_before_anything_is_written(tmp_path: Path) -> None:
    template = make_template(tmp_path / "template")
    (template / "plain_files" / "{% yield t from targets %}{{ t }}{% endyield %}.txt").write_text(
        ""
    )
    with pytest.raises(UnsupportedTemplate):
        render_copy(template, tmp_path / "p", {}, url="u", commit=None)
    assert not (tmp_path / "p").exists()


def test_the_bytecode_cache_follows_the_source(tmp_path: Path) -> None:
    template = make_template(tmp_path / "template")
    cache = tmp_path / "cache"
    render_copy(template, tmp_path / "one", {}, url="u", commit=None, cache_dir=cache)
    assert any(cache.iterdir())
    (template / "plain_files" / "README.md.jinja").write_text("{{ name }} 2\n")
    (template / "plain_files" / "{{ name | lower }}").rename(
        template / "plain_files" / "{{ name }}"
    )
    render_copy(template, tmp_path / "two", {}, url="u", commit=None, cache_dir=cache)
    assert (tmp_path / "two" / "README.md").read_text() == "PLAIN-app 2\n"
    assert (tmp_path / "two" / "PLAIN-app" / "__init__.py").is_file()
    assert not (tmp_path / "two" / "plain-app").exists()


def test_a_broken_template_is_one_render_error(tmp_path: Path) -> None:
    template = make_template(tmp_path / "template")
    (template / "plain_files" / "README.md.jinja").write_text("{% if %}\n")
    with pytest.raises(
        RenderError, match=r"^Could not render the template file plain_files/README\.md\.jinja: "
    ):
        render_copy(template, tmp_path / "p", {}, url="u", commit=None)
