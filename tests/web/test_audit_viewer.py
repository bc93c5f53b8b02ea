"""The audit viewer: registrars and admins only; filters by person, subject, action and
period; pages; a CSV export of the filtered events that is itself audited; bad filters are
a clear 422 that keeps what was typed, never a 500."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from sqlalchemy import select, text

from register import audit
from register.models.accounts import Role
from register.models.audit import AuditEvent


def _text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def registrar(client, make_user, login):
    user = make_user(role=Role.REGISTRAR, email="rianne@example.nl")
    login(user)
    return user


@pytest.fixture
def history(db, make_user):
    """Events by two people about two subjects."""
    anna, bas = make_user(email="anna@example.nl"), make_user(email="bas@example.nl")
    for n in range(3):
        audit.record(anna, "application.saved", anna, n=n)
    audit.record(bas, "application.submitted", bas, formula="=HYPERLINK(1)")
    audit.record(None, "registration.lapsed", None)
    db.session.commit()
    return anna, bas


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.ASSESSOR, Role.PROVIDER])
def test_only_staff_see_the_log(client, make_user, login, role):
    login(make_user(role=role))
    assert client.get("/audit/").status_code == 403
    assert client.get("/audit/export.csv").status_code == 403


def test_the_log_lists_events_newest_first(client, registrar, history):
    html = _text(client.get("/audit/"))
    assert html.index("registration.lapsed") < html.index("application.submitted")
    assert "het systeem" in html  # an event without a person
    assert "<caption id=" in html and 'scope="col"' in html


def test_filter_by_person_subject_action_and_period(client, registrar, history):
    anna, bas = history
    html = _text(client.get("/audit/?actor=bas@example.nl"))
    assert "application.submitted" in html and "application.saved" not in html
    html = _text(client.get(f"/audit/?subject_type=User&subject_id={anna.id}"))
    assert html.count("application.saved") == 3 and "application.submitted" not in html
    html = _text(client.get("/audit/?action=application."))
    assert "application.saved" in html and "registration.lapsed" not in html
    today = dt.date.today()
    html = _text(client.get(f"/audit/?action=application&date_from={today - dt.timedelta(days=1)}"))
    assert "application.saved" in html
    html = _text(client.get(f"/audit/?action=application&date_to={today - dt.timedelta(days=2)}"))
    assert "application.saved" not in html
    html = _text(client.get("/audit/?actor=nobody@example.nl"))
    assert "application.saved" not in html and "registration.lapsed" not in html


def test_bad_filters_are_explained_and_kept(client, registrar, history):
    response = client.get(
        "/audit/?actor=not-an-address&subject_id=-4&date_from=2026-02-30&action=x"
    )
    assert response.status_code == 422
    html = _text(response)
    for field in ("actor", "subject_id", "date_from"):
        assert f'href="#{field}"' in html, field
    assert 'value="not-an-address"' in html and 'value="x"' in html
    response = client.get("/audit/?date_from=2026-03-02&date_to=2026-03-01")
    assert response.status_code == 422 and 'href="#date_to"' in _text(response)
    assert client.get("/audit/?subject_type=NoSuchThing").status_code == 422


def test_paging_and_out_of_range_pages(client, db, registrar, history):
    user = history[0]
    for n in range(60):
        audit.record(user, "bulk.event", user, n=n)
    db.session.commit()
    first = _text(client.get("/audit/?action=bulk."))
    assert 'rel="next"' in first and first.count("bulk.event") == 50
    second = _text(client.get("/audit/?action=bulk.&page=2"))
    assert second.count("bulk.event") == 10 and 'rel="prev"' in second
    for page in ("99", "0", "-1", "x", str(2**70)):
        assert client.get(f"/audit/?action=bulk.&page={page}").status_code == 200, page


def test_the_export_holds_the_filtered_events_and_is_audited(client, db, registrar, history):
    anna, _bas = history
    response = client.get(f"/audit/export.csv?subject_type=User&subject_id={anna.id}")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(_text(response).lstrip("\ufeff"))))
    assert [r["action"] for r in rows] == ["application.saved"] * 3
    assert rows[0]["actor_email"] == "anna@example.nl" and len(rows[0]["hash"]) == 64
    exported = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "export.audit_log"))
    assert exported.actor_id == registrar.id
    assert exported.detail == {
        "rows": 3,
        "filters": {"subject_type": "User", "subject_id": anna.id},
    }


def test_the_export_cannot_smuggle_a_formula(client, registrar, history):
    body = _text(client.get("/audit/export.csv?action=application.submitted"))
    row = next(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    assert "HYPERLINK" in row["detail"] and not row["detail"].startswith("=")
    assert not any(value.startswith(("=", "+", "-", "@")) for value in row.values())


def test_a_too_large_export_is_refused_with_the_page(client, registrar, history, monkeypatch):
    from register.audit_log import services

    monkeypatch.setattr(services, "EXPORT_MAX_ROWS", 2)
    response = client.get("/audit/export.csv?action=application.saved")
    assert response.status_code == 422
    assert "application.saved" in _text(response) and "alert-error" in _text(response)


def test_the_log_is_linked_from_the_staff_navigation(client, registrar):
    assert 'href="/audit/"' in _text(client.get("/review/registrations"))


def test_an_event_changed_behind_the_apps_back_is_found(client, db, registrar, history, runner):
    dialect = db.session.get_bind().dialect.name
    trigger = {
        "sqlite": "audit_event_no_update",
        "postgresql": "audit_event_append_only ON audit_event",
    }[dialect]
    db.session.execute(text(f"DROP TRIGGER {trigger}"))
    victim = db.session.scalar(
        select(AuditEvent.id).where(AuditEvent.action == "application.submitted")
    )
    db.session.execute(text("UPDATE audit_event SET detail = '{}' WHERE id = :id"), {"id": victim})
    db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and f"event {victim}" in result.output
