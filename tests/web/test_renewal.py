"""The renewal cycle through the web: the registrant's log, the confirmer's link page,
renewing, the registrar's queue, decision and lapse list, and the public answer (same
number, new end date; the grace status)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest

from register.demo.registrations import ensure_programme, submitted_diploma_application
from register.demo.renewal import FixedDraw as _Draw
from register.domain.dates import add_years
from register.domain.lifecycle import RegistrationStatus
from register.domain.renewal import RenewalState
from register.models.accounts import Role
from register.models.renewal import LogEntry, RenewalRequest
from register.policy import current_policies
from register.renewal import jobs, log_services, services
from register.review import services as review
from tests.identity_support import confirmed_identity
from tests.renewal_support import log_development_minimums

TODAY = dt.date.today()
END = TODAY + dt.timedelta(days=60)  # the renewal window is open


@pytest.fixture
def registrar(make_user):
    return make_user(role=Role.REGISTRAR, locale="en")


@pytest.fixture
def not_drawn(monkeypatch):
    """The draw for an evidence check comes out "not drawn"."""
    monkeypatch.setattr(services, "SYSTEM_RANDOM", _Draw(0.99))


@pytest.fixture
def registration(db, make_user, registrar):
    programme = ensure_programme(
        "AD Ervaringsdeskundigheid", "Hogeschool Test", 5, dt.date(2015, 1, 1), dt.date(2035, 1, 1)
    )
    user = make_user(locale="en", email="registrant@example.nl")
    approved_on = add_years(END, -current_policies().registration.validity_years)
    application = submitted_diploma_application(
        user, programme, tier=2, diploma_date=dt.date(2019, 1, 1), write_file=False
    )
    review.start_review(application, registrar, expected_version=None)
    confirmed_identity(application, registrar)
    registration = review.approve_application(
        application, registrar, reason=None, today=approved_on, expected_version=None
    )
    db.session.commit()
    return registration


def _link(outbox, email: str) -> str:
    body = [m for m in outbox if m["to"] == email][-1]["body"]
    return re.search(r"http://[^\s]+(/confirmation/[^\s]+)", body).group(1)


def _rest_of_log(registration):
    """Every development minimum except reflection, supervision confirmed."""
    log_development_minimums(
        registration, day=TODAY - dt.timedelta(days=20), today=TODAY, skip={"reflection"}
    )


def test_log_development_confirm_by_link_renew_decide_and_the_public_page(
    db, client, login, registration, registrar, outbox, not_drawn
):
    number = registration.number
    login(registration.user)
    page = client.get(f"/my-registration/{registration.id}/log")
    assert page.status_code == 200
    assert "Reflection" in page.get_data(as_text=True)
    # a development activity
    response = client.post(
        f"/my-registration/{registration.id}/log/development",
        data={
            "category": "reflection",
            "day": (TODAY - dt.timedelta(days=10)).isoformat(),
            "amount": "5",
            "description": "Reflections on my work",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    # practice, confirmed by the employer by link
    response = client.post(
        f"/my-registration/{registration.id}/log/practice",
        data={
            "organisation": "GGZ Test",
            "role": "Ervaringsdeskundige",
            "start": registration.valid_from.isoformat(),
            "hours_per_week": "20",
            "confirmer_name": "Marieke de Wit",
            "confirmer_email": "werkgever@ggz-test.nl",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    path = _link(outbox, "werkgever@ggz-test.nl")
    client.post("/logout")
    confirm_page = client.get(path)
    assert confirm_page.status_code == 200
    assert "GGZ Test" in confirm_page.get_data(as_text=True)
    answered = client.post(
        path,
        data={
            "answer": "confirm",
            "start": registration.valid_from.isoformat(),
            "hours_per_week": "18",
        },
    )
    assert answered.status_code == 200
    assert client.get(path).status_code == 409  # single use
    entry = db.session.query(LogEntry).filter_by(organisation="GGZ Test").one()
    assert entry.confirmation.confirmed_hours_per_week == 18
    _rest_of_log(registration)
    db.session.commit()
    # renewing
    login(registration.user)
    page = client.get(f"/my-registration/{registration.id}/renewal")
    assert page.status_code == 200
    refused = client.post(f"/my-registration/{registration.id}/renewal", data={"note": "x"})
    assert refused.status_code == 422
    assert "declaration" in refused.get_data(as_text=True)
    assert "x" in refused.get_data(as_text=True)  # what was typed is kept
    sent = client.post(f"/my-registration/{registration.id}/renewal", data={"declaration": "y"})
    assert sent.status_code == 302, sent.get_data(as_text=True)
    request = db.session.query(RenewalRequest).filter_by(registration_id=registration.id).one()
    assert request.state is RenewalState.SUBMITTED
    # the registrar decides
    client.post("/logout")
    login(registrar)
    assert number in client.get("/review/renewals").get_data(as_text=True)
    review_page = client.get(f"/review/renewals/{request.id}")
    assert review_page.status_code == 200
    shown = review_page.get_data(as_text=True)
    assert "Drawn by lot on" in shown or "Geloot op" in shown  # the draw, in words
    assert not re.search(r"\d{4}-\d\d-\d\dT", shown) and "SystemRandom" not in shown
    no_choice = client.post(
        f"/review/renewals/{request.id}/decide", data={"version": str(request.version)}
    )
    assert no_choice.status_code == 422
    decided = client.post(
        f"/review/renewals/{request.id}/decide",
        data={"decision": "approve", "grounds": "", "version": str(request.version)},
    )
    assert decided.status_code == 302, decided.get_data(as_text=True)
    db.session.expire_all()
    new_end = add_years(END + dt.timedelta(days=1), 5) - dt.timedelta(days=1)
    data = client.get(f"/api/v1/registrations/{number}").get_json()
    assert data["number"] == number
    assert data["valid_until"] == new_end.isoformat()
    assert client.get(f"/registrations/{number}").status_code == 200
    # the registrant's page shows both periods
    client.post("/logout")
    login(registration.user)
    mine = client.get("/my-registration").get_data(as_text=True)
    assert mine.count(number) >= 1


def test_a_renewal_page_of_someone_else_is_not_there(db, client, login, make_user, registration):
    login(make_user(locale="en"))
    assert client.get(f"/my-registration/{registration.id}/log").status_code == 404
    assert client.get(f"/my-registration/{registration.id}/renewal").status_code == 404


def test_bad_input_in_the_log_is_refused_and_kept(db, client, login, registration):
    login(registration.user)
    response = client.post(
        f"/my-registration/{registration.id}/log/development",
        data={"category": "reflection", "day": "not a date", "amount": "-3", "description": "Mine"},
    )
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "Mine" in body
    assert 'href="#' in body  # the error summary links to the fields


def test_bad_and_tampered_confirmation_links(db, client, registration, outbox):
    log_services.add_practice(
        registration,
        registration.user,
        organisation="GGZ Test",
        role="",
        start=registration.valid_from,
        end=None,
        hours_per_week=10,
        confirmer_name="Marieke de Wit",
        confirmer_email="werkgever@ggz-test.nl",
        today=TODAY,
    )
    db.session.commit()
    path = _link(outbox, "werkgever@ggz-test.nl")
    tampered = client.get(path[:-3] + ("aaa" if not path.endswith("aaa") else "bbb"))
    assert tampered.status_code == 404
    assert "niet geldig" in tampered.get_data(as_text=True)
    assert client.get(path + "x").status_code in (400, 404)  # a clear page, never a 500
    assert client.get("/confirmation/nonsense").status_code == 404
    no_answer = client.post(path, data={})
    assert no_answer.status_code == 422


def test_reminders_and_grace_show_to_the_registrant_the_registrar_and_the_public(
    db, client, login, registration, registrar, policies
):
    assert jobs.send_due_reminders(TODAY) == 1
    _rest_of_log(registration)
    services.submit_request(
        registration,
        registration.user,
        declared=True,
        note="Not all reflection yet.",
        today=TODAY,
        rng=_Draw(0.99),
    )
    jobs.enter_grace(END + dt.timedelta(days=1))
    db.session.commit()
    assert registration.status is RegistrationStatus.GRACE
    data = client.get(f"/api/v1/registrations/{registration.number}").get_json()
    assert data["status"] == "grace"
    assert data["grace_until"] == policies.renewal.grace_ends_on(END).isoformat()
    assert data["registered"] is policies.registration.statuses["grace"].counts_as_registered
    public = client.get(
        f"/registrations/{registration.number}", headers={"Accept-Language": "nl"}
    ).get_data(as_text=True)
    assert "In herregistratie" in public
    # the bulk check and its CSV say so too
    client.post("/language", data={"lang": "en"})
    html = client.post(
        "/verify",
        data={"file": (io.BytesIO(registration.number.encode()), "numbers.csv")},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert "Renewal in progress" in html
    marker = 'name="token" type="hidden" value="'
    start = html.index(marker) + len(marker)
    answer = client.post(
        "/verify/results.csv", data={"token": html[start : html.index('"', start)]}
    )
    table = list(csv.reader(io.StringIO(answer.get_data(as_text=True).lstrip("\ufeff"))))
    assert table[1][5] == "Renewal in progress"
    expected = "yes" if data["registered"] else "no"
    assert table[1][6] == expected
    login(registration.user)
    page = client.get(f"/my-registration/{registration.id}/renewal").get_data(as_text=True)
    assert "Twelve weeks before the end date" in page
    client.post("/logout")
    login(registrar)
    detail = client.get(f"/review/registrations/{registration.id}").get_data(as_text=True)
    assert "Twelve weeks before the end date" in detail


def test_the_lapse_list_shows_registrations_without_a_renewal(
    db, client, login, registration, registrar
):
    login(registrar)
    page = client.get("/review/renewals/lapsing?weeks=12")
    assert page.status_code == 200
    assert registration.number in page.get_data(as_text=True)
    narrow = client.get("/review/renewals/lapsing?weeks=2").get_data(as_text=True)
    assert registration.number not in narrow
    bad = client.get("/review/renewals/lapsing?weeks=abc")
    assert bad.status_code in (200, 422)
    services.submit_request(
        registration,
        registration.user,
        declared=True,
        note="Short on hours.",
        today=TODAY,
        rng=_Draw(0.99),
    )
    db.session.commit()
    started = client.get("/review/renewals/lapsing?weeks=12").get_data(as_text=True)
    assert registration.number not in started


def test_registrants_cannot_reach_the_registrar_pages(db, client, login, registration):
    login(registration.user)
    assert client.get("/review/renewals").status_code in (403, 404)
    assert client.get("/review/renewals/lapsing").status_code in (403, 404)


def test_a_drawn_request_without_proof_can_be_opened_and_only_refused(
    db, client, login, registration, registrar
):
    """The registrar's page of a drawn request whose proof has not come offers only the
    refusal (it failed with a 500 once: the choices were filtered as tuples)."""
    _rest_of_log(registration)
    request = services.submit_request(
        registration,
        registration.user,
        declared=True,
        note="Reflection points follow.",
        today=TODAY,
        rng=_Draw(0.01),
    )
    db.session.commit()
    assert request.drawn
    login(registrar)
    page = client.get(f"/review/renewals/{request.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "The proof has not been sent yet" in html
    assert 'value="refuse"' in html and 'value="approve"' not in html
    refused = client.post(
        f"/review/renewals/{request.id}/decide",
        data={"decision": "approve", "version": request.version},
    )
    assert refused.status_code == 422


def test_before_the_window_opens_a_line_says_from_when_renewal_is_possible(
    db, client, login, registration
):
    """A registrant whose renewal window is not open yet sees from when it is, instead of a
    button that leads to a page saying it cannot be done; once open, the button is there."""
    login(registration.user)
    registration.valid_until = dt.date.today() + dt.timedelta(days=400)
    db.session.commit()
    opens = current_policies().renewal.window_opens_on(registration.valid_until)
    page = client.get("/my-registration").get_data(as_text=True)
    line = re.search(r"You can renew from ([^<]+)\.</p>", page)
    assert line and str(opens.year) in line.group(1) and str(opens.day) in line.group(1)
    assert f'href="/my-registration/{registration.id}/renewal"' not in page
    registration.valid_until = dt.date.today() + dt.timedelta(days=1)
    db.session.commit()
    page = client.get("/my-registration").get_data(as_text=True)
    assert "You can renew from" not in page
    assert f'href="/my-registration/{registration.id}/renewal"' in page
