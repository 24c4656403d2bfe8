"""Every endpoint of ``stackpick web`` over real HTTP, with real renders (Copier, the store)."""

from __future__ import annotations

import html
import http.client
import io
import json
import shlex
import socket
import struct
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
import yaml

from generator.web.server import exposure_warning, is_loopback
from tests.support.cli import STACKPICK, cli_env, run_cli
from tests.web.conftest import Running

FORM = "application/x-www-form-urlencoded"


def request(
    web: Running,
    method: str,
    path: str,
    body: str | bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], bytes]:
    parts = urlsplit(web.url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    sent = dict(headers or {})
    if body is not None and "Content-Type" not in sent:
        sent["Content-Type"] = FORM
    connection.request(method, path, body=body, headers=sent)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, data


def post(web: Running, path: str, pairs: list[tuple[str, str]], **headers: str) -> Any:
    return request(web, "POST", path, urlencode(pairs), headers)


def scratch_is_empty(web: Running, wait: float = 5.0) -> bool:
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if not any(web.scratch.iterdir()):
            return True
        time.sleep(0.05)
    return False


# --- pages and the live endpoints --------------------------------------------------


def test_the_page_renders_the_form_with_answers_from_the_url(web: Running) -> None:
    query = urlencode([("q.goals", "rest_api"), ("q.size", "small"), ("t.project_name", "Shop")])
    status, headers, body = request(web, "GET", "/?" + query)
    page = body.decode()
    assert status == 200
    assert headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in headers["content-security-policy"]
    assert 'value="Shop"' in page
    assert 'name="q.goals" value="rest_api" checked' in page
    assert "stackpick new shop --set goals=rest_api --set size=small" in page


@pytest.mark.parametrize(
    "sets",
    [
        [],
        ["goals=rest_api,social,commerce"],
        ["goals=prototype", "size=small", "full_stack=no"],
        ["scale=yes", "database=relational", "team_learning=yes"],
        ["learning_curve_priority=yes", "size=large"],
    ],
)
def test_the_recommendation_equals_recommend_json(web: Running, sets: list[str]) -> None:
    cli = run_cli("recommend", "--json", *[w for s in sets for w in ("--set", s)])
    assert cli.returncode == 0, cli.stderr
    pairs = []
    for item in sets:
        key, _, value = item.partition("=")
        pairs += [("q." + key, part) for part in value.split(",")]
    status, _, body = request(web, "GET", "/api/recommend?" + urlencode(pairs))
    assert status == 200
    assert json.loads(body) == json.loads(cli.stdout)


def test_a_bad_questionnaire_value_is_refused_by_the_api(web: Running) -> None:
    status, _, body = request(web, "GET", "/api/recommend?q.size=huge")
    assert status == 422
    assert "q.size" in json.loads(body)["errors"]


def test_state_has_fields_errors_and_the_command(web: Running) -> None:
    query = urlencode(
        [("t.framework", "django"), ("t.project_name", "../x"), ("q.goals", "social")]
    )
    status, _, body = request(web, "GET", "/api/state?" + query)
    data = json.loads(body)
    assert status == 200
    assert data["ok"] is False
    assert "t.project_name" in data["errors"]
    fields = {f["name"]: f for f in data["fields"]}
    assert fields["api"]["applies"] is True
    assert fields["database"]["choices"][-1]["disabled"] == "Django projects need a database"
    assert data["recommendation"]["framework"] == "django"
    assert "Recommended:" in data["html"]["recommendation"]
    assert data["command"].startswith("stackpick new")


def test_static_assets_are_served_from_the_package(web: Running) -> None:
    for name, kind in (("style.css", "text/css"), ("app.js", "text/javascript")):
        status, headers, body = request(web, "GET", f"/static/{name}")
        assert status == 200 and headers["content-type"].startswith(kind) and body
    for path in ("/static/../server.py", "/static/%2e%2e/server.py", "/static/", "/nope"):
        assert request(web, "GET", path)[0] == 404


def test_wrong_methods_are_refused(web: Running) -> None:
    assert request(web, "GET", "/download")[0] == 405
    assert post(web, "/", [])[0] == 405


# --- renders -------------------------------------------------------------------------


def test_preview_is_a_real_render_and_its_folder_is_removed(web: Running) -> None:
    status, _, body = post(web, "/api/preview", [("t.project_name", "Preview Me")])
    assert status == 200, body
    data = json.loads(body)
    files = {f["path"]: f for f in data["files"]}
    assert any(path.endswith("preview_me/__init__.py") for path in files)
    assert "preview_me" in files["pyproject.toml"]["text"]
    answers = yaml.safe_load(files[".copier-answers.yml"]["text"])
    assert answers["project_name"] == "Preview Me"
    assert answers["_src_path"] == "https://github.com/stackpick/stackpick.git"
    assert 'data-path="README.md"' in data["html"]
    assert scratch_is_empty(web)


def test_the_page_previews_without_javascript(web: Running) -> None:
    query = urlencode(
        [("t.project_name", "Plain"), ("view", "preview"), ("file", "pyproject.toml")]
    )
    status, _, body = request(web, "GET", "/?" + query)
    page = body.decode()
    assert status == 200
    assert 'class="selected">pyproject.toml</a>' in page
    assert 'name = "plain"' in html.unescape(page)
    assert scratch_is_empty(web)


def unzip(data: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(data))


def test_download_is_a_zip_with_the_answers_file(web: Running) -> None:
    status, headers, body = post(
        web, "/download", [("t.project_name", "Zip Shop"), ("t.database", "postgresql")]
    )
    assert status == 200, body[:500]
    assert headers["content-type"] == "application/zip"
    assert headers["content-disposition"] == 'attachment; filename="zip-shop.zip"'
    archive = unzip(body)
    names = archive.namelist()
    assert all(name.startswith("zip-shop/") for name in names)
    answers = yaml.safe_load(archive.read("zip-shop/.copier-answers.yml"))
    assert answers["database"] == "postgresql" and answers["_commit"].startswith("v")
    assert not any("/.git/" in name for name in names)
    assert scratch_is_empty(web)


def test_the_command_line_makes_the_same_project(web: Running, tmp_path: Path) -> None:
    pairs = [
        ("q.goals", "rest_api"),
        ("q.scale", "yes"),
        ("t.project_name", "Same Thing"),
        ("t.author_name", "O'Brien & Co"),
        ("t.deploy", "docker"),
    ]
    status, _, body = post(web, "/download", pairs)
    assert status == 200
    zipped = yaml.safe_load(unzip(body).read("same-thing/.copier-answers.yml"))
    _, _, state = request(web, "GET", "/api/state?" + urlencode(pairs))
    words = shlex.split(json.loads(state)["command"])
    assert words[:2] == ["stackpick", "new"]
    result = run_cli(*words[1:], "--no-git", cwd=tmp_path, env=cli_env(CI="true"))
    assert result.returncode == 0, result.stderr
    made = yaml.safe_load((tmp_path / "same-thing" / ".copier-answers.yml").read_text())
    assert made == zipped


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("t.project_name", "../../../../tmp/escape"),
        ("t.package_name", "../escape"),
        ("t.package_name", "/etc/passwd"),
        ("t.project_name", "a\x00b"),
        ("t.description", "x" * 5000),
        ("t.package_name", "a" * 300),
    ],
)
def test_hostile_answers_are_refused_before_any_render(web: Running, name: str, value: str) -> None:
    status, _, body = post(web, "/download", [(name, value)])
    assert status == 422
    assert b'class="error"' in body
    status, _, body = post(web, "/api/preview", [(name, value)])
    assert status == 422 and name in json.loads(body)["errors"]
    assert not any(web.scratch.iterdir())
    assert not Path("/tmp/escape").exists()


def test_a_failing_render_leaves_no_folder(
    web: Running, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("the template store cannot live here")
    monkeypatch.setenv("STACKPICK_HOME", str(blocker))
    status, _, body = post(web, "/download", [("t.project_name", "Doomed")])
    assert status in (422, 500), body[:300]
    assert scratch_is_empty(web)
    monkeypatch.undo()
    assert post(web, "/api/preview", [])[0] == 200


# --- limits and origin checks --------------------------------------------------------


def test_cross_site_posts_are_refused(web: Running) -> None:
    assert post(web, "/download", [], Origin="http://evil.example")[0] == 403
    assert post(web, "/download", [], Origin="null")[0] == 403
    assert post(web, "/api/preview", [], **{"Sec-Fetch-Site": "cross-site"})[0] == 403
    port = urlsplit(web.url).port
    status, _, _ = post(
        web, "/api/preview", [("t.project_name", "Ok")], Origin=f"http://127.0.0.1:{port}"
    )
    assert status == 200


def test_other_host_names_are_refused_while_local(web: Running) -> None:
    assert request(web, "GET", "/", headers={"Host": "rebound.example:80"})[0] == 421
    assert request(web, "GET", "/", headers={"Host": "localhost"})[0] == 200


def test_request_size_limits(web: Running) -> None:
    assert post(web, "/api/preview", [("t.description", "x" * 70_000)])[0] == 413
    assert request(web, "GET", "/?" + "q.goals=x&" * 2000)[0] == 414
    status, _, _ = request(web, "POST", "/download", "{}", {"Content-Type": "application/json"})
    assert status == 415
    assert request(web, "GET", "/api/state?" + "a=1&" * 500)[0] == 413


def test_renders_beyond_the_limit_get_503(web: Running) -> None:
    slots = web.server.app.slots
    held = [slots.slot() for _ in range(slots.size)]
    for slot in held:
        slot.__enter__()
    try:
        status, headers, body = post(web, "/download", [])
        assert status == 503
        assert headers["retry-after"] == "2"
        assert "Try again" in json.loads(body)["error"]
    finally:
        for slot in held:
            slot.__exit__(None, None, None)
    assert post(web, "/api/preview", [])[0] == 200


def test_concurrent_downloads_all_succeed(web: Running) -> None:
    results: list[int] = []

    def download(i: int) -> None:
        results.append(post(web, "/download", [("t.project_name", f"Parallel {i}")])[0])

    threads = [threading.Thread(target=download, args=(i,)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [200, 200, 200]
    assert scratch_is_empty(web)


def test_a_client_that_disconnects_leaves_no_folder(web: Running) -> None:
    parts = urlsplit(web.url)
    body = urlencode([("t.project_name", "Gone Away")]).encode()
    for pause in (0.0, 0.3):
        with socket.create_connection((parts.hostname, parts.port)) as raw:
            raw.sendall(
                b"POST /download HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: " + FORM.encode() + b"\r\n"
                b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
            )
            time.sleep(pause)
        assert scratch_is_empty(web, wait=30)
    assert request(web, "GET", "/api/recommend")[0] == 200


def test_a_connection_reset_mid_request_prints_nothing(
    web: Running, capfd: pytest.CaptureFixture[str]
) -> None:
    parts = urlsplit(web.url)
    for _ in range(3):
        raw = socket.create_connection((parts.hostname, parts.port))
        raw.sendall(b"GET /api/recommend HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # headers unfinished
        time.sleep(0.1)
        raw.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        raw.close()  # a reset, not a clean close
    time.sleep(0.3)
    assert request(web, "GET", "/api/recommend")[0] == 200
    assert capfd.readouterr().err == ""


# --- the command -----------------------------------------------------------------------


def test_only_loopback_is_local() -> None:
    assert all(map(is_loopback, ["127.0.0.1", "localhost", "::1", "[::1]", "127.1.2.3"]))
    assert not any(map(is_loopback, ["0.0.0.0", "192.168.1.5", "example.com", "::"]))
    assert exposure_warning("127.0.0.1", 8000) is None
    assert "anyone who can reach this port" in (exposure_warning("0.0.0.0", 8000) or "")


def serve_briefly(tmp: Path, *args: str) -> tuple[str, str]:
    """Start `stackpick web ARGS`, wait for its address line, stop it; returns (out, err).

    Its temporary folders go under ``tmp``, which must be empty again once it stopped.
    """
    process = subprocess.Popen(
        [str(STACKPICK), "web", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=cli_env(TMPDIR=str(tmp)),
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        url = line.split("serving on ")[1].split()[0]
        parts = urlsplit(url)
        connection = http.client.HTTPConnection("127.0.0.1", parts.port, timeout=30)
        connection.request("GET", "/api/recommend", headers={"Host": f"localhost:{parts.port}"})
        assert connection.getresponse().status == 200
    finally:
        process.terminate()
        out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert not any(tmp.iterdir())
    return line + out, err


def test_the_command_serves_locally_without_a_warning(tmp_path: Path) -> None:
    out, err = serve_briefly(tmp_path)
    assert "serving on http://127.0.0.1:" in out
    assert "warning" not in err


def test_binding_beyond_localhost_prints_a_warning(tmp_path: Path) -> None:
    out, err = serve_briefly(tmp_path, "--host", "0.0.0.0")
    assert "serving on http://0.0.0.0:" in out
    assert "anyone who can reach this port can generate projects" in err


def test_web_help_imports_nothing_heavy() -> None:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "generator", "web", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        env=cli_env(),
    )
    assert result.returncode == 0 and "--max-renders" in result.stdout
    imported = {
        line.split("|")[-1].strip() for line in result.stderr.splitlines() if "import time:" in line
    }
    heavy = {"copier", "jinja2", "questionary", "yaml", "http.server", "generator.web.server"}
    assert not imported & heavy
