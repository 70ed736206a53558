"""The security headers every response carries, added where the WSGI response starts.

As WSGI middleware they cost a few list operations per response; as an `after_request` hook
werkzeug's `Headers` checked and copied each value again on every request (about 10 µs, a few
per cent of a booking answer in the surge)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

# Scripts only from our own files (no inline code); the kiosk may use its camera.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "media-src 'self' data: blob:",
        "connect-src 'self' ws: wss:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(self), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
HSTS = ("Strict-Transport-Security", "max-age=31536000")
# A URL that carries a secret (a manage link, a device's set-up link) is nobody's to keep: its
# answer, an error too (410 is cacheable by default), is not stored unless the app says so.
NO_STORE = ("Cache-Control", "private, no-store")
_SECURE_SCHEMES = ("https", "wss")

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class SecurityHeaders:
    """Fills in the security headers a response lacks (a page may set its own, as the booking
    pages do with Referrer-Policy), HSTS on HTTPS, and no-store for a URL with a token. Wrap
    the Flask app's own `wsgi_app`, inside any ProxyFix, so that the scheme seen is the
    client's."""

    def __init__(self, app: WsgiApp, headers: dict[str, str] = SECURITY_HEADERS) -> None:
        self.app = app
        self.headers = [(name.lower(), (name, value)) for name, value in headers.items()]

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        secure = environ.get("wsgi.url_scheme") in _SECURE_SCHEMES
        secret_in_url = "token=" in environ.get("QUERY_STRING", "")

        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            present = {name.lower() for name, _ in headers}
            headers.extend(header for low, header in self.headers if low not in present)
            if secure and "strict-transport-security" not in present:
                headers.append(HSTS)
            if secret_in_url and "cache-control" not in present:
                headers.append(NO_STORE)
            return start_response(status, headers, exc_info)

        return self.app(environ, start)
