"""Property: whatever the user edits, an update never loses a line the user added.

Random edits (inserted, changed and deleted lines in a random subset of the
project's text files) are committed on a v1 Flask project, then the library
updates it to v2 in-process. Every line the user added must still be in the
project, merged or inside a conflict block, and the files with conflict markers
are exactly the ones the result reports.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from generator.project.update import update_project
from generator.template.store import TemplateStore
from tests.update.conftest import PristineProjects, Releases, commit_all, git
from tests.update.releases import V1, V2

pytestmark = pytest.mark.slow

SKIPPED = {".copier-answers.yml"}
RENAMED = {"docs/old-name.md": "docs/runbook.md"}  # v2's migration moves user edits here
MARKER = "<<<<<<< before updating"


@pytest.fixture(scope="module")
def library_home(releases: Releases, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A STACKPICK_HOME whose store holds v1 and v2, built from the release sources."""
    home = tmp_path_factory.mktemp("library-home")
    store = TemplateStore(home)
    store.add_version(V1, releases.v1.source)
    store.add_version(V2, releases.v2.source)
    return home


@pytest.fixture(scope="module")
def base_project(pristine: PristineProjects, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return pristine.copy(tmp_path_factory.mktemp("property") / "base")


@pytest.fixture(scope="module")
def text_files(base_project: Path) -> list[str]:
    files = []
    for name in git(base_project, "ls-files").splitlines():
        if name in SKIPPED:
            continue
        try:
            (base_project / name).read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        files.append(name)
    return sorted(files)


edit_ops = st.lists(
    st.tuples(st.sampled_from(["insert", "insert", "change", "delete"]), st.floats(0, 1)),
    min_size=1,
    max_size=4,
)


@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    # Each example runs a real update (seconds); shrinking would take minutes.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_update_never_loses_a_user_line(
    data: st.DataObject,
    base_project: Path,
    text_files: list[str],
    library_home: Path,
) -> None:
    # Bias towards the files v2 changes, drops or renames, plus random others.
    focus = [name for name in text_files if name.startswith("docs/") or "gunicorn" in name]
    chosen = data.draw(
        st.lists(st.sampled_from(text_files), min_size=1, max_size=5, unique=True)
        | st.lists(st.sampled_from(focus), min_size=1, max_size=3, unique=True),
        label="files",
    )
    scratch = Path(tempfile.mkdtemp(prefix="stackpick-property-"))
    try:
        project = scratch / "project"
        shutil.copytree(base_project, project, symlinks=True)
        added: dict[str, list[str]] = {}
        counter = 0
        for name in chosen:
            path = project / name
            lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
            for kind, where in data.draw(edit_ops, label=f"edits of {name}"):
                index = min(int(where * (len(lines) + 1)), len(lines))
                counter += 1
                marker = f"USER-{counter} line added by the property test\n"
                if kind == "insert" or not lines:
                    lines.insert(index, marker)
                    added.setdefault(name, []).append(marker.rstrip("\n"))
                elif kind == "change":
                    lines[min(index, len(lines) - 1)] = marker
                    added.setdefault(name, []).append(marker.rstrip("\n"))
                else:
                    del lines[min(index, len(lines) - 1)]
            path.write_text("".join(lines), encoding="utf-8")
        # A deleted line may have been a marker added just before: only count survivors.
        for name in list(added):
            text = (project / name).read_text(encoding="utf-8")
            added[name] = [line for line in added[name] if line in text.splitlines()]
        commit_all(project, allow_empty=True)

        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("STACKPICK_HOME", str(library_home))
            result = update_project(project, to_version=V2)

        assert result.status in {"updated", "conflicts"}
        for name, markers in added.items():
            target = project / RENAMED.get(name, name)
            assert target.exists(), f"{target} is gone; user lines {markers} lost"
            text = target.read_text(encoding="utf-8").splitlines()
            for marker in markers:
                assert marker in text, f"{marker!r} lost from {target.name}"
        with_markers = sorted(
            name
            for name in set(git(project, "ls-files").splitlines())
            if (project / name).is_file()
            and MARKER in (project / name).read_text(encoding="utf-8", errors="replace")
        )
        assert with_markers == result.conflicts
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
