"""HTTPS and security headers: one small hook, configured from the settings.

* ``TRUSTED_PROXY_COUNT`` proxies in front of the app are trusted for the
  ``X-Forwarded-For/-Proto/-Host/-Port`` headers (Werkzeug's ProxyFix); 0 trusts none.
* ``SECURE_SSL_REDIRECT`` (production) sends plain-HTTP requests to HTTPS with a 308,
  except ``/health`` so that load balancers and container probes work over HTTP.
* Every response gets ``X-Content-Type-Options``, ``X-Frame-Options``, a
  ``Referrer-Policy``, a ``Cross-Origin-Opener-Policy`` and, outside debug mode (the
  Werkzeug debugger uses inline scripts), the ``Content-Security-Policy``.
* HTTPS responses get ``Strict-Transport-Security`` when ``SECURE_HSTS_SECONDS`` > 0.
"""

from __future__ import annotations

from flask import Flask, Response, redirect, request
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wrappers import Response as BaseResponse

HTTPS_EXEMPT_PATHS = frozenset({"/health"})


def init_security(app: Flask) -> None:
    """Install the proxy handling, the HTTPS redirect and the headers on ``app``."""
    proxies = app.config["TRUSTED_PROXY_COUNT"]
    if proxies > 0:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies
        )

    @app.before_request
    def redirect_to_https() -> BaseResponse | None:
        if not app.config["SECURE_SSL_REDIRECT"] or request.is_secure:
            return None
        if request.path in HTTPS_EXEMPT_PATHS:
            return None
        url = request.url.replace("http://", "https://", 1)
        return redirect(url, code=308)

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if not app.debug:
            headers.setdefault("Content-Security-Policy", app.config["CONTENT_SECURITY_POLICY"])
        seconds = app.config["SECURE_HSTS_SECONDS"]
        if request.is_secure and seconds > 0:
            value = f"max-age={seconds}"
            if app.config["SECURE_HSTS_INCLUDE_SUBDOMAINS"]:
                value += "; includeSubDomains"
            if app.config["SECURE_HSTS_PRELOAD"]:
                value += "; preload"
            headers.setdefault("Strict-Transport-Security", value)
        return response
