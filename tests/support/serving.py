"""Serve a rendered project with real gunicorn and talk to it over HTTP."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from email.message import Message
from pathlib import Path


def free_port() -> int:
    """An unused TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def http_get(url: str, timeout: float = 10) -> tuple[int, str]:
    """GET ``url``; return (status, body) without raising on 4xx/5xx."""
    status, _, body = http_request(url, timeout=timeout)
    return status, body


def http_request(
    url: str,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    json_body: object = None,
    timeout: float = 10,
) -> tuple[int, Message, str]:
    """Send one request (``json_body`` as JSON); return (status, headers, body), 4xx/5xx too."""
    data = None if json_body is None else json.dumps(json_body).encode()
    all_headers = {"Host": "localhost", **(headers or {})}
    if data is not None:
        all_headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=data, headers=all_headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode("utf-8", "replace")


@contextlib.contextmanager
def gunicorn(
    venv: Path,
    project: Path,
    wsgi_target: str,
    env: dict[str, str],
    health_path: str,
    startup_timeout: float = 30,
    output: Path | None = None,
) -> Iterator[str]:
    """Run gunicorn with the project's gunicorn.conf.py; yield the base URL once healthy.

    ``output``: a file that receives gunicorn's stdout and stderr (its logs), to read
    while or after it runs; without it they go to a pipe that is read only on failure.
    """
    port = free_port()
    log = open(output, "w") if output else None  # noqa: SIM115 - closed in the finally below
    full_env = {
        **os.environ,
        "PATH": f"{venv / 'bin'}:{os.environ['PATH']}",
        **env,
        "WEB_CONCURRENCY": "2",
    }
    process = subprocess.Popen(
        [
            str(venv / "bin/gunicorn"),
            "--config",
            "gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            wsgi_target,
        ],
        cwd=project,
        env=full_env,
        stdout=log or subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + startup_timeout
        while True:
            if process.poll() is not None:
                logs = output.read_text() if output else process.stdout.read()
                raise AssertionError(f"gunicorn exited early:\n{logs}")
            try:
                http_get(base_url + health_path, timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise AssertionError("gunicorn did not answer in time") from None
                time.sleep(0.2)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        if log:
            log.close()
