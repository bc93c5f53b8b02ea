"""Required fields are marked as required everywhere: every form class of the portal is
walked, and each field with a ``DataRequired`` or ``InputRequired`` validator, rendered by
the form macro (``templates/macros/forms.html``), says "(required)" next to its label (in the
legend of radio buttons) and carries ``required`` (and
``aria-required`` where the role allows it) on its control."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pytest
from flask import get_template_attribute
from markupsafe import escape
from wtforms import Form
from wtforms.validators import DataRequired, InputRequired

import register

#: constructor arguments of the form classes that need some
ARGUMENTS = {"AssignForm": {"candidates": []}}
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def _form_classes() -> list[type[Form]]:
    for module in pkgutil.walk_packages(register.__path__, "register."):
        importlib.import_module(module.name)
    found, todo = set(), [Form]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in found:
                found.add(sub)
                todo.append(sub)
    portal = [c for c in found if c.__module__.startswith("register.")]
    return sorted(portal, key=lambda c: f"{c.__module__}.{c.__qualname__}")


def _required(field) -> bool:
    return any(isinstance(v, DataRequired | InputRequired) for v in field.validators)


def test_the_walk_finds_the_forms():
    names = {c.__name__ for c in _form_classes()}
    assert len(names) > 50
    assert {"SearchForm", "BulkUploadForm", "AssignForm"} <= names


@pytest.mark.parametrize("form_class", _form_classes(), ids=lambda c: c.__qualname__)
def test_every_required_field_renders_as_required(app, form_class):
    with app.test_request_context():
        form = form_class(meta={"csrf": False}, **ARGUMENTS.get(form_class.__name__, {}))
        render = get_template_attribute("macros/forms.html", "field")
        for f in form:
            if not _required(f) or f.type in ("HiddenField", "SubmitField", "CSRFTokenField"):
                continue
            if f.type in ("RadioField", "SelectField") and not f.choices:
                f.choices = [(1, "A")]  # set per request in the view
            html = str(render(f))
            where = f"{form_class.__qualname__}.{f.name}"
            # the words, next to the label (inside the legend of a group of radio buttons)
            text = re.escape(str(escape(str(f.label.text))))
            marker = r'<span class="required"[^>]*>\((?:required|verplicht)\)</span>'
            if f.type == "RadioField":
                pattern = rf"<legend>{text}\s*{marker}</legend>"
            else:
                pattern = rf'<label for="{f.id}">{text}</label>\s*{marker}'
            assert re.search(pattern, html), (where, html)
            controls = re.findall(r"<(?:input|select|textarea)\b[^>]*>", html)
            assert controls, where
            for control in controls:
                assert re.search(r"\brequired\b", control), (where, control)
                if f.type != "RadioField":
                    assert 'aria-required="true"' in control, (where, control)


def test_optional_fields_are_not_marked(app):
    from register.lookup.forms import SearchForm

    with app.test_request_context():
        form = SearchForm(meta={"csrf": False})
        html = str(get_template_attribute("macros/forms.html", "field")(form.tier))
    assert (
        "(verplicht)" not in html
        and "(required)" not in html
        and "required" not in re.sub(r'class="[^"]*"', "", html)
    )


def test_no_template_writes_the_marker_by_hand():
    """The marker comes from the macro (``required_marker``), so it cannot drift from the
    validators: a template that wrote "(required)" itself could mark an optional field."""
    for path in TEMPLATES.rglob("*.html"):
        if path.name == "forms.html":
            continue
        assert '"required"' not in path.read_text(encoding="utf-8"), path
