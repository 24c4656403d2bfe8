"""The import rules of ARCHITECTURE.md, checked on the source (no module is imported)."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "generator"

BASE = ("generator.__about__", "generator.errors", "generator.vocabulary", "generator.console")
ALLOWED: dict[str, tuple[str, ...]] = {
    "generator.gitutil": BASE,
    "generator.recommendation": (*BASE, "generator.recommendation"),
    "generator.template": (*BASE, "generator.gitutil", "generator.template"),
    "generator.project": (*BASE, "generator.gitutil", "generator.template", "generator.project"),
    "generator.web": (
        *BASE,
        "generator.recommendation",
        "generator.template",
        "generator.project",
        "generator.web",
    ),
    "generator.commands": (
        *BASE,
        "generator.recommendation",
        "generator.template",
        "generator.project",
        "generator.web",
        "generator.commands",
    ),
    "generator.cli": (*BASE, "generator.commands"),
}
"""Which of our own modules each package may import (the base modules import only errors)."""

ONLY_IN = {
    "questionary": "generator.commands.prompts",
    "copier": "generator.template.copier_adapter",
    "plumbum": "generator.template.copier_adapter",
}
"""Third-party packages that exactly one module may import."""

HEAVY = (
    "copier",
    "questionary",
    "jinja2",
    "jinja2_ansible_filters",
    "markupsafe",
    "rich",
    "yaml",
    "plumbum",
)
"""Imported only inside functions, so ``stackpick --help`` stays fast."""


@dataclass(frozen=True)
class Import:
    module: str
    name: str
    line: int
    top_level: bool


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> list[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [Import(a.name, "", node.lineno, id(node) in top) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                # `from generator import console` imports the module generator.console
                module = f"generator.{alias.name}" if node.module == "generator" else node.module
                found.append(Import(module, alias.name, node.lineno, id(node) in top))
    return found


SOURCES = sorted(PACKAGE.rglob("*.py"))
MODULES = {module_name(path): imports(path) for path in SOURCES}


def under(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_the_sources_were_found() -> None:
    assert "generator.template.copier_adapter" in MODULES
    assert "generator.commands.prompts" in MODULES


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_each_package_imports_only_what_it_may(package: str) -> None:
    wrong = [
        f"{module}:{item.line} imports {item.module}"
        for module, found in MODULES.items()
        if under(module, package)
        for item in found
        if under(item.module, "generator")
        and not any(under(item.module, allowed) for allowed in ALLOWED[package])
    ]
    assert not wrong


def test_only_the_web_command_imports_the_web_package_and_only_inside_run() -> None:
    users = {
        module: item
        for module, found in MODULES.items()
        if not under(module, "generator.web")
        for item in found
        if under(item.module, "generator.web")
    }
    assert set(users) == {"generator.commands.web"}
    assert not any(item.top_level for item in users.values())


def test_base_modules_import_only_errors() -> None:
    for module in BASE:
        own = {item.module for item in MODULES[module] if under(item.module, "generator")}
        assert own <= {"generator.errors"}, (module, own)


@pytest.mark.parametrize("library", sorted(ONLY_IN))
def test_one_module_imports_each_wrapped_library(library: str) -> None:
    users = {
        module for module, found in MODULES.items() if any(under(i.module, library) for i in found)
    }
    assert users == {ONLY_IN[library]}


def test_no_private_copier_name_outside_the_adapter() -> None:
    wrong = [
        f"{module}:{item.line}"
        for module, found in MODULES.items()
        if module != ONLY_IN["copier"]
        for item in found
        if under(item.module, "copier") and (item.name.startswith("_") or "._" in item.module)
    ]
    assert not wrong


def test_heavy_libraries_are_imported_inside_functions_only() -> None:
    wrong = [
        f"{module}:{item.line} imports {item.module} at module level"
        for module, found in MODULES.items()
        for item in found
        if item.top_level and item.module.split(".")[0] in HEAVY
    ]
    assert not wrong


def is_private(item: Import) -> bool:
    names = [*item.module.split(".")[1:], item.name]
    return any(name.startswith("_") and not name.startswith("__") for name in names)


def test_tests_use_no_private_name_of_the_package() -> None:
    """Tests use public interfaces of the package, never its ``_private`` names."""
    wrong = [
        f"{path.relative_to(REPO)}:{item.line} {item.module}.{item.name}"
        for path in sorted((REPO / "tests").rglob("*.py"))
        for item in imports(path)
        if under(item.module, "generator") and is_private(item)
    ]
    assert not wrong
