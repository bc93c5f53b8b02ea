"""The one refusal handler (register.errors): one status code per meaning, the page a view
named shown again with the message and what was typed, or else the error page or JSON."""

from __future__ import annotations

import pytest
from flask_babel import force_locale
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from wtforms import StringField

from register.domain.lifecycle import ApplicationAction, ApplicationState, IllegalTransition
from register.errors import (
    ActionRefused,
    InvalidForm,
    MalformedRequest,
    NotAllowedNow,
    StaleRecord,
    act,
    check_version,
    handle_refusal,
    on_refusal,
)

KINDS = [
    (ActionRefused("The rules refuse this."), 422),
    (InvalidForm(), 422),
    (IntegrityError("INSERT", {}, Exception("unique")), 422),
    (StaleRecord(), 409),
    (StaleDataError("version mismatch"), 409),
    (NotAllowedNow("Not in this state."), 409),
    (IllegalTransition(ApplicationState.APPROVED, ApplicationAction.REFUSE), 409),
    (MalformedRequest("Cannot read this."), 400),
    (CSRFError("expired"), 400),
]


class NameForm(FlaskForm):
    class Meta:
        csrf = False

    name = StringField("Name")
    other = StringField("Other")


@pytest.mark.parametrize("exc, status", KINDS, ids=[type(k).__name__ for k, _s in KINDS])
def test_one_status_per_kind_on_the_error_page(app, exc, status):
    with app.test_request_context("/somewhere", headers={"Accept-Language": "en"}):
        response = handle_refusal(exc)
    assert response.status_code == status


@pytest.mark.parametrize("exc, status", KINDS, ids=[type(k).__name__ for k, _s in KINDS])
def test_one_status_per_kind_in_the_api(app, exc, status):
    with app.test_request_context("/api/v1/anything"):
        response = handle_refusal(exc)
    assert response.status_code == status
    assert response.get_json()["error"]["status"] == status


def test_the_api_body_carries_the_detail(app):
    with app.test_request_context("/api/v1/registrations", headers={"Accept-Language": "en"}):
        response = handle_refusal(MalformedRequest("Give a name.", parameter="name"))
        body = response.get_json()["error"]
    assert body == {
        "status": 400,
        "title": "The request could not be processed",
        "detail": "Give a name.",
        "parameter": "name",
    }


def test_a_refusal_is_shown_on_the_named_field_with_what_was_typed(app):
    with app.test_request_context(
        "/form", method="POST", data={"name": "Typed name", "other": "Kept too"}
    ):
        form = NameForm()
        assert act(form, lambda refusal: f"{form.name.data}|{form.other.data}|{form.name.errors}")
        response = handle_refusal(ActionRefused("Not this name.", field="name"))
        assert response.status_code == 422
        assert response.get_data(as_text=True) == "Typed name|Kept too|['Not this name.']"


def test_a_refusal_without_a_field_is_flashed_with_the_page_text(app):
    from flask import get_flashed_messages

    with app.test_request_context("/form", method="POST", data={"name": "x"}):
        form = NameForm()
        on_refusal(lambda refusal: "page", form, stale="The page's own text.")
        response = handle_refusal(StaleDataError())
        assert response.status_code == 409
        assert get_flashed_messages(with_categories=True) == [("error", "The page's own text.")]


def test_an_invalid_posted_form_is_refused_and_a_get_is_not(app):
    class Required(NameForm):
        from wtforms.validators import DataRequired

        name = StringField("Name", validators=[DataRequired()])

    with app.test_request_context("/form", method="GET"):
        assert act(Required(), lambda refusal: "page") is False
    with app.test_request_context("/form", method="POST", data={}), pytest.raises(InvalidForm):
        act(Required(), lambda refusal: "page")


def test_check_version_refuses_a_changed_record(app):
    class Record:
        version = 3

    check_version(Record(), 3)
    check_version(Record(), None)
    with pytest.raises(StaleRecord):
        check_version(Record(), 2)


def test_an_expired_form_answers_400_through_the_handler(app):
    app.config["WTF_CSRF_ENABLED"] = True
    response = app.test_client().post("/login", data={"email": "a@example.nl"})
    assert response.status_code == 400


def test_a_page_named_by_an_earlier_request_is_never_used(client, monkeypatch):
    """The login page registers itself for refusals; a later request that names no page
    gets the error page, even where ``g`` outlives a request (tests hold an app context)."""
    from register.main import views

    assert client.get("/login").status_code == 200

    def refuse(*args, **kwargs):
        raise ActionRefused("Refused on the home page.")

    monkeypatch.setattr(views, "render_template", refuse)
    response = client.get("/")
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "Refused on the home page." in body and 'name="password"' not in body


def test_the_error_page_names_the_kind_of_refusal(app):
    with app.test_request_context("/somewhere"), force_locale("en"):
        not_now = handle_refusal(NotAllowedNow("Already answered.")).get_data(as_text=True)
        stale = handle_refusal(StaleRecord()).get_data(as_text=True)
    assert "This action is not possible here" in not_now and "Already answered." in not_now
    assert "Someone else changed this first" in stale
