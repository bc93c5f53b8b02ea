"""Panel actions: a registrar forms the panel, assessors declare conflicts and
affiliations, score every criterion blind, ask the provider questions; the registrar or the
panel chair records the agreed findings and the recommendation."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from register.access import staff_recipients
from register.accreditation.common import (
    criterion_ids,
    notify,
    provider_contacts,
    record,
    transition,
)
from register.domain.accreditation import (
    REVIEWING_STATES,
    Candidate,
    Outcome,
    RequestAction,
    RequestState,
    Score,
    check_panel,
    rationale_required,
)
from register.domain.lifecycle import (
    ASSESSMENT_LIFECYCLE,
    LIVE_ASSESSMENT_STATES,
    AssessmentAction,
    AssessmentState,
)
from register.domain.trace import Trace
from register.errors import ActionRefused, NotAllowedNow
from register.extensions import db
from register.models.accounts import Role, User
from register.models.accreditation import (
    AccreditationRequest,
    AssessorAffiliation,
    CriterionScore,
    PanelFinding,
    PanelMember,
    ProviderQuestion,
)
from register.models.base import utcnow
from register.models.programmes import TrainingProvider
from register.policy import current_policies
from register.rule_display import describe


def affiliated(assessor: User, provider: TrainingProvider | None) -> bool:
    """True when ``assessor`` declared a link with ``provider``."""
    if provider is None:
        return False
    return (
        db.session.scalar(
            select(AssessorAffiliation.id).where(
                AssessorAffiliation.assessor_id == assessor.id,
                AssessorAffiliation.provider_id == provider.id,
            )
        )
        is not None
    )


def declare_affiliation(
    assessor: User, provider: TrainingProvider, description: str
) -> AssessorAffiliation:
    """An assessor records a link with a training provider (work, teaching, board, ...)."""
    if affiliated(assessor, provider):
        raise ActionRefused(
            _l("You have already declared a link with this provider."), field="provider"
        )
    link = AssessorAffiliation(
        assessor=assessor, provider=provider, description=description.strip()
    )
    db.session.add(link)
    db.session.flush()
    record(assessor, "assessor.affiliation_declared", link, provider_id=provider.id)
    return link


def form_panel(
    request: AccreditationRequest, registrar: User, assessors: Sequence[User], chair: User | None
) -> Trace:
    """Put ``assessors`` on the panel of a submitted request (or add them to a panel under
    review). The whole panel must meet the policy, and nobody linked to the provider can
    sit on it. Returns the panel check; raises ``ActionRefused`` when it fails."""
    if request.state not in (RequestState.SUBMITTED, RequestState.UNDER_REVIEW):
        raise NotAllowedNow(_l("A panel can only be formed for a submitted request."))
    if any(a.role is not Role.ASSESSOR or not a.active for a in assessors):
        raise ActionRefused(
            _l("Only active assessor accounts can sit on a panel."), field="assessors"
        )
    present = {m.assessor_id for m in request.panel}
    new = [a for a in assessors if a.id not in present]
    candidates = [
        Candidate(
            m.assessor.full_name,
            m.assessor.is_lived_experience_expert,
            declared_conflict=m.state not in LIVE_ASSESSMENT_STATES,
        )
        for m in request.panel
    ]
    candidates += [
        Candidate(
            a.full_name,
            a.is_lived_experience_expert,
            affiliated_with_provider=affiliated(a, request.provider),
        )
        for a in new
    ]
    check = check_panel(
        current_policies().accreditation.panel, [c for c in candidates if not c.declared_conflict]
    )
    if not check.passed:
        failed = next(r for r in check.results if not r.passed)
        raise ActionRefused(describe(failed).advice, field="assessors")
    for assessor in new:
        request.panel.append(PanelMember(assessor=assessor, assigned_by_id=registrar.id))
    if chair is not None:
        for member in request.panel:
            member.is_chair = member.assessor_id == chair.id
    if request.state is RequestState.SUBMITTED:
        transition(request, RequestAction.FORM_PANEL, registrar)
    db.session.flush()
    record(
        registrar,
        "accreditation_request.panel_formed",
        request,
        added=[a.id for a in new],
        chair=chair.id if chair else None,
        policy_version=current_policies().accreditation.version,
    )
    notify(
        new,
        _l("You have been asked to assess a programme"),
        "accreditation_panel",
        "accreditation_panel.request",
        {"request_id": request.id},
        request=request,
    )
    return check


def declare_conflict(member: PanelMember, has_conflict: bool, note: str | None) -> None:
    """The assessor declares, before seeing the self-evaluation, whether they have a conflict
    of interest. A conflict takes them off the panel and the registrars are told."""
    action = (
        AssessmentAction.DECLARE_CONFLICT if has_conflict else AssessmentAction.DECLARE_NO_CONFLICT
    )
    if not ASSESSMENT_LIFECYCLE.can(member.state, action):
        raise NotAllowedNow(_l("You have already made your declaration."))
    if has_conflict and not (note or "").strip():
        raise ActionRefused(_l("Describe the conflict of interest."), field="note")
    member.state = ASSESSMENT_LIFECYCLE.next_state(member.state, action)
    member.conflict_note = (note or "").strip() or None
    member.conflict_declared_at = utcnow()
    db.session.flush()
    record(
        member.assessor,
        "panel_member.conflict_declared",
        member.request,
        member_id=member.id,
        has_conflict=has_conflict,
    )
    if has_conflict:
        notify(
            staff_recipients(),
            _l("An assessor declared a conflict of interest"),
            "accreditation_conflict",
            "accreditation_review.request",
            {"request_id": member.request_id},
            request=member.request,
            member=member,
        )


def _may_score(member: PanelMember) -> None:
    if member.state is AssessmentState.SUBMITTED:
        raise NotAllowedNow(_l("Your scores have been submitted and cannot be changed."))
    if not ASSESSMENT_LIFECYCLE.can(member.state, AssessmentAction.SAVE_SCORES):
        raise NotAllowedNow(_l("Declare first that you have no conflict of interest."))
    if member.request.state not in REVIEWING_STATES:
        raise NotAllowedNow(_l("This request is not being scored."))


def save_scores(
    member: PanelMember, scores: Mapping[str, tuple[Score | None, str]], submit: bool
) -> dict[str, str]:
    """Save the assessor's scores (criterion id → (score, rationale)); with ``submit`` all
    must be complete and they become final. Returns problems per criterion (translated);
    when there are any and ``submit`` is set, nothing is submitted (the draft is saved)."""
    _may_score(member)
    valid = set(criterion_ids(member.request))
    problems: dict[str, str] = {}
    for criterion_id in valid:
        score, rationale = scores.get(criterion_id, (None, ""))
        rationale = (rationale or "").strip()
        if score is None:
            if submit:
                problems[criterion_id] = str(_l("Choose met, partly met or not met."))
            continue
        if rationale_required(score) and not rationale:
            problems[criterion_id] = str(_l("Explain why this criterion is not fully met."))
        row = member.score_for(criterion_id)
        if row is None:
            row = CriterionScore(criterion_id=criterion_id, score=score)
            member.scores.append(row)
        row.score, row.rationale = score, rationale
    db.session.flush()
    if submit and not problems:
        member.state = ASSESSMENT_LIFECYCLE.next_state(member.state, AssessmentAction.SUBMIT)
        member.submitted_at = utcnow()
        db.session.flush()
        record(
            member.assessor,
            "panel_member.scores_submitted",
            member.request,
            member_id=member.id,
            scores={s.criterion_id: s.score.value for s in member.scores},
        )
        if all(m.state is AssessmentState.SUBMITTED for m in member.request.active_panel()):
            notify(
                staff_recipients(),
                _l("All assessors have scored"),
                "accreditation_scored",
                "accreditation_review.request",
                {"request_id": member.request_id},
                request=member.request,
            )
    else:
        record(
            member.assessor,
            "panel_member.scores_saved",
            member.request,
            member_id=member.id,
            scored=len(member.scores),
        )
    return problems


def ask_question(
    request: AccreditationRequest, actor: User, body: str, criterion_id: str | None
) -> ProviderQuestion:
    """A panel member or registrar asks the provider a question through the portal."""
    if request.state not in REVIEWING_STATES:
        raise NotAllowedNow(
            _l("Questions can only be asked while the panel is reviewing the request.")
        )
    if criterion_id and criterion_id not in criterion_ids(request):
        raise ActionRefused(
            _l("This criterion does not apply to this request."), field="criterion_id"
        )
    question = ProviderQuestion(
        body=body.strip(), asked_by=actor, criterion_id=criterion_id or None
    )
    request.questions.append(question)
    db.session.flush()
    record(
        actor, "provider_question.asked", request, question_id=question.id, criterion=criterion_id
    )
    notify(
        provider_contacts(request.provider),
        _l("The assessment panel has a question"),
        "accreditation_question",
        "accreditation.request_detail",
        {"request_id": request.id},
        request=request,
        question=question,
    )
    return question


def scoring_complete(request: AccreditationRequest) -> bool:
    """Every assessor still on the panel has submitted and the panel meets the policy."""
    panel = request.active_panel()
    rules = current_policies().accreditation.panel
    lived = [m for m in panel if m.assessor.is_lived_experience_expert]
    return (
        len(panel) >= rules.min_assessors
        and len(lived) >= rules.min_lived_experience_assessors
        and all(m.state is AssessmentState.SUBMITTED for m in panel)
    )


def record_findings(
    request: AccreditationRequest,
    actor: User,
    findings: Mapping[str, tuple[Score, str]],
    recommendation: Outcome,
    note: str | None,
) -> None:
    """Record the panel's agreed finding on every criterion and its recommendation (by the
    registrar or the panel chair), once every assessor has submitted."""
    if request.state is not RequestState.UNDER_REVIEW or not scoring_complete(request):
        raise NotAllowedNow(
            _l(
                "Findings can be recorded when every assessor on the panel "
                "has submitted their scores."
            )
        )
    ids = criterion_ids(request)
    missing = [c for c in ids if c not in findings]
    if missing:
        raise ActionRefused(_l("Record a finding for every criterion."))
    if recommendation is Outcome.INCOMPLETE:
        raise ActionRefused(_l("Choose a recommendation."), field="recommendation")
    for criterion_id in ids:
        score, text = findings[criterion_id]
        if rationale_required(score) and not (text or "").strip():
            raise ActionRefused(_l("Explain each finding that is not fully met."))
        request.findings.append(
            PanelFinding(
                criterion_id=criterion_id,
                score=score,
                note=(text or "").strip(),
                recorded_by_id=actor.id,
            )
        )
    request.recommendation, request.recommendation_note = recommendation, (note or "").strip()
    request.findings_agreed_at = utcnow()
    transition(request, RequestAction.AGREE_FINDINGS, actor)
    db.session.flush()
    record(
        actor,
        "accreditation_request.findings_agreed",
        request,
        recommendation=recommendation.value,
        findings={f.criterion_id: f.score.value for f in request.findings},
    )
