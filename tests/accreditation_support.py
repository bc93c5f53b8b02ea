"""Builders for accreditation tests: a provider with a contact account, a programme, a
request with every criterion answered, a panel, submitted scores, findings. Each step uses
the real services, so the tests walk the same path as people do."""

from __future__ import annotations

import datetime as dt

from register.accreditation import decision_services, panel_services, provider_services
from register.accreditation.common import criterion_ids
from register.domain.accreditation import Outcome, Score
from register.extensions import db
from register.models.accounts import Role
from register.models.accreditation import ProviderContact
from register.models.programmes import Programme, ProgrammeContext, StudyMode, TrainingProvider

TODAY = dt.date.today()


def make_provider(make_user, name="Herstelacademie", kvk="12345678"):
    """A training provider and its contact account (role provider)."""
    user = make_user(role=Role.PROVIDER)
    provider = TrainingProvider(name=name, kvk_number=kvk, contact_email=user.email)
    db.session.add(provider)
    db.session.add(ProviderContact(user=user, provider=provider))
    db.session.commit()
    return provider, user


def make_programme(provider, user, level=4, name="Ervaringsdeskundige in de zorg"):
    programme = provider_services.add_programme(
        provider, user, name, level, ProgrammeContext.STANDALONE, 800, StudyMode.PART_TIME, None
    )
    db.session.commit()
    return programme


def answer_all(request, user, skip=0):
    ids = criterion_ids(request)
    for cid in ids[: len(ids) - skip]:
        provider_services.save_answer(
            request,
            user,
            cid,
            f"Covered in the course ({cid}).",
            "Module 2",
            "Portfolio and practice assignment",
        )
    db.session.commit()


def submitted_request(make_user, level=4):
    """A submitted request with every criterion answered; returns (request, provider user)."""
    provider, user = make_provider(make_user)
    programme = make_programme(provider, user, level)
    request = provider_services.start_request(programme, user, TODAY)
    answer_all(request, user)
    provider_services.submit_request(request, user)
    db.session.commit()
    return request, user


def assessors(make_user):
    """Two assessors, the first an expert by experience."""
    a1 = make_user(role=Role.ASSESSOR, is_lived_experience_expert=True, given_names="Bas")
    a2 = make_user(role=Role.ASSESSOR, given_names="Fatma")
    return a1, a2


def under_review(make_user, level=4):
    """A request with a panel of two that both declared no conflict; a1 chairs."""
    request, provider_user = submitted_request(make_user, level)
    registrar = make_user(role=Role.REGISTRAR)
    a1, a2 = assessors(make_user)
    panel_services.form_panel(request, registrar, [a1, a2], a1)
    for member in request.panel:
        panel_services.declare_conflict(member, False, None)
    db.session.commit()
    return request, provider_user, registrar, a1, a2


def score_all(member, score=Score.MET, overrides=None):
    ids = criterion_ids(member.request)
    grid = {cid: (score, "" if score is Score.MET else "Not fully shown") for cid in ids}
    for cid, value in (overrides or {}).items():
        grid[cid] = value
    problems = panel_services.save_scores(member, grid, submit=True)
    db.session.commit()
    return problems


def agreed(request, registrar, partly=0):
    """Record findings: all met except the first ``partly`` criteria (partly met)."""
    ids = criterion_ids(request)
    findings = {
        cid: (Score.PARTLY_MET if i < partly else Score.MET, "Needs work" if i < partly else "")
        for i, cid in enumerate(ids)
    }
    recommendation = Outcome.CONDITIONAL if partly else Outcome.ACCREDITED
    panel_services.record_findings(request, registrar, findings, recommendation, "")
    db.session.commit()


def decided(make_user, partly=0):
    """A request taken all the way to its decision (the proposal)."""
    request, provider_user, registrar, a1, a2 = under_review(make_user)
    for member in request.panel:
        score_all(member)
    agreed(request, registrar, partly)
    conditions = (
        [decision_services.ConditionInput("Improve", TODAY + dt.timedelta(days=90))]
        if partly
        else []
    )
    outcome = Outcome.CONDITIONAL if partly else Outcome.ACCREDITED
    decision_services.decide(request, registrar, outcome, TODAY, None, "", conditions)
    db.session.commit()
    return request, provider_user, registrar


def programme_named(name):
    return db.session.query(Programme).filter_by(name=name).one()
