"""`stackpick new --install` without a terminal: real uv, real venvs, the project's real pytest.

The uv cache is this test session's own (warmed by the first install, shared by the
xdist workers), so the results do not depend on the user's cache. PyPI is reachable
in CI; the offline case takes the network away with uv's offline mode.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.errors import EXIT_SETUP
from tests.support.cli import ANSI, assert_one_line_error, cli_env, run_cli
from tests.support.git import git

TEST_BIN = Path(sys.executable).parent
"""The test venv's bin folder: it holds uv (from the [test] extra)."""


@pytest.fixture(scope="session")
def uv_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One uv cache for the whole run (xdist workers share it; uv locks it itself)."""
    root = tmp_path_factory.getbasetemp()
    shared = root.parent if os.environ.get("PYTEST_XDIST_WORKER") else root
    cache = shared / "install-uv-cache"
    cache.mkdir(exist_ok=True)
    return cache


def install_env(stackpick_home: Path, uv_cache: Path | None, **extra: str) -> dict[str, str]:
    """No terminal, uv on PATH, this session's uv cache; the project's pytest gets no
    PYTEST_* variable of ours."""
    env = {
        key: value
        for key, value in cli_env(STACKPICK_HOME=str(stackpick_home), CI="true").items()
        if not key.startswith("PYTEST_")
    }
    env["PATH"] = os.pathsep.join([str(TEST_BIN), env.get("PATH", os.defpath)])
    if uv_cache is not None:
        env["UV_CACHE_DIR"] = str(uv_cache)
    env.update(extra)
    return env


def listing(root: Path, *, leave_out: Path) -> list[str]:
    """Every path below ``root`` except ``leave_out`` and what it holds."""
    return sorted(
        str(path.relative_to(root))
        for path in root.rglob("*")
        if path != leave_out and leave_out not in path.parents
    )


def committed_files(project: Path) -> list[str]:
    return git(project, "show", "--stat", "--format=", "--name-only", "HEAD").splitlines()


def new_install(work: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli("new", "shop", "--defaults", "--install", *args, cwd=work, env=env)


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """The folder `new` runs in; the test checks nothing but DEST changes in it."""
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / "neighbour.txt").write_text("not the project's\n")
    return folder


def assert_ready(result: subprocess.CompletedProcess[str], project: Path) -> None:
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert not ANSI.search(result.stdout), "no terminal: plain output"
    for name in ("venv", "install", "database", "tests"):
        assert any(line.split()[:2] == ["ok", name] for line in result.stdout.splitlines()), (
            name,
            result.stdout,
        )
    assert "uv.lock" in committed_files(project)
    assert len(git(project, "log", "--oneline").splitlines()) == 1
    assert git(project, "status", "--porcelain") == "", "the first commit holds everything"
    assert "Initialised a git repository with a first commit (uv.lock included)." in result.stdout
    assert "Ready." in result.stdout


READY = {
    # framework: (the command that starts the server, its URL, the migrated database)
    "flask": (".venv/bin/flask --app shop.wsgi run --debug", "5000", "instance/shop.sqlite3"),
    "django": (".venv/bin/python manage.py runserver", "8000", "db.sqlite3"),
}


@pytest.mark.parametrize("framework", ["flask", pytest.param("django", marks=pytest.mark.slow)])
def test_install_ends_ready_with_the_lock_committed(
    framework: str, work: Path, stackpick_home: Path, uv_cache: Path
) -> None:
    before = listing(work, leave_out=work / "shop")
    result = new_install(work, install_env(stackpick_home, uv_cache), "--framework", framework)
    project = work / "shop"
    assert_ready(result, project)
    server, port, database = READY[framework]
    assert f"cd shop && {server}" in result.stdout
    assert f"http://127.0.0.1:{port}" in result.stdout
    lock = (project / "uv.lock").read_text()
    assert f'name = "{framework}"' in lock and 'name = "pytest"' in lock, "dev tools locked too"
    # The venv works: the project and its dev tools import, the database was migrated.
    check = subprocess.run(
        [str(project / ".venv/bin/python"), "-c", f"import shop, {framework}, pytest, ruff"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stderr
    assert (project / database).is_file(), "the migrate step made the database"
    assert listing(work, leave_out=project) == before


def test_offline_with_an_empty_cache_fails_at_the_install_step_and_keeps_the_project(
    work: Path, stackpick_home: Path, tmp_path: Path
) -> None:
    empty_cache = tmp_path / "empty-uv-cache"
    env = install_env(
        stackpick_home,
        empty_cache,
        UV_OFFLINE="1",
        UV_NO_CONFIG="1",
        UV_DEFAULT_INDEX="http://127.0.0.1:9/simple",  # nothing listens there either
    )
    before = listing(work, leave_out=work / "shop")
    result = new_install(work, env, "--framework", "flask")
    line = assert_one_line_error(
        result,
        EXIT_SETUP,
        "install step failed",
        "kept and committed",
        "cd shop && uv sync --extra dev",
        "git add uv.lock && git commit",
    )
    assert line.count("\n") == 0
    project = work / "shop"
    assert "Created a Flask project" in result.stdout
    assert any(line.split()[:2] == ["FAILED", "install"] for line in result.stdout.splitlines())
    assert not ANSI.search(result.stdout)
    # Kept and committed: the rendered files, without a lock (there is none).
    assert len(git(project, "log", "--oneline").splitlines()) == 1
    assert git(project, "status", "--porcelain") == ""
    assert "pyproject.toml" in committed_files(project)
    assert not (project / "uv.lock").exists()
    assert listing(work, leave_out=project) == before


def test_a_failing_project_test_fails_the_tests_step(
    work: Path, stackpick_home: Path, uv_cache: Path
) -> None:
    """The generated Flask suite tests the Redis cache when REDIS_URL is set; pointing it
    at a port where no server listens makes that real test fail (connection refused)."""
    env = install_env(stackpick_home, uv_cache, REDIS_URL="redis://127.0.0.1:1/0")
    result = new_install(work, env, "--framework", "flask")
    assert_one_line_error(
        result,
        EXIT_SETUP,
        "tests step failed",
        "exited with 1",
        "finish by hand: cd shop && .venv/bin/python -m pytest",
    )
    assert "test_with_redis_url_workers_share_one_redis_cache" in result.stdout
    project = work / "shop"
    assert "uv.lock" in committed_files(project), "the lock was made before the tests"
    assert git(project, "status", "--porcelain") == ""


def test_a_database_server_that_is_not_there_stops_the_database_step(
    work: Path, stackpick_home: Path, uv_cache: Path
) -> None:
    """PostgreSQL named by DATABASE_URL (the environment wins over .env) on a port where
    nothing listens: the normal "start your server, then finish by hand" case."""
    env = install_env(
        stackpick_home, uv_cache, DATABASE_URL="postgresql://app:app@127.0.0.1:1/shop"
    )
    result = new_install(work, env, "--framework", "flask", "--data", "database=postgresql")
    assert_one_line_error(
        result,
        EXIT_SETUP,
        "database step failed",
        "`docker compose up -d db` starts one",
        "finish by hand: cd shop && .venv/bin/flask --app shop.wsgi db upgrade && "
        ".venv/bin/python -m pytest",
    )
    assert "Connection refused" in result.stdout or "connection failed" in result.stdout
    project = work / "shop"
    assert "uv.lock" in committed_files(project)
    assert git(project, "status", "--porcelain") == ""


def test_install_and_pretend_contradict(work: Path, stackpick_home: Path) -> None:
    result = run_cli(
        "new",
        "shop",
        "--framework",
        "flask",
        "--pretend",
        "--install",
        cwd=work,
        env=install_env(stackpick_home, None),
    )
    assert_one_line_error(result, 2, "--install and --pretend")
    assert not (work / "shop").exists()


@pytest.mark.slow
def test_without_uv_the_venv_and_pip_install_it(work: Path, stackpick_home: Path) -> None:
    """uv off PATH: `python -m venv` and pip do the job, and no lock is written."""
    env = install_env(stackpick_home, None, PATH=os.pathsep.join(["/usr/bin", "/bin"]))
    result = new_install(work, env, "--framework", "flask", "--data", "database=none")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "uv was not found" in result.stdout
    assert "pip install -e" in result.stdout
    assert not any(line.split()[:2] == ["ok", "database"] for line in result.stdout.splitlines())
    project = work / "shop"
    assert not (project / "uv.lock").exists()
    assert "No uv.lock was written" in result.stdout
    assert git(project, "status", "--porcelain") == ""


def test_the_readme_exit_code_table_is_the_error_table() -> None:
    from generator.errors import EXIT_MEANINGS

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    table = readme.split("### Exit codes", 1)[1].split("\n\n")[1]
    codes = {
        int(line.split("|")[1])
        for line in table.splitlines()
        if line.startswith("| ") and line.split("|")[1].strip().isdigit()
    }
    assert codes == set(EXIT_MEANINGS)
