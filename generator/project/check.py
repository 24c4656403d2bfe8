"""Is a project's template current? Cheap enough for every CI run (no rendering)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from generator.__about__ import __version__
from generator.project.meta import find_project_root, read_project

CheckStatus = Literal["current", "outdated", "ahead"]
"""The project's template is the installed one, older, or newer (made by a newer stackpick)."""


@dataclass(frozen=True)
class CheckResult:
    """How a project's template version compares with the installed stackpick."""

    path: Path
    project_version: str
    installed_version: str

    @property
    def status(self) -> CheckStatus:
        """How the project's template version compares with the installed one."""
        from packaging.version import Version

        # Local "+dev.<hash>" snapshots of a developer's checkout count as their release.
        project = Version(Version(self.project_version).public)
        installed = Version(Version(self.installed_version).public)
        if project == installed:
            return "current"
        return "outdated" if project < installed else "ahead"

    def to_dict(self) -> dict[str, object]:
        """The ``--json`` shape."""
        return {
            "path": str(self.path),
            "project_version": self.project_version,
            "installed_version": self.installed_version,
            "status": self.status,
            "update_available": self.status == "outdated",
        }


def check_project(path: Path) -> CheckResult:
    """Compare the template version recorded in ``path`` with the installed one."""
    project = read_project(find_project_root(path.absolute()))
    return CheckResult(project.path, project.version, __version__)
