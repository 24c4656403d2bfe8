"""django-allauth's account adapter, sending account emails through the Celery worker.

The message is rendered here, in the request, where allauth has its context (the user,
the confirmation link); only its text goes to the broker, and the worker sends it.
"""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.core.mail import EmailMultiAlternatives

from .tasks import send_email


class AccountAdapter(DefaultAccountAdapter):
    """Queue account emails instead of sending them inside the request."""

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        message = self.render_mail(template_prefix, email, context)
        html = None
        if isinstance(message, EmailMultiAlternatives):
            html = next(
                (str(body) for body, mimetype in message.alternatives if mimetype == "text/html"),
                None,
            )
        send_email.delay(
            subject=message.subject,
            body=str(message.body),
            to=list(message.to),
            from_email=message.from_email,
            html=html,
        )
