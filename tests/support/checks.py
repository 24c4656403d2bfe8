"""Static checks run on every rendered project: leftovers, ruff, hadolint, actionlint."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

TOOLS_BIN = Path(sys.executable).parent
_JINJA_LEFTOVER = re.compile(r"(?<![$])\{\{|\{%|\{#|(?<![}])%\}")


def _is_app_html_template(path: Path, root: Path) -> bool:
    relative = path.relative_to(root)
    return path.suffix == ".html" and "templates" in relative.parts


def template_leftovers(root: Path) -> list[str]:
    """Files (outside the app's own HTML templates) that still contain Jinja syntax."""
    found = []
    for path in sorted(root.rglob("*")):
        if ".git" in path.parts or not path.is_file():
            continue
        if "{{" in path.name or "{%" in path.name or path.suffix == ".jinja":
            found.append(f"{path.relative_to(root)}: unrendered file name")
            continue
        if _is_app_html_template(path, root):
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for number, line in enumerate(text.splitlines(), 1):
            if _JINJA_LEFTOVER.search(line):
                found.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    return found


def run_tool(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run one of the test environment's tools (ruff, hadolint, actionlint) in ``cwd``."""
    executable = TOOLS_BIN / args[0]
    return subprocess.run(
        [str(executable), *args[1:]], cwd=cwd, capture_output=True, text=True, check=False
    )


# Checks that passed, by a hash of the tool's arguments and every file it reads: many
# combinations render identical Dockerfiles, workflows or Python trees, and the same tool
# on the same bytes gives the same answer, so each is run once per process. Failures are
# never cached (their messages are always fresh).
_PASSED: set[str] = set()
_RUFF_CONFIGS = {"pyproject.toml", "ruff.toml", ".ruff.toml"}


def _inputs_key(args: list[str], root: Path) -> str:
    """A hash of ``args`` and the files the check reads under ``root``."""
    if args[0] == "ruff":
        files = sorted(
            path
            for path in root.rglob("*")
            if path.is_file()
            and ".git" not in path.parts
            and (path.suffix in {".py", ".pyi"} or path.name in _RUFF_CONFIGS)
        )
    else:
        files = [root / arg for arg in args[1:] if (root / arg).is_file()]
    digest = hashlib.sha256("\0".join(args).encode())
    for path in files:
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def static_problems(root: Path) -> list[str]:
    """Everything wrong with a rendered project that can be seen without installing it."""
    problems = [f"leftover: {item}" for item in template_leftovers(root)]
    checks = [
        ["ruff", "check", "--no-cache", "."],
        ["ruff", "format", "--check", "--no-cache", "."],
    ]
    if (root / "Dockerfile").exists():
        checks.append(["hadolint", "Dockerfile"])
    workflows = sorted(str(p.relative_to(root)) for p in (root / ".github/workflows").glob("*.yml"))
    if workflows:
        checks.append(["actionlint", *workflows])
    for args in checks:
        key = _inputs_key(args, root)
        if key in _PASSED:
            continue
        result = run_tool(args, root)
        if result.returncode != 0:
            problems.append(f"{' '.join(args)}:\n{result.stdout}{result.stderr}")
        else:
            _PASSED.add(key)
    return problems
