"""Probes used by the health check."""

import logging

from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)


def database_is_available(alias: str = "default") -> bool:
    """Whether database ``alias`` answers a trivial query."""
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: database %r is unavailable", alias)
        return False
    return True
