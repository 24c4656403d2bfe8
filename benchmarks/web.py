"""How fast `stackpick web` answers: the live recommendation, the preview and the zip.

Run with the project's virtual environment: ``.venv/bin/python benchmarks/web.py``.

* Recommendation and page state: time spent in the server per request (from the
  request line to the last byte written), median over many requests.
* Preview and download: wall time of one HTTP request each (a real render into a
  temporary folder), beside `stackpick new` for the same answers (a new process,
  as a user runs it; with and without its git commit).

Goals: recommendation under 50 ms in the server; preview and download under
1.5x `stackpick new`.
"""

from __future__ import annotations

import argparse
import http.client
import shutil
import statistics
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlencode, urlsplit

# Run as a script, so this folder is on sys.path.
from _timing import bench_env, find, median_seconds, print_table, run_quiet

ANSWERS = [("q.goals", "rest_api"), ("q.size", "small"), ("t.project_name", "Bench Web")]
NEW_ARGS = ["--set", "goals=rest_api", "--set", "size=small", "--data", "project_name=Bench Web"]


def call(url: str, method: str, path: str, body: str | None = None) -> bytes:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=300)
    headers = {"Content-Type": "application/x-www-form-urlencoded"} if body is not None else {}
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"{method} {path}: HTTP {response.status}: {data[:300]!r}")
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="renders per measurement")
    parser.add_argument("--requests", type=int, default=200, help="recommendation requests")
    options = parser.parse_args()

    import os

    work = Path(tempfile.mkdtemp(prefix="stackpick-bench-web-"))
    home = work / "home"
    os.environ["STACKPICK_HOME"] = str(home)
    from generator.web.server import make_server

    server = make_server("127.0.0.1", 0, scratch=work / "scratch", quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = server.url
    try:
        query = urlencode(ANSWERS)
        for route in ("/api/recommend", "/api/state", "/"):
            samples = []
            for _ in range(options.requests):
                call(url, "GET", f"{route}?{query}")
                samples.append(server.app.timings[route])
            median = statistics.median(samples) * 1000
            print(
                f"server time for GET {route:<15} median {median:6.2f} ms"
                f"   p95 {sorted(samples)[int(len(samples) * 0.95)] * 1000:6.2f} ms"
                f"   ({options.requests} requests)"
            )

        stackpick = find("stackpick")
        assert stackpick, "stackpick is not installed in this environment"
        env = bench_env(STACKPICK_HOME=str(home), CI="true")

        def new(extra: list[str]) -> object:
            def action(i: int) -> None:
                target = work / f"new-{len(extra)}-{i}"
                shutil.rmtree(target, ignore_errors=True)
                run_quiet([stackpick, "new", str(target), *NEW_ARGS, "--defaults", *extra], env)

            return action

        body = urlencode(ANSWERS)
        rows: list[tuple[str, float | None]] = [
            (
                "stackpick new (a new process, with git commit)",
                median_seconds(new([]), options.runs),
            ),
            ("stackpick new --no-git", median_seconds(new(["--no-git"]), options.runs)),
            (
                "web: POST /api/preview (render + every file)",
                median_seconds(lambda i: call(url, "POST", "/api/preview", body), options.runs),
            ),
            (
                "web: POST /download (render + zip)",
                median_seconds(lambda i: call(url, "POST", "/download", body), options.runs),
            ),
        ]
        print_table(
            "Preview and download beside `stackpick new` (same answers, same store)",
            rows,
            "stackpick new (a new process, with git commit)",
        )
    finally:
        server.shutdown()
        server.server_close()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
