"""Demo data for programme accreditation: a provider login, a programme with a draft
request, one under review (panel formed, one assessor has scored), and two accredited
programmes (one with conditions, the first of them answered by the provider); the programme
under review offers one practice placement with its workplace checklist filled in. Built
through the real services, so every row is as the workflow makes it; the e-mails those
services queue are dropped."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from register.accreditation import (
    condition_answers,
    decision_services,
    panel_services,
    placements,
    provider_services,
)
from register.accreditation.common import criterion_ids
from register.assessment import assessors
from register.demo.accounts import ensure_user
from register.domain.accreditation import Outcome, Score
from register.domain.placements import checklist_items
from register.extensions import db
from register.mail import _PENDING_KEY
from register.models.accounts import Role
from register.models.accreditation import ProviderContact
from register.models.programmes import ProgrammeContext, StudyMode, TrainingProvider
from register.policy import current_policies

PROVIDER_EMAIL = "provider@demo.register.nl"
ASSESSOR3_EMAIL = "assessor3@demo.register.nl"
KVK = "30123456"

PROGRAMMES = [
    (
        "Basisopleiding Ervaringsdeskundigheid",
        3,
        ProgrammeContext.STANDALONE,
        400,
        StudyMode.COURSE,
    ),
    (
        "Ervaringsdeskundige in Zorg en Welzijn (mbo)",
        4,
        ProgrammeContext.STANDALONE,
        1600,
        StudyMode.DUAL,
    ),
    (
        "Associate degree Ervaringsdeskundigheid",
        5,
        ProgrammeContext.STANDALONE,
        3360,
        StudyMode.PART_TIME,
    ),
    (
        "Ervaringsdeskundigheid in Social Work (minor)",
        6,
        ProgrammeContext.EMBEDDED,
        840,
        StudyMode.FULL_TIME,
    ),
]


def _answer(request, user, share: float = 1.0) -> None:
    ids = criterion_ids(request)
    for cid in ids[: round(len(ids) * share)]:
        provider_services.save_answer(
            request,
            user,
            cid,
            f"Dit criterium ({cid}) komt aan bod in colleges, oefeningen en intervisie.",
            "Module 2: Herstel en ervaringskennis",
            "Portfolio met reflectieverslag en een beoordeling in de praktijk",
        )


def _scores(member, partly: int = 0) -> None:
    ids = criterion_ids(member.request)
    grid = {
        cid: (Score.PARTLY_MET, "Uitwerking in de praktijk is nog beperkt beschreven.")
        if i < partly
        else (Score.MET, "")
        for i, cid in enumerate(ids)
    }
    panel_services.save_scores(member, grid, submit=True)


def _through_decision(request, user, registrar, panel, partly: int, today: dt.date) -> None:
    provider_services.submit_request(request, user)
    panel_services.form_panel(request, registrar, panel, panel[0])
    for member in request.panel:
        panel_services.declare_conflict(member, False, None)
        _scores(member, partly)
    ids = criterion_ids(request)
    findings = {
        cid: (Score.PARTLY_MET, "De toetsing van dit onderdeel is niet uitgewerkt.")
        if i < partly
        else (Score.MET, "")
        for i, cid in enumerate(ids)
    }
    outcome = Outcome.CONDITIONAL if partly else Outcome.ACCREDITED
    panel_services.record_findings(request, registrar, findings, outcome, "")
    conditions = [
        decision_services.ConditionInput(
            f"Beschrijf hoe {cid} wordt getoetst en lever het toetsplan aan.",
            today + dt.timedelta(days=180),
            cid,
        )
        for cid in ids[:partly]
    ]
    decision_services.decide(
        request,
        registrar,
        outcome,
        today,
        None,
        "Besluit op basis van de bevindingen van het panel.",
        conditions,
    )


def _placement(programme, user) -> None:
    """One practice placement with its workplace checklist filled in (001 §6.1.1)."""
    answers = {item.id: ("possible", "") for item in checklist_items(current_policies().framework)}
    answers["KT3"] = (
        "partly",
        "Stagiairs doen mee aan de voorlichting op scholen, buiten hun vaste taken om.",
    )
    answers["C5"] = ("not_possible", "")
    placements.add_placement(
        programme,
        user,
        "GGz Centraal Utrecht",
        "Herstelwerkplaats, team ervaringsdeskundigheid",
        "Stagiairs werken mee in de herstelwerkplaats en lopen mee met een ervaringsdeskundige "
        "op niveau 5.",
        answers,
    )


def seed() -> list[tuple[str, str]]:
    """Create the demo provider, its programmes and requests (once)."""
    logins = [(Role.PROVIDER.value, PROVIDER_EMAIL), (Role.ASSESSOR.value, ASSESSOR3_EMAIL)]
    user = ensure_user(PROVIDER_EMAIL, "Priya", "", "Opleider", Role.PROVIDER)
    assessor3 = ensure_user(ASSESSOR3_EMAIL, "Joost", "", "Hermans", Role.ASSESSOR, True)
    if assessors.latest_training(assessor3) is None:  # trained as an assessor (001 l.2820)
        assessors.record_training(
            assessor3,
            assessor3,
            dt.date.today() - dt.timedelta(days=120),
            "Assessorentraining accreditatie (demo)",
            "Demo Academie",
        )
    if db.session.scalar(select(TrainingProvider).where(TrainingProvider.kvk_number == KVK)):
        return logins
    assessor1 = ensure_user(
        "assessor1@demo.register.nl", "Bas", "van der", "Berg", Role.ASSESSOR, True
    )
    assessor2 = ensure_user("assessor2@demo.register.nl", "Fatma", "", "Çelik", Role.ASSESSOR)
    registrar = ensure_user(
        "registrar@demo.register.nl", "Rianne", "", "Registermedewerker", Role.REGISTRAR
    )
    pending_before = len(db.session.info.get(_PENDING_KEY, []))

    provider = TrainingProvider(
        name="Herstelacademie Midden",
        kvk_number=KVK,
        contact_email=PROVIDER_EMAIL,
        contact_phone="030 200 30 40",
    )
    db.session.add(provider)
    db.session.add(ProviderContact(user=user, provider=provider))
    db.session.flush()
    # assessor 3 teaches at this provider: the conflict rule keeps them off its panels
    panel_services.declare_affiliation(assessor3, provider, "Gastdocent module Herstel")
    programmes = [
        provider_services.add_programme(provider, user, name, level, context, load, mode, None)
        for name, level, context, load, mode in PROGRAMMES
    ]
    today = dt.date.today()

    draft = provider_services.start_request(programmes[0], user, today)
    _answer(draft, user, share=0.6)

    _placement(programmes[1], user)
    review = provider_services.start_request(programmes[1], user, today)
    _answer(review, user)
    provider_services.submit_request(review, user)
    panel_services.form_panel(review, registrar, [assessor1, assessor2], assessor1)
    first = next(m for m in review.panel if m.assessor_id == assessor1.id)
    panel_services.declare_conflict(first, False, None)
    _scores(first, partly=1)
    panel_services.ask_question(
        review, assessor1, "Hoe is de begeleiding in de praktijk geregeld, en door wie?", "PRL-S1"
    )

    accredited = provider_services.start_request(programmes[2], user, today)
    _answer(accredited, user)
    _through_decision(accredited, user, registrar, [assessor1, assessor2], 0, today)

    conditional = provider_services.start_request(programmes[3], user, today)
    _answer(conditional, user)
    _through_decision(conditional, user, registrar, [assessor1, assessor2], 2, today)
    condition_answers.answer_condition(
        conditional.conditions[0],
        user,
        "Het toetsplan is aangevuld: zie hoofdstuk 4, met de beoordelingscriteria per opdracht.",
    )

    _drop_queued_mail(pending_before)
    return logins


def _drop_queued_mail(keep: int) -> None:
    """Demo data should not send the workflow's notifications to the demo addresses."""
    pending = db.session.info.get(_PENDING_KEY, [])
    for message in pending[keep:]:
        if message.id:
            db.session.delete(message)
        else:
            db.session.expunge(message)
    del pending[keep:]
    db.session.flush()
