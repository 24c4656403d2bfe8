"""`stackpick web`: serve the start page (questionnaire, options, preview, zip) locally."""

from __future__ import annotations

import argparse

from generator.commands.common import add_switch
from generator.errors import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, exit_codes_help

NAME = "web"
SUMMARY = "serve a local start page: answer, preview and download a project"
DESCRIPTION = """\
Serve a start page in the browser: the questionnaire with the live
recommendation (score bars, reasons, the criteria table), the template options
for the chosen framework with the same checks as `stackpick new`, a preview of
every file the project would hold, a zip download, a link that restores all
answers, and the equivalent `stackpick new` command line.

It listens on 127.0.0.1 by default. Listening on another address prints a
warning: anyone who can reach the port can generate projects.

examples:
  stackpick web --open
  stackpick web --port 9000
  stackpick web --host 0.0.0.0 --max-renders 8    # a shared page for a team

""" + exit_codes_help(
    EXIT_OK,
    (EXIT_ERROR, "the address is in use or cannot be bound"),
    (EXIT_USAGE, "bad option"),
    (EXIT_INTERRUPTED, "stopped with Ctrl-C"),
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--host, --port, --open, --max-renders."""
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)"
    )
    parser.add_argument(
        "--port",
        type=int,
        default=8000,
        help="port to listen on; 0 picks a free one (default: 8000)",
    )
    add_switch(parser, "--open", "open the page in the default web browser")
    parser.add_argument(
        "--max-renders",
        type=int,
        default=4,
        metavar="N",
        help="previews and downloads running or waiting at once; more get HTTP 503 (default: 4)",
    )


def run(args: argparse.Namespace) -> int:
    """Bind, print the address (and a warning when not local), serve until Ctrl-C."""
    import shutil
    import signal
    import sys

    from generator import console
    from generator.errors import UsageError
    from generator.web.server import exposure_warning, make_server

    if args.max_renders < 1:
        raise UsageError("--max-renders must be at least 1")
    try:
        server = make_server(args.host, args.port, max_renders=args.max_renders)
    except OSError as error:
        from generator.errors import StackpickError

        raise StackpickError(
            f"Cannot listen on {args.host}:{args.port}: {error.strerror or error}",
            "Pick another --port (0 picks a free one)",
        ) from None
    warning = exposure_warning(args.host, server.server_address[1])
    if warning:
        console.echo(console.style(warning, "yellow", "bold", stream=sys.stderr), err=True)
    console.echo(f"stackpick web: serving on {server.url}  (Ctrl-C to stop)")
    if args.open:
        import webbrowser

        webbrowser.open(server.url)

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)  # a service manager's stop cleans up like Ctrl-C
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        console.echo("\nstackpick web: stopped.")
    finally:
        server.server_close()
        shutil.rmtree(server.app.scratch, ignore_errors=True)
    return EXIT_OK
