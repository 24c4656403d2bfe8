"""The start page's render helpers on plain folders: containment, zips, slots."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from generator.web.render import (
    Busy,
    RenderSlots,
    UnsafePath,
    checked_files,
    preview_files,
    rendered_project,
    zip_project,
)


def make_project(root: Path) -> Path:
    project = root / "demo"
    (project / "src" / "demo").mkdir(parents=True)
    (project / "src" / "demo" / "__init__.py").write_text("")
    script = project / "run.sh"
    script.write_text("#!/bin/sh\necho hi\n")
    script.chmod(0o755)
    (project / "logo.bin").write_bytes(b"\xff\xfe\x00")
    return project


def test_a_link_out_of_the_project_is_refused(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    (tmp_path / "secret").write_text("no")
    (project / "peek").symlink_to(tmp_path / "secret")
    with pytest.raises(UnsafePath):
        checked_files(project)
    with pytest.raises(UnsafePath):
        zip_project(project)


def test_the_zip_has_one_top_folder_and_keeps_modes(tmp_path: Path) -> None:
    archive = zipfile.ZipFile(io.BytesIO(zip_project(make_project(tmp_path))))
    assert sorted(archive.namelist()) == [
        "demo/logo.bin",
        "demo/run.sh",
        "demo/src/demo/__init__.py",
    ]
    assert (archive.getinfo("demo/run.sh").external_attr >> 16) & 0o777 == 0o755


def test_preview_leaves_binary_files_without_text(tmp_path: Path) -> None:
    files = {f.path: f for f in preview_files(make_project(tmp_path))}
    assert files["logo.bin"].text is None and files["logo.bin"].size == 3
    assert files["run.sh"].text == "#!/bin/sh\necho hi\n"


@pytest.mark.parametrize("name", ["", ".", "..", "../up", "/etc", "a/b", "a\\b"])
def test_a_destination_must_be_one_plain_folder_name(tmp_path: Path, name: str) -> None:
    scratch = tmp_path / "scratch"
    with pytest.raises(UnsafePath), rendered_project(scratch, name, {}, {}, None):
        pass
    assert not scratch.exists() or not any(scratch.iterdir())


def test_slots_refuse_the_request_beyond_the_limit() -> None:
    slots = RenderSlots(2)
    with slots.slot(), slots.slot(), pytest.raises(Busy), slots.slot():
        pass
    with slots.slot():
        pass
