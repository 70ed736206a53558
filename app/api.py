"""The /api/v1 blueprint, request parsing in the contract's error shape, and the OpenAPI
description generated from the routes themselves."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Blueprint, Flask, current_app, jsonify, request
from pydantic import BaseModel, ValidationError
from werkzeug.exceptions import BadRequest
from werkzeug.routing import IntegerConverter, Map

from app.errors import Malformed, ValidationFailed
from app.i18n import translate

bp = Blueprint("api", __name__, url_prefix="/api/v1")

# The largest id a PostgreSQL INTEGER column holds: a bigger number in a URL is no row of ours.
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """`<int:…>` bounded to what the database can hold: /tickets/99999999999999999999 is a
    404, not an overflow inside the driver (a 500)."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def _holds_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_holds_nul(item) for item in value)
    return False


@bp.before_app_request
def _refuse_nul_characters() -> None:
    """PostgreSQL text cannot hold U+0000: such input would fail inside the driver (a 500), so
    every request carrying one, in its path, query, form or JSON body, is a 400 up front.
    The raw bytes are searched, which is cheaper than parsing anything twice; the media type is
    read from the environ (every request passes here, and the parsed header costs more)."""
    environ = request.environ
    query = environ.get("QUERY_STRING", "")
    path = environ.get("PATH_INFO", "")
    if "\x00" in path or "%00" in query or "\x00" in query:
        raise Malformed()
    mimetype = environ.get("CONTENT_TYPE", "").partition(";")[0].strip().lower()
    if mimetype == "multipart/form-data":
        if _holds_nul(list(request.form.items(multi=True))):
            raise Malformed()
        return
    raw = request.get_data(cache=True)
    if raw and any(marker in raw for marker in _nul_markers(mimetype, path)):
        raise Malformed()


def _nul_markers(mimetype: str, path: str) -> tuple[bytes, ...]:
    if mimetype == "application/x-www-form-urlencoded":
        return (b"\x00", b"%00")
    if _is_json(mimetype) or path.startswith("/api/"):
        return (b"\x00", b"\\u0000")  # JSON carries NUL as the escape \u0000, or raw
    return ()


def _is_json(mimetype: str) -> bool:
    """As werkzeug's `Request.is_json`."""
    return mimetype == "application/json" or (
        mimetype.startswith("application/") and mimetype.endswith("+json")
    )


@bp.record_once
def _bounded_ids(state: Any) -> None:
    # This blueprint is registered first, so every later `<int:…>` rule uses IdConverter.
    state.app.url_map.converters["int"] = IdConverter


M = TypeVar("M", bound=BaseModel)
F = TypeVar("F", bound=Callable[..., Any])

_GENERIC_FIELD_MESSAGES = {
    "missing": "field_required",
    "extra_forbidden": "field_unknown",
    "string_too_long": "too_long",
    "too_long": "too_long",
}


# A number out of its range, by the bound it missed: (message key, the bound's name in ctx).
_BOUNDS = {
    "greater_than_equal": ("at_least", "ge"),
    "greater_than": ("more_than", "gt"),
    "less_than_equal": ("at_most", "le"),
    "less_than": ("less_than", "lt"),
}


def _field_message(error: Any) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind in _GENERIC_FIELD_MESSAGES:
        return translate(_GENERIC_FIELD_MESSAGES[kind])
    if kind == "literal_error":
        return translate("choice_invalid", choices=ctx.get("expected", ""))
    if kind in _BOUNDS:
        key, limit = _BOUNDS[kind]
        return translate(key, limit=ctx.get(limit, ""))
    if kind in ("string_too_short", "too_short") and error.get("input") not in ("", None):
        key = "too_short_text" if kind == "string_too_short" else "too_few_items"
        return translate(key, limit=ctx.get("min_length", ""))
    try:  # our own PydanticCustomError types are catalogue keys
        message = translate(kind, **ctx)
    except (KeyError, IndexError):
        message = kind
    if message != kind:
        return message
    # A generic complaint about a field left empty (a form's blank box sends "" or null).
    if error.get("input") in ("", None):
        return translate("field_required")
    return translate("field_type" if kind.endswith(("_type", "_parsing")) else "field_invalid")


def validation_error(exc: ValidationError) -> ValidationFailed:
    fields: dict[str, str] = {}
    for error in exc.errors():
        name = ".".join(str(part) for part in error["loc"]) or "body"
        fields.setdefault(name, _field_message(error))
    return ValidationFailed(fields=fields)


def json_body() -> dict[str, Any]:
    """The JSON object sent, `{}` for an empty body; 400 for anything unreadable."""
    raw = request.get_data(cache=True)
    if not raw.strip():
        return {}
    try:
        data = request.get_json(force=True)
    except BadRequest as exc:
        raise Malformed() from exc
    if not isinstance(data, dict):
        raise Malformed()
    return data


def parse_body(model: type[M]) -> M:
    """The JSON body read straight into `model` (pydantic parses and validates in one pass);
    400 for a body that is no JSON object, 422 for bad fields, `{}` for an empty body."""
    raw = request.get_data(cache=True).removeprefix(b"\xef\xbb\xbf")  # a UTF-8 BOM is allowed
    try:
        if not raw.strip():
            return model.model_validate({})
        return model.model_validate_json(raw)
    except ValidationError as exc:
        if any(_unreadable(error) for error in exc.errors()):
            raise Malformed() from exc
        raise validation_error(exc) from exc


def _unreadable(error: Any) -> bool:
    """Not JSON at all, or JSON but not an object."""
    return error["type"] == "json_invalid" or (error["type"] == "model_type" and not error["loc"])


def parse_query(model: type[M]) -> M:
    try:
        return model.model_validate(request.args.to_dict())
    except ValidationError as exc:
        raise validation_error(exc) from exc


def documented(
    summary: str,
    *,
    body: type[BaseModel] | None = None,
    query: type[BaseModel] | None = None,
    status: int | tuple[int, ...] = 200,
    auth: str | None = None,
    tag: str = "",
    response: type[BaseModel] | dict[str, Any] | None = None,
    media_type: str | tuple[str, ...] = "application/json",
) -> Callable[[F], F]:
    """Attach what the OpenAPI description needs to a view function: the success status (or
    statuses), the success body (a pydantic model or a JSON schema) and its media type(s)."""

    def decorate(view: F) -> F:
        view._api_doc = {  # type: ignore[attr-defined]
            "summary": summary,
            "body": body,
            "query": query,
            "status": status,
            "auth": auth,
            "tag": tag,
            "response": response,
            "media_type": media_type,
        }
        return view

    return decorate


def shape(**properties: str | dict[str, Any]) -> dict[str, Any]:
    """A JSON object schema for a response: every named property is present; a type name
    ending in "?" may be null (OpenAPI 3.0 `nullable`). Other properties may follow."""
    schemas: dict[str, Any] = {}
    for name, kind in properties.items():
        if isinstance(kind, dict):
            schemas[name] = kind
        elif kind.endswith("?"):
            schemas[name] = {"type": kind[:-1], "nullable": True}
        else:
            schemas[name] = {"type": kind}
    return {"type": "object", "required": list(properties), "properties": schemas}


def extended(base: dict[str, Any], **properties: str | dict[str, Any]) -> dict[str, Any]:
    """`base` (a `shape`) with more properties, every one of them present too."""
    added = shape(**properties)
    return {
        **base,
        "required": [*base["required"], *added["required"]],
        "properties": {**base["properties"], **added["properties"]},
    }


def listing(key: str, item: dict[str, Any]) -> dict[str, Any]:
    """`{key: [item, ...]}`."""
    return shape(**{key: {"type": "array", "items": item}})


ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {"type": "object", "additionalProperties": {"type": "string"}},
            },
        }
    },
}


def _model_schema(model: type[BaseModel], components: dict[str, Any]) -> dict[str, Any]:
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    for name, definition in schema.pop("$defs", {}).items():
        components[name] = definition
    components[model.__name__] = schema
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def _query_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    schema = model.model_json_schema()
    required = set(schema.get("required", []))
    return [
        {"name": name, "in": "query", "required": name in required, "schema": prop}
        for name, prop in schema.get("properties", {}).items()
    ]


def _openapi_path(rule: str) -> tuple[str, list[dict[str, Any]]]:
    params = []
    parts = []
    for part in rule.split("/"):
        if part.startswith("<") and part.endswith(">"):
            converter, _, name = part[1:-1].rpartition(":")
            schema: dict[str, Any] = (
                {"type": "integer", "minimum": 0, "maximum": MAX_ID}
                if converter == "int"
                else {"type": "string"}
            )
            params.append({"name": name, "in": "path", "required": True, "schema": schema})
            part = "{" + name + "}"
        parts.append(part)
    return "/".join(parts), params


# Files named by their extension answer in that format (QR codes, calendar entries).
_MEDIA_BY_SUFFIX = {".png": "image/png", ".svg": "image/svg+xml", ".ics": "text/calendar"}


def _success_responses(
    rule: str, doc: dict[str, Any], components: dict[str, Any]
) -> dict[str, Any]:
    statuses = doc["status"] if isinstance(doc["status"], tuple) else (doc["status"],)
    suffix = rule[rule.rfind(".") :] if "." in rule.rsplit("/", 1)[-1] else ""
    media_types = _MEDIA_BY_SUFFIX.get(suffix, doc["media_type"])
    if isinstance(media_types, str):
        media_types = (media_types,)
    body = doc["response"]
    if isinstance(body, type) and issubclass(body, BaseModel):
        schema: dict[str, Any] = _model_schema(body, components)
    else:
        schema = body or {}
    content = {
        media_type: {"schema": schema if media_type == "application/json" else {}}
        for media_type in media_types
    }
    return {str(status): {"description": "OK", "content": content} for status in statuses}


def build_openapi(app: Flask) -> dict[str, Any]:
    components: dict[str, Any] = {"Error": ERROR_SCHEMA}
    paths: dict[str, Any] = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        view = app.view_functions.get(rule.endpoint)
        doc = getattr(view, "_api_doc", None)
        if doc is None:
            continue
        path, params = _openapi_path(rule.rule)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            operation: dict[str, Any] = {
                "summary": doc["summary"],
                "operationId": f"{rule.endpoint}_{method.lower()}",
                "parameters": list(params),
                "responses": {
                    **_success_responses(rule.rule, doc, components),
                    "default": {
                        "description": "Error",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                        },
                    },
                },
            }
            if doc["tag"]:
                operation["tags"] = [doc["tag"]]
            if doc["query"] is not None:
                operation["parameters"] += _query_parameters(doc["query"])
            if doc["body"] is not None:
                operation["requestBody"] = {
                    "required": False,
                    "content": {
                        "application/json": {"schema": _model_schema(doc["body"], components)}
                    },
                }
            if doc["auth"]:
                operation["security"] = [{doc["auth"]: []}]
            paths.setdefault(path, {})[method.lower()] = operation
    return {
        "openapi": "3.0.3",
        "info": {"title": "Antrean API", "version": "1"},
        "paths": paths,
        "components": {
            "schemas": components,
            "securitySchemes": {
                "staff": {"type": "http", "scheme": "bearer"},
                "device": {"type": "http", "scheme": "bearer"},
                "manage": {"type": "apiKey", "in": "header", "name": "X-Manage-Token"},
            },
        },
    }


@bp.get("/openapi.json")
def openapi() -> Any:
    return jsonify(build_openapi(current_app._get_current_object()))  # type: ignore[attr-defined]


@bp.get("/health")
@documented("Liveness and database check", tag="system", response=shape(status="string"))
def health() -> Any:
    from sqlalchemy import text

    from app.extensions import db

    db.session.execute(text("SELECT 1"))
    return jsonify({"status": "ok"})
