"""Error reporting with Sentry, switched on by the SENTRY_DSN environment variable.

Production settings call ``init_sentry``. Without a DSN nothing is initialised and no
event leaves the process. Personal data (user ids, cookies, request bodies, client IP
addresses) is not sent: ``send_default_pii`` stays off.
"""

import sentry_sdk
from sentry_sdk.integrations.django import DjangoIntegration


def init_sentry(dsn: str, *, environment: str, release: str, traces_sample_rate: float) -> bool:
    """Start the Sentry client when ``dsn`` is set; return whether it was started."""
    if not dsn:
        return False
    sentry_sdk.init(
        dsn=dsn,
        integrations=[DjangoIntegration()],
        environment=environment,
        # SENTRY_RELEASE, e.g. the commit being deployed; None lets Sentry leave it unset.
        release=release or None,
        send_default_pii=False,
        traces_sample_rate=traces_sample_rate,
    )
    return True
