"""Flask projects made by the real stackpick 0.1.0 update cleanly to this version.

Two projects, the default (SQLite) one and one with PostgreSQL, are made by 0.1.0,
committed, migrated and seeded as a user would have done, then updated with no user
edits: no conflicts, the new files arrive (accounts, the users migration, the security
hook), the new migration applies on top of the 0.1.0 schema without losing rows, and
the project's own tests pass (on a real PostgreSQL server for the second project).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.databases import fresh_database
from tests.support.environments import ProjectEnvironments, run_in
from tests.update.conftest import RealUpgrade, commit_all, git

pytestmark = pytest.mark.slow

PACKAGE = "my_web_app"
CLEAN_ENV = {"APP_ENV": "", "DATABASE_URL": "", "SECRET_KEY": ""}
ITEM_COUNT = (
    "from sqlalchemy import create_engine, text; import sys; "
    "from my_web_app.config import normalise_database_url as n; "
    "e = create_engine(n(sys.argv[1])); c = e.connect(); "
    "print(c.execute(text('SELECT count(*) FROM items')).scalar())"
)


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_flask_project_from_0_1_0_updates_and_keeps_its_data(
    database: str,
    from_0_1_0: RealUpgrade,
    project_environments: ProjectEnvironments,
    tmp_path: Path,
) -> None:
    project = from_0_1_0.make(tmp_path / "project", "flask", f"database={database}")
    if database == "sqlite":
        url = f"sqlite:///{tmp_path / 'dev.sqlite3'}"
    else:
        url = fresh_database("postgresql", "sp_flask_update_dev")
        assert url
    dev_env = {**CLEAN_ENV, "APP_ENV": "development", "DATABASE_URL": url}
    flask = ["flask", "--app", f"{PACKAGE}.wsgi"]

    # The user's 0.1.0 database: migrated and seeded by the 0.1.0 code.
    with project_environments.installed(project) as venv:
        for command in (["db", "upgrade"], ["seed"]):
            done = run_in(venv, [*flask, *command], project, dev_env)
            assert done.returncode == 0, done.stdout + done.stderr

    result = from_0_1_0.update(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert git(project, "ls-files", "-u") == "", "the update left conflicts"
    marked = [
        path
        for path in git(project, "ls-files").splitlines()
        if "\n<<<<<<< " in "\n" + (project / path).read_text(errors="replace")
    ]
    assert marked == [], f"conflict markers in {marked}"
    for new in (
        f"src/{PACKAGE}/security.py",
        f"src/{PACKAGE}/accounts/views.py",
        "migrations/versions/7c1e5a9d2b40_create_users_and_api_tokens.py",
    ):
        assert (project / new).exists(), new
    commit_all(project, "update to the new template")

    with project_environments.installed(project) as venv:
        upgrade = run_in(venv, [*flask, "db", "upgrade"], project, dev_env)
        assert upgrade.returncode == 0, upgrade.stdout + upgrade.stderr
        count = run_in(venv, ["python", "-c", ITEM_COUNT, url], project)
        assert count.stdout.strip() == "3", count.stdout + count.stderr

        test_env = {**CLEAN_ENV} if database == "sqlite" else dev_env
        tests = run_in(venv, ["pytest", "-q", "-p", "no:cacheprovider"], project, test_env)
        assert tests.returncode == 0, tests.stdout[-3000:] + tests.stderr[-2000:]
        count = run_in(venv, ["python", "-c", ITEM_COUNT, url], project)
        assert count.stdout.strip() == "3", "the tests touched the development database"
