"""The Django template, rendered in every combination and exercised for real.

- Every combination (3 databases x 2 API choices x 4 deployment subsets = 24) is rendered
  and statically checked: Jinja leftovers, ruff, hadolint, actionlint, and the structure
  of compose.yaml, the Procfile and the API choice.
- Every dependency set (database x API = 6; deployment targets only add files, and
  ``error_reporting=sentry`` is folded into every other one) is installed and then
  checked by Django (system checks, migrations, deployment checks, collectstatic with the
  Dockerfile's own environment), migrated and tested on a real database server with the
  cache on the real Redis server, and served by gunicorn with production settings: pages,
  request ids, and JSON log lines on stdout.
- Plain ``copier copy --defaults`` output passes its own tests with nothing but the
  ``.env`` the copier task writes.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import subprocess
import sys
import tomllib
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
import yaml
from openapi_spec_validator import validate as validate_openapi

from tests.support.checks import static_problems
from tests.support.databases import fresh_database, fresh_redis_url
from tests.support.environments import ProjectEnvironments, run_in
from tests.support.rendering import (
    DJANGO_APIS,
    DJANGO_DATABASES,
    combination_id,
    django_combinations,
)
from tests.support.serving import gunicorn, http_get, http_request
from tests.templates.conftest import Renderer

pytestmark = pytest.mark.slow

COMBINATIONS = django_combinations()


def _sentry_folded_in(data: dict[str, Any]) -> bool:
    """Sentry goes with every other (database, API) pair, so each API choice and each
    database is installed, tested and served once with it and once without."""
    pair = DJANGO_DATABASES.index(data["database"]) + DJANGO_APIS.index(data["api"])
    return data["error_reporting"] == ("sentry" if pair % 2 else "none")


# Deployment targets add files but no dependencies: one full combination per dependency set.
DEPENDENCY_SETS = [
    data
    for data in COMBINATIONS
    if data["deploy"] == ["docker", "paas"] and _sentry_folded_in(data)
]
# Redis logical databases 6-12 belong to the Django tests: one per dependency set.
REDIS_INDEX = {combination_id(data): 6 + index for index, data in enumerate(DEPENDENCY_SETS)}
# A DSN that starts the Sentry client; nothing listens there and nothing has to.
OFFLINE_SENTRY_DSN = "http://public@127.0.0.1:9/1"
PLACEHOLDER_SECRET = "replace-me-with-a-long-random-secret"
# "Acme Orders" gives the package acme_orders, which holds the settings and every app.
PACKAGE = "acme_orders"
WSGI_TARGET = f"{PACKAGE}.config.wsgi:application"
PRODUCTION_SETTINGS = f"{PACKAGE}.config.settings.production"
HEALTH_PATH = "/health/"


@pytest.fixture
def working_copy(tmp_path: Path) -> Callable[[Path], Path]:
    """Copy a rendered project, so running it never dirties what the static tests read."""

    def copy(project: Path) -> Path:
        return Path(shutil.copytree(project, tmp_path / "project"))

    return copy


def _database_name(data: dict[str, Any], purpose: str) -> str:
    return f"stackpick_dj_{data['database']}_{data['api']}_{purpose}"


def _database_env(data: dict[str, Any], purpose: str, tmp_path: Path) -> dict[str, str]:
    """A fresh database on the real server (PostgreSQL/MariaDB), or a fresh SQLite file."""
    url = fresh_database(data["database"], _database_name(data, purpose))
    return {"DATABASE_URL": url or f"sqlite:///{tmp_path / 'db.sqlite3'}"}


def _production_env(database_env: dict[str, str]) -> dict[str, str]:
    return {
        **database_env,
        "DJANGO_SETTINGS_MODULE": PRODUCTION_SETTINGS,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "localhost",
        "EMAIL_URL": "consolemail://",
        "LOG_FORMAT": "",
        "REDIS_URL": "",
        "SENTRY_DSN": "",
    }


def _ok(result: subprocess.CompletedProcess[str]) -> str:
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    return output


def _text_files(root: Path) -> Iterator[tuple[Path, str]]:
    for path in root.rglob("*"):
        if path.is_file() and ".git" not in path.parts:
            try:
                yield path, path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue


def _dockerfile_collectstatic_env(dockerfile: Path) -> dict[str, str]:
    """The variables the Dockerfile sets for its build-time collectstatic step."""
    text = dockerfile.read_text(encoding="utf-8")
    step = re.search(
        r"^RUN (DJANGO_SETTINGS_MODULE=.*?)python manage.py collectstatic",
        text,
        re.MULTILINE | re.DOTALL,
    )
    assert step, "the Dockerfile has no collectstatic step"
    return dict(re.findall(r"(\w+)=(\S+)", step.group(1)))


# Rendering and static checks: all 24 combinations.


@pytest.mark.parametrize("data", COMBINATIONS, ids=combination_id)
def test_renders_expected_files(data: dict[str, Any], rendered: Renderer, record_property) -> None:
    project = rendered(data)
    deploy, api, database = data["deploy"], data["api"], data["database"]

    for name in ("Dockerfile", "compose.yaml", ".dockerignore"):
        assert (project / name).exists() == ("docker" in deploy), name
    assert (project / "Procfile").exists() == ("paas" in deploy)
    for name in (
        "manage.py",
        "pyproject.toml",
        "README.md",
        ".env.example",
        ".gitignore",
        ".editorconfig",
        ".pre-commit-config.yaml",
        "gunicorn.conf.py",
        ".github/workflows/ci.yml",
        f"{PACKAGE}/__init__.py",
        f"{PACKAGE}/users/migrations/0001_initial.py",
        f"{PACKAGE}/config/settings/production.py",
        f"{PACKAGE}/core/templates/base.html",
    ):
        assert (project / name).is_file(), name
    assert (project / PACKAGE / "api/migrations/0001_initial.py").is_file() == (api == "drf")
    # One package per project: no generic top-level packages beside it.
    packages = {path.parent.name for path in project.glob("*/__init__.py")}
    assert packages == {PACKAGE, "tests"}, packages

    meta = tomllib.loads((project / "pyproject.toml").read_text())["project"]
    assert meta["requires-python"] == ">=3.11"
    dependencies = " ".join(meta["dependencies"])
    assert "Django>=5.2,<5.3" in dependencies
    assert "django-allauth>=" in dependencies
    assert "python-json-logger>=" in dependencies
    assert ("sentry-sdk[django]" in dependencies) == (data["error_reporting"] == "sentry")
    for path in (f"{PACKAGE}/config/sentry.py", "tests/test_sentry.py"):
        assert (project / path).exists() == (data["error_reporting"] == "sentry"), path
    assert ("psycopg[binary]" in dependencies) == (database == "postgresql")
    assert ("mysqlclient" in dependencies) == (database == "mysql")
    if api == "none":
        offenders = [
            str(path.relative_to(project))
            for path, text in _text_files(project)
            if "rest_framework" in text or "djangorestframework" in text
        ]
        assert not offenders, f"DRF mentioned without the drf answer: {offenders}"
    else:
        assert "djangorestframework>=3.18,<3.19" in dependencies
        for package in ("drf-spectacular", "drf-spectacular-sidecar", "django-cors-headers"):
            assert f"{package}>=" in dependencies, package

    # The copier task wrote .env with a real secret; .env.example keeps the placeholder.
    assert f"DJANGO_SECRET_KEY={PLACEHOLDER_SECRET}" in (project / ".env.example").read_text()
    dotenv = (project / ".env").read_text()
    assert PLACEHOLDER_SECRET not in dotenv
    assert re.search(r"^DJANGO_SECRET_KEY=\S{50,}$", dotenv, re.MULTILINE)
    assert ".env" in (project / ".gitignore").read_text().splitlines()
    record_property("matrix", f"django:rendered:{database}")


@pytest.mark.parametrize("data", COMBINATIONS, ids=combination_id)
def test_static_checks(data: dict[str, Any], rendered: Renderer, record_property) -> None:
    project = rendered(data)
    problems = static_problems(project)
    assert not problems, "\n".join(problems)

    database = data["database"]
    if "docker" in data["deploy"]:
        services = yaml.safe_load((project / "compose.yaml").read_text())["services"]
        assert "healthcheck" in services["web"]
        assert services["web"]["environment"]["DJANGO_SETTINGS_MODULE"] == PRODUCTION_SETTINGS
        if database == "sqlite":
            assert "db" not in services
        else:
            assert "healthcheck" in services["db"]
            assert services["web"]["depends_on"]["db"]["condition"] == "service_healthy"
            assert services["web"]["environment"]["DATABASE_URL"].startswith(
                {"postgresql": "postgresql://", "mysql": "mysql://"}[database]
            )
    if "paas" in data["deploy"]:
        processes = dict(
            line.split(": ", 1) for line in (project / "Procfile").read_text().splitlines() if line
        )
        assert processes["release"] == "python manage.py migrate --noinput"
        assert processes["web"] == f"gunicorn --config gunicorn.conf.py {WSGI_TARGET}"
    workflow = yaml.safe_load((project / ".github/workflows/ci.yml").read_text())
    assert ("services" in workflow["jobs"]["test"]) == (database != "sqlite")
    record_property("matrix", f"django:static-checked:{database}")


# Installed, checked, migrated, tested and served: one combination per dependency set.


@pytest.mark.parametrize("data", DEPENDENCY_SETS, ids=combination_id)
def test_django_checks_migrations_and_own_tests(
    data: dict[str, Any],
    rendered: Renderer,
    working_copy: Callable[[Path], Path],
    project_environments: ProjectEnvironments,
    tmp_path: Path,
    record_property,
) -> None:
    project = working_copy(rendered(data))
    database_env = _database_env(data, "tests", tmp_path)
    with project_environments.installed(project) as venv:

        def manage(*args: str, env: dict[str, str] = database_env) -> str:
            return _ok(run_in(venv, ["python", "manage.py", *args], project, env))

        assert "no issues" in manage("check", "--fail-level", "WARNING")
        assert "No changes detected" in manage("makemigrations", "--check", "--dry-run")
        assert "Applying users.0001_initial... OK" in manage("migrate", "--noinput")

        deploy_output = manage(
            "check", "--deploy", "--fail-level", "WARNING", env=_production_env(database_env)
        )
        assert "System check identified no issues" in deploy_output

        if (project / "Dockerfile").exists():
            build_env = _dockerfile_collectstatic_env(project / "Dockerfile")
            manage("collectstatic", "--noinput", env=build_env)
            assert (project / "staticfiles/staticfiles.json").is_file()

        typing = run_in(venv, ["mypy"], project, database_env)
        assert "Success: no issues found" in typing.stdout, typing.stdout + typing.stderr

        redis_url = fresh_redis_url(REDIS_INDEX[combination_id(data)])
        suite_env = {**database_env, "REDIS_URL": redis_url}
        suite = run_in(venv, ["pytest", "-q", "-p", "no:cacheprovider"], project, suite_env)
        assert suite.returncode == 0, suite.stdout + suite.stderr
        assert " passed" in suite.stdout
        # The suite's cache test ran against the real Redis server and left its mark there.
        assert redis.Redis.from_url(redis_url).get(":1:test-cache-last-run")

    # `pip install .` adds one top-level package, which carries its templates and static files.
    uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or "uv"
    wheels = tmp_path / "wheels"
    _ok(
        subprocess.run(
            [uv, "build", "-q", "--wheel", "--out-dir", str(wheels), str(project)],
            capture_output=True,
            text=True,
            check=False,
        )
    )
    (wheel,) = wheels.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {name.split("/")[0] for name in names if ".dist-info/" not in name} == {PACKAGE}
    assert f"{PACKAGE}/core/templates/base.html" in names
    record_property("matrix", f"django:tested:{data['database']}")


@pytest.mark.parametrize("data", DEPENDENCY_SETS, ids=combination_id)
def test_serves_with_gunicorn_in_production(
    data: dict[str, Any],
    rendered: Renderer,
    working_copy: Callable[[Path], Path],
    project_environments: ProjectEnvironments,
    tmp_path: Path,
    record_property,
) -> None:
    project = working_copy(rendered(data))
    # gunicorn.conf.py trusts X-Forwarded-* only from FORWARDED_ALLOW_IPS; nothing here
    # sends them, so the HTTPS redirect is switched off as in the local compose stack.
    env = {
        **_production_env(_database_env(data, "serve", tmp_path)),
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "warning",
        # Not the default (3600): the header must follow the environment.
        "SECURE_HSTS_SECONDS": "120",
    }
    if data["error_reporting"] == "sentry":
        env["SENTRY_DSN"] = OFFLINE_SENTRY_DSN
    logs = tmp_path / "gunicorn.log"
    with project_environments.installed(project) as venv:
        _ok(run_in(venv, ["python", "manage.py", "migrate", "--noinput"], project, env))
        _ok(run_in(venv, ["python", "manage.py", "collectstatic", "--noinput"], project, env))
        if data["api"] == "drf":
            _ok(
                run_in(
                    venv,
                    ["python", "manage.py", "createsuperuser", "--noinput"],
                    project,
                    {**env, **API_USER_ENV},
                )
            )
        with gunicorn(venv, project, WSGI_TARGET, env, HEALTH_PATH, output=logs) as base_url:
            status, headers, _ = http_request(
                base_url + "/", headers={"X-Request-ID": "matrix-home"}
            )
            assert (status, headers["X-Request-ID"]) == (200, "matrix-home")
            status, headers, _ = http_request(base_url + "/", headers={"X-Request-ID": "bad id!"})
            assert re.fullmatch(r"[0-9a-f]{32}", headers["X-Request-ID"]), headers
            status, _, _ = http_request(
                base_url + "/no-such-page/", headers={"X-Request-ID": "matrix-404"}
            )
            assert status == 404

            status, body = http_get(base_url + HEALTH_PATH)
            assert (status, json.loads(body)) == (200, {"status": "ok", "database": "ok"})

            status, home = http_get(base_url + "/")
            assert status == 200, home
            assert "Acme Orders" in home
            stylesheet = re.search(r'href="(/static/core/site\.[0-9a-f]{12}\.css)"', home)
            assert stylesheet, "home page does not link the hashed stylesheet"
            assert http_get(base_url + stylesheet.group(1))[0] == 200

            status, accounts = http_get(base_url + "/accounts/login/")
            assert status == 200, accounts
            assert 'name="login"' in accounts
            assert 'href="/accounts/signup/"' in accounts
            assert "Acme Orders" in accounts  # in the site's own layout

            status, login = http_get(base_url + "/admin/login/")
            assert status == 200, login
            assert 'name="username"' in login
            assert 'name="password"' in login
            assert "csrfmiddlewaretoken" in login

            # HTTPS as the proxy reports it (gunicorn trusts X-Forwarded-* from 127.0.0.1).
            https = {"X-Forwarded-Proto": "https"}
            _, headers, _ = http_request(base_url + "/", headers=https)
            assert headers["Strict-Transport-Security"] == "max-age=120"
            assert "Strict-Transport-Security" not in http_request(base_url + "/")[1]

            if data["api"] == "drf":
                _check_served_api(base_url)

    records = _json_records(logs.read_text())
    not_found = [record for record in records if record.get("request_id") == "matrix-404"]
    assert {
        "level": "WARNING",
        "logger": "django.request",
        "message": "Not Found: /no-such-page/",
    }.items() <= not_found[0].items(), records
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT[\d:.]+\+00:00", not_found[0]["time"])
    record_property("matrix", f"django:served:{data['database']}")


def _json_records(output: str) -> list[dict[str, Any]]:
    """The JSON log records in gunicorn's output (the app's lines, gunicorn's own once the
    shared gunicorn.conf.py formats them: then every line must be JSON)."""
    lines = [line for line in output.splitlines() if line.strip()]
    records = [json.loads(line) for line in lines if line.startswith("{")]
    assert records, f"no JSON log lines:\n{output}"
    for record in records:
        assert {"time", "level", "logger", "message", "request_id"} <= record.keys(), record
    if any(record["logger"].startswith("gunicorn") for record in records):
        assert len(records) == len(lines), f"lines that are not JSON:\n{output}"
    return records


API_USER_ENV = {
    "DJANGO_SUPERUSER_USERNAME": "api-user",
    "DJANGO_SUPERUSER_EMAIL": "api-user@example.com",
    "DJANGO_SUPERUSER_PASSWORD": "a-long-password-for-the-api-user",
}


def _check_served_api(base_url: str) -> None:
    """The DRF API over HTTP: schema, docs, 401 with a challenge, a token and a write."""
    status, headers, body = http_request(base_url + "/api/notes/")
    assert status == 401, body
    assert headers["WWW-Authenticate"] == "Bearer"
    assert headers["Content-Type"] == "application/json"
    assert "detail" in json.loads(body)

    status, body = http_get(base_url + "/api/schema/")  # YAML by default
    assert status == 200, body
    schema = yaml.safe_load(body)
    validate_openapi(schema)
    assert "/api/auth/token/" in schema["paths"]

    status, docs = http_get(base_url + "/api/docs/")
    assert status == 200, docs
    scripts = re.findall(r'<script src="([^"]+)"', docs)
    assert any("swagger-ui-bundle" in src for src in scripts), docs
    for src in scripts:  # every script from this site, none from a CDN
        assert src.startswith("/"), src
        assert http_get(base_url + src.replace("&amp;", "&"))[0] == 200, src

    credentials = {
        "username": API_USER_ENV["DJANGO_SUPERUSER_USERNAME"],
        "password": API_USER_ENV["DJANGO_SUPERUSER_PASSWORD"],
    }
    status, _, body = http_request(base_url + "/api/auth/token/", "POST", json_body=credentials)
    assert status == 201, body
    bearer = {"Authorization": f"Bearer {json.loads(body)['token']}"}
    note = {"title": "Written with a token"}
    status, _, body = http_request(base_url + "/api/notes/", "POST", headers=bearer, json_body=note)
    assert status == 201, body
    status, _, body = http_request(base_url + "/api/notes/", headers=bearer)
    assert status == 200, body
    assert [item["title"] for item in json.loads(body)["results"]] == [note["title"]]


# Plain Copier, no stackpick.


def test_plain_copier_defaults_pass_their_own_tests(
    template_snapshot: Path, tmp_path: Path, project_environments: ProjectEnvironments
) -> None:
    copier = Path(sys.executable).parent / "copier"
    projects = [tmp_path / "first", tmp_path / "second"]
    for project in projects:
        _ok(
            subprocess.run(
                [
                    str(copier),
                    "copy",
                    "--trust",
                    "--defaults",
                    "--quiet",
                    "-d",
                    "framework=django",
                    str(template_snapshot),
                    str(project),
                ],
                capture_output=True,
                text=True,
                check=False,
            )
        )

    first, second = (
        dict(
            line.split("=", 1)
            for line in (project / ".env").read_text().splitlines()
            if line and not line.startswith("#")
        )["DJANGO_SECRET_KEY"]
        for project in projects
    )
    assert first != second, "every project needs its own secret"
    assert len(first) >= 50
    assert PLACEHOLDER_SECRET not in first
    assert (projects[0] / ".env").stat().st_mode & 0o077 == 0, ".env must be private"

    project = projects[0]
    _ok(
        subprocess.run(
            ["git", "init", "-q", str(project)], capture_output=True, text=True, check=False
        )
    )
    ignored = subprocess.run(["git", "check-ignore", "-q", ".env"], cwd=project, check=False)
    assert ignored.returncode == 0, ".env is not git-ignored"

    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert (answers["database"], answers["api"]) == ("sqlite", "none")
    with project_environments.installed(project) as venv:
        _ok(run_in(venv, ["python", "manage.py", "check"], project))
        suite = run_in(venv, ["pytest", "-q", "-p", "no:cacheprovider"], project)
        assert suite.returncode == 0, suite.stdout + suite.stderr
