"""Fresh databases on the real PostgreSQL and MariaDB servers that `.ci/databases.sh` starts."""

from __future__ import annotations

import os
import re
import subprocess

POSTGRES_ADMIN_URL = os.environ.get(
    "STACKPICK_TEST_POSTGRES_URL", "postgresql://stackpick:stackpick@127.0.0.1:5432/postgres"
)
MYSQL_HOST = os.environ.get("STACKPICK_TEST_MYSQL_HOST", "127.0.0.1")
MYSQL_USER = os.environ.get("STACKPICK_TEST_MYSQL_USER", "stackpick")
MYSQL_PASSWORD = os.environ.get("STACKPICK_TEST_MYSQL_PASSWORD", "stackpick")

_SAFE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,50}$")
SERVER_HINT = "start the servers with `bash .ci/databases.sh` (needs root for apt-get)"


class DatabaseUnavailable(RuntimeError):
    """The test database server cannot be reached."""


def _run(command: list[str], env: dict[str, str] | None = None) -> None:
    result = subprocess.run(
        command, capture_output=True, text=True, check=False, env={**os.environ, **(env or {})}
    )
    if result.returncode != 0:
        raise DatabaseUnavailable(f"{command[0]} failed: {result.stderr.strip()}; {SERVER_HINT}")


def fresh_postgres_database(name: str) -> str:
    """Drop and create database ``name``; return its DATABASE_URL."""
    assert _SAFE_NAME.match(name), name
    _run(
        [
            "psql",
            POSTGRES_ADMIN_URL,
            "-v",
            "ON_ERROR_STOP=1",
            "-q",
            "-c",
            f"DROP DATABASE IF EXISTS {name} WITH (FORCE)",
            "-c",
            f"CREATE DATABASE {name}",
        ]
    )
    return POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


def fresh_mysql_database(name: str) -> str:
    """Drop and create database ``name`` (utf8mb4); return its DATABASE_URL."""
    assert _SAFE_NAME.match(name), name
    _run(
        [
            "mysql",
            f"--host={MYSQL_HOST}",
            f"--user={MYSQL_USER}",
            "--protocol=TCP",
            "-e",
            f"DROP DATABASE IF EXISTS {name}; "
            f"CREATE DATABASE {name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;",
        ],
        env={"MYSQL_PWD": MYSQL_PASSWORD},
    )
    return f"mysql://{MYSQL_USER}:{MYSQL_PASSWORD}@{MYSQL_HOST}:3306/{name}"


def fresh_database(kind: str, name: str) -> str | None:
    """A DATABASE_URL for a new empty database of ``kind``; None for sqlite/none."""
    if kind == "postgresql":
        return fresh_postgres_database(name)
    if kind == "mysql":
        return fresh_mysql_database(name)
    return None


REDIS_SERVER_URL = os.environ.get("STACKPICK_TEST_REDIS_URL", "redis://127.0.0.1:6379").rstrip("/")


def fresh_redis_url(index: int) -> str:
    """A REDIS_URL for logical database ``index`` (1-15) of the test server, emptied first.

    Give each test module its own index so that parallel workers never share keys.
    """
    assert 1 <= index <= 15, index
    url = f"{REDIS_SERVER_URL}/{index}"
    _run(["redis-cli", "-u", url, "FLUSHDB"])
    return url
