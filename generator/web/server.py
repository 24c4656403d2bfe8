"""The HTTP server behind ``stackpick web``, on the standard library's ``ThreadingHTTPServer``.

Why the standard library: the page has six routes and no sessions, so a framework
would bring dependencies and start-up time for routing we do not need; this module
is imported only by ``stackpick web``.

Routes::

    GET  /                 the page (a plain GET form: it works without JavaScript;
                           ``view=preview`` adds the file tree, ``file=`` one file)
    GET  /api/recommend    the recommendation, exactly ``stackpick recommend --json``
    GET  /api/state        recommendation, template fields, errors, command line
    POST /api/preview      a real render: every file with its text (JSON)
    POST /download         a real render as a zip
    GET  /static/<file>    the page's stylesheet and script, shipped in the package

Safety: requests are limited in size; POSTs must come from the page itself (same
origin); while bound to a loopback address, a request naming another host is
refused (DNS rebinding); renders are limited by :class:`~generator.web.render.RenderSlots`.
"""

from __future__ import annotations

import ipaddress
import json
import select
import socket
import sys
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from generator.errors import StackpickError
from generator.web.render import Busy, Gone, RenderSlots

MAX_BODY = 64 * 1024
MAX_TARGET = 16 * 1024
MAX_FIELDS = 400
STATIC = Path(__file__).parent / "static"
STATIC_FILES = {
    "style.css": "text/css; charset=utf-8",
    "app.js": "text/javascript; charset=utf-8",
}
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",  # "no-referrer" makes Chromium send Origin: null
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}
LOOPBACK_NAMES = {"localhost", "localhost.", "ip6-localhost"}
ROUTES = {
    ("get", "/"): "_get_page",
    ("get", "/api/recommend"): "_get_api_recommend",
    ("get", "/api/state"): "_get_api_state",
    ("post", "/api/preview"): "_post_api_preview",
    ("post", "/download"): "_post_download",
}


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or address) only reaches this machine."""
    host = host.strip("[]").lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def exposure_warning(host: str, port: int) -> str | None:
    """The warning printed when the server listens beyond this machine, else None."""
    if is_loopback(host):
        return None
    return (
        f"warning: listening on {host}:{port}: anyone who can reach this port can "
        "generate projects with this machine's CPU. Use --host 127.0.0.1 to keep it local."
    )


@dataclass
class WebApp:
    """Settings and shared state of one server."""

    scratch: Path
    slots: RenderSlots = field(default_factory=lambda: RenderSlots(4))
    local_only: bool = True
    quiet: bool = False
    timings: dict[str, float] = field(default_factory=dict)


class ClientError(Exception):
    """A request refused before any work: status and a short message."""

    def __init__(self, status: HTTPStatus, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class Handler(BaseHTTPRequestHandler):
    """One request; routes to the ``_get_*`` / ``_post_*`` methods."""

    server: Server
    _started = 0.0
    server_version = "stackpick-web"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    timeout = 30

    # -- plumbing -------------------------------------------------------------
    @property
    def app(self) -> WebApp:
        return self.server.app

    def log_message(self, format: str, *args: Any) -> None:
        if not self.app.quiet:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")

    def _send(
        self,
        status: HTTPStatus,
        body: bytes,
        content_type: str,
        headers: dict[str, str] | None = None,
    ) -> None:
        # Recorded before the first byte goes out, so a client never sees a stale figure.
        self.app.timings[urlsplit(self.path).path] = time.perf_counter() - self._started
        try:
            self.send_response(status)
            for name, value in {**SECURITY_HEADERS, **(headers or {})}.items():
                self.send_header(name, value)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _json(self, status: HTTPStatus, data: Any, headers: dict[str, str] | None = None) -> None:
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
        self._send(status, body, "application/json; charset=utf-8", headers)

    def _html(self, status: HTTPStatus, text: str) -> None:
        self._send(status, text.encode("utf-8"), "text/html; charset=utf-8")

    def _client_gone(self) -> bool:
        """True when the client closed its end of the connection."""
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            if not readable:
                return False
            peeked: bytes = self.connection.recv(1, socket.MSG_PEEK)
            return peeked == b""
        except (OSError, ValueError):
            return True

    def _check_host(self) -> None:
        if not self.app.local_only:
            return
        host = self.headers.get("Host", "")
        name = urlsplit(f"//{host}").hostname or ""
        if not is_loopback(name):
            raise ClientError(HTTPStatus.MISDIRECTED_REQUEST, "This server only answers localhost.")

    def _check_origin(self) -> None:
        """POSTs must come from this page: same Origin, or no browser context at all."""
        origin = self.headers.get("Origin")
        site = self.headers.get("Sec-Fetch-Site")
        if site is not None and site not in ("same-origin", "none"):
            raise ClientError(HTTPStatus.FORBIDDEN, "Cross-site requests are refused.")
        if origin is None:
            return
        expected = f"http://{self.headers.get('Host', '')}"
        if origin != expected:
            raise ClientError(HTTPStatus.FORBIDDEN, "Cross-site requests are refused.")

    def _query(self) -> list[tuple[str, str]]:
        return self._pairs(urlsplit(self.path).query)

    def _pairs(self, text: str) -> list[tuple[str, str]]:
        try:
            pairs = parse_qsl(text, keep_blank_values=True, max_num_fields=MAX_FIELDS)
        except ValueError:
            raise ClientError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "Too many fields.") from None
        return pairs

    def _body(self) -> list[tuple[str, str]]:
        kind = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if kind != "application/x-www-form-urlencoded":
            raise ClientError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "Send the form urlencoded.")
        if self.headers.get("Transfer-Encoding"):
            raise ClientError(HTTPStatus.LENGTH_REQUIRED, "Send a Content-Length.")
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            raise ClientError(HTTPStatus.BAD_REQUEST, "Bad Content-Length.") from None
        if length < 0 or length > MAX_BODY:
            self.close_connection = True
            raise ClientError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "The form is too large.")
        raw = self.rfile.read(length)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ClientError(HTTPStatus.BAD_REQUEST, "The form is not UTF-8.") from None
        return self._pairs(text)

    def _dispatch(self, method: str) -> None:
        self._started = time.perf_counter()
        try:
            if len(self.path) > MAX_TARGET:
                self.close_connection = True
                raise ClientError(HTTPStatus.REQUEST_URI_TOO_LONG, "The address is too long.")
            self._check_host()
            route = urlsplit(self.path).path
            name = ROUTES.get((method, route))
            if name is None and method == "get" and route.startswith("/static/"):
                name = "_get_static"
            if name is None:
                known = any(path == route for _, path in ROUTES)
                raise ClientError(
                    HTTPStatus.METHOD_NOT_ALLOWED if known else HTTPStatus.NOT_FOUND,
                    "Method not allowed." if known else "Not found.",
                )
            handler = getattr(self, name)
            if method == "post":
                self._check_origin()
            handler()
        except ClientError as error:
            self.close_connection = True  # an unread body must not be taken for a request
            self._json(error.status, {"error": error.message})
        except Busy as error:
            self.close_connection = True
            self._json(
                HTTPStatus.SERVICE_UNAVAILABLE, {"error": error.one_line()}, {"Retry-After": "2"}
            )
        except Gone:
            self.close_connection = True
        except Exception:
            import traceback

            traceback.print_exc(file=sys.stderr)
            self.close_connection = True
            self._json(HTTPStatus.INTERNAL_SERVER_ERROR, {"error": "Something broke; see the log."})

    def do_GET(self) -> None:
        self._dispatch("get")

    def do_HEAD(self) -> None:
        self._dispatch("get")

    def do_POST(self) -> None:
        self._dispatch("post")

    # -- routes -----------------------------------------------------------------
    def _get_static(self) -> None:
        name = urlsplit(self.path).path.removeprefix("/static/")
        if name not in STATIC_FILES:
            raise ClientError(HTTPStatus.NOT_FOUND, "Not found.")
        body = (STATIC / name).read_bytes()
        self._send(HTTPStatus.OK, body, STATIC_FILES[name], {"Cache-Control": "no-cache"})

    def _get_api_recommend(self) -> None:
        from generator.recommendation.rules import recommend
        from generator.web.form import Q, read_questionnaire

        answers, errors = read_questionnaire(self._query())
        if errors:
            problems = {Q + key: text for key, text in errors.items()}
            self._json(HTTPStatus.UNPROCESSABLE_ENTITY, {"errors": problems})
            return
        self._json(HTTPStatus.OK, recommend(answers).to_dict())

    def _get_api_state(self) -> None:
        from generator.web.form import evaluate
        from generator.web.page import state_json

        self._json(HTTPStatus.OK, state_json(evaluate(self._query())))

    def _get_page(self) -> None:
        from generator.web.form import evaluate
        from generator.web.page import page_html

        pairs = self._query()
        state = evaluate(pairs)
        extra = dict(pairs)
        preview = None
        problem = ""
        if extra.get("view") == "preview":
            if state.ok:
                try:
                    preview = self._render_preview(state)
                except (Busy, Gone):
                    raise
                except StackpickError as error:
                    problem = error.one_line()
            else:
                problem = "Fix the answers marked in red to see the files."
        # Answers to fix are part of a normal page; a render that failed is not.
        status = HTTPStatus.UNPROCESSABLE_ENTITY if problem and state.ok else HTTPStatus.OK
        self._html(
            status,
            page_html(state, preview=preview, selected=extra.get("file"), render_error=problem),
        )

    def _post_api_preview(self) -> None:
        from generator.web.form import evaluate
        from generator.web.page import preview_html

        state = evaluate(self._body())
        if not state.ok:
            self._json(HTTPStatus.UNPROCESSABLE_ENTITY, {"errors": state.errors()})
            return
        try:
            files = self._render_preview(state)
        except (Busy, Gone):
            raise
        except StackpickError as error:
            self._json(HTTPStatus.UNPROCESSABLE_ENTITY, {"errors": {"form": error.one_line()}})
            return
        self._json(
            HTTPStatus.OK,
            {
                "files": [f.to_dict() for f in files],
                "html": preview_html(state, files),
                "destination": state.destination,
            },
        )

    def _post_download(self) -> None:
        from generator.web.form import evaluate
        from generator.web.page import page_html

        state = evaluate(self._body())
        if not state.ok:
            self._html(HTTPStatus.UNPROCESSABLE_ENTITY, page_html(state))
            return
        try:
            body = self._render(state, "zip")
        except (Busy, Gone):
            raise
        except StackpickError as error:
            self._html(
                HTTPStatus.UNPROCESSABLE_ENTITY, page_html(state, render_error=error.one_line())
            )
            return
        self._send(
            HTTPStatus.OK,
            body,
            "application/zip",
            {"Content-Disposition": f'attachment; filename="{state.destination}.zip"'},
        )

    # -- rendering ----------------------------------------------------------------
    def _render_preview(self, state: Any) -> Any:
        return self._render(state, "preview")

    def _render(self, state: Any, kind: str) -> Any:
        from generator.web.form import resolve_for_render
        from generator.web.render import preview_files, rendered_project, zip_project

        answers = resolve_for_render(state)
        with (
            self.app.slots.slot(),
            rendered_project(
                self.app.scratch,
                state.destination,
                answers,
                state.questionnaire,
                state.recommendation_dict(),
                still_wanted=lambda: not self._client_gone(),
            ) as project,
        ):
            return zip_project(project) if kind == "zip" else preview_files(project)


class Server(ThreadingHTTPServer):
    """A threading HTTP server carrying its :class:`WebApp`."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], app: WebApp) -> None:
        host = address[0]
        if ":" in host.strip("[]"):
            self.address_family = socket.AF_INET6
            address = (host.strip("[]"), address[1])
        self.app = app
        super().__init__(address, Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that goes away mid-request is normal: no traceback, no noise.

        Anything else gets one line on standard error instead of the standard
        library's traceback; the server keeps serving.
        """
        import sys

        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionResetError, BrokenPipeError, TimeoutError)):
            return
        print(f"stackpick web: a request failed: {error!r}", file=sys.stderr)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else str(host)
        shown = f"[{name}]" if ":" in name else name
        return f"http://{shown}:{port}/"


def make_server(
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    scratch: Path | None = None,
    max_renders: int = 4,
    quiet: bool = False,
) -> Server:
    """A ready (bound, not yet serving) server; ``port=0`` picks a free port."""
    import tempfile

    app = WebApp(
        scratch=scratch or Path(tempfile.mkdtemp(prefix="stackpick-web-")),
        slots=RenderSlots(max_renders),
        local_only=is_loopback(host),
        quiet=quiet,
    )
    return Server((host, port), app)
