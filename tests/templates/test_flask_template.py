"""The Flask template matrix: every combination rendered and statically checked; one
combination per dependency set installed, tested (on real PostgreSQL/MariaDB servers
where chosen), served with gunicorn in production settings, and, for serverless,
called through its AWS Lambda handler.

Rendering differs between combinations with the same database and serverless choice
only in deployment files (Dockerfile, compose.yaml, Procfile) and the error-reporting
and tasks answers, which the static checks cover for all 128; so the install/run stages
use 8 representatives, one per (database, serverless) pair, the serverless ones with
``error_reporting=sentry``, the others with ``tasks=celery`` (their Celery tests on real
Redis are in ``test_flask_tasks.py``), and the recorded counts say so.

Served in production (no ``APP_ENV``: production is the default) each representative
shows the security headers on ``/``, the HTTPS redirect, ``/health`` over plain HTTP and
a valid ``/api/openapi.json``; with a database also an anonymous write refused with 401
and nothing created, and a write by a user made with ``flask create-user`` (token from
``flask create-token``) accepted. The project's own suite runs with a development
``DATABASE_URL`` exported (as after ``set -a; . ./.env``) and must leave that seeded
database exactly as it was.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import sys
import tomllib
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.request import Request, urlopen

import pytest
import yaml

from tests.support.checks import static_problems
from tests.support.databases import fresh_database, fresh_redis_url
from tests.support.environments import ProjectEnvironments, run_in
from tests.support.rendering import FLASK_DATABASES, combination_id, flask_combinations
from tests.support.serving import gunicorn
from tests.templates.conftest import Renderer

pytestmark = pytest.mark.slow

PACKAGE = "acme_orders"
WSGI_TARGET = f"{PACKAGE}.wsgi:app"
SECRET_PLACEHOLDER = "replace-me-with-a-long-random-secret"
PRODUCTION_SECRET = "matrix-production-secret-0123456789-abcdefghijklmnopqrstuvwxyz"
SERVER_DATABASES = ("postgresql", "mysql")

COMBINATIONS = flask_combinations()
# One representative per dependency set: (database, serverless or not).
REPRESENTATIVES = [
    {
        "framework": "flask",
        "database": database,
        "deploy": deploy,
        "error_reporting": "sentry" if "serverless" in deploy else "none",
        # Celery rides with the non-serverless representatives (no extra dependency sets).
        "tasks": "none" if "serverless" in deploy else "celery",
    }
    for database in FLASK_DATABASES
    for deploy in (["docker", "paas"], ["docker", "paas", "serverless"])
]
SERVERLESS_REPRESENTATIVES = [data for data in REPRESENTATIVES if "serverless" in data["deploy"]]


def _ids(combinations: list[dict[str, Any]]) -> list[str]:
    return [combination_id(data) for data in combinations]


def _database_name(data: dict[str, Any], purpose: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", combination_id(data).lower()).strip("_")
    return f"sp_{purpose}_{slug}"[:50]


def _clean_env(**values: str) -> dict[str, str]:
    """Settings for the generated project; empty values hide the caller's environment."""
    services = {"REDIS_URL": "", "SENTRY_DSN": "", "LOG_FORMAT": "", "LOG_LEVEL": ""}
    services |= {"CELERY_BROKER_URL": "", "CELERY_RESULT_BACKEND": ""}
    return {"APP_ENV": "", "DATABASE_URL": "", "SECRET_KEY": "", **services, **values}


def _check_ok(result: subprocess.CompletedProcess[str], what: str) -> None:
    assert result.returncode == 0, f"{what} failed:\n{result.stdout}\n{result.stderr}"


# Static checks and structure: every combination ------------------------------------------


def structural_problems(project: Path, data: dict[str, Any]) -> list[str]:
    """What is missing or extra in a rendered project for its answers."""
    problems: list[str] = []
    deploy, database = data["deploy"], data["database"]

    def expect(path: str, wanted: bool) -> None:
        if (project / path).exists() != wanted:
            problems.append(f"{path} should {'exist' if wanted else 'not exist'}")

    for path in ("Dockerfile", ".dockerignore", "compose.yaml"):
        expect(path, "docker" in deploy)
    expect("Procfile", "paas" in deploy)
    for path in ("template.yaml", "Makefile", f"src/{PACKAGE}/lambda_handler.py"):
        expect(path, "serverless" in deploy)
    expect("migrations/env.py", database != "none")
    expect(f"src/{PACKAGE}/models.py", database != "none")
    for path in (
        ".env",
        ".env.example",
        ".gitignore",
        ".editorconfig",
        "README.md",
        ".pre-commit-config.yaml",
        "gunicorn.conf.py",
        f"src/{PACKAGE}/wsgi.py",
        f"src/{PACKAGE}/templates/base.html",
        "tests/conftest.py",
    ):
        expect(path, True)

    if (project / "compose.yaml").exists():
        services = yaml.safe_load((project / "compose.yaml").read_text())["services"]
        if "healthcheck" not in services.get("web", {}):
            problems.append("compose.yaml: web service without a healthcheck")
        if database in SERVER_DATABASES:
            if "healthcheck" not in services.get("db", {}):
                problems.append("compose.yaml: no db service with a healthcheck")
            condition = services["web"].get("depends_on", {}).get("db", {}).get("condition")
            if condition != "service_healthy":
                problems.append("compose.yaml: web does not wait for a healthy db")
        elif "db" in services:
            problems.append("compose.yaml: a db service without a server database")

    if (project / "Procfile").exists():
        lines = (project / "Procfile").read_text().splitlines()
        if f"web: gunicorn --config gunicorn.conf.py {WSGI_TARGET}" not in lines:
            problems.append(f"Procfile: no gunicorn web process: {lines}")
        has_release = any(line.startswith("release:") for line in lines)
        if has_release != (database != "none"):
            problems.append("Procfile: release step should exist exactly with a database")

    if (project / "template.yaml").exists():
        sam = yaml.safe_load((project / "template.yaml").read_text())
        function = sam["Resources"]["WebFunction"]["Properties"]
        if function["Handler"] != f"{PACKAGE}.lambda_handler.handler":
            problems.append(f"template.yaml: handler is {function['Handler']}")

    meta = tomllib.loads((project / "pyproject.toml").read_text())["project"]
    requirements = " ".join(meta["dependencies"]).lower()
    if meta["requires-python"] != ">=3.11" or "dev" not in meta["optional-dependencies"]:
        problems.append("pyproject.toml: requires-python or the dev extra is wrong")
    if ("sqlalchemy" in requirements) != (database != "none"):
        problems.append("pyproject.toml: SQLAlchemy should be a dependency exactly with a database")
    if database == "none":
        for source in (project / "src").rglob("*.py"):
            if "sqlalchemy" in source.read_text().lower():
                problems.append(f"{source.relative_to(project)} mentions SQLAlchemy")

    if SECRET_PLACEHOLDER not in (project / ".env.example").read_text():
        problems.append(".env.example: no secret placeholder")
    env_text = (project / ".env").read_text() if (project / ".env").exists() else ""
    if SECRET_PLACEHOLDER in env_text or "SECRET_KEY=" not in env_text:
        problems.append(".env: no generated SECRET_KEY")
    if ".env" not in (project / ".gitignore").read_text().splitlines():
        problems.append(".gitignore: .env is not ignored")
    return problems


def services_problems(project: Path, data: dict[str, Any]) -> list[str]:
    """Logs, cache and error reporting: the files and dependencies each answer calls for."""
    problems: list[str] = []
    sentry = data.get("error_reporting") == "sentry"
    meta = tomllib.loads((project / "pyproject.toml").read_text())["project"]
    requirements = " ".join(meta["dependencies"]).lower()
    for wanted in ("flask-caching", "redis", "python-json-logger"):
        if wanted not in requirements:
            problems.append(f"pyproject.toml: no {wanted} dependency")
    if ("sentry-sdk[flask]" in requirements) != sentry:
        problems.append("pyproject.toml: sentry-sdk[flask] is wanted exactly with Sentry")
    for path in (f"src/{PACKAGE}/sentry.py", "tests/test_sentry.py"):
        if (project / path).exists() != sentry:
            problems.append(f"{path} should {'exist' if sentry else 'not exist'}")
    if not sentry:
        for source in [*(project / "src").rglob("*.py"), *(project / "tests").rglob("*.py")]:
            if "sentry" in source.read_text().lower():
                problems.append(f"{source.relative_to(project)} mentions Sentry")
    env_example = (project / ".env.example").read_text()
    for name in ("REDIS_URL", "LOG_FORMAT", "LOG_LEVEL", *(["SENTRY_DSN"] if sentry else [])):
        if name not in env_example:
            problems.append(f".env.example: {name} is not explained")
    if (project / "compose.yaml").exists():
        services = yaml.safe_load((project / "compose.yaml").read_text())["services"]
        if "healthcheck" not in services.get("redis", {}):
            problems.append("compose.yaml: no redis service with a healthcheck")
        if services["web"]["environment"].get("REDIS_URL") != "redis://redis:6379/0":
            problems.append("compose.yaml: the web service does not use the redis service")
    return problems


def tasks_problems(project: Path, data: dict[str, Any]) -> list[str]:
    """Celery: its modules, dependency, Procfile lines and compose services exactly with it."""
    from tests.support.workers import procfile_command

    problems: list[str] = []
    celery = data.get("tasks") == "celery"
    for path in (f"src/{PACKAGE}/celery_app.py", f"src/{PACKAGE}/tasks.py", "tests/test_tasks.py"):
        if (project / path).exists() != celery:
            problems.append(f"{path} should {'exist' if celery else 'not exist'}")
    meta = tomllib.loads((project / "pyproject.toml").read_text())["project"]
    if any(r.startswith("celery") for r in meta["dependencies"]) != celery:
        problems.append("pyproject.toml: celery is wanted exactly with tasks=celery")
    app = f"{PACKAGE}.celery_app"
    if (project / "Procfile").exists():
        for process in ("worker", "beat"):
            try:
                command = procfile_command(project, process)
            except AssertionError:
                command = []
            wanted = ["celery", "-A", app, process]
            if bool(command) != celery or (celery and command[:4] != wanted):
                problems.append(f"Procfile: {process} line is {command}")
    if (project / "compose.yaml").exists():
        services = yaml.safe_load((project / "compose.yaml").read_text())["services"]
        if ({"worker", "beat"} <= services.keys()) != celery:
            problems.append("compose.yaml: worker and beat services exactly with tasks=celery")
        if celery:
            for name in ("worker", "beat"):
                service = services[name]
                if service.get("build") != "." or "healthcheck" not in service:
                    problems.append(f"compose.yaml: {name} is not the web image with a healthcheck")
                if service["command"][:4] != ["celery", "-A", app, name]:
                    problems.append(f"compose.yaml: {name} runs {service['command']}")
            if "inspect ping" not in " ".join(services["worker"]["healthcheck"]["test"]):
                problems.append("compose.yaml: the worker healthcheck does not use inspect ping")
    if ("CELERY_BROKER_URL" in (project / ".env.example").read_text()) != celery:
        problems.append(".env.example: CELERY_BROKER_URL should be explained exactly with Celery")
    workflow = (project / ".github/workflows/ci.yml").read_text()
    if ("CELERY_BROKER_URL" in workflow) != celery:
        problems.append("ci.yml: CELERY_BROKER_URL should be set exactly with tasks=celery")
    readme = (project / "README.md").read_text()
    if ("### Background jobs (Celery)" in readme) != celery:
        problems.append("README.md: the Celery section should be there exactly with tasks=celery")
    return problems


@pytest.mark.parametrize("data", COMBINATIONS, ids=_ids(COMBINATIONS))
def test_static_checks(
    data: dict[str, Any], rendered: Renderer, record_property: Callable[[str, object], None]
) -> None:
    project = rendered(data)
    record_property("matrix", f"flask:rendered:{data['database']}")
    problems = static_problems(project) + structural_problems(project, data)
    problems += services_problems(project, data)
    problems += tasks_problems(project, data)
    assert not problems, "\n".join(problems)
    record_property("matrix", f"flask:static-checked:{data['database']}")


# Install, test, serve: one combination per dependency set --------------------------------


def _migrated_database(
    venv: Path, project: Path, data: dict[str, Any], purpose: str, tmp_path: Path
) -> dict[str, str]:
    """Environment with DATABASE_URL for a fresh, migrated database ({} without one)."""
    database = data["database"]
    if database == "none":
        return {}
    if database == "sqlite":
        url = f"sqlite:///{tmp_path / f'{purpose}.sqlite3'}"
    else:
        url = fresh_database(database, _database_name(data, purpose))
        assert url
    env = _clean_env(DATABASE_URL=url, SECRET_KEY=PRODUCTION_SECRET)  # production settings
    upgrade = run_in(venv, ["flask", "--app", f"{PACKAGE}.wsgi", "db", "upgrade"], project, env)
    _check_ok(upgrade, "flask db upgrade")
    check = run_in(venv, ["flask", "--app", f"{PACKAGE}.wsgi", "db", "check"], project, env)
    _check_ok(check, "flask db check (models and migrations agree)")
    return {"DATABASE_URL": url}


def generated_suite(
    venv: Path, project: Path, data: dict[str, Any], purpose: str, tmp_path: Path, **env: str
) -> subprocess.CompletedProcess[str]:
    """Run the generated pytest with ``env`` (and a fresh migrated server database when
    the project uses one); fail with its output unless it passes. ``-rA`` lists every test."""
    database: dict[str, str] = {}
    if data["database"] in SERVER_DATABASES:
        database = _migrated_database(venv, project, data, purpose, tmp_path)
    command = ["pytest", "-q", "-rA", "-p", "no:cacheprovider"]
    result = run_in(venv, command, project, _clean_env(**env, **database))
    _check_ok(result, f"generated pytest ({purpose}) on {data['database']}")
    return result


SNAPSHOT = """
import json, sys
from sqlalchemy import create_engine, inspect, text
from {package}.config import normalise_database_url
engine = create_engine(normalise_database_url(sys.argv[1]))
with engine.connect() as connection:
    tables = sorted(inspect(connection).get_table_names())
    rows = {{}}
    for table in tables:
        result = connection.execute(text(f"SELECT * FROM {{table}} ORDER BY 1"))
        rows[table] = [list(map(str, row)) for row in result]
print(json.dumps(rows))
"""


def _snapshot(venv: Path, project: Path, url: str) -> dict[str, list[list[str]]]:
    """Every row of every table of the database at ``url``."""
    result = run_in(venv, ["python", "-c", SNAPSHOT.format(package=PACKAGE), url], project)
    _check_ok(result, "database snapshot")
    return json.loads(result.stdout)


def _server_has_database(url: str, name: str) -> bool:
    if url.startswith("postgresql"):
        query = ["psql", url, "-Atc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"]
        env = dict(os.environ)
    else:
        host = re.search(r"@([^:/]+)", url).group(1)
        query = [
            "mysql",
            f"--host={host}",
            "--user=stackpick",
            "--protocol=TCP",
            "-N",
            "-e",
            f"SHOW DATABASES LIKE '{name}'",
        ]
        env = {**os.environ, "MYSQL_PWD": "stackpick"}
    result = subprocess.run(query, capture_output=True, text=True, check=True, env=env)
    return bool(result.stdout.strip())


@pytest.mark.parametrize("data", REPRESENTATIVES, ids=_ids(REPRESENTATIVES))
def test_project_tests_pass(
    data: dict[str, Any],
    rendered: Renderer,
    tmp_path: Path,
    project_environments: ProjectEnvironments,
    record_property: Callable[[str, object], None],
) -> None:
    """The generated suite passes with no env, and with a seeded development database
    exported in the shell, which it leaves exactly as it was (on real servers)."""
    project = rendered(data)
    with project_environments.installed(project) as venv:
        result = run_in(venv, ["pytest", "-q", "-p", "no:cacheprovider"], project, _clean_env())
        _check_ok(result, "generated pytest (no environment)")
        mypy = run_in(venv, ["mypy"], project, _clean_env())
        _check_ok(mypy, "mypy on the generated src")
        if data["database"] != "none":
            development = _migrated_database(venv, project, data, "dev", tmp_path)
            url = development["DATABASE_URL"]
            dev_env = _clean_env(APP_ENV="development", **development)
            flask = ["flask", "--app", f"{PACKAGE}.wsgi"]
            _check_ok(run_in(venv, [*flask, "seed"], project, dev_env), "flask seed")
            create_user = [*flask, "create-user", "dev@example.com", "--password", "dev-password-1"]
            _check_ok(run_in(venv, create_user, project, dev_env), "flask create-user")
            before = _snapshot(venv, project, url)
            assert len(before["items"]) == 3 and len(before["users"]) == 1, before

            result = run_in(venv, ["pytest", "-q", "-p", "no:cacheprovider"], project, dev_env)
            _check_ok(result, f"generated pytest with the development {data['database']} exported")

            after = _snapshot(venv, project, url)
            assert after == before, "the project's tests changed the development database"
            if data["database"] in SERVER_DATABASES:
                test_name = "test_" + url.rsplit("/", 1)[1]
                assert not _server_has_database(url, test_name), f"{test_name} was not dropped"
            counts = {table: len(rows) for table, rows in before.items()}
            record_property(
                "data_safety",
                f"{data['database']}: before {counts} after "
                f"{ {table: len(rows) for table, rows in after.items()} }",
            )
    record_property("matrix", f"flask:tested:{data['database']}")


def _production_env(database: dict[str, str], tmp_path: Path) -> dict[str, str]:
    """No APP_ENV (production is the default), a real secret, the database, an instance folder."""
    return _clean_env(
        SECRET_KEY=PRODUCTION_SECRET,
        INSTANCE_PATH=str(tmp_path / "instance"),
        **database,
    )


def _request(
    url: str, method: str = "GET", body: object = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], str]:
    """One HTTP request without following redirects: (status, headers, body)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    if data is not None:
        request.add_header("Content-Type", "application/json")
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


@contextlib.contextmanager
def _without_dotenv(project: Path, tmp_path: Path) -> Iterator[None]:
    """Hide the project's ``.env``, as on a server, where nothing says "development"."""
    dotenv, hidden = project / ".env", tmp_path / "hidden.env"
    dotenv.rename(hidden)
    try:
        yield
    finally:
        hidden.rename(dotenv)


SECURITY_HEADERS = (
    "Strict-Transport-Security",
    "X-Content-Type-Options",
    "X-Frame-Options",
    "Referrer-Policy",
    "Content-Security-Policy",
)


@pytest.mark.parametrize("data", REPRESENTATIVES, ids=_ids(REPRESENTATIVES))
def test_served_by_gunicorn_in_production(
    data: dict[str, Any],
    rendered: Renderer,
    tmp_path: Path,
    project_environments: ProjectEnvironments,
    record_property: Callable[[str, object], None],
) -> None:
    from openapi_spec_validator import validate

    project = rendered(data)
    with _without_dotenv(project, tmp_path), project_environments.installed(project) as venv:
        database = _migrated_database(venv, project, data, "serve", tmp_path)
        env = _production_env(database, tmp_path)
        with gunicorn(venv, project, WSGI_TARGET, env, "/health") as base_url:
            https = {"X-Forwarded-Proto": "https"}  # as the TLS proxy in front sends it
            status, headers, body = _request(base_url + "/health")
            assert status == 200, body
            assert json.loads(body)["status"] == "ok"

            status, headers, _ = _request(base_url + "/")
            assert status == 308
            assert headers["Location"].startswith("https://")

            status, headers, body = _request(base_url + "/", headers=https)
            assert status == 200, body
            seen = {name: headers.get(name) for name in SECURITY_HEADERS}
            record_property("headers", json.dumps(seen))
            assert seen["Strict-Transport-Security"] == "max-age=3600"
            assert seen["X-Content-Type-Options"] == "nosniff"
            assert seen["X-Frame-Options"] == "DENY"
            assert seen["Referrer-Policy"] == "same-origin"
            assert "default-src 'self'" in (seen["Content-Security-Policy"] or "")

            status, _, body = _request(base_url + "/api/openapi.json", headers=https)
            assert status == 200, body
            validate(json.loads(body))

            if data["database"] != "none":
                items = base_url + "/api/items"
                status, _, body = _request(items, "POST", {"name": "Anonymous"}, https)
                assert status == 401, body
                assert json.loads(body)["error"]["status"] == 401
                status, _, body = _request(items, headers=https)
                assert json.loads(body)["total"] == 0, "an anonymous write created something"

                flask = ["flask", "--app", f"{PACKAGE}.wsgi"]
                user = [*flask, "create-user", "ops@example.com", "--password", "ops-password-1"]
                _check_ok(run_in(venv, user, project, env), "flask create-user (production)")
                token = run_in(venv, [*flask, "create-token", "ops@example.com"], project, env)
                _check_ok(token, "flask create-token (production)")
                auth = {**https, "Authorization": f"Bearer {token.stdout.strip().splitlines()[-1]}"}
                status, _, body = _request(items, "POST", {"name": "Served"}, auth)
                assert status == 201, body
                status, _, body = _request(items, headers=https)
                assert [item["name"] for item in json.loads(body)["items"]] == ["Served"]
    record_property("matrix", f"flask:served:{data['database']}")


LAMBDA_CALL = """
import json, sys
from {package}.lambda_handler import handler
event = {{
    "version": "2.0", "routeKey": "$default", "rawPath": "/health", "rawQueryString": "",
    "headers": {{"host": "example.com"}}, "isBase64Encoded": False,
    "requestContext": {{"stage": "$default", "http": {{"method": "GET", "path": "/health",
        "protocol": "HTTP/1.1", "sourceIp": "203.0.113.7", "userAgent": "matrix"}}}},
}}
response = handler(event, None)
print(json.dumps(response))
sys.exit(0 if response["statusCode"] == 200 else 1)
"""


@pytest.mark.parametrize("data", SERVERLESS_REPRESENTATIVES, ids=_ids(SERVERLESS_REPRESENTATIVES))
def test_lambda_handler_answers_health(
    data: dict[str, Any],
    rendered: Renderer,
    tmp_path: Path,
    project_environments: ProjectEnvironments,
    record_property: Callable[[str, object], None],
) -> None:
    project = rendered(data)
    with project_environments.installed(project) as venv:
        database = _migrated_database(venv, project, data, "lambda", tmp_path)
        env = _production_env(database, tmp_path)
        result = run_in(venv, ["python", "-c", LAMBDA_CALL.format(package=PACKAGE)], tmp_path, env)
        _check_ok(result, "Lambda handler with an API Gateway event")
        assert json.loads(result.stdout.strip().splitlines()[-1])["statusCode"] == 200
    record_property("matrix", f"flask:serverless:{data['database']}")


# Logs, cache and error reporting in the served app --------------------------------------

SENT_REQUEST_ID = "matrix-0123456789.abc_DEF"
UNUSABLE_REQUEST_ID = "not usable; has spaces"
LOG_KEYS = {"time", "level", "logger", "message", "request_id"}


def _redis_url() -> str:
    """A fresh Redis database for this xdist worker (the Flask matrix has numbers 1-5)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or "0"
    return fresh_redis_url(1 + int(worker) % 5)


def _served_services_env(data: dict[str, Any]) -> dict[str, str]:
    """Production with the Redis cache, debug logs, and Sentry aimed at a closed local port."""
    env = {"REDIS_URL": _redis_url(), "LOG_LEVEL": "debug"}
    if data.get("error_reporting") == "sentry":
        env["SENTRY_DSN"] = "http://matrix-key@127.0.0.1:9/1"  # discard port: nothing leaves
    return env


def _get_request_id(url: str, sent: str) -> str:
    """GET ``url`` with ``X-Request-ID: sent``; return the X-Request-ID of the response."""
    request = Request(url, headers={"Host": "localhost", "X-Request-ID": sent})
    with urlopen(request, timeout=10) as response:
        return str(response.headers["X-Request-ID"])


def _request_id_round_trips(base_url: str) -> dict[str, str]:
    """A usable request id comes back as sent; an unusable one is replaced by a new one.

    Both ask for /health, which no HTTPS redirect or host check stands in front of.
    """
    echoed = _get_request_id(base_url + "/health", SENT_REQUEST_ID)
    assert echoed == SENT_REQUEST_ID
    replaced = _get_request_id(base_url + "/health", UNUSABLE_REQUEST_ID)
    assert re.fullmatch(r"[0-9a-f]{32}", replaced), replaced
    return {"sent": SENT_REQUEST_ID, "replaced": replaced}


def _json_log_problems(output: str, request_ids: dict[str, str], data: dict[str, Any]) -> list[str]:
    """Every line gunicorn wrote is a JSON log record; app and access lines carry request ids."""
    problems: list[str] = []
    records: list[dict[str, Any]] = []
    for line in output.splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            problems.append(f"not a JSON line: {line[:200]}")
            continue
        if not isinstance(record, dict) or not record.keys() >= LOG_KEYS:
            problems.append(f"a log record without {sorted(LOG_KEYS)}: {line[:200]}")
            continue
        records.append(record)

    def find(what: str, **wanted: Any) -> None:
        if not any(all(r.get(k) == v for k, v in wanted.items()) for r in records):
            problems.append(f"no {what} log line with {wanted}")

    sent, replaced = request_ids["sent"], request_ids["replaced"]
    access = {"logger": "gunicorn.access", "method": "GET", "status": 200}
    find("access", **access, path="/health", request_id=sent)
    find("access", **access, path="/health", request_id=replaced)
    find("app", logger=f"{PACKAGE}.request_id", level="DEBUG", request_id=sent)
    find("app", logger=f"{PACKAGE}.request_id", level="WARNING", request_id=replaced)
    find("gunicorn", logger="gunicorn.error", level="INFO", request_id=None)
    if data.get("error_reporting") == "sentry":
        find("Sentry", logger=f"{PACKAGE}.sentry", message="Error reporting to Sentry is on")
    return problems


@pytest.mark.parametrize("data", REPRESENTATIVES, ids=_ids(REPRESENTATIVES))
def test_project_tests_pass_with_the_redis_cache(
    data: dict[str, Any],
    rendered: Renderer,
    tmp_path: Path,
    project_environments: ProjectEnvironments,
    record_property: Callable[[str, object], None],
) -> None:
    """With REDIS_URL the whole generated suite runs on the real Redis server, including
    its Redis test (skipped without REDIS_URL)."""
    project = rendered(data)
    with project_environments.installed(project) as venv:
        result = generated_suite(venv, project, data, "redis", tmp_path, REDIS_URL=_redis_url())
        assert "set REDIS_URL to test" not in result.stdout, "a Redis test was skipped"
    record_property("matrix", f"flask:tested-redis:{data['database']}")


@pytest.mark.parametrize("data", REPRESENTATIVES, ids=_ids(REPRESENTATIVES))
def test_served_logs_are_json_lines_with_request_ids(
    data: dict[str, Any],
    rendered: Renderer,
    tmp_path: Path,
    project_environments: ProjectEnvironments,
    record_property: Callable[[str, object], None],
) -> None:
    """gunicorn in production with Redis (and Sentry where chosen): every line on its
    stdout/stderr is JSON; app and access lines carry the request id; the workers share
    one rate-limit count in Redis."""
    project = rendered(data)
    with project_environments.installed(project) as venv:
        database = _migrated_database(venv, project, data, "logs", tmp_path)
        env = {**_production_env(database, tmp_path), **_served_services_env(data)}
        env["API_THROTTLE_ANON"] = f"{SERVED_RATE}/minute"
        logs = tmp_path / "gunicorn.log"
        with gunicorn(venv, project, WSGI_TARGET, env, "/health", output=logs) as base_url:
            request_ids = _request_id_round_trips(base_url)
            statuses = _api_statuses(base_url, 4 * SERVED_RATE)
    assert statuses == [200] * SERVED_RATE + [429] * 3 * SERVED_RATE, statuses
    output = logs.read_text()
    problems = _json_log_problems(output, request_ids, data)
    assert not problems, "\n".join(problems)
    record_property("log_sample", _log_samples(output, request_ids))
    record_property("matrix", f"flask:served-json-logs:{data['database']}")


SERVED_RATE = 3
"""API requests per minute allowed to one client address in the served test."""


def _api_statuses(base_url: str, count: int) -> list[int]:
    """Statuses of ``count`` API requests from one new client address (behind the proxy).

    gunicorn runs two workers: only a count shared in Redis refuses exactly the
    requests beyond the rate, whichever worker answers them.
    """
    client = f"198.51.100.{uuid.uuid4().int % 250 + 1}"
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": client}
    return [_request(base_url + "/api/", headers=headers)[0] for _ in range(count)]


def _log_samples(output: str, request_ids: dict[str, str]) -> str:
    """The app and access lines of the two requests, for the report."""
    lines = output.splitlines()
    return "\n".join(line for line in lines if any(rid in line for rid in request_ids.values()))


# Plain `copier copy --defaults` ----------------------------------------------------------


def _copier_defaults(template: Path, dest: Path) -> Path:
    copier = Path(sys.executable).parent / "copier"
    result = subprocess.run(
        [str(copier), "copy", "--trust", "--defaults", "--quiet", str(template), str(dest)],
        capture_output=True,
        text=True,
        check=False,
        env={
            **os.environ,
            "GIT_AUTHOR_NAME": "t",
            "GIT_COMMITTER_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.com",
            "GIT_COMMITTER_EMAIL": "t@example.com",
        },
    )
    _check_ok(result, "copier copy --defaults")
    return dest


def _secret(project: Path) -> str:
    for line in (project / ".env").read_text().splitlines():
        if line.startswith("SECRET_KEY="):
            return line.partition("=")[2]
    raise AssertionError(".env has no SECRET_KEY")


def test_plain_copier_defaults_work_out_of_the_box(
    template_snapshot: Path, tmp_path: Path, project_environments: ProjectEnvironments
) -> None:
    first = _copier_defaults(template_snapshot, tmp_path / "first")
    second = _copier_defaults(template_snapshot, tmp_path / "second")

    secrets = {_secret(first), _secret(second)}
    assert len(secrets) == 2, "each project needs its own SECRET_KEY"
    assert all(len(secret) >= 50 and SECRET_PLACEHOLDER not in secret for secret in secrets)

    subprocess.run(["git", "init", "-q"], cwd=first, check=True)
    ignored = subprocess.run(["git", "check-ignore", "-q", ".env"], cwd=first, check=False)
    assert ignored.returncode == 0, ".env must be git-ignored"

    package = "my_web_app"
    assert (first / "src" / package / "wsgi.py").exists()
    with project_environments.installed(first) as venv:
        env: dict[str, str] = {}  # nothing beyond what the copier task wrote to .env
        _check_ok(
            run_in(venv, ["pytest", "-q", "-p", "no:cacheprovider"], first, env),
            "pytest in a default project",
        )
        upgrade = run_in(venv, ["flask", "--app", f"{package}.wsgi", "db", "upgrade"], first, env)
        _check_ok(upgrade, "flask db upgrade in a default project")
        assert (first / "instance" / f"{package}.sqlite3").exists()
        about = run_in(venv, ["flask", "--app", f"{package}.wsgi", "about"], first, env)
        _check_ok(about, "flask about")
        assert "settings: development" in about.stdout
        assert f"instance/{package}.sqlite3" in about.stdout
