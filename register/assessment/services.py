"""Independent assessment of transitional-route portfolios (beoordeling van het portfolio).

One function per action: a registrar assigns assessors, each assessor declares a conflict of
interest (or none), saves draft scores and submits them; what each assignment's state
allows is ``ASSESSMENT_LIFECYCLE``'s to say. Every state change is audited; notifications
are queued. Services flush and never commit: the request commits once.

Rules kept here: only transitional-route applications that are submitted, in review or
waiting for information get assessors; never more live assignments than the policy's
``assessors_required``; one assignment per assessor per application; only an assessor
whose assessor training counts, and, once the places are filled, the policy's number of
experts by experience among them unless the registrar records why not
(``register.domain.portfolio.check_assignment``); no scoring before "no conflict" is
declared; a submitted assessment never changes.

The rubric is built from the sources (``register.domain.portfolio.rubric``): the tier's
competences with their behavioural traits, then the critical situations the applicant
described.
"""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from register import audit
from register.access import staff_recipients
from register.assessment.assessors import assessor_facts
from register.domain import portfolio
from register.domain.lifecycle import (
    ASSESSMENT_LIFECYCLE,
    LIVE_ASSESSMENT_STATES,
    ApplicationState,
    AssessmentAction,
    AssessmentState,
)
from register.domain.trace import RuleOutcome
from register.errors import ActionRefused, NotAllowedNow
from register.extensions import db
from register.links import absolute_url
from register.mail import queue_email
from register.models.accounts import Role, User
from register.models.applications import Application, ReferenceState, Route
from register.models.assessments import PortfolioAssessment, RubricScore
from register.models.base import utcnow
from register.policy import current_policies

ASSIGNABLE_STATES = frozenset(
    {ApplicationState.SUBMITTED, ApplicationState.IN_REVIEW, ApplicationState.INFO_REQUESTED}
)
RATIONALE_MAX = 5000


class IncompleteAssessment(ActionRefused):
    """Submitting needs a score and a rationale for every rubric item. ``missing`` maps each
    incomplete item id to the parts that are missing ("score", "rationale")."""

    def __init__(self, missing: dict[str, set[str]]):
        self.missing = missing
        super().__init__(_l("Give a score and a rationale for every item before submitting."))

    def show_on(self, form) -> bool:
        """Mark every missing score and rationale on the scoring form."""
        form.mark_missing(self.missing)
        return True


# --- reading -------------------------------------------------------------------------------


def described_situations(application: Application) -> set[str]:
    """The items of the portfolio with a written description (the rubric keeps those that
    are critical situations of the set in use)."""
    return {e.item_id for e in application.portfolio_entries if e.reflection.strip()}


def rubric_for(application: Application) -> tuple[portfolio.RubricItem, ...]:
    """The rubric of ``application``: its tier's competences and the critical situations it
    describes; empty without a tier."""
    policies = current_policies()
    return portfolio.rubric(
        policies.framework,
        policies.transitional_route,
        application.tier,
        described_situations(application),
    )


def assessments_of(application: Application) -> list[PortfolioAssessment]:
    """Every assignment on ``application``, oldest first (also closed ones)."""
    return list(
        db.session.scalars(
            select(PortfolioAssessment)
            .where(PortfolioAssessment.application_id == application.id)
            .order_by(PortfolioAssessment.assigned_at, PortfolioAssessment.id)
        )
    )


def live_assessments(application: Application) -> list[PortfolioAssessment]:
    """Assignments that count towards the required number: not closed by a conflict."""
    return [a for a in assessments_of(application) if a.state in LIVE_ASSESSMENT_STATES]


def submitted_assessments(application: Application) -> list[PortfolioAssessment]:
    """The submitted assessments (none has a conflict): what the policy trace combines."""
    return [a for a in assessments_of(application) if a.state is AssessmentState.SUBMITTED]


def assessments_for_assessor(assessor: User) -> list[PortfolioAssessment]:
    """The assessor's own assignments, newest first."""
    return list(
        db.session.scalars(
            select(PortfolioAssessment)
            .where(PortfolioAssessment.assessor_id == assessor.id)
            .order_by(PortfolioAssessment.assigned_at.desc(), PortfolioAssessment.id.desc())
        )
    )


def assessor_candidates(application: Application) -> list[User]:
    """Active assessor accounts not yet assigned to ``application`` (in any state)."""
    taken = {a.assessor_id for a in assessments_of(application)}
    users = db.session.scalars(
        select(User)
        .where(User.role == Role.ASSESSOR, User.active.is_(True))
        .order_by(User.surname, User.given_names, User.id)
    )
    return [u for u in users if u.id not in taken and u.id != application.applicant_id]


def can_take_assessors(application: Application) -> bool:
    """True when the application is one that assessors may be assigned to."""
    return application.route is Route.TRANSITIONAL and application.state in ASSIGNABLE_STATES


def open_places(application: Application) -> int:
    """How many more assessors the policy asks for on ``application``: the required number,
    and one more when the assessors disagree and the policy asks a third to judge."""
    from register.applications.facts import application_facts
    from register.domain.eligibility import third_assessor_needed

    policies = current_policies()
    route = policies.transitional_route
    required = route.assessors_required
    submitted = submitted_assessments(application)
    if len(submitted) >= required:
        facts = application_facts(
            application, dt.date.today(), submitted, framework=policies.framework
        )
        if third_assessor_needed(route, facts):
            required += 1
    return max(0, required - len(live_assessments(application)))


def assignment_check(application: Application, assessor: User, today: dt.date | None = None):
    """The assignment rule's trace for adding ``assessor`` to ``application``'s live
    assessors (trained as an assessor; enough experts by experience)."""
    assigned = [assessor_facts(a.assessor) for a in live_assessments(application)]
    return portfolio.check_assignment(
        current_policies().transitional_route,
        assigned,
        assessor_facts(assessor),
        today or dt.date.today(),
    )


# --- actions -------------------------------------------------------------------------------


def assign_assessor(
    application: Application,
    assessor: User,
    actor,
    lived_experience_exception: str | None = None,
    today: dt.date | None = None,
) -> PortfolioAssessment:
    """Assign ``assessor`` to assess ``application`` and e-mail them.

    Refused for applications that are not transitional-route or not awaiting a decision,
    for accounts that are not active assessors, for an assessor already assigned (also one
    who declared a conflict), when the policy's number of assessors is reached, for an
    assessor whose training as an assessor does not count (none recorded, or expired), and
    when the assessors would not include the policy's number of experts by experience and
    ``lived_experience_exception`` does not say why (the reason is then stored with this
    assignment and audited)."""
    field = "assessor_id"  # every refusal is shown at the choice of assessor
    if application.route is not Route.TRANSITIONAL:
        raise ActionRefused(_l("Only transitional-route applications are assessed."), field)
    if application.state not in ASSIGNABLE_STATES:
        raise ActionRefused(
            _l("Assessors can only be assigned while the application is awaiting a decision."),
            field,
        )
    if not rubric_for(application):
        raise ActionRefused(_l("The application has no tier, so there is no rubric."), field)
    if assessor is None or assessor.role is not Role.ASSESSOR or not assessor.active:
        raise ActionRefused(_l("Choose an active assessor account."), field)
    if assessor.id == application.applicant_id:
        raise ActionRefused(_l("Applicants cannot assess their own application."), field)
    if any(a.assessor_id == assessor.id for a in assessments_of(application)):
        raise ActionRefused(
            _l("This assessor has already been assigned to this application."), field
        )
    if open_places(application) < 1:
        raise ActionRefused(
            _l("This application already has the number of assessors the policy requires."),
            field,
        )
    check = assignment_check(application, assessor, today)
    if check.result("assessor.trained").outcome is not RuleOutcome.PASSED:
        raise ActionRefused(
            _l(
                "%(name)s has no assessor training that counts today. Only a trained "
                "assessor can be assigned.",
                name=assessor.full_name,
            ),
            field,
        )
    reason = (lived_experience_exception or "").strip() or None
    without_lived = check.result("assessors.lived_experience").outcome is RuleOutcome.FAILED
    if without_lived and reason is None:
        raise ActionRefused(
            _l(
                "None of the assessors would be an expert by experience, as the sources "
                "prefer. Choose an assessor who is, or write down why not."
            ),
            "lived_experience_exception",
        )
    assessment = PortfolioAssessment(
        application_id=application.id,
        assessor_id=assessor.id,
        assigned_by_id=getattr(actor, "id", None),
        assigned_at=utcnow(),
        lived_experience_exception=reason if without_lived else None,
    )
    db.session.add(assessment)
    db.session.flush()
    audit.record(
        actor,
        "assessment.assigned",
        assessment,
        application_id=application.id,
        assessor_id=assessor.id,
        assignment_check=check.to_json(),
        lived_experience_exception=reason if without_lived else None,
    )
    queue_email(
        assessor.email,
        _l("A portfolio to assess"),
        "assessment_assigned",
        locale=assessor.locale,
        assessor=assessor,
        tier=application.tier,
        link=absolute_url("assessment.declare", assessment_id=assessment.id),
    )
    db.session.flush()
    return assessment


#: why an assignment in a closed state refuses every action
CLOSED_REASONS = {
    AssessmentState.SUBMITTED: _l(
        "This assessment has been submitted and can no longer be changed."
    ),
    AssessmentState.CONFLICT_DECLARED: _l(
        "This assignment was closed because you declared a conflict of interest."
    ),
}


def refusal(assessment: PortfolioAssessment, action: AssessmentAction):
    """Why ``action`` is not possible in the assignment's state (translated), or None when
    the lifecycle allows it."""
    state = assessment.state
    if ASSESSMENT_LIFECYCLE.can(state, action):
        return None
    if state in CLOSED_REASONS:
        return CLOSED_REASONS[state]
    if state is AssessmentState.ASSIGNED:
        return _l("Declare first whether you have a conflict of interest.")
    return _l("You have already declared whether you have a conflict of interest.")


def _require(assessment: PortfolioAssessment, action: AssessmentAction, actor) -> None:
    """Refuse ``action`` unless ``actor`` is the assigned assessor and the state allows it."""
    if getattr(actor, "id", None) != assessment.assessor_id:
        raise ActionRefused(_l("Only the assigned assessor can do this."))
    reason = refusal(assessment, action)
    if reason is not None:
        raise NotAllowedNow(reason)


def _move(assessment: PortfolioAssessment, action: AssessmentAction) -> None:
    assessment.state = ASSESSMENT_LIFECYCLE.next_state(assessment.state, action)


def declare_conflict(
    assessment: PortfolioAssessment, has_conflict: bool, note: str | None, actor
) -> None:
    """Record the assessor's declaration. "No conflict" opens the portfolio for scoring; a
    conflict closes the assignment and e-mails every registrar so they can assign another
    assessor. A declaration is made once."""
    action = (
        AssessmentAction.DECLARE_CONFLICT if has_conflict else AssessmentAction.DECLARE_NO_CONFLICT
    )
    _require(assessment, action, actor)
    note = (note or "").strip() or None
    if has_conflict and not note:
        raise ActionRefused(_l("Describe the conflict of interest."), field="note")
    _move(assessment, action)
    assessment.conflict_note = note if has_conflict else None
    assessment.conflict_declared_at = utcnow()
    audit.record(
        actor,
        "assessment.conflict_declared",
        assessment,
        application_id=assessment.application_id,
        has_conflict=bool(has_conflict),
    )
    if has_conflict:
        for staff in staff_recipients():
            queue_email(
                staff.email,
                _l("An assessor declared a conflict of interest"),
                "assessment_conflict",
                locale=staff.locale,
                assessor=actor,
                application_id=assessment.application_id,
                note=note,
                link=absolute_url("assessment.assign", application_id=assessment.application_id),
            )
    db.session.flush()


def _indicators(item: portfolio.RubricItem, chosen) -> list[int] | None:
    """The positions of the behavioural traits marked as shown (None for a situation)."""
    if item.kind != "competence":
        return None
    positions = sorted({int(i) for i in chosen or ()})
    if any(not 0 <= i < len(item.indicators) for i in positions):
        raise ActionRefused(_l("Unknown behavioural trait for %(item)s.", item=item.id))
    return positions


def _apply_scores(assessment: PortfolioAssessment, scores: dict) -> int:
    """Write ``scores`` (item id → (sufficient or None, rationale[, positions of the traits
    shown])) for the current rubric; an item with neither a score, a rationale nor a trait
    is cleared. Returns the items kept."""
    items = {item.id: item for item in rubric_for(assessment.application)}
    unknown = set(scores) - set(items)
    if unknown:
        raise ActionRefused(_l("Unknown rubric item: %(items)s.", items=", ".join(sorted(unknown))))
    existing = {s.item_id: s for s in assessment.scores}
    for item_id, value in scores.items():
        sufficient, rationale, *rest = value
        shown = _indicators(items[item_id], rest[0] if rest else ())
        rationale = (rationale or "").strip()
        if len(rationale) > RATIONALE_MAX:
            raise ActionRefused(
                _l("A rationale can be at most %(max)s characters.", max=RATIONALE_MAX)
            )
        row = existing.get(item_id)
        if sufficient is None and not rationale and not shown:
            if row is not None:
                assessment.scores.remove(row)
            continue
        if row is None:
            row = RubricScore(item_id=item_id)
            assessment.scores.append(row)
        row.sufficient, row.rationale, row.indicators_shown = sufficient, rationale, shown
    # Scores for items the current rubric no longer has are dropped.
    for row in [s for s in assessment.scores if s.item_id not in items]:
        assessment.scores.remove(row)
    return len(assessment.scores)


def save_scores(assessment: PortfolioAssessment, scores: dict, actor) -> None:
    """Save a draft: partial scores and rationales are kept; nothing is final yet."""
    _require(assessment, AssessmentAction.SAVE_SCORES, actor)
    _move(assessment, AssessmentAction.SAVE_SCORES)
    kept = _apply_scores(assessment, scores)
    audit.record(
        actor,
        "assessment.draft_saved",
        assessment,
        application_id=assessment.application_id,
        items_filled=kept,
    )
    db.session.flush()


def missing_parts(assessment: PortfolioAssessment) -> dict[str, set[str]]:
    """Per rubric item what is still missing for submission ("score", "rationale")."""
    by_item = {s.item_id: s for s in assessment.scores}
    missing: dict[str, set[str]] = {}
    for item in rubric_for(assessment.application):
        row = by_item.get(item.id)
        parts = set()
        if row is None or row.sufficient is None:
            parts.add("score")
        if row is None or not (row.rationale or "").strip():
            parts.add("rationale")
        if parts:
            missing[item.id] = parts
    return missing


def submit_assessment(assessment: PortfolioAssessment, actor, scores: dict | None = None) -> None:
    """Submit the assessment: every rubric item needs a score and a written rationale.

    ``scores`` (as for ``save_scores``) are applied first when given, so one form can save
    and submit at once. Records the submission time and the policy version; after this
    nothing changes. When the last required assessment comes in, registrars are told."""
    _require(assessment, AssessmentAction.SUBMIT, actor)
    if scores is not None:
        _apply_scores(assessment, scores)
    missing = missing_parts(assessment)
    if missing:
        raise IncompleteAssessment(missing)
    _move(assessment, AssessmentAction.SUBMIT)
    policy = current_policies().transitional_route
    assessment.submitted_at = utcnow()
    assessment.policy_version = policy.version
    insufficient = sorted(s.item_id for s in assessment.scores if not s.sufficient)
    audit.record(
        actor,
        "assessment.submitted",
        assessment,
        application_id=assessment.application_id,
        policy_version=policy.version,
        insufficient_items=insufficient,
    )
    db.session.flush()
    application = assessment.application
    if len(submitted_assessments(application)) == policy.assessors_required:
        for staff in staff_recipients():
            queue_email(
                staff.email,
                _l("Portfolio assessments complete"),
                "assessment_complete",
                locale=staff.locale,
                application_id=application.id,
                link=absolute_url("assessment.compare", application_id=application.id),
            )
    db.session.flush()


def named_organisations(application) -> list[str]:
    """The organisations the application names (where the applicant worked, and the
    referees' organisations), each once, sorted: what an assessor needs to see to judge a
    conflict of interest before the portfolio opens."""
    names = {w.organisation.strip() for w in application.work_experience}
    names |= {
        r.organisation.strip()
        for r in application.references
        if r.state is not ReferenceState.REPLACED
    }
    return sorted((n for n in names if n), key=str.casefold)
