"""Actions on applications for registration (aanvragen): one function per action.

Services load rows, call the domain rules, apply the result, append the audit event,
queue e-mail and flush. They never commit: the request commits once
(``register.transactions``).

``change_state`` is the single place where an application's state changes; the registrar's
actions (start review, request information, approve, refuse) call it too. Editing a draft
(steps, work experience, referees, evidence) lives in ``register.applications.drafts``.
"""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from register import audit
from register.applications.facts import evaluate
from register.domain.eligibility import SUBMISSION
from register.domain.lifecycle import (
    APPLICATION_LIFECYCLE,
    FINAL_APPLICATION_STATES,
    REGISTRATION_LIFECYCLE,
    ApplicationAction,
    ApplicationState,
    RegistrationAction,
)
from register.domain.trace import RuleOutcome, RuleResult
from register.errors import ActionRefused, NotAllowedNow
from register.extensions import db
from register.links import absolute_url
from register.mail import queue_email
from register.models.applications import (
    Application,
    ApplicationMessage,
    ApplicationStatusChange,
    Evidence,
    EvidenceKind,
    MessageKind,
    ReferenceState,
)
from register.models.base import utcnow
from register.models.registrations import Registration, is_current
from register.models.review_drafts import ReviewDraft
from register.policy import current_policies
from register.uploads import store_upload


def change_state(application: Application, action: ApplicationAction, actor) -> None:
    """Move ``application`` by ``action``, append a status-history row and the audit event
    ``application.<action>``; raises ``IllegalTransition`` when the state does not allow it.

    Sets ``submitted_at`` on submission. For approve/refuse, set the decision fields
    (decided_at, decided_by, decision_reason, policy_versions) BEFORE calling: this flushes,
    and the database checks that a decided application records its decision.
    """
    before = application.state
    after = APPLICATION_LIFECYCLE.next_state(before, action)
    now = utcnow()
    application.state = after
    if action is ApplicationAction.SUBMIT and application.submitted_at is None:
        application.submitted_at = now
    application.history.append(
        ApplicationStatusChange(
            from_state=before, to_state=after, at=now, by_id=getattr(actor, "id", None)
        )
    )
    audit.record(
        actor,
        f"application.{action.value}",
        application,
        from_state=before.value,
        to_state=after.value,
    )
    if after in FINAL_APPLICATION_STATES:
        # decided or withdrawn: a registrar's working text not acted on goes (the decision
        # and the messages hold what was sent)
        db.session.execute(delete(ReviewDraft).where(ReviewDraft.application_id == application.id))
    db.session.flush()


def open_application(user) -> Application | None:
    """The user's application that is not final yet (at most one), or None."""
    return db.session.scalar(
        select(Application)
        .where(
            Application.applicant_id == user.id,
            Application.state.not_in(list(FINAL_APPLICATION_STATES)),
        )
        .order_by(Application.id.desc())
    )


def current_registration(user) -> Registration | None:
    """The registration ``user`` holds now (not lapsed, not struck off): at most one."""
    return db.session.scalar(
        select(Registration).where(Registration.user_id == user.id, is_current())
    )


def _refuse_while_open(user) -> None:
    if open_application(user) is not None:
        raise NotAllowedNow(
            _l("You already have an application that is not finished. Continue with that one.")
        )


def start_application(user) -> Application:
    """Create a draft for ``user``; refused while another application is still open, and
    for someone already registered (they apply for another tier instead)."""
    _refuse_while_open(user)
    if current_registration(user) is not None:
        raise NotAllowedNow(
            _l(
                "You are already in the register. To change tier, apply for another tier "
                "on the page My registration."
            )
        )
    application = Application(applicant_id=user.id, state=ApplicationState.DRAFT)
    db.session.add(application)
    db.session.flush()
    audit.record(user, "application.created", application)
    return application


def start_tier_change(user, registration: Registration) -> Application:
    """Create a draft application for another tier of ``registration`` (the user's own,
    active one), by either route. The personal details are copied from the application the
    registration came from, to check and change. Refused while another application is open."""
    _refuse_while_open(user)
    if not REGISTRATION_LIFECYCLE.can(registration.status, RegistrationAction.CHANGE_TIER):
        raise NotAllowedNow(_l("Only an active registration can change tier."))
    earlier = (
        db.session.get(Application, registration.application_id)
        if registration.application_id
        else None
    )
    application = Application(
        applicant_id=user.id,
        state=ApplicationState.DRAFT,
        registration=registration,
        date_of_birth=getattr(earlier, "date_of_birth", None),
        phone=getattr(earlier, "phone", None),
        work_region=registration.work_region,
        show_work_region=registration.show_work_region,
    )
    db.session.add(application)
    db.session.flush()
    audit.record(
        user,
        "application.created",
        application,
        tier_change_of=registration.number,
        current_tier=registration.tier,
    )
    return application


def outstanding(application: Application, today: dt.date | None = None) -> list[RuleResult]:
    """What stops submission: rules still missing or not met (the code is accepted on the
    submit form itself, so it is left out), plus the personal details."""
    today = today or dt.date.today()
    evaluation = evaluate(current_policies(), application, today, SUBMISSION)
    blocking = [
        r
        for r in evaluation.results
        if r.outcome in (RuleOutcome.MISSING, RuleOutcome.FAILED) and r.rule != "code.accepted"
    ]
    if application.date_of_birth is None:
        blocking.insert(0, RuleResult("personal.details", RuleOutcome.MISSING))
    return blocking


def submit_application(
    application: Application, actor, accept_code: bool, code_version: str | None = None
) -> None:
    """Submit a complete draft: the professional code accepted, the e-mail address
    confirmed, nothing missing. ``code_version`` is the version of the code the applicant
    was shown (the current one when not given); a newer code must be read first. Records
    the submission and the code's version, e-mails the applicant and asks each referee."""
    from register.references.services import request_reference

    problems = []
    if application.state is not ApplicationState.DRAFT:
        problems.append(_l("This application has already been sent."))
    if actor.email_confirmed_at is None:
        problems.append(
            _l("Confirm your e-mail address first. Use the link in the e-mail we sent you.")
        )
    code = current_policies().professional_code
    if not accept_code:
        problems.append(_l("Accept the professional code to send your application."))
    elif code_version is not None and code_version != code.version:
        problems.append(
            _l(
                "The professional code has changed since you opened this page. Read the "
                "current version and accept it again."
            )
        )
    if outstanding(application):
        problems.append(
            _l("Your application is not complete yet. See the list of what is still missing.")
        )
    if problems:
        raise ActionRefused(problems[0], more=problems[1:])
    application.code_accepted_at = utcnow()
    application.code_version = code.version
    change_state(application, ApplicationAction.SUBMIT, actor)
    queue_email(
        actor.email,
        _l("We have received your application"),
        "application_submitted",
        locale=actor.locale,
        application=application,
        user=actor,
        link=absolute_url("apply.status", application_id=application.id),
    )
    for reference in application.references:
        if reference.state is ReferenceState.PENDING:
            request_reference(reference, actor)


def answer_info_request(application: Application, actor, text: str, upload=None) -> None:
    """The applicant answers a request for more information, optionally with a file
    (a refused file propagates, nothing is changed). The application goes back to review."""
    if application.state is not ApplicationState.INFO_REQUESTED:
        raise NotAllowedNow(_l("The register has not asked you for more information."))
    if upload is not None and upload.filename:
        stored = store_upload(upload, actor)
        application.evidence.append(
            Evidence(file=stored, kind=EvidenceKind.ANSWER, description=stored.original_name[:200])
        )
    application.messages.append(
        ApplicationMessage(author_id=actor.id, kind=MessageKind.ANSWER, body=text.strip())
    )
    change_state(application, ApplicationAction.ANSWER, actor)
    queue_email(
        actor.email,
        _l("We have received your answer"),
        "application_answer_received",
        locale=actor.locale,
        application=application,
        user=actor,
        link=absolute_url("apply.status", application_id=application.id),
    )


def withdraw_application(application: Application, actor) -> None:
    """The applicant withdraws an application that has no final decision yet."""
    if application.state in FINAL_APPLICATION_STATES:
        raise NotAllowedNow(_l("This application can no longer be withdrawn."))
    change_state(application, ApplicationAction.WITHDRAW, actor)
    queue_email(
        actor.email,
        _l("Your application has been withdrawn"),
        "application_withdrawn",
        locale=actor.locale,
        application=application,
        user=actor,
    )
