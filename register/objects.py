"""Object access for views: one call per object type (flaskr's ``get_post(id, check_author)``).

``get_<type>_or_404(id, for_user=..., purpose=...)`` loads the row, answers 404 when there
is none, asks ``register.access`` whether ``for_user`` may have it for ``purpose``, and
returns it. A refusal is a 404 where the user may not even learn that the row exists
(someone else's application or file), and a 403 where the row is known but not theirs to
use (a registration number is public; an assignment belongs to another assessor).

Every view loads its rows through these; the blueprint gates (``register.access``) decide
who reaches a page at all, these decide which rows that person may touch.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from flask import abort
from sqlalchemy import select

from register import access
from register.extensions import db
from register.models.accounts import User
from register.models.accreditation import (
    AccreditationCondition,
    AccreditationRequest,
    ConditionAnswer,
    ConditionAnswerFile,
    PracticePlacement,
    ProviderQuestion,
    RequestDocument,
)
from register.models.applications import Application, Evidence, Reference
from register.models.assessments import AssessorTraining, PortfolioAssessment
from register.models.complaints import CaseFile, CaseRequest, ComplaintCase
from register.models.decisions import Decision
from register.models.names import NameChangeRequest
from register.models.objections import Objection, ObjectionFile
from register.models.organisations import ApiKey, Organisation, WatchEntry
from register.models.programmes import Accreditation, Programme, TrainingProvider
from register.models.registrations import Registration
from register.models.renewal import LogEntry, RenewalRequest


class Purpose(enum.StrEnum):
    """Why a view wants a row: each purpose has its own access rule per object type."""

    OWN = "own"  # the person it belongs to: an applicant's application, a registrant's registration
    REVIEW = "review"  # the register's staff at work on it
    VIEW = "view"  # whoever may see it (an accreditation request: staff, provider, panel)
    PANEL = "panel"  # an assessor on the accreditation request's panel
    ASSESS = "assess"  # the assessor of a portfolio assessment
    MANAGE = "manage"  # the provider that runs a programme; an admin managing an account
    DOWNLOAD = "download"  # opening a stored file
    CERTIFICATE = "certificate"  # the registrant's certificate
    PUBLIC = "public"  # anyone (the public programme page)


@dataclass(frozen=True)
class _Rule:
    allows: Callable[..., bool]
    refusal: int  # 404: do not tell that it exists; 403: known, but not for this user


def _staff(user, _row) -> bool:
    return access.is_staff(user)


def _anyone(_user, _row) -> bool:
    return True


_RULES: dict[type, dict[Purpose, _Rule]] = {
    Application: {
        Purpose.OWN: _Rule(access.owns_application, 404),
        Purpose.REVIEW: _Rule(access.can_review_application, 404),
    },
    Evidence: {Purpose.DOWNLOAD: _Rule(access.can_view_evidence, 404)},
    Reference: {Purpose.REVIEW: _Rule(_staff, 404)},
    PortfolioAssessment: {Purpose.ASSESS: _Rule(access.can_assess, 403)},
    AssessorTraining: {
        Purpose.OWN: _Rule(lambda u, t: t.assessor_id == getattr(u, "id", None), 404),
        Purpose.DOWNLOAD: _Rule(access.can_view_training, 404),
    },
    Registration: {
        Purpose.OWN: _Rule(access.can_change_own_registration, 404),
        Purpose.REVIEW: _Rule(_staff, 404),
        Purpose.CERTIFICATE: _Rule(access.can_download_certificate, 403),
    },
    LogEntry: {
        Purpose.OWN: _Rule(lambda u, e: access.can_change_own_registration(u, e.registration), 404),
        Purpose.DOWNLOAD: _Rule(access.can_view_log_entry, 404),
    },
    RenewalRequest: {
        Purpose.OWN: _Rule(lambda u, r: access.can_change_own_registration(u, r.registration), 404),
        Purpose.REVIEW: _Rule(_staff, 404),
    },
    AccreditationRequest: {
        Purpose.VIEW: _Rule(access.can_view_accreditation_request, 403),
        Purpose.PANEL: _Rule(lambda u, r: access.panel_membership(u, r) is not None, 403),
        Purpose.REVIEW: _Rule(_staff, 404),
    },
    RequestDocument: {
        Purpose.DOWNLOAD: _Rule(lambda u, d: access.can_read_self_evaluation(u, d.request), 404)
    },
    ProviderQuestion: {
        Purpose.VIEW: _Rule(lambda u, q: access.can_view_accreditation_request(u, q.request), 403)
    },
    Programme: {
        Purpose.MANAGE: _Rule(access.can_manage_programme, 403),
        Purpose.REVIEW: _Rule(_staff, 404),
        Purpose.PUBLIC: _Rule(lambda _u, p: bool(p.accreditations), 404),  # listed once accredited
    },
    Accreditation: {Purpose.REVIEW: _Rule(_staff, 404)},
    AccreditationCondition: {
        Purpose.REVIEW: _Rule(_staff, 404),
        # the provider answering its own condition
        Purpose.MANAGE: _Rule(
            lambda u, c: access.can_manage_programme(u, c.request.programme), 404
        ),
    },
    ConditionAnswer: {Purpose.REVIEW: _Rule(_staff, 404)},
    ConditionAnswerFile: {
        Purpose.DOWNLOAD: _Rule(
            lambda u, f: (
                access.is_staff(u)
                or access.can_manage_programme(u, f.answer.condition.request.programme)
            ),
            404,
        )
    },
    PracticePlacement: {
        Purpose.MANAGE: _Rule(lambda u, p: access.can_manage_programme(u, p.programme), 404)
    },
    TrainingProvider: {Purpose.VIEW: _Rule(_anyone, 404)},
    NameChangeRequest: {
        Purpose.OWN: _Rule(access.owns_name_change, 404),
        Purpose.REVIEW: _Rule(_staff, 404),
        Purpose.DOWNLOAD: _Rule(access.can_view_name_change, 404),
    },
    User: {Purpose.MANAGE: _Rule(access.can_manage_account, 404)},
    Decision: {
        Purpose.OWN: _Rule(access.is_decision_party, 404),
        Purpose.VIEW: _Rule(access.can_see_decision, 404),
        Purpose.REVIEW: _Rule(_staff, 404),
    },
    Objection: {Purpose.REVIEW: _Rule(_staff, 404)},
    ComplaintCase: {Purpose.REVIEW: _Rule(_staff, 404)},
    CaseFile: {Purpose.DOWNLOAD: _Rule(_staff, 404)},
    CaseRequest: {
        Purpose.OWN: _Rule(lambda u, r: access.can_change_own_registration(u, r.registration), 404),
        Purpose.REVIEW: _Rule(_staff, 404),
    },
    Organisation: {Purpose.REVIEW: _Rule(_staff, 404)},
    # an organisation's own rows: for its users only (``for_user`` is the organisation)
    ApiKey: {
        Purpose.MANAGE: _Rule(lambda org, k: k.organisation_id == getattr(org, "id", None), 404)
    },
    WatchEntry: {
        Purpose.MANAGE: _Rule(lambda org, e: e.organisation_id == getattr(org, "id", None), 404)
    },
    ObjectionFile: {
        Purpose.DOWNLOAD: _Rule(lambda u, f: access.can_see_objection(u, f.objection), 404)
    },
}


def _get(model, ident, for_user, purpose: Purpose):
    rule = _RULES[model][purpose]  # a KeyError here is a programming error, not a 404
    row = db.session.get(model, ident) if isinstance(ident, int) else None
    return _checked(row, for_user, rule)


def _checked(row, for_user, rule: _Rule):
    if row is None:
        abort(404)
    if not rule.allows(for_user, row):
        abort(rule.refusal)
    return row


def get_application_or_404(application_id: int, *, for_user, purpose: Purpose) -> Application:
    """An application: OWN (its applicant) or REVIEW (staff; drafts do not exist for them)."""
    return _get(Application, application_id, for_user, purpose)


def get_evidence_or_404(evidence_id: int, *, for_user, purpose=Purpose.DOWNLOAD) -> Evidence:
    """A piece of an application's evidence, for whoever may see it (``can_view_evidence``)."""
    return _get(Evidence, evidence_id, for_user, purpose)


def get_reference_or_404(reference_id: int, *, for_user, purpose=Purpose.REVIEW) -> Reference:
    """A referee of an application, for the register's staff."""
    return _get(Reference, reference_id, for_user, purpose)


def get_training_or_404(training_id: int, *, for_user, purpose=Purpose.OWN) -> AssessorTraining:
    """An assessor's training record: OWN (the assessor) or DOWNLOAD (its certificate: the
    assessor and the register's staff, ``can_view_training``)."""
    return _get(AssessorTraining, training_id, for_user, purpose)


def get_assessment_or_404(
    assessment_id: int, *, for_user, purpose=Purpose.ASSESS
) -> PortfolioAssessment:
    """A portfolio assessment, for its own assessor only (``can_assess``)."""
    return _get(PortfolioAssessment, assessment_id, for_user, purpose)


def get_registration_or_404(
    registration_id: int | None = None,
    *,
    number: str | None = None,
    for_user,
    purpose: Purpose,
) -> Registration:
    """A registration by id or by number: OWN (its registrant), REVIEW (staff) or
    CERTIFICATE (its registrant, while it is active)."""
    if number is None:
        return _get(Registration, registration_id, for_user, purpose)
    row = db.session.scalar(select(Registration).where(Registration.number == number))
    return _checked(row, for_user, _RULES[Registration][purpose])


def get_log_entry_or_404(entry_id: int, *, for_user, purpose: Purpose) -> LogEntry:
    """A line of a registrant's log: OWN (the registrant) or DOWNLOAD (its proof: the
    registrant and the register's staff)."""
    return _get(LogEntry, entry_id, for_user, purpose)


def get_renewal_request_or_404(request_id: int, *, for_user, purpose: Purpose) -> RenewalRequest:
    """A renewal or restoration request: OWN (the registrant) or REVIEW (staff)."""
    return _get(RenewalRequest, request_id, for_user, purpose)


def get_accreditation_request_or_404(
    request_id: int, *, for_user, purpose: Purpose
) -> AccreditationRequest:
    """An accreditation request: VIEW (staff, its own provider, its panel), PANEL (an
    assessor on its panel) or REVIEW (staff)."""
    return _get(AccreditationRequest, request_id, for_user, purpose)


def get_document_or_404(document_id: int, *, for_user, purpose=Purpose.DOWNLOAD) -> RequestDocument:
    """A document of a self-evaluation, for whoever may read the self-evaluation."""
    return _get(RequestDocument, document_id, for_user, purpose)


def get_question_or_404(question_id: int, *, for_user, purpose=Purpose.VIEW) -> ProviderQuestion:
    """A panel's question to a provider, for whoever may see its request."""
    return _get(ProviderQuestion, question_id, for_user, purpose)


def get_programme_or_404(programme_id: int, *, for_user, purpose: Purpose) -> Programme:
    """A programme: MANAGE (its provider), REVIEW (staff) or PUBLIC (once accredited)."""
    return _get(Programme, programme_id, for_user, purpose)


def get_accreditation_or_404(
    accreditation_id: int, *, for_user, purpose=Purpose.REVIEW
) -> Accreditation:
    """A programme's accreditation, for the register's staff."""
    return _get(Accreditation, accreditation_id, for_user, purpose)


def get_condition_or_404(
    condition_id: int, *, for_user, purpose=Purpose.REVIEW
) -> AccreditationCondition:
    """A condition of an accreditation: REVIEW (the register's staff) or MANAGE (the
    programme's provider, who answers it)."""
    return _get(AccreditationCondition, condition_id, for_user, purpose)


def get_condition_answer_or_404(
    answer_id: int, *, for_user, purpose=Purpose.REVIEW
) -> ConditionAnswer:
    """A provider's answer to a condition, for the register's staff."""
    return _get(ConditionAnswer, answer_id, for_user, purpose)


def get_condition_file_or_404(
    file_id: int, *, for_user, purpose=Purpose.DOWNLOAD
) -> ConditionAnswerFile:
    """An evidence file of an answer to a condition: the register's staff and the provider."""
    return _get(ConditionAnswerFile, file_id, for_user, purpose)


def get_placement_or_404(
    placement_id: int, *, for_user, purpose=Purpose.MANAGE
) -> PracticePlacement:
    """A practice placement, for the provider of its programme (the panel and the registrars
    read placements through the request they see)."""
    return _get(PracticePlacement, placement_id, for_user, purpose)


def get_provider_or_404(provider_id: int, *, for_user, purpose=Purpose.VIEW) -> TrainingProvider:
    """A training provider (providers are listed publicly)."""
    return _get(TrainingProvider, provider_id, for_user, purpose)


def get_name_change_or_404(request_id: int, *, for_user, purpose: Purpose) -> NameChangeRequest:
    """A request for another registered name: OWN (its registrant), REVIEW (staff) or
    DOWNLOAD (its proof: the registrant and staff)."""
    return _get(NameChangeRequest, request_id, for_user, purpose)


def get_case_or_404(case_id: int, *, for_user, purpose=Purpose.REVIEW) -> ComplaintCase:
    """A complaint case, for the register's staff only."""
    return _get(ComplaintCase, case_id, for_user, purpose)


def get_case_file_or_404(file_id: int, *, for_user, purpose=Purpose.DOWNLOAD) -> CaseFile:
    """A file of a complaint case, for the register's staff only."""
    return _get(CaseFile, file_id, for_user, purpose)


def get_case_request_or_404(request_id: int, *, for_user, purpose: Purpose) -> CaseRequest:
    """The register's request in a case: OWN (the registrant asked) or REVIEW (staff)."""
    return _get(CaseRequest, request_id, for_user, purpose)


def get_account_or_404(user_id: int, *, for_user, purpose=Purpose.MANAGE) -> User:
    """An account, for an admin managing it (block, unblock, reset the second factor)."""
    return _get(User, user_id, for_user, purpose)


def get_decision_or_404(decision_id: int, *, for_user, purpose: Purpose) -> Decision:
    """A stored decision: OWN (its party: the person, or the programme's provider), VIEW
    (its party or staff: the decision letter) or REVIEW (staff)."""
    return _get(Decision, decision_id, for_user, purpose)


def get_objection_or_404(objection_id: int, *, for_user, purpose=Purpose.REVIEW) -> Objection:
    """An objection, for the register's staff (the objector reaches it through the
    decision objected to)."""
    return _get(Objection, objection_id, for_user, purpose)


def get_objection_file_or_404(file_id: int, *, for_user, purpose=Purpose.DOWNLOAD) -> ObjectionFile:
    """A file attached to an objection, for its party and staff."""
    return _get(ObjectionFile, file_id, for_user, purpose)


def get_part_or_404(application: Application, model, part_id: int):
    """A row that belongs to ``application`` (a piece of evidence, a period of work, a
    referee); the caller has loaded the application for its purpose already."""
    row = db.session.get(model, part_id)
    if row is None or row.application_id != application.id:
        abort(404)
    return row


def get_organisation_or_404(
    organisation_id: int, *, for_user, purpose=Purpose.REVIEW
) -> Organisation:
    return _get(Organisation, organisation_id, for_user, purpose)


def get_api_key_or_404(key_id: int, *, for_organisation, purpose=Purpose.MANAGE) -> ApiKey:
    """One of ``for_organisation``'s API keys (another's is not there for it)."""
    return _get(ApiKey, key_id, for_organisation, purpose)


def get_watch_entry_or_404(
    entry_id: int, *, for_organisation, purpose=Purpose.MANAGE
) -> WatchEntry:
    """An entry of ``for_organisation``'s watch list (another's is not there for it)."""
    return _get(WatchEntry, entry_id, for_organisation, purpose)
