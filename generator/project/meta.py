"""What a generated project records about itself, and how to read it back.

Two files live at the project root:

* ``.copier-answers.yml`` (Copier's): the template URL, the template version
  (``_commit: v<version>``) and every template answer;
* ``.stackpick.yml`` (ours): the questionnaire answers and the recommendation
  that led to the framework, so a later run can show or reuse them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import NotAProjectError

COPIER_ANSWERS_FILE = ".copier-answers.yml"
"""Copier's record of the template URL, version and template answers."""
QUESTIONNAIRE_FILE = ".stackpick.yml"
"""stackpick's record of the questionnaire answers and the recommendation."""


@dataclass(frozen=True)
class ProjectRecord:
    """A generated project as its answers file describes it."""

    path: Path
    answers: dict[str, Any]
    src_path: str
    commit: str

    @property
    def version(self) -> str:
        """The template version the project was last rendered from (``v`` stripped)."""
        return self.commit[1:] if self.commit.startswith("v") else self.commit


def is_project(path: Path) -> bool:
    """Whether ``path`` holds a Copier answers file."""
    return (path / COPIER_ANSWERS_FILE).is_file()


def find_project_root(path: Path) -> Path:
    """The nearest folder at or above ``path`` holding an answers file, as git finds its
    root; it stops at the enclosing git repository's top. ``path`` itself when none."""
    from generator.gitutil import repository_root

    if not path.is_dir():
        return path
    top = repository_root(path)
    for folder in (path, *path.parents):
        if is_project(folder):
            return folder
        if top is None or folder == top:
            break
    return path


def read_project(path: Path) -> ProjectRecord:
    """Read a project's answers file, or explain why the folder is not a stackpick project."""
    import yaml

    answers_file = path / COPIER_ANSWERS_FILE
    if not path.is_dir():
        raise NotAProjectError(f"{path} is not a folder", "Pass the path of a generated project")
    if not answers_file.is_file():
        raise NotAProjectError(
            f"{path} is not a stackpick project (no {COPIER_ANSWERS_FILE})",
            "Run `stackpick new` to create one, or pass the project's root folder",
        )
    try:
        data = yaml.safe_load(answers_file.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise NotAProjectError(f"{answers_file} is not valid YAML: {error}") from None
    src_path, commit = data.get("_src_path"), data.get("_commit")
    if not src_path or not commit:
        raise NotAProjectError(
            f"{answers_file} lacks _src_path or _commit, so the template version is unknown",
            "Only projects made from a versioned template can be updated",
        )
    answers = {key: value for key, value in data.items() if not key.startswith("_")}
    return ProjectRecord(path=path, answers=answers, src_path=str(src_path), commit=str(commit))


def write_questionnaire(
    path: Path, questionnaire: dict[str, Any], recommendation: dict[str, Any] | None
) -> None:
    """Record the questionnaire answers and the recommendation in ``.stackpick.yml``."""
    import yaml

    body = {"questionnaire": questionnaire}
    if recommendation is not None:
        body["recommendation"] = recommendation
    header = (
        "# Written by stackpick: the questionnaire answers behind this project's framework.\n"
        "# `stackpick update` keeps this file; edit it only to correct an answer.\n"
    )
    text = header + yaml.safe_dump(body, sort_keys=False, allow_unicode=True)
    (path / QUESTIONNAIRE_FILE).write_text(text, encoding="utf-8")
