"""Background tasks of the site, run by the Celery worker (see ``config/celery.py``).

Call them with ``.delay(...)``: the web process only puts a message on the broker and
answers at once. Arguments must be JSON: pass ids and strings, never model instances.
"""

import logging

from celery import shared_task
from django.contrib.sessions.models import Session
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

logger = logging.getLogger(__name__)


@shared_task
def ping() -> str:
    """Smoke check for operators and tests: ``celery -A ... call <package>.core.tasks.ping``."""
    return "pong"


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_email(
    subject: str,
    body: str,
    to: list[str],
    from_email: str | None = None,
    html: str | None = None,
) -> int:
    """Send one message through Django's email backend (EMAIL_URL).

    The account emails (address confirmation, password reset) come here through
    ``core/adapters.py``. Connection errors are retried with a growing delay.
    """
    message = EmailMultiAlternatives(subject, body, from_email, to)
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()


@shared_task
def clear_expired_sessions() -> int:
    """Delete expired sessions from the database (beat runs it daily, see settings)."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    logger.info("Deleted %d expired sessions", deleted)
    return deleted
