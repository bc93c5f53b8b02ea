"""Shared builders for the applicant-journey tests (collected, but holds no tests)."""

from __future__ import annotations

import datetime as dt
import io

from register.extensions import db
from register.models.applications import (
    Application,
    Evidence,
    EvidenceKind,
    PortfolioEntry,
    Reference,
    ReferenceRelation,
    Route,
    WorkExperience,
)
from register.models.files import StoredFile
from register.models.programmes import Accreditation, Programme, TrainingProvider

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TODAY = dt.date.today()


def pdf(name="file.pdf", data=PDF):
    """A file tuple for the test client."""
    return (io.BytesIO(data), name)


def make_programme(
    level=5,
    start=dt.date(2020, 1, 1),
    end=dt.date(2030, 12, 31),
    name="Associate degree Ervaringsdeskundigheid",
) -> Programme:
    provider = TrainingProvider(name="Hogeschool Test")
    programme = Programme(name=name, nlqf_level=level, provider=provider)
    programme.accreditations.append(
        Accreditation(valid_from=start, valid_until=end, policy_version="2026.1")
    )
    db.session.add(programme)
    db.session.commit()
    return programme


def stored(user, name="doc.pdf") -> StoredFile:
    f = StoredFile(
        storage_name=f"x{name}{user.id}{TODAY}{id(name)}",
        original_name=name,
        content_type="application/pdf",
        size=len(PDF),
        sha256="0" * 64,
        uploaded_by_id=user.id,
    )
    db.session.add(f)
    return f


def diploma_application(user, programme, *, complete=True) -> Application:
    """A draft on the diploma route, complete except for the code unless told."""
    app_ = Application(
        applicant_id=user.id,
        tier=2,
        route=Route.DIPLOMA,
        date_of_birth=dt.date(1980, 5, 1),
        programme=programme,
        diploma_date=dt.date(2022, 6, 30),
    )
    if complete:
        app_.evidence.append(Evidence(file=stored(user), kind=EvidenceKind.DIPLOMA))
    db.session.add(app_)
    db.session.commit()
    return app_


def transitional_application(user, *, referees=2) -> Application:
    """A complete draft on the transitional route for tier 1."""
    app_ = Application(
        applicant_id=user.id,
        tier=1,
        route=Route.TRANSITIONAL,
        date_of_birth=dt.date(1975, 1, 1),
        intervision_sessions=10,
    )
    app_.work_experience.append(
        WorkExperience(
            organisation="GGZ Oost",
            role="Ervaringswerker",
            start_date=TODAY - dt.timedelta(days=4 * 365),
            end_date=None,
            hours_per_week=24,
            paid=True,
        )
    )
    relations = [
        ReferenceRelation.SUPERVISOR,
        ReferenceRelation.COLLEAGUE,
        ReferenceRelation.EMPLOYER,
    ]
    for i in range(referees):
        app_.references.append(
            Reference(
                name=f"Referent {i}",
                email=f"ref{i}@example.nl",
                organisation="GGZ Oost",
                relation=relations[i % 3],
            )
        )
    app_.evidence.append(
        Evidence(file=stored(user, "intervisie.pdf"), kind=EvidenceKind.INTERVISION)
    )
    app_.evidence.append(Evidence(file=stored(user, "portfolio.pdf"), kind=EvidenceKind.PORTFOLIO))
    app_.portfolio_entries.extend(portfolio_entries(1))
    db.session.add(app_)
    db.session.commit()
    return app_


def portfolio_entries(tier: int) -> list[PortfolioEntry]:
    """A complete portfolio for ``tier``: every competence with a reflection and examples,
    the policy's number of critical situations described."""
    from register.policy import current_policies

    policies = current_policies()
    route = policies.transitional_route
    entries = [
        PortfolioEntry(item_id=c, reflection=f"Reflectie op {c}.", examples=f"Voorbeeld bij {c}.")
        for c in route.tiers[tier].portfolio_competences
    ]
    situations = policies.framework.critical_situations_in_use()
    entries += [
        PortfolioEntry(item_id=s.id, reflection=f"Zo handelde ik bij {s.id}.")
        for s in situations[: route.portfolio.critical_situations_required]
    ]
    return entries


def submitted_application(applicant) -> Application:
    """A submitted diploma-route application with its diploma on file (the demo's builder)."""
    from register.demo.registrations import ensure_programme, submitted_diploma_application

    programme = ensure_programme(
        "AD Ervaringsdeskundigheid", "Hogeschool Test", 5, dt.date(2015, 1, 1), dt.date(2030, 1, 1)
    )
    application = submitted_diploma_application(applicant, programme)
    db.session.commit()
    return application


def use_english(client):
    """Show pages in English (the source language), whatever the catalogue holds."""
    client.post("/language", data={"lang": "en", "next": "/"})
