"""The start page as HTML (Jinja2 templates shipped in the package, autoescaped) and JSON.

The same fragments serve both ways of using the page: the full page for a plain
form submission (no JavaScript needed), and pieces of it in :func:`state_json` for
the page's script, which swaps them in as answers change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.__about__ import __version__
from generator.vocabulary import FRAMEWORK_NAMES

if TYPE_CHECKING:
    from jinja2 import Environment

    from generator.web.form import FormState
    from generator.web.render import PreviewFile

TEMPLATES = Path(__file__).parent / "templates"


@cache
def _environment() -> Environment:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=False,
    )


def _markup(text: str) -> Any:
    from markupsafe import Markup

    return Markup(text)


@dataclass
class Tree:
    """Folders and files of one level of the preview's file tree."""

    folders: dict[str, Tree] = field(default_factory=dict)
    files: list[PreviewFile] = field(default_factory=list)


def file_tree(files: list[PreviewFile]) -> Tree:
    """Nest a flat, sorted list of files into folders (folders first, then files)."""
    root = Tree()
    for item in files:
        node = root
        *folders, _ = item.path.split("/")
        for name in folders:
            node = node.folders.setdefault(name, Tree())
        node.files.append(item)

    def order(node: Tree) -> None:
        node.folders = dict(sorted(node.folders.items()))
        node.files.sort(key=lambda f: f.path)
        for child in node.folders.values():
            order(child)

    order(root)
    return root


def recommendation_html(state: FormState) -> str:
    """The recommendation panel: verdict, score bars, reasons, criteria table."""
    from generator.recommendation.report import SOURCE, verdict

    return (
        _environment()
        .get_template("recommendation.html")
        .render(
            state=state,
            names=FRAMEWORK_NAMES,
            verdict=verdict(state.recommendation),
            relevant=state.recommendation.relevant_criteria(),
            source=SOURCE,
        )
    )


def preview_html(state: FormState, files: list[PreviewFile], selected: str | None = None) -> str:
    """The preview: the file tree (links that also work without JavaScript) and one file."""
    chosen = next((f for f in files if f.path == selected), None)
    text = ""
    if chosen is not None:
        text = chosen.text if chosen.text is not None else f"(binary file, {chosen.size} bytes)"
    return (
        _environment()
        .get_template("tree.html")
        .render(
            tree=file_tree(files),
            count=len(files),
            destination=state.destination,
            tag=f"v{__version__}",
            query=state.share_query(),
            selected=chosen.path if chosen else None,
            selected_text=text,
        )
    )


def state_json(state: FormState) -> dict[str, Any]:
    """What the page's script needs after each change."""
    return {
        "ok": state.ok,
        "framework": state.framework,
        "recommendation": state.recommendation.to_dict(),
        "fields": [f.to_dict() for f in state.fields],
        "errors": state.errors(),
        "command": state.command_line(),
        "share": state.share_query(),
        "html": {"recommendation": recommendation_html(state)},
    }


def _script_json(data: Any) -> str:
    """JSON safe inside a ``<script type="application/json">`` element."""
    text = json.dumps(data, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def page_html(
    state: FormState,
    *,
    preview: list[PreviewFile] | None = None,
    selected: str | None = None,
    render_error: str = "",
) -> str:
    """The whole page for ``state``; with ``preview``, the file tree is shown too."""
    from generator.recommendation.questions import QUESTIONS
    from generator.web.form import MAX_VALUE_LENGTH

    data = state_json(state)
    return (
        _environment()
        .get_template("page.html")
        .render(
            state=state,
            questions=QUESTIONS,
            names=FRAMEWORK_NAMES,
            version=__version__,
            max_length=MAX_VALUE_LENGTH,
            recommendation_html=_markup(data["html"]["recommendation"]),
            preview_html=_markup(preview_html(state, preview, selected)) if preview else "",
            render_error=render_error,
            state_json=_markup(_script_json({k: v for k, v in data.items() if k != "html"})),
        )
    )
