"""Typed domain errors and the one renderer that gives every error the contract's shape:
`{"error": {"code", "message", "fields"?}}`, with the message in the request's language."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, jsonify, request
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException

from app.i18n import translate


class DomainError(Exception):
    code = "error"
    status = 400

    def __init__(
        self,
        code: str | None = None,
        status: int | None = None,
        fields: dict[str, str] | None = None,
        message_key: str | None = None,
        **params: Any,
    ) -> None:
        super().__init__(code or self.code)
        if code:
            self.code = code
        if status:
            self.status = status
        self.fields = fields
        self.message_key = message_key  # a text of its own for the same code, where it differs
        self.params = params

    def message(self) -> str:
        return translate(self.message_key or self.code, **self.params)


class Malformed(DomainError):
    code, status = "malformed", 400


class Unauthorized(DomainError):
    code, status = "unauthorized", 401


class Forbidden(DomainError):
    code, status = "forbidden", 403


class NotFound(DomainError):
    code, status = "not_found", 404


class Conflict(DomainError):
    status = 409


class Gone(DomainError):
    """What was there is gone for good (a finished booking's QR code)."""

    status = 410


class ValidationFailed(DomainError):
    code, status = "validation", 422


class TooManyRequests(DomainError):
    code, status = "rate_limited", 429


def error_response(error: DomainError) -> tuple[Response, int]:
    body: dict[str, Any] = {"code": error.code, "message": error.message()}
    if error.fields:
        body["fields"] = error.fields
    return jsonify({"error": body}), error.status


_HTTP_CODES = {
    400: "malformed",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    503: "service_unavailable",
    415: "unsupported_media_type",
    429: "rate_limited",
}


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def _domain(error: DomainError) -> Any:
        if wants_json():
            return error_response(error)
        from app.pages import render_error_page

        return render_error_page(error)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> Any:
        status = error.code or 500
        code = _HTTP_CODES.get(status, "error" if status < 500 else "internal")
        domain = DomainError(code=code, status=status)
        if wants_json():
            response, status = error_response(domain)
            allowed = getattr(error, "valid_methods", None)
            if status == 405 and allowed:
                response.headers["Allow"] = ", ".join(allowed)
            return response, status
        from app.pages import render_error_page

        return render_error_page(domain)

    @app.errorhandler(DBAPIError)
    def _database_unavailable(error: DBAPIError) -> Any:
        # The database is down or restarting: fail cleanly and fast, and say when to retry.
        if not error.connection_invalidated and not isinstance(
            error, OperationalError | InterfaceError
        ):
            return _unexpected(error)
        app.logger.warning("database unavailable on %s %s", request.method, request.path)
        domain = DomainError(code="service_unavailable", status=503)
        response, status = error_response(domain) if wants_json() else _page(domain)
        response.headers["Retry-After"] = "5"
        return response, status

    def _page(domain: DomainError) -> Any:
        from flask import make_response

        from app.pages import render_error_page

        body, status = render_error_page(domain)
        return make_response(body), status

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Any:
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        domain = DomainError(code="internal", status=500)
        if wants_json():
            return error_response(domain)
        from app.pages import render_error_page

        return render_error_page(domain)
