"""Django projects made by the real stackpick 0.1.0 move onto the one-package layout.

0.1.0 put ``config``, ``core``, ``users`` (and ``api``) at the top of the project; 0.2.0
puts them inside the project's own package. The update must get there with no
conflicts: Copier removes the unedited old files and adds the new ones, and the
``_migrations`` step in ``copier.yml`` moves what is left (files the user edited, which
stackpick keeps, and files the user added) onto the new paths, merging edited template
files three ways. App labels stay, so an existing database needs no new migration.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.__about__ import __version__
from tests.support.databases import fresh_database
from tests.support.environments import ProjectEnvironments, run_in
from tests.update.conftest import RealUpgrade, commit_all, git

pytestmark = pytest.mark.slow

PACKAGE = "my_web_app"  # the default project name "My Web App"
OLD_FOLDERS = ("config", "core", "users", "api")
CLEAN_ENV = {"DJANGO_SECRET_KEY": "", "DATABASE_URL": ""}

USER_MIGRATION = """\
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("users", "0001_initial")]

    operations = [
        migrations.AddField(model_name="user", name="bio", field=models.TextField(blank=True)),
    ]
"""
USER_MODULE = '''\
"""A module the user added to the core app."""

from core.views import HomeView


class WelcomeView(HomeView):
    """The home page under another name."""
'''
USER_TEST = f'''\
"""The user's own test of what they added."""

import pytest

from {PACKAGE}.core.welcome import WelcomeView
from {PACKAGE}.users.models import User

pytestmark = pytest.mark.django_db


def test_bio_field_and_welcome_view():
    user = User.objects.create(username="ada", bio="Analyst")
    assert User.objects.get(pk=user.pk).bio == "Analyst"
    assert WelcomeView.template_name == "core/home.html"
'''


def _update_cleanly(from_0_1_0: RealUpgrade, project: Path) -> str:
    result = from_0_1_0.update(project)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert git(project, "ls-files", "-u") == "", output
    assert "<<<<<<<" not in git(project, "diff", "HEAD"), output
    after = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert after["_commit"].startswith(f"v{__version__}")
    return output


def _assert_one_package(project: Path, api: bool) -> None:
    for folder in OLD_FOLDERS:
        assert not (project / folder).exists(), f"{folder}/ is still at the top"
    packages = {path.parent.name for path in project.glob("*/__init__.py")}
    assert packages == {PACKAGE, "tests"}, packages
    for app in ("config", "core", "users"):
        assert (project / PACKAGE / app / "__init__.py").is_file(), app
    assert (project / PACKAGE / "api" / "apps.py").is_file() == api


def _database_env(database: str, name: str, tmp_path: Path) -> dict[str, str]:
    url = fresh_database(database, name) or f"sqlite:///{tmp_path / 'db.sqlite3'}"
    return {**CLEAN_ENV, "DATABASE_URL": url}


@pytest.mark.parametrize(
    "data",
    [(), ("database=postgresql", "api=drf")],
    ids=["default", "postgresql-drf"],
)
def test_unedited_django_project_moves_into_its_package(
    data: tuple[str, ...],
    from_0_1_0: RealUpgrade,
    project_environments: ProjectEnvironments,
    tmp_path: Path,
) -> None:
    project = from_0_1_0.make(tmp_path / "project", "django", *data)
    api = "api=drf" in data
    assert (project / "users" / "models.py").is_file()
    assert (project / "api").is_dir() == api

    output = _update_cleanly(from_0_1_0, project)

    assert "kept" not in output, output
    _assert_one_package(project, api)
    pyproject = (project / "pyproject.toml").read_text()
    assert f'packages = ["{PACKAGE}"]' in pyproject
    assert f"--ds={PACKAGE}.config.settings.test" in pyproject
    if (project / "Dockerfile").exists():
        assert f"{PACKAGE}.config.wsgi:application" in (project / "Dockerfile").read_text()
    commit_all(project, "update to the new template")

    database = "postgresql" if "database=postgresql" in data else "sqlite"
    env = _database_env(database, "stackpick_dj_update_unedited", tmp_path)
    with project_environments.installed(project) as venv:
        checks = run_in(venv, ["python", "manage.py", "makemigrations", "--check"], project, env)
        assert checks.returncode == 0, checks.stdout + checks.stderr
        tests = run_in(venv, ["pytest", "-q", "-p", "no:cacheprovider"], project, env)
    assert tests.returncode == 0, tests.stdout[-3000:] + tests.stderr[-2000:]


def test_user_edits_follow_the_moved_files_and_the_database_keeps_working(
    from_0_1_0: RealUpgrade, project_environments: ProjectEnvironments, tmp_path: Path
) -> None:
    project = from_0_1_0.make(tmp_path / "project", "django")
    models = project / "users" / "models.py"
    models.write_text(
        models.read_text()
        .replace(
            "from django.contrib.auth.models import AbstractUser\n",
            "from django.contrib.auth.models import AbstractUser\nfrom django.db import models\n",
        )
        .rstrip("\n")
        + "\n\n    bio = models.TextField(blank=True)\n"
    )
    (project / "users" / "migrations" / "0002_user_bio.py").write_text(USER_MIGRATION)
    views = project / "core" / "views.py"
    edited_line = '    extra_context = {"greeting": "Hello"}  # noqa: RUF012\n'
    views.write_text(
        views.read_text().replace(
            '    template_name = "core/home.html"\n',
            '    template_name = "core/home.html"\n' + edited_line,
        )
    )
    assert edited_line in views.read_text()
    (project / "core" / "welcome.py").write_text(USER_MODULE)
    commit_all(project, "user edits")

    # The database the old layout created and migrated, user migration included.
    env = _database_env("sqlite", "unused", tmp_path)
    with project_environments.installed(project) as venv:
        migrated = run_in(venv, ["python", "manage.py", "migrate", "--noinput"], project, env)
    assert "Applying users.0002_user_bio... OK" in migrated.stdout, migrated.stderr

    output = _update_cleanly(from_0_1_0, project)

    _assert_one_package(project, api=False)
    new_models = (project / PACKAGE / "users" / "models.py").read_text()
    assert "    bio = models.TextField(blank=True)\n" in new_models
    new_views = (project / PACKAGE / "core" / "views.py").read_text()
    assert edited_line in new_views
    # The line the user left alone takes the new template's form.
    assert "from .health import database_is_available\n" in new_views
    assert "from core." not in new_views
    assert (project / PACKAGE / "users" / "migrations" / "0002_user_bio.py").read_text() == (
        USER_MIGRATION
    )
    welcome = (project / PACKAGE / "core" / "welcome.py").read_text()
    assert f"from {PACKAGE}.core.views import HomeView\n" in welcome
    for moved in ("core/views.py", "core/welcome.py", "users/models.py"):
        assert f"{moved} -> {PACKAGE}/{moved}" in output, output

    (project / "tests" / "test_user_additions.py").write_text(USER_TEST)
    commit_all(project, "update to the new template")
    with project_environments.installed(project) as venv:
        # Same app labels: the project's own migrations are already applied (only the
        # apps 0.2.0 adds, such as allauth's accounts, have migrations to run).
        again = run_in(venv, ["python", "manage.py", "migrate", "--noinput"], project, env)
        assert again.returncode == 0, again.stdout + again.stderr
        assert "Applying users." not in again.stdout, again.stdout
        shown = run_in(venv, ["python", "manage.py", "showmigrations", "users"], project, env)
        assert "[X] 0001_initial\n [X] 0002_user_bio" in shown.stdout, shown.stdout
        pending = run_in(venv, ["python", "manage.py", "makemigrations", "--check"], project, env)
        assert pending.returncode == 0, pending.stdout + pending.stderr
        tests = run_in(venv, ["pytest", "-q", "-p", "no:cacheprovider"], project, env)
    assert tests.returncode == 0, tests.stdout[-3000:] + tests.stderr[-2000:]
