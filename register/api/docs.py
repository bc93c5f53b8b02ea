"""``/api/docs``: the OpenAPI document as a page for people, in the site's layout.

Rendered on the server from the same document ``/api/v1/openapi.json`` serves (itself
generated from the API's models), so the page cannot describe another API than the one that
answers. No script, no style of its own, nothing from another site (CSP). The document's
texts are English and marked for translation; the page shows them in the visitor's language.
"""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass, field

from flask import current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from register.access import PUBLIC, gate_blueprint
from register.api import docs_bp
from register.api.openapi import openapi_document
from register.api.schemas import EXAMPLE_NUMBER
from register.extensions import limiter

gate_blueprint(docs_bp, PUBLIC)
limiter.shared_limit(lambda: current_app.config["PUBLIC_RATE_LIMIT"], scope="docs")(docs_bp)

REF_PREFIX = "#/components/schemas/"
FORMATS = {
    "date": _l("a date, YYYY-MM-DD"),
    "date-time": _l("a moment with its time zone (ISO 8601)"),
    "uri": _l("a web address"),
}


@dataclass
class TypePart:
    """A piece of a type's description: text, or the name of a schema to link to."""

    text: str
    schema: str | None = None


@dataclass
class Row:
    """One parameter or property, ready for a table row."""

    name: str
    required: bool
    type: list[TypePart]
    description: str = ""
    where: str = ""


@dataclass
class DocOperation:
    """One operation as the page shows it."""

    anchor: str
    method: str
    path: str
    summary: str
    description: str
    parameters: list[Row]
    body: str | None
    responses: list[tuple[str, str, str | None]]
    curl: str


@dataclass
class DocSchema:
    """One schema (an answer or a request body) as the page shows it."""

    name: str
    description: str
    properties: list[Row] = field(default_factory=list)


def _translated(text: str | None) -> str:
    return _(text) if text else ""


def type_parts(schema: dict) -> list[TypePart]:
    """A readable description of a JSON Schema, with the schemas it names."""
    if "$ref" in schema:
        name = schema["$ref"].removeprefix(REF_PREFIX)
        return [TypePart(name, name)]
    if "anyOf" in schema:
        options = [s for s in schema["anyOf"] if s.get("type") != "null"]
        parts: list[TypePart] = []
        for index, option in enumerate(options):
            if index:
                parts.append(TypePart(_(" or ")))
            parts.extend(type_parts(option))
        if len(options) < len(schema["anyOf"]):
            parts.append(TypePart(_(", or null")))
        return parts
    kind = schema.get("type")
    if kind == "array":
        parts = [TypePart(_("a list of") + " ")]
        parts.extend(type_parts(schema.get("items", {})))
        if "maxItems" in schema:
            parts.append(TypePart(" " + _("(at most %(n)s)", n=schema["maxItems"])))
        return parts
    if "enum" in schema:
        values = ", ".join(json.dumps(value) for value in schema["enum"])
        return [TypePart(_("one of: %(values)s", values=values))]
    words = {
        "string": _("text"),
        "integer": _("a whole number"),
        "boolean": _("true or false"),
        "object": _("an object"),
    }.get(kind, kind or _("any value"))
    details = []
    if "format" in schema and schema["format"] in FORMATS:
        words = str(FORMATS[schema["format"]])
    if "minimum" in schema and "maximum" in schema:
        details.append(_("from %(low)s to %(high)s", low=schema["minimum"], high=schema["maximum"]))
    if "minLength" in schema or "maxLength" in schema:
        details.append(
            _(
                "%(low)s to %(high)s characters",
                low=schema.get("minLength", 0),
                high=schema.get("maxLength", "…"),
            )
        )
    if "default" in schema:
        details.append(_("default %(value)s", value=json.dumps(schema["default"])))
    text = words + (f" ({'; '.join(details)})" if details else "")
    return [TypePart(text)]


def _rows(properties: dict, required: set[str]) -> list[Row]:
    return [
        Row(name, name in required, type_parts(prop), _translated(prop.get("description")))
        for name, prop in properties.items()
    ]


def _example_body(document: dict, ref: str) -> dict:
    schema = document["components"]["schemas"][ref.removeprefix(REF_PREFIX)]
    return {
        name: prop["examples"][0]
        for name, prop in schema["properties"].items()
        if "examples" in prop
    }


#: what the examples show where an organisation's API key goes
KEY_PLACEHOLDER = "YOUR_API_KEY"


def curl(document: dict, path: str, method: str, op: dict, base: str) -> str:
    """A curl command that calls the operation with the document's example values."""
    url_path = path
    query = []
    for parameter in op.get("parameters", []):
        if parameter["in"] == "path":
            url_path = url_path.replace("{" + parameter["name"] + "}", str(parameter["example"]))
        elif parameter.get("required") and "example" in parameter:
            query.append(f"{parameter['name']}={parameter['example']}")
    url = base.rstrip("/") + url_path + ("?" + "&".join(query) if query else "")
    command = ["curl", "-s", "-H", "Accept-Language: en"]
    if op.get("security") == [{"apiKey": []}]:  # the watch list: an organisation's key
        command += ["-H", f"Authorization: Bearer {KEY_PLACEHOLDER}"]
    if method != "get":
        command += ["-X", method.upper()]
    body = op.get("requestBody", {}).get("content", {}).get("application/json")
    if body:
        example = json.dumps(_example_body(document, body["schema"]["$ref"]))
        command += ["-H", "Content-Type: application/json", "-d", example]
    command.append(url)
    return " ".join(shlex.quote(part) for part in command)


def operations(document: dict, base: str) -> list[DocOperation]:
    """Every operation of the document, in its order."""
    result = []
    for path, methods in document["paths"].items():
        for method, op in methods.items():
            parameters = [
                Row(
                    p["name"],
                    p.get("required", False),
                    type_parts(p["schema"]),
                    _translated(p.get("description")),
                    p["in"],
                )
                for p in op.get("parameters", [])
            ]
            body = op.get("requestBody", {}).get("content", {}).get("application/json")
            responses = []
            for status, response in op["responses"].items():
                schema = response.get("content", {}).get("application/json", {}).get("schema", {})
                name = schema.get("$ref", "").removeprefix(REF_PREFIX) or None
                responses.append((status, _translated(response["description"]), name))
            result.append(
                DocOperation(
                    anchor=op["operationId"],
                    method=method.upper(),
                    path=path,
                    summary=_translated(op.get("summary")),
                    description=_translated(op.get("description")),
                    parameters=parameters,
                    body=body["schema"]["$ref"].removeprefix(REF_PREFIX) if body else None,
                    responses=responses,
                    curl=curl(document, path, method, op, base),
                )
            )
    return result


def schemas(document: dict) -> list[DocSchema]:
    """Every schema of the document, by name."""
    result = []
    for name, schema in sorted(document["components"]["schemas"].items()):
        result.append(
            DocSchema(
                name,
                _translated(schema.get("description")),
                _rows(schema.get("properties", {}), set(schema.get("required", ()))),
            )
        )
    return result


@docs_bp.get("/docs")
def docs():
    """The API's documentation page."""
    document = openapi_document()
    base = request.url_root
    return render_template(
        "api/docs.html",
        info={key: _translated(document["info"][key]) for key in ("title", "description")},
        version=document["info"]["version"],
        operations=operations(document, base),
        schemas=schemas(document),
        openapi_url=url_for("api.openapi", _external=True),
        base=base.rstrip("/"),
        example=EXAMPLE_NUMBER,
        fhir_base=url_for("fhir.metadata", _external=True).removesuffix("/metadata"),
    )
