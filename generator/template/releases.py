"""Fetch the template of an older stackpick release, for updates from that version.

A version missing from the template store (a fresh clone on another machine) is
downloaded as that stackpick release with ``pip download``, honouring the user's
pip configuration (index, find-links, wheelhouse), and its template is unpacked.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

from generator.errors import TemplateError
from generator.template.source import TEMPLATE_PARTS


def pip_command() -> list[str] | None:
    """A pip that can run here, or None.

    In order: this interpreter's pip; the base interpreter's pip (a virtual
    environment made by uv, or with ``--without-pip``, has none of its own); then
    ``pip3``/``pip`` on PATH. Any of them honours the user's pip configuration
    (PIP_INDEX_URL, PIP_FIND_LINKS, PIP_NO_INDEX, pip.conf); ``pip download
    --no-deps`` does not depend on which interpreter runs it.
    """
    candidates: list[list[str]] = [[sys.executable, "-m", "pip"]]
    base = getattr(sys, "_base_executable", None)
    if base and base != sys.executable:
        candidates.append([base, "-m", "pip"])
    candidates += [[found] for found in map(shutil.which, ("pip3", "pip")) if found]
    for command in candidates:
        try:
            probe = subprocess.run(
                [*command, "--version"], capture_output=True, check=False, timeout=60
            )
        except (OSError, subprocess.TimeoutExpired):
            continue
        if probe.returncode == 0:
            return command
    return None


def fetch_release_template(version: str, scratch: Path) -> Path:
    """Download stackpick ``version`` with pip and unpack its template into ``scratch``."""
    missing = TemplateError(
        f"Template version {version} is not on this machine and pip could not fetch "
        f"stackpick=={version}",
        f"Make `pip download stackpick=={version}` work (e.g. set PIP_FIND_LINKS to a folder "
        f"holding its wheel), then run the command again",
    )
    pip = pip_command()
    if pip is None:
        raise missing
    downloads = scratch / "downloads"
    result = subprocess.run(
        [
            *pip,
            "download",
            "--no-deps",
            "--disable-pip-version-check",
            "--quiet",
            "--dest",
            str(downloads),
            f"stackpick=={version}",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise missing
    unpacked = scratch / "template"
    for archive in sorted(downloads.iterdir()):
        if archive.suffix == ".whl":
            _unpack_wheel(archive, unpacked)
            return unpacked
        if archive.name.endswith(".tar.gz"):
            _unpack_sdist(archive, unpacked)
            return unpacked
    raise missing


def _unpack_wheel(wheel: Path, dest: Path) -> None:
    prefix = "generator/_template/"
    with zipfile.ZipFile(wheel) as archive:
        for member in archive.infolist():
            if member.filename.startswith(prefix) and not member.is_dir():
                target = dest / member.filename[len(prefix) :]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(archive.read(member))
                if (member.external_attr >> 16) & 0o111:
                    target.chmod(0o755)
    if not (dest / "copier.yml").exists():
        raise TemplateError(f"{wheel.name} holds no stackpick template")


def _unpack_sdist(sdist: Path, dest: Path) -> None:
    with tarfile.open(sdist) as archive:
        for member in archive.getmembers():
            parts = Path(member.name).parts[1:]
            if parts and parts[0] in TEMPLATE_PARTS and member.isfile():
                target = dest.joinpath(*parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                source = archive.extractfile(member)
                assert source is not None
                target.write_bytes(source.read())
    if not (dest / "copier.yml").exists():
        raise TemplateError(f"{sdist.name} holds no stackpick template")
