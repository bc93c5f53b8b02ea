"""Provider-side actions: sign up as a training provider, add a programme, start a request,
answer the self-evaluation per criterion, add documents, submit, withdraw, answer the
panel's questions. One function per action; they flush and never commit."""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from register.access import staff_recipients
from register.accounts.services import send_confirmation, sign_up
from register.accreditation.common import (
    criterion_ids,
    notify,
    record,
    transition,
)
from register.domain.accreditation import (
    FINAL_STATES,
    RequestAction,
    RequestState,
    progress,
    renewal_open,
)
from register.errors import ActionRefused, NotAllowedNow
from register.extensions import db
from register.models.accounts import Role, User
from register.models.accreditation import (
    AccreditationRequest,
    CriterionAnswer,
    ProviderContact,
    ProviderQuestion,
    RequestDocument,
)
from register.models.base import utcnow
from register.models.programmes import (
    AccreditationStatus,
    Programme,
    ProgrammeContext,
    StudyMode,
    TrainingProvider,
)
from register.policy import current_policies
from register.uploads import store_upload

CURRENT = (AccreditationStatus.ACTIVE, AccreditationStatus.CONDITIONAL)


def sign_up_provider(
    organisation: str,
    kvk_number: str,
    phone: str,
    email: str,
    password: str,
    given_names: str,
    surname_prefix: str,
    surname: str,
    locale: str | None = None,
) -> User | None:
    """Create the training provider and its contact person's account (role provider), and
    send the confirmation e-mail. Refuses (``ActionRefused``) a known KvK number and a weak
    password. An address already in use creates nothing and returns None: its owner gets an
    e-mail instead, and the page says the same as for a new account (``sign_up``)."""
    existing = db.session.scalar(
        select(TrainingProvider).where(TrainingProvider.kvk_number == kvk_number)
    )
    if existing is not None:
        raise ActionRefused(
            _l(
                "This Chamber of Commerce number is already registered. Ask your colleague "
                "who manages it, or contact the register."
            ),
            field="kvk_number",
        )
    user = sign_up(
        email, password, given_names, surname_prefix, surname, role=Role.PROVIDER, locale=locale
    )
    if user is None:
        return None
    provider = TrainingProvider(
        name=organisation.strip(),
        kvk_number=kvk_number,
        contact_email=user.email,
        contact_phone=phone.strip() or None,
    )
    db.session.add(provider)
    db.session.add(ProviderContact(user=user, provider=provider))
    db.session.flush()
    record(user, "provider.signed_up", provider, kvk_number=kvk_number)
    send_confirmation(user)
    return user


def add_programme(
    provider: TrainingProvider,
    actor: User,
    name: str,
    level: int,
    context: ProgrammeContext,
    study_load_hours: int | None,
    mode: StudyMode | None,
    description: str | None,
) -> Programme:
    """Add a programme of ``provider`` at one NLQF level."""
    programme = Programme(
        provider=provider,
        name=name.strip(),
        nlqf_level=level,
        context=context,
        study_load_hours=study_load_hours,
        mode=mode,
        description=(description or "").strip() or None,
    )
    db.session.add(programme)
    db.session.flush()
    record(actor, "programme.created", programme, level=level, provider_id=provider.id)
    return programme


def start_request(programme: Programme, actor: User, today: dt.date) -> AccreditationRequest:
    """Open a draft request for ``programme`` under the current framework.

    Only one open request per programme; while an accreditation is current a new request
    (renewal) may start only within the renewal window before its end date."""
    open_request = db.session.scalar(
        select(AccreditationRequest).where(
            AccreditationRequest.programme_id == programme.id,
            AccreditationRequest.state.not_in(list(FINAL_STATES)),
        )
    )
    if open_request is not None:
        raise NotAllowedNow(_l("This programme already has an open request."))
    policies = current_policies()
    current = [a for a in programme.accreditations if a.status in CURRENT]
    renews = max(current, key=lambda a: a.valid_until) if current else None
    window = policies.accreditation.renewal_window_days
    if renews is not None and not renewal_open(renews.valid_until, today, window):
        raise ActionRefused(
            _l(
                "This programme is accredited until %(date)s. You can ask for renewal from "
                "%(days)s days before that date.",
                date=renews.valid_until.isoformat(),
                days=window,
            )
        )
    request = AccreditationRequest(
        programme=programme,
        level=programme.nlqf_level,
        framework_version=policies.framework.version,
        created_by_id=actor.id,
        renews=renews,
    )
    db.session.add(request)
    db.session.flush()
    record(
        actor,
        "accreditation_request.started",
        request,
        programme_id=programme.id,
        renews=renews.id if renews else None,
    )
    return request


def _editable(request: AccreditationRequest) -> None:
    if request.state is not RequestState.DRAFT:
        raise NotAllowedNow(_l("This request has been submitted and can no longer be changed."))


def save_answer(
    request: AccreditationRequest,
    actor: User,
    criterion_id: str,
    coverage: str,
    location: str,
    assessment: str,
) -> CriterionAnswer:
    """Save (or replace) the self-evaluation on one criterion of a draft request."""
    _editable(request)
    if criterion_id not in criterion_ids(request):
        raise ActionRefused(_l("This criterion does not apply to this request."))
    answer = request.answer_for(criterion_id)
    if answer is None:
        answer = CriterionAnswer(criterion_id=criterion_id, coverage="", location="", assessment="")
        request.answers.append(answer)
    answer.coverage, answer.location = coverage.strip(), location.strip()
    answer.assessment = assessment.strip()
    db.session.flush()
    record(actor, "accreditation_request.answer_saved", request, criterion=criterion_id)
    return answer


def add_document(
    request: AccreditationRequest,
    actor: User,
    upload,
    criterion_id: str | None,
    description: str | None,
) -> RequestDocument:
    """Store a supporting document (PDF, DOCX, XLSX, ODT, PNG, JPEG) with a draft request; raises
    ``ActionRefused`` (on the form's ``document`` field) for a file that cannot be accepted."""
    _editable(request)
    if criterion_id and criterion_id not in criterion_ids(request):
        raise ActionRefused(_l("This criterion does not apply to this request."))
    stored = store_upload(upload, actor, field="document", documents=True)
    document = RequestDocument(
        file=stored,
        criterion_id=criterion_id or None,
        description=(description or "").strip()[:200] or None,
    )
    request.documents.append(document)
    db.session.flush()
    record(
        actor,
        "accreditation_request.document_added",
        request,
        document_id=document.id,
        criterion=criterion_id,
        sha256=stored.sha256,
    )
    return document


def submit_request(request: AccreditationRequest, actor: User) -> None:
    """Submit a draft request once every criterion has an answer; tells the registrars."""
    _editable(request)
    answered = [a.criterion_id for a in request.answers if a.complete]
    done = progress(criterion_ids(request), answered)
    if not done.complete:
        raise ActionRefused(
            _l(
                "Answer every criterion before you submit: %(answered)s of %(total)s criteria "
                "answered.",
                answered=done.answered,
                total=done.total,
            )
        )
    transition(request, RequestAction.SUBMIT, actor)
    request.submitted_at = utcnow()
    db.session.flush()
    record(
        actor,
        "accreditation_request.submitted",
        request,
        criteria=done.total,
        framework_version=request.framework_version,
    )
    notify(
        staff_recipients(),
        _l("New accreditation request"),
        "accreditation_submitted",
        "accreditation_review.request",
        {"request_id": request.id},
        request=request,
    )


def withdraw_request(request: AccreditationRequest, actor: User) -> None:
    """The provider withdraws a request that has not been decided."""
    transition(request, RequestAction.WITHDRAW, actor)
    db.session.flush()
    record(actor, "accreditation_request.withdrawn", request)


def answer_question(question: ProviderQuestion, actor: User, answer: str) -> None:
    """The provider answers a panel question; the person who asked is told."""
    if question.answered_at is not None:
        raise NotAllowedNow(_l("This question has already been answered."))
    if question.request.state is not RequestState.UNDER_REVIEW:
        raise NotAllowedNow(
            _l("Questions can only be answered while the panel is reviewing the request.")
        )
    question.answer, question.answered_by_id = answer.strip(), actor.id
    question.answered_at = utcnow()
    db.session.flush()
    record(actor, "provider_question.answered", question.request, question_id=question.id)
    notify(
        [question.asked_by],
        _l("The provider answered your question"),
        "accreditation_answered",
        "accreditation_panel.request",
        {"request_id": question.request_id},
        request=question.request,
        question=question,
    )
