"""The ``stackpick new`` session: recommendation, template questions, review, render, report.

Interactive in a terminal; fully driven by flags otherwise. Prompting goes through
:mod:`generator.commands.asking`, the review loop is :mod:`generator.commands.review`.
"""

from __future__ import annotations

import os
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import console
from generator.errors import InvalidAnswerError, UsageError
from generator.vocabulary import FRAMEWORK_NAMES, other_framework

if TYPE_CHECKING:
    from generator.project.create import CreatedProject
    from generator.project.install import InstallPlan, StepOutcome
    from generator.template.questions import (
        AskTemplateQuestion,
        QuestionEvaluator,
        TemplateQuestion,
    )


@dataclass
class NewOptions:
    """Everything ``stackpick new`` was told on the command line."""

    dest: Path | None = None
    framework: str | None = None
    answers_file: Path | None = None
    overrides: list[tuple[str, str]] = field(default_factory=list)
    data: list[tuple[str, str]] = field(default_factory=list)
    defaults: bool = False
    git: bool = True
    pretend: bool = False
    interactive: bool = False
    install: bool | None = None
    """``--install`` / ``--no-install``; None: not said (the review asks in a terminal)."""


def _template_given(options: NewOptions) -> dict[str, Any]:
    given = dict(options.data)
    if options.framework:
        if given.get("framework", options.framework) != options.framework:
            raise InvalidAnswerError(
                f"--framework {options.framework} contradicts --data framework="
                f"{given['framework']}",
                "Give the framework once",
            )
        given["framework"] = options.framework
    return given


def _choose_framework(
    questionnaire: dict[str, Any], options: NewOptions
) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """Run the recommender; returns (framework, questionnaire, recommendation dict)."""
    from generator.recommendation.rules import recommend

    asking = options.interactive and not options.defaults
    if asking:
        from generator.commands.asking import ask_recommender_questions

        questionnaire = ask_recommender_questions(questionnaire)
    result = recommend(questionnaire)
    if not asking:
        console.echo(
            f"Recommended: {FRAMEWORK_NAMES[result.framework]} "
            f"(Flask {result.scores['flask']}, Django {result.scores['django']}"
            f"{', a close call' if result.close_call else ''})"
        )
        return result.framework, questionnaire, result.to_dict()
    from generator.commands import prompts
    from generator.recommendation import report

    console.echo(report.render(result))
    other = other_framework(result.framework)
    framework = prompts.select(
        "Which framework should the project use?",
        [
            (result.framework, f"{FRAMEWORK_NAMES[result.framework]} (recommended)"),
            (other, f"{FRAMEWORK_NAMES[other]} instead"),
        ],
        default=result.framework,
        help_text="You can take the recommendation or pick the other framework",
    )
    return framework, questionnaire, result.to_dict()


def _default_destination(answers: dict[str, Any]) -> Path:
    return Path(str(answers["package_name"]).replace("_", "-"))


def _asking_with_destination_check(dest: Path | None) -> AskTemplateQuestion:
    """The template prompt; without DEST, a taken folder is reported at the name question."""
    from generator.commands.asking import ask_template_question
    from generator.errors import DestinationError
    from generator.project.create import check_destination
    from generator.template.questions import BACK

    def ask(
        question: TemplateQuestion,
        default: Any,
        evaluator: QuestionEvaluator,
        answers: dict[str, Any],
    ) -> Any:
        while True:
            value = ask_template_question(question, default, evaluator, answers)
            if dest is not None or question.name != "package_name" or value is BACK:
                return value
            try:
                check_destination(_default_destination({"package_name": value}).absolute())
            except DestinationError as error:
                console.echo(f"  {error.message}: pick another name, or give DEST.")
                default = value
                continue
            return value

    return ask


def _split_answers_file(options: NewOptions, template_keys: set[str]) -> dict[str, Any]:
    """Template answers held in the --answers file (the questionnaire keys stay there)."""
    from generator.recommendation.loading import read_answers_file

    if options.answers_file is None:
        return {}
    raw = read_answers_file(options.answers_file)
    return {key: value for key, value in raw.items() if key in template_keys}


def run_new(options: NewOptions) -> int:
    """Run the whole ``new`` session and print the outcome; returns the exit code."""
    from generator.commands.common import load_questionnaire
    from generator.project.create import check_destination, create_project
    from generator.project.next_steps import next_steps
    from generator.project.preferences import context_defaults
    from generator.recommendation.suggestions import suggest_template_answers
    from generator.template.questions import QuestionEvaluator

    if options.pretend and options.install:
        raise UsageError("--install and --pretend contradict", "Give one of them")
    if options.dest is not None:
        check_destination(options.dest.absolute())
    evaluator = QuestionEvaluator()
    from generator.recommendation.questions import QUESTIONS

    # Keys that only the template knows; "database" is a questionnaire key as well.
    template_keys = set(evaluator.by_name) - {question.key for question in QUESTIONS}
    given = {**_split_answers_file(options, template_keys), **_template_given(options)}
    questionnaire = load_questionnaire(
        options.answers_file, options.overrides, extra_keys=template_keys
    )
    recommendation = None
    if "framework" not in given:
        framework, questionnaire, recommendation = _choose_framework(questionnaire, options)
        given["framework"] = framework
    asking = options.interactive and not options.defaults
    suggestions = {
        **suggest_template_answers(questionnaire, given["framework"]),
        **context_defaults(options.dest),
    }
    answers = evaluator.resolve(
        given,
        ask=_asking_with_destination_check(options.dest) if asking else None,
        suggestions=suggestions,
    )
    dest = options.dest if options.dest is not None else _default_destination(answers)
    if options.dest is None:
        check_destination(dest.absolute())
    install = bool(options.install)
    if asking:
        from generator.commands.review import Review, review_answers

        review = Review(answers, questionnaire, recommendation, explicit=set(given))
        if not options.pretend:
            review.install = _install_default(options.install)
        answers = review_answers(answers, evaluator, dest, review)
        questionnaire, recommendation = review.questionnaire, review.recommendation
        install = bool(review.install)
        if options.dest is None:
            dest = _default_destination(answers)
    name = FRAMEWORK_NAMES[answers["framework"]]
    plan: list[InstallPlan] = []

    def setup(created: CreatedProject) -> None:
        """Runs in DEST once the files are in place; the first commit follows."""
        from generator.project.install import interrupted_before_start

        try:
            _report_created(created, name)
            plan.append(_plan(created, answers))
            _install(created, answers, plan[0])
        except KeyboardInterrupt:
            # Between the files and the first step: the project is kept all the same.
            raise interrupted_before_start(
                plan[0] if plan else None,
                answers,
                _location(created),
                committed=created.git == "initialised",
            ) from None

    created = create_project(
        dest,
        answers,
        questionnaire=questionnaire,
        recommendation=recommendation,
        git_init=options.git,
        pretend=options.pretend,
        setup=setup if install else None,
    )
    if options.pretend:
        console.echo(
            f"Would create a {name} project in {created.path} with "
            f"{len(created.files)} files (nothing was written):"
        )
        for path in created.files:
            console.echo(f"  {path}")
        return 0
    if not install:
        _report_created(created, name)
    _report_git(created, with_lock=bool(plan) and plan[0].tool == "uv")
    location = _location(created)
    if install:
        _report_ready(answers, location, created, plan[0])
        return 0
    console.echo("\nNext steps:")
    for command, why in next_steps(answers, location, git_state=created.git):
        console.echo(f"  {console.style(command, 'bold'):<50} # {why}")
    return 0


def _install_default(given: bool | None) -> bool:
    """The review's install choice: as the flag says, else yes when uv is found."""
    from generator.project.install import find_uv

    return given if given is not None else find_uv() is not None


def _location(created: CreatedProject) -> str:
    """How the user reaches the project from here: relative unless that climbs up."""
    location = os.path.relpath(created.path)
    return str(created.path) if location.startswith("..") else location


def _report_created(created: CreatedProject, name: str) -> None:
    console.echo(
        console.style(
            f"Created a {name} project in {created.path} ({len(created.files)} files).",
            "green",
            "bold",
        )
    )


def _report_git(created: CreatedProject, *, with_lock: bool) -> None:
    if created.git == "initialised":
        lock = " (uv.lock included)" if with_lock else ""
        console.echo(f"Initialised a git repository with a first commit{lock}.")
    elif created.git == "inside-repository":
        console.echo(
            f"Not running git init: {created.path} is inside the git repository "
            f"at {created.enclosing_repository}. Commit the new files there."
        )


def _plan(created: CreatedProject, answers: dict[str, Any]) -> InstallPlan:
    from generator.project.install import find_uv, plan_install

    return plan_install(created.path, answers, uv=find_uv())


def _install(
    created: CreatedProject, answers: dict[str, Any], plan: InstallPlan
) -> list[StepOutcome]:
    """Run the install steps in the new project, showing each (see install_view)."""
    from generator.commands.install_view import steps_view
    from generator.project.install import run_install

    tool = "uv" if plan.tool == "uv" else "python -m venv and pip (uv was not found)"
    console.echo(f"\nInstalling with {tool}:")
    with steps_view(plan) as view:
        return run_install(
            created.path,
            answers,
            plan,
            view,
            location=_location(created),
            committed=created.git == "initialised",
        )


def _report_ready(
    answers: dict[str, Any], location: str, created: CreatedProject, plan: InstallPlan
) -> None:
    """The end of ``new --install``: ready, the command that starts the server, the URL."""
    from generator.project.install import in_venv
    from generator.project.next_steps import dev_server_url, run_command

    enter = "" if location in ("", ".") else f"cd {shlex.quote(location)} && "
    server = enter + in_venv(run_command(answers))
    console.echo()
    console.echo(console.style("Ready.", "green", "bold") + " Start the development server:")
    console.echo(f"  {console.style(server, 'bold')}")
    console.echo(f"and open {dev_server_url(answers)}")
    if answers["framework"] == "django":
        console.echo(f"Create an admin login with: {in_venv('python manage.py createsuperuser')}")
    if plan.tool == "pip":
        console.echo(
            "No uv.lock was written (uv was not found): install uv, then run "
            "`uv lock` in the project and commit uv.lock."
        )
    if created.git == "skipped":
        console.echo(
            "Not in git: `git init && git add -A && git commit -m 'Initial commit'` "
            "(`stackpick update` needs the project in git)."
        )
