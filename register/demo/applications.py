"""Demo programmes (accredited before the portal, entered by hand) and applicants with
applications in every state the applicant journey produces: a draft, a complete
diploma-route application, a transitional-route application ready for the assessors, and
one for which the register asked more information."""

from __future__ import annotations

import datetime as dt
import io

from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from register.applications.services import change_state
from register.demo.accounts import ensure_user
from register.domain.dates import add_years
from register.domain.lifecycle import ApplicationAction
from register.extensions import db
from register.models.accounts import Role, User
from register.models.applications import (
    Application,
    Evidence,
    EvidenceKind,
    PortfolioEntry,
    Reference,
    ReferenceRelation,
    ReferenceState,
    Route,
    WorkExperience,
)
from register.models.base import utcnow
from register.models.programmes import (
    Accreditation,
    Programme,
    ProgrammeContext,
    StudyMode,
    TrainingProvider,
)
from register.policy import current_policies
from register.review.services import request_information
from register.uploads import store_upload

PROGRAMMES = [
    (
        "Hogeschool Utrecht (demo)",
        "Associate degree Ervaringsdeskundigheid in zorg en welzijn",
        5,
        ProgrammeContext.STANDALONE,
        StudyMode.PART_TIME,
        dt.date(2019, 9, 1),
    ),
    (
        "ROC Midden Nederland (demo)",
        "MBO Ervaringsdeskundige in zorg en welzijn",
        4,
        ProgrammeContext.STANDALONE,
        StudyMode.DUAL,
        dt.date(2020, 1, 1),
    ),
    (
        "Hanzehogeschool Groningen (demo)",
        "Bachelor Social Work, uitstroom ervaringsdeskundigheid",
        6,
        ProgrammeContext.EMBEDDED,
        StudyMode.FULL_TIME,
        dt.date(2018, 9, 1),
    ),
]

APPLICANTS = [
    ("applicant1@demo.register.nl", "Sanne", "", "Jansen", "draft"),
    ("applicant2@demo.register.nl", "Mohammed", "el", "Amrani", "diploma"),
    ("applicant3@demo.register.nl", "Petra", "van", "Dijk", "transitional"),
    ("applicant4@demo.register.nl", "Kees", "de", "Groot", "info_requested"),
]


def demo_pdf(title: str) -> bytes:
    """A small, valid one-page PDF with ``title`` on it (ASCII)."""
    text = title.encode("ascii", "replace")
    stream = b"BT /F1 18 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def _evidence(application: Application, user: User, kind: EvidenceKind, name: str) -> None:
    upload = FileStorage(stream=io.BytesIO(demo_pdf(name)), filename=f"{name}.pdf")
    stored = store_upload(upload, user)
    application.evidence.append(Evidence(file=stored, kind=kind, description=f"{name}.pdf"))


def ensure_programmes() -> dict[int, Programme]:
    """The demo programmes with a manually entered accreditation; keyed by NLQF level."""
    version = current_policies().accreditation.version
    found = {}
    for provider_name, name, level, context, mode, since in PROGRAMMES:
        programme = db.session.scalar(select(Programme).where(Programme.name == name))
        if programme is None:
            provider = db.session.scalar(
                select(TrainingProvider).where(TrainingProvider.name == provider_name)
            ) or TrainingProvider(name=provider_name)
            programme = Programme(
                name=name,
                nlqf_level=level,
                context=context,
                mode=mode,
                provider=provider,
                study_load_hours=level * 420,
            )
            programme.accreditations.append(
                Accreditation(
                    valid_from=since,
                    valid_until=add_years(since, 6),
                    policy_version=version,
                    entered_manually=True,
                    note="Geaccrediteerd vóór de start van het portaal (demo).",
                )
            )
            db.session.add(programme)
            db.session.flush()
        found[level] = programme
    return found


def _base(user: User, tier: int, route: Route) -> Application:
    application = Application(
        applicant_id=user.id,
        tier=tier,
        route=route,
        date_of_birth=dt.date(1978, 4, 12),
        work_region="Utrecht",
        show_work_region=True,
    )
    db.session.add(application)
    db.session.flush()
    return application


def _diploma(user: User, programme: Programme, tier: int = 2) -> Application:
    application = _base(user, tier, Route.DIPLOMA)
    application.programme, application.diploma_date = programme, dt.date(2023, 6, 30)
    _evidence(application, user, EvidenceKind.DIPLOMA, "Diploma Associate degree")
    return application


def _transitional(user: User) -> Application:
    application = _base(user, 1, Route.TRANSITIONAL)
    today = dt.date.today()
    application.work_experience.append(
        WorkExperience(
            organisation="GGZ Centraal (demo)",
            role="Ervaringswerker FACT-team",
            start_date=today - dt.timedelta(days=4 * 365),
            end_date=None,
            hours_per_week=24,
            paid=True,
        )
    )
    application.work_experience.append(
        WorkExperience(
            organisation="Herstelacademie Amersfoort (demo)",
            role="Vrijwillig trainer",
            start_date=today - dt.timedelta(days=6 * 365),
            end_date=today - dt.timedelta(days=2 * 365),
            hours_per_week=6,
            paid=False,
        )
    )
    application.intervision_sessions = 10
    application.intervision_description = "Maandelijkse intervisie met ervaringsdeskundigen."
    application.portfolio_summary = "Reflectie op vier jaar werk in een FACT-team."
    _portfolio(application)
    # The supervisor confirms the work as stated; the colleague corrects it (a later start,
    # fewer hours), so the registrar sees claimed and confirmed side by side.
    for name, email, organisation, relation, role, start, end, hours in (
        (
            "Joke Smit",
            "joke.smit@example.nl",
            "GGZ Centraal (demo)",
            ReferenceRelation.SUPERVISOR,
            "Ervaringswerker FACT-team",
            today - dt.timedelta(days=4 * 365),
            None,
            24,
        ),
        (
            "Ahmed Yilmaz",
            "ahmed.yilmaz@example.nl",
            "Herstelacademie Amersfoort (demo)",
            ReferenceRelation.COLLEAGUE,
            "Vrijwilliger",
            today - dt.timedelta(days=5 * 365),
            today - dt.timedelta(days=2 * 365),
            4,
        ),
    ):
        application.references.append(
            Reference(
                name=name,
                email=email,
                organisation=organisation,
                relation=relation,
                state=ReferenceState.CONFIRMED,
                requested_at=utcnow(),
                responded_at=utcnow(),
                confirmed_role=role,
                confirmed_start_date=start,
                confirmed_end_date=end,
                confirmed_hours_per_week=hours,
            )
        )
    _evidence(application, user, EvidenceKind.INTERVISION, "Intervisie-overzicht")
    _evidence(application, user, EvidenceKind.PORTFOLIO, "Portfolio Petra van Dijk")
    return application


def _portfolio(application: Application) -> None:
    """A reflection with examples on each competence the tier asks, and a description of
    the critical situations the policy asks (demo texts, in Dutch)."""
    policies = current_policies()
    route, framework = policies.transitional_route, policies.framework
    for competence_id in route.tiers[application.tier].portfolio_competences:
        name = framework.competence(competence_id).name.nl
        application.portfolio_entries.append(
            PortfolioEntry(
                item_id=competence_id,
                reflection=f"Zo werk ik aan '{name}' in mijn werk in het FACT-team (demo).",
                examples=f"Een voorbeeld uit mijn werk bij '{name}' (demo, zonder namen).",
            )
        )
    needed = route.portfolio.critical_situations_required
    for situation in framework.critical_situations_in_use()[:needed]:
        application.portfolio_entries.append(
            PortfolioEntry(
                item_id=situation.id,
                reflection=f"Hoe ik omging met '{situation.nl}' (demo).",
            )
        )


def _submit(application: Application, user: User) -> None:
    application.code_accepted_at = utcnow()
    application.code_version = current_policies().professional_code.version
    change_state(application, ApplicationAction.SUBMIT, user)


def seed() -> list[tuple[str, str]]:
    """Create the programmes and the demo applicants with their applications."""
    programmes = ensure_programmes()
    registrar = ensure_user(
        "registrar@demo.register.nl", "Rianne", "", "Registermedewerker", Role.REGISTRAR
    )
    for email, given, prefix, surname, kind in APPLICANTS:
        user = ensure_user(email, given, prefix, surname, Role.APPLICANT)
        if db.session.scalar(select(Application.id).where(Application.applicant_id == user.id)):
            continue
        if kind == "draft":
            application = _base(user, 2, Route.DIPLOMA)
            application.programme = programmes[5]
        elif kind == "diploma":
            _submit(_diploma(user, programmes[5]), user)
        elif kind == "transitional":
            _submit(_transitional(user), user)
        else:
            application = _diploma(user, programmes[6], tier=3)
            _submit(application, user)
            change_state(application, ApplicationAction.START_REVIEW, registrar)
            # as a registrar asks: with the policy's deadline and the e-mail with its link
            request_information(
                application,
                registrar,
                message="Wilt u ook uw cijferlijst sturen? Op de kopie van het diploma is de "
                "datum niet goed leesbaar.",
                expected_version=None,
            )
    db.session.flush()
    return [(f"applicant ({kind})", email) for email, *_, kind in APPLICANTS]
