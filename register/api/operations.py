"""API operations: one declaration per view says what it takes and what it answers.

``@operation(...)`` registers the view in ``OPERATIONS`` (from which ``register.api.openapi``
writes the OpenAPI document) and wraps it: path parameters, the query string and the JSON
body are validated with the declared models before the view runs (a refusal names the
parameter, in the asked language), and the JSON of the view's answer is checked against the
declared answer type before it is sent. A view may also return a ``Response`` of its own
(an error).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Response, jsonify, request
from flask_babel import lazy_gettext as _l
from pydantic import BaseModel, TypeAdapter, ValidationError

from register.errors import MalformedRequest, error_response


@dataclass(frozen=True)
class Operation:
    """One documented API operation."""

    endpoint: str
    method: str
    path: str  # as the OpenAPI document writes it, e.g. /api/v1/programmes/{id}
    operation_id: str
    summary: str
    answer: type  # a TypedDict of register.api.schemas
    answer_description: str
    description: str | None = None
    path_params: type[BaseModel] | None = None
    query: type[BaseModel] | None = None
    body: type[BaseModel] | None = None
    errors: tuple[int, ...] = (400, 429)
    #: the 404 message when the path parameters cannot name anything
    not_found: Any = None
    #: "optional": anonymous or with an organisation's API key; "required": with a key only
    security: str = "optional"


#: every operation, in the order the views declare them
OPERATIONS: list[Operation] = []

_WHOLE_NUMBER = _l("The parameter %(name)s must be a whole number from %(low)s to %(high)s.")
_NOT_VALID = _l("The parameter %(name)s is not valid.")


def _field_schema(model: type[BaseModel], name: str) -> dict:
    """The JSON Schema of one field, without its null branch."""
    schema = model.model_json_schema()["properties"].get(name, {})
    options = [s for s in schema.get("anyOf", []) if s.get("type") != "null"]
    return options[0] if len(options) == 1 else schema


def _choices(model: type[BaseModel], name: str) -> str:
    return ", ".join(str(value) for value in _field_schema(model, name).get("enum", ()))


def refusal_message(model: type[BaseModel], error: dict) -> tuple[Any, str | None]:
    """The translated message for the first thing wrong with a request, and the parameter
    it concerns: the model's own text for the field (``messages``, by field and error type
    or by field), else the bounds of a whole number, else a general text."""
    name = str(error["loc"][0]) if error["loc"] else None
    messages = getattr(model, "messages", {})
    text = messages.get((name, error["type"]), messages.get(name))
    if text is not None:
        if "%(" not in str(text):
            return text, name
        known = name in model.model_fields
        values = {
            "name": name,
            "max": _field_schema(model, name).get("maxItems") if known else None,
            "values": _choices(model, name) if known else "",
        }
        return text % values, name
    if name in model.model_fields:
        schema = _field_schema(model, name)
        low, high = schema.get("minimum"), schema.get("maximum")
        if low is not None and high is not None:
            return _WHOLE_NUMBER % {"name": name, "low": low, "high": high}, name
    return _NOT_VALID % {"name": name or "body"}, name


def _validate(model: type[BaseModel], data: Any) -> BaseModel:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        message, name = refusal_message(model, exc.errors()[0])
        raise MalformedRequest(message, parameter=name or "body") from None


def _query(model: type[BaseModel]) -> BaseModel:
    given = {key: value for key, value in request.args.items() if value != ""}
    return _validate(model, given)


@functools.cache
def _adapter(answer: type) -> TypeAdapter:
    return TypeAdapter(answer)


def check_answer(answer: type, body: bytes) -> None:
    """Check the JSON as it will be sent against its answer type, strictly: every key the
    type names, of its type, and nothing else (a field that is not public cannot slip into
    an answer). Raises ``ValidationError``, a server error: the code broke the contract."""
    _adapter(answer).validate_json(body, strict=True)


def operation(
    method: str, path: str, operation_id: str, summary: str, answer: type[BaseModel], **options
) -> Callable[[Callable], Callable]:
    """Declare and wrap an API view (see the module's docstring)."""

    def decorator(view: Callable) -> Callable:
        op = Operation(
            view.__name__,
            method,
            path,
            operation_id,
            summary,
            answer,
            options.pop("answer_description"),
            **options,
        )
        OPERATIONS.append(op)

        @functools.wraps(view)
        def wrapper(**view_args):
            arguments = {}
            if op.path_params is not None:
                try:
                    arguments["path"] = op.path_params.model_validate(view_args)
                except ValidationError:
                    return error_response(404, op.not_found)
            if op.query is not None:
                arguments["query"] = _query(op.query)
            if op.body is not None:
                arguments["body"] = _validate(op.body, request.get_json(silent=True))
            result = view(**arguments)
            if isinstance(result, Response):
                return result
            response = jsonify(result)
            check_answer(op.answer, response.get_data())
            return response

        wrapper.operation = op  # type: ignore[attr-defined]
        return wrapper

    return decorator
