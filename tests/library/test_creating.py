"""create_project is all-or-nothing: a failure at any stage leaves DEST as it was."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.errors import DestinationError, RenderError
from generator.project import create as creating
from generator.template.questions import QuestionEvaluator
from generator.template.store import TemplateStore

ANSWERS = QuestionEvaluator().resolve({"framework": "flask", "project_name": "Half Done"})


def interrupt_after(real: Any, error: BaseException) -> Any:
    """Wrap a real step so that it runs completely and then fails."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        real(*args, **kwargs)
        raise error

    return wrapper


@pytest.mark.parametrize("pre_existing", [False, True], ids=["new-dest", "empty-dest"])
@pytest.mark.parametrize(
    ("module", "step", "error"),
    [
        (TemplateStore, "render_project", KeyboardInterrupt()),
        (creating, "init_and_commit", RenderError("git commit failed")),
    ],
    ids=["ctrl-c-after-render", "git-failure"],
)
def test_failure_leaves_nothing_behind(
    tmp_path: Path,
    stackpick_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    pre_existing: bool,
    module: Any,
    step: str,
    error: BaseException,
) -> None:
    dest = tmp_path / "half"
    if pre_existing:
        dest.mkdir()
    monkeypatch.setattr(module, step, interrupt_after(getattr(module, step), error))
    with pytest.raises(type(error)):
        creating.create_project(dest, ANSWERS, questionnaire={})
    if pre_existing:
        assert list(dest.iterdir()) == []
    else:
        assert not dest.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == (
        ["half", "stackpick-home"] if pre_existing else ["stackpick-home"]
    )


def test_failure_while_moving_into_place_removes_what_was_moved(
    tmp_path: Path, stackpick_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dest = tmp_path / "moving"
    dest.mkdir()
    real_rename = Path.rename
    moved: list[str] = []

    def flaky_rename(self: Path, target: Any) -> Any:
        if len(moved) == 3:
            raise KeyboardInterrupt
        moved.append(self.name)
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", flaky_rename)
    with pytest.raises(KeyboardInterrupt):
        creating.create_project(dest, ANSWERS, questionnaire={})
    assert len(moved) == 3
    assert list(dest.iterdir()) == []


def test_destination_that_is_a_file(tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("keep me")
    with pytest.raises(DestinationError, match="is a file"):
        creating.check_destination(target)
    assert target.read_text() == "keep me"
