"""Who may reach what: roles per endpoint, enforced in one place, default deny.

Every view declares its access with ``@public``, ``@authenticated`` or ``@allow(Role...)``,
or inherits its blueprint's default from ``gate_blueprint``. The gate runs before every
request; an endpoint with no declaration is refused (and a test walks ``app.url_map`` to
make sure none exists). Object-level checks (``can_*``) live here too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from flask import Blueprint, Flask, abort, current_app, redirect, request, url_for
from flask_login import current_user

from register.models.accounts import Role, User
from register.models.applications import EvidenceKind

PUBLIC: Final = "public"
AUTHENTICATED: Final = "authenticated"
AccessLevel = str | frozenset[Role]

STAFF = frozenset({Role.REGISTRAR, Role.ADMIN})
#: who must pass a second factor after the password, always
SECOND_FACTOR_ROLES = frozenset({Role.REGISTRAR, Role.ADMIN, Role.ASSESSOR})
#: what a session that still owes its second factor may reach besides the second-factor pages
_WHILE_SECOND_FACTOR_PENDING = {"static", "accounts.logout", "main.set_language"}
#: what an assessor may open: the evidence the rubric is judged on, nothing else
ASSESSED_EVIDENCE = (EvidenceKind.PORTFOLIO, EvidenceKind.WORK_EXPERIENCE, EvidenceKind.INTERVISION)
_BLUEPRINT_DEFAULTS: dict[str, AccessLevel] = {}
_ALWAYS_PUBLIC_ENDPOINTS = {"static"}


def _mark(view: Callable, level: AccessLevel) -> Callable:
    view._access = level  # type: ignore[attr-defined]
    return view


def public(view: Callable) -> Callable:
    """Anyone may reach this view, logged in or not."""
    return _mark(view, PUBLIC)


def authenticated(view: Callable) -> Callable:
    """Any logged-in account may reach this view."""
    return _mark(view, AUTHENTICATED)


def allow(*roles: Role) -> Callable[[Callable], Callable]:
    """Only accounts with one of ``roles`` may reach this view (admins count as registrars)."""

    def decorator(view: Callable) -> Callable:
        return _mark(view, frozenset(roles))

    return decorator


def second_factor_step(view: Callable) -> Callable:
    """A page of the second-factor step: reachable by a session that has passed the password
    but not yet the second factor (every other page sends that session here)."""
    view._second_factor_step = True  # type: ignore[attr-defined]
    return view


def gate_blueprint(bp: Blueprint, level: AccessLevel | Role) -> None:
    """Give every view of ``bp`` this access level unless the view declares its own."""
    _BLUEPRINT_DEFAULTS[bp.name] = frozenset({level}) if isinstance(level, Role) else level


def declared_access(app: Flask, endpoint: str) -> AccessLevel | None:
    """The access level an endpoint declares or inherits; None when it declares nothing."""
    if endpoint in _ALWAYS_PUBLIC_ENDPOINTS:
        return PUBLIC
    view = app.view_functions.get(endpoint)
    level = getattr(view, "_access", None)
    if level is not None:
        return level
    blueprint = endpoint.rpartition(".")[0]
    return _BLUEPRINT_DEFAULTS.get(blueprint) if blueprint else None


#: pages for people under /api/ (the API's documentation): answered as pages, not as JSON
API_PAGES = ("/api/docs",)


def wants_json() -> bool:
    """True for API requests, which get JSON errors instead of pages and redirects."""
    return request.path.startswith("/api/") and not request.path.startswith(API_PAGES)


def second_factor_pending(user) -> bool:
    """True for a logged-in session that has passed the password but owes the second factor:
    always for registrars, admins and assessors, and for anyone who has enrolled."""
    row = getattr(user, "current_session", None) if user.is_authenticated else None
    if row is None or row.second_factor_at is not None:
        return False
    return row.second_factor_required or user.role in SECOND_FACTOR_ROLES


def _reachable_while_pending(endpoint: str) -> bool:
    view = current_app.view_functions.get(endpoint)
    return endpoint in _WHILE_SECOND_FACTOR_PENDING or getattr(view, "_second_factor_step", False)


def enforce_access():
    """The gate: runs before every request and refuses what is not allowed. A session that
    owes its second factor reaches only the second-factor pages, logout and the language
    switch: every other page (public ones too) sends it to the code page."""
    if request.endpoint is None:
        return None  # no route matched: the 404 handler answers
    level = declared_access(current_app, request.endpoint)
    if level is None:
        current_app.logger.error("endpoint %s declares no access level", request.endpoint)
        abort(403)
    if (
        request.endpoint != "static"
        and second_factor_pending(current_user)
        and not _reachable_while_pending(request.endpoint)
    ):
        if wants_json():
            abort(401)
        return redirect(url_for("accounts.second_factor", next=request.full_path.rstrip("?")))
    if level == PUBLIC:
        return None
    if not current_user.is_authenticated:
        if wants_json():
            abort(401)
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
    if level == AUTHENTICATED or current_user.has_role(*level):
        return None
    abort(403)


def is_staff(user) -> bool:
    """Registrars and admins: the register's own staff."""
    return bool(user and user.is_authenticated and user.has_role(Role.REGISTRAR))


def owns_application(user, application) -> bool:
    """The applicant whose application it is (the only one who edits it)."""
    return bool(user and user.is_authenticated and application.applicant_id == user.id)


def can_review_application(user, application) -> bool:
    """The register's staff, on an application that has been sent (a draft does not exist
    for the register yet)."""
    from register.domain.lifecycle import ApplicationState

    return is_staff(user) and application.state is not ApplicationState.DRAFT


def can_view_application(user, application) -> bool:
    """The applicant who owns it, the register's staff, or an assessor assigned to it whose
    assignment is open to the evidence (declared no conflict of interest)."""
    if not (user and user.is_authenticated):
        return False
    if application.applicant_id == user.id or is_staff(user):
        return True
    if user.role is Role.ASSESSOR:
        from sqlalchemy import select

        from register.domain.lifecycle import EVIDENCE_OPEN_STATES
        from register.extensions import db
        from register.models.assessments import PortfolioAssessment

        return (
            db.session.scalar(
                select(PortfolioAssessment.id).where(
                    PortfolioAssessment.application_id == application.id,
                    PortfolioAssessment.assessor_id == user.id,
                    PortfolioAssessment.state.in_(EVIDENCE_OPEN_STATES),
                )
            )
            is not None
        )
    return False


def can_view_evidence(user, evidence) -> bool:
    """Whoever may see the application, except that an assessor sees only the kinds of
    evidence the assessment is about."""
    if not can_view_application(user, evidence.application):
        return False
    return user.role is not Role.ASSESSOR or evidence.kind in ASSESSED_EVIDENCE


def can_view_training(user, training) -> bool:
    """An assessor's training record (and certificate): the assessor and the register's
    staff, who check it when they assign assessors."""
    return bool(user and user.is_authenticated) and (
        training.assessor_id == user.id or is_staff(user)
    )


def can_assess(user, assessment) -> bool:
    """Only the assessor assigned to ``assessment`` may open or change it (not even other
    assessors of the same application, nor staff: assessments are independent)."""
    return bool(
        user
        and user.is_authenticated
        and user.role is Role.ASSESSOR
        and assessment is not None
        and assessment.assessor_id == user.id
    )


# --- programme accreditation ---------------------------------------------------------------


def _is_provider_contact(user, provider_id) -> bool:
    from sqlalchemy import select

    from register.extensions import db
    from register.models.accreditation import ProviderContact

    return (
        provider_id is not None
        and db.session.scalar(
            select(ProviderContact.id).where(
                ProviderContact.user_id == user.id, ProviderContact.provider_id == provider_id
            )
        )
        is not None
    )


def panel_membership(user, request):
    """The PanelMember row of ``user`` on an accreditation request, or None."""
    if not (user and user.is_authenticated and user.role is Role.ASSESSOR):
        return None
    return next((m for m in request.panel if m.assessor_id == user.id), None)


def can_view_accreditation_request(user, request) -> bool:
    """Staff; a contact of the request's own provider; an assessor on its panel (who sees
    only the summary until declaring no conflict)."""
    if not (user and user.is_authenticated):
        return False
    if is_staff(user):
        return True
    if user.role is Role.PROVIDER:
        return _is_provider_contact(user, request.programme.provider_id)
    return panel_membership(user, request) is not None


def can_read_self_evaluation(user, request) -> bool:
    """Who may read the answers and documents: staff, the own provider, and assessors on the
    panel who declared no conflict of interest."""
    if not can_view_accreditation_request(user, request):
        return False
    if user.role is Role.ASSESSOR:
        from register.domain.lifecycle import EVIDENCE_OPEN_STATES

        return panel_membership(user, request).state in EVIDENCE_OPEN_STATES
    return True


def can_manage_programme(user, programme) -> bool:
    """A provider account acting for the programme's provider."""
    return bool(
        user
        and user.is_authenticated
        and user.role is Role.PROVIDER
        and _is_provider_contact(user, programme.provider_id)
    )


def can_download_certificate(user, registration) -> bool:
    """A registrant may download the certificate of their own registration while it is
    active (a suspended or struck-off registration gets no new certificate)."""
    from register.domain.lifecycle import RegistrationStatus

    return bool(
        user
        and user.is_authenticated
        and registration is not None
        and registration.user_id == user.id
        and registration.status == RegistrationStatus.ACTIVE
    )


def can_change_own_registration(user, registration) -> bool:
    """Only the registrant it belongs to may make their own choices on a registration (such
    as showing the work region publicly); staff act through the registrar's actions."""
    return bool(
        user
        and user.is_authenticated
        and registration is not None
        and registration.user_id == user.id
    )


def owns_name_change(user, request) -> bool:
    """The registrant whose registration a request for another name is about."""
    return bool(user and user.is_authenticated and request.registration.user_id == user.id)


def can_view_name_change(user, request) -> bool:
    """A request for another registered name and its proof: the registrant it is about and
    the register's staff (each staff view of the proof is audited)."""
    return is_staff(user) or owns_name_change(user, request)


def can_manage_account(user, account) -> bool:
    """Admins manage accounts (block, unblock, reset a second factor)."""
    return bool(user and user.is_authenticated and user.role is Role.ADMIN and account is not None)


# --- decisions and objections ---------------------------------------------------------------

#: subject types of decisions about a programme, and how to reach the programme from one
_PROGRAMME_SUBJECTS = {
    "Programme": lambda row: row,
    "Accreditation": lambda row: row.programme,
    "AccreditationRequest": lambda row: row.programme,
}


def decision_provider_id(decision) -> int | None:
    """The training provider a decision about a programme concerns (None for a decision
    about a person). A decision on an objection concerns whoever the objected decision
    concerned."""
    from register.extensions import db
    from register.models import Base

    if decision.person_id is not None:
        return None
    if decision.subject_type == "Objection":
        from register.models.objections import Objection

        objection = db.session.get(Objection, decision.subject_id)
        return decision_provider_id(objection.decision) if objection else None
    reach = _PROGRAMME_SUBJECTS.get(decision.subject_type)
    if reach is None:
        return None
    model = next(
        m.class_ for m in Base.registry.mappers if m.class_.__name__ == decision.subject_type
    )
    row = db.session.get(model, decision.subject_id)
    programme = reach(row) if row is not None else None
    return programme.provider_id if programme is not None else None


def is_decision_party(user, decision) -> bool:
    """The person a decision is about, or a contact of the provider whose programme it is
    about: who receives the decision letter and may object to it."""
    if not (user and user.is_authenticated and decision is not None):
        return False
    if decision.person_id is not None:
        return decision.person_id == user.id
    return user.role is Role.PROVIDER and _is_provider_contact(user, decision_provider_id(decision))


def can_see_decision(user, decision) -> bool:
    """The decision's own party, or the register's staff."""
    return is_staff(user) or is_decision_party(user, decision)


def can_see_objection(user, objection) -> bool:
    """An objection (and its files): the party of the decision objected to, or staff."""
    return objection is not None and can_see_decision(user, objection.decision)


def can_view_log_entry(user, entry) -> bool:
    """The proof behind a line of a registrant's log: the registrant and the register's
    staff (who check it when a renewal is drawn), nobody else."""
    return can_change_own_registration(user, entry.registration) or is_staff(user)


def staff_recipients() -> list[User]:
    """The active accounts of the register's staff (registrars and admins, ``STAFF``): who
    hears about conflicts of interest, finished assessments and accreditation requests."""
    from sqlalchemy import select

    from register.extensions import db

    return list(
        db.session.scalars(
            select(User).where(User.role.in_(STAFF), User.active.is_(True)).order_by(User.id)
        )
    )
