"""One module per subcommand. Each defines NAME, SUMMARY, DESCRIPTION,
``add_arguments(parser)`` and ``run(args) -> int``, and keeps heavy imports inside ``run``."""

from __future__ import annotations

from generator.commands import check, new, recommend, update

COMMANDS = (recommend, new, update, check)
