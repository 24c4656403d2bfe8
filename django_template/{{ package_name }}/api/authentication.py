"""How API clients prove who they are."""

from rest_framework.authentication import TokenAuthentication


class BearerTokenAuthentication(TokenAuthentication):
    """DRF's token authentication, sent the standard way: ``Authorization: Bearer <token>``.

    It comes first in ``DEFAULT_AUTHENTICATION_CLASSES`` because DRF asks the first class
    for the ``WWW-Authenticate`` challenge: with it, anonymous requests get 401 and
    ``WWW-Authenticate: Bearer`` (session authentication has no challenge, so DRF would
    answer 403).
    """

    keyword = "Bearer"
