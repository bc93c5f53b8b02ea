"""Actions on registrations (inschrijvingen): creating one on approval, starting a new
period (``start_period``: renewal, restoration, tier change), suspending, reinstating,
striking off, and the registrant's own public-region choice. (The daily job's lapsing and
grace period are the renewal feature's: ``register.renewal.jobs``.)

Every change appends a ``RegistrationStatusChange`` row with the registration policy version,
an audit event and an e-mail to the registrant. A registrar's sanction (suspension,
strike-off, reinstatement) is a decision, stored as made (``record_decision``). Suspending,
striking off and reinstating a struck-off registration are grave actions: they take a
second registrar (``confirmed_by``), through a proposal (``register.registrations.
grave_actions``). Services flush; they never commit.
"""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from register import audit
from register.decisions import record_decision
from register.domain.dates import add_years
from register.domain.decisions import DecisionKind, DecisionOutcome
from register.domain.lifecycle import (
    REGISTRATION_LIFECYCLE,
    RegistrationAction,
    RegistrationStatus,
)
from register.domain.measures import MeasureKind
from register.domain.numbers import format_number
from register.errors import ActionRefused, NotAllowedNow, check_version
from register.extensions import db
from register.mail import queue_email
from register.models.applications import Application, Route
from register.models.base import utcnow
from register.models.complaints import Measure
from register.models.decisions import Decision
from register.models.periods import PeriodKind, RegistrationPeriod
from register.models.registrations import NumberSequence, Registration, RegistrationStatusChange
from register.objections.notices import announce_decision
from register.policy import current_policies
from register.registrations.measures import (
    end_measures,
    measure_started,
    revoke_measures,
    start_measure,
)
from register.registrations.periods import start_period

SEQUENCE_NAME = "registration"


def next_sequence() -> int:
    """Take the next registration sequence number under a row lock, so that two approvals at
    the same moment never share a number. Creates the counter row on first use."""
    counter = db.session.scalars(
        select(NumberSequence).where(NumberSequence.name == SEQUENCE_NAME).with_for_update()
    ).one_or_none()
    if counter is None:
        highest = db.session.scalar(select(func.max(Registration.sequence))) or 0
        counter = NumberSequence(name=SEQUENCE_NAME, next_value=highest + 1)
        db.session.add(counter)
        db.session.flush()
    value = counter.next_value
    counter.next_value = value + 1
    return value


def registration_basis(application: Application) -> tuple[Route | None, int | None]:
    """What a registration from ``application`` rests on, as the public sees it: the route,
    and for the diploma route the NLQF level of the programme. A diploma-route application
    without a known programme (approved against the rules' proposal) says neither."""
    if application.route is Route.TRANSITIONAL:
        return Route.TRANSITIONAL, None
    if application.route is Route.DIPLOMA and application.programme is not None:
        return Route.DIPLOMA, application.programme.nlqf_level
    return None, None


def create_registration(
    application: Application, actor, today: dt.date, decision: Decision | None = None
) -> Registration:
    """Enter the applicant of an approved ``application`` in the register: a new number in
    the policy's format, the tier, valid from ``today`` for the policy's validity period,
    status active, and its first (admission) period on ``decision``. Names and work region
    are copied from the application."""
    policy = current_policies().registration
    sequence = next_sequence()
    applicant = application.applicant
    route, level = registration_basis(application)
    registration = Registration(
        number=format_number(policy.number, sequence),
        sequence=sequence,
        user_id=applicant.id,
        application_id=application.id,
        given_names=applicant.given_names,
        surname_prefix=applicant.surname_prefix or "",
        surname=applicant.surname,
        tier=application.tier,
        status=RegistrationStatus.ACTIVE,
        status_since=utcnow(),
        valid_from=today,
        valid_until=add_years(today, policy.validity_years),
        work_region=application.work_region,
        show_work_region=bool(application.show_work_region),
        route=route,
        qualification_level=level,
        policy_version=policy.version,
    )
    registration.history.append(
        RegistrationStatusChange(
            action=None,
            from_status=None,
            to_status=RegistrationStatus.ACTIVE,
            by_id=getattr(actor, "id", None),
            policy_version=policy.version,
        )
    )
    db.session.add(registration)
    start_period(
        registration,
        PeriodKind.ADMISSION,
        registration.tier,
        registration.valid_from,
        registration.valid_until,
        decision,
    )
    audit.record(
        actor,
        "registration.created",
        registration,
        number=registration.number,
        tier=registration.tier,
        application_id=application.id,
        valid_until=registration.valid_until.isoformat(),
        policy_version=policy.version,
    )
    _notify(
        registration,
        "registration_created",
        _l("You are now in the register: %(number)s", number=registration.number),
    )
    db.session.flush()
    return registration


def current_period(registration: Registration) -> RegistrationPeriod:
    """The registration's latest period. A registration entered before periods were kept
    (and so without one) gets its admission period from its own dates first."""
    if not registration.periods:
        start_period(
            registration,
            PeriodKind.ADMISSION,
            registration.tier,
            registration.valid_from,
            registration.valid_until,
        )
    return registration.periods[-1]


def _change(
    registration: Registration,
    action: RegistrationAction,
    actor,
    *,
    reason=None,
    reason_category=None,
    ends_on=None,
) -> RegistrationStatusChange:
    """Apply ``action`` through the lifecycle table and record it (history row + audit)."""
    policy = current_policies().registration
    before = registration.status
    after = REGISTRATION_LIFECYCLE.next_state(before, action)
    now = utcnow()
    if after is not before:
        registration.status = after
        registration.status_since = now
    change = RegistrationStatusChange(
        action=action,
        from_status=before,
        to_status=after,
        reason=reason,
        reason_category=reason_category,
        ends_on=ends_on,
        at=now,
        by_id=getattr(actor, "id", None),
        policy_version=policy.version,
    )
    registration.history.append(change)
    db.session.flush()
    audit.record(
        actor,
        f"registration.{action.value}",
        registration,
        number=registration.number,
        from_status=before.value,
        to_status=after.value,
        reason_category=reason_category,
        ends_on=ends_on,
        policy_version=policy.version,
    )
    return change


def _notify(registration: Registration, template: str, subject, **ctx) -> None:
    user = registration.user
    if user is None or not user.email:
        return
    policies = current_policies()
    locale = user.locale or None
    queue_email(
        user.email,
        subject,
        template,
        locale=locale,
        registration=registration,
        policies=policies,
        **ctx,
    )


def needs_second_registrar(registration: Registration, action: RegistrationAction) -> bool:
    """Four eyes: suspending, striking off and reinstating a struck-off registration take a
    second registrar; reinstating a suspended one does not."""
    if action in (RegistrationAction.SUSPEND, RegistrationAction.STRIKE_OFF):
        return True
    return (
        action is RegistrationAction.REINSTATE
        and registration.status is RegistrationStatus.STRUCK_OFF
    )


def _four_eyes(registration: Registration, action: RegistrationAction, actor, confirmed_by):
    if needs_second_registrar(registration, action) and (
        confirmed_by is None or confirmed_by.id == getattr(actor, "id", None)
    ):
        raise NotAllowedNow(
            _l("This takes a second registrar: propose it, and another registrar confirms it.")
        )


def _record(
    registration: Registration,
    kind: DecisionKind,
    outcome: DecisionOutcome,
    change: RegistrationStatusChange,
    actor,
    confirmed_by,
    grounds: str | None = None,
    **details,
) -> Decision:
    """The sanction as a stored decision: no rule evaluates it, so the facts it rests on
    are its details (the status before and after, the number, the internal reason). The
    grounds are what the decision letter tells the registrant; the public never sees them."""
    return record_decision(
        kind,
        registration,
        outcome=outcome,
        actor=actor,
        person=registration.user_id,
        grounds=grounds,
        details={
            "number": registration.number,
            "from_status": change.from_status.value if change.from_status else None,
            "to_status": change.to_status.value,
            "internal_reason": change.reason,
            "status_change_id": change.id,
            **details,
        },
        confirmed_by=confirmed_by,
        effective_on=change.at.date(),
    )


def suspend_registration(
    registration: Registration,
    actor,
    *,
    reason: str,
    category: str,
    ends_on: dt.date | None,
    today: dt.date,
    expected_version: int | None = None,
    confirmed_by=None,
    case_id: int | None = None,
    decides_case: bool = False,
) -> RegistrationStatusChange:
    """Suspend (schorsen) a registration: an internal reason, a public category from the
    policy and an optional planned end date after ``today``. Decided by ``actor`` and
    confirmed by a second registrar (``confirmed_by``). The suspension is a ``Measure``
    (of complaint case ``case_id``, when it is one's interim suspension or, with
    ``decides_case``, its decision); a suspension in force is replaced by this one."""
    check_version(registration, expected_version)
    check_suspension(registration, reason=reason, category=category, ends_on=ends_on, today=today)
    _four_eyes(registration, RegistrationAction.SUSPEND, actor, confirmed_by)
    change = _change(
        registration,
        RegistrationAction.SUSPEND,
        actor,
        reason=reason.strip(),
        reason_category=category,
        ends_on=ends_on,
    )
    decision = _record(
        registration,
        DecisionKind.SUSPENSION,
        DecisionOutcome.SUSPENDED,
        change,
        actor,
        confirmed_by,
        grounds=reason.strip(),
        category=category,
        ends_on=ends_on,
        case_id=case_id,
    )
    end_measures(registration, [MeasureKind.SUSPENSION], today)
    measure = start_measure(
        registration,
        MeasureKind.SUSPENSION,
        starts_on=today,
        ends_on=ends_on,
        category=category,
        internal_reason=reason,
        case_id=case_id,
        decision=decision,
    )
    measure_started.send(measure, decides_case=decides_case, decision=decision)
    announce_decision(
        decision,
        _l("Your registration has been suspended"),
        "registration_suspended",
        today=today,
        registration=registration,
        change=change,
    )
    return change


def check_suspension(
    registration: Registration,
    *,
    reason: str | None,
    category: str | None,
    ends_on: dt.date | None,
    today: dt.date,
) -> None:
    """Refuse a suspension the status, the policy's categories or the dates do not allow."""
    if not REGISTRATION_LIFECYCLE.can(registration.status, RegistrationAction.SUSPEND):
        raise NotAllowedNow()  # the page (or the proposal) says what is not possible
    if reason is not None and not reason.strip():
        raise ActionRefused(_l("Give the reason for the suspension."), field="reason")
    if category not in current_policies().registration.suspension_reason_categories:
        raise ActionRefused(_l("Choose a reason category from the list."), field="category")
    if ends_on is not None and ends_on <= today:
        raise ActionRefused(_l("The end date must be after today."), field="ends_on")


def reinstate_registration(
    registration: Registration,
    actor,
    *,
    note: str | None = None,
    expected_version: int | None = None,
    confirmed_by=None,
    upheld_objection=None,
) -> RegistrationStatusChange:
    """Reinstate (herstellen) a suspended or struck-off registration; a note is optional.
    Reinstating a struck-off registration takes a second registrar (``confirmed_by``),
    unless it carries out an upheld objection (``upheld_objection``, the decision on it):
    that objection was decided by a registrar other than the one who struck it off."""
    check_version(registration, expected_version)
    if upheld_objection is None:
        _four_eyes(registration, RegistrationAction.REINSTATE, actor, confirmed_by)
    change = _change(
        registration, RegistrationAction.REINSTATE, actor, reason=(note or "").strip() or None
    )
    day = change.at.date()
    if upheld_objection is not None and upheld_objection.replaces_id is not None:
        revoke_measures(upheld_objection.replaces_id, day)
    end_measures(registration, [MeasureKind.SUSPENSION, MeasureKind.STRIKE_OFF], day)
    _record(
        registration,
        DecisionKind.REINSTATEMENT,
        DecisionOutcome.REINSTATED,
        change,
        actor,
        confirmed_by,
        grounds=(note or "").strip() or None,
        upheld_objection=getattr(upheld_objection, "id", None),
    )
    _notify(
        registration,
        "registration_reinstated",
        _l("Your registration is active again"),
        change=change,
    )
    return change


def strike_off_registration(
    registration: Registration,
    actor,
    *,
    reason: str,
    expected_version: int | None = None,
    confirmed_by=None,
    case_id: int | None = None,
    today: dt.date | None = None,
) -> RegistrationStatusChange:
    """Strike off (doorhalen) a registration; the reason is required and stays internal.
    Decided by ``actor`` and confirmed by a second registrar (``confirmed_by``). The
    strike-off is a ``Measure`` with the policy's earliest re-entry date (of complaint case
    ``case_id`` when it decides one); a suspension in force ends."""
    today = today or dt.date.today()
    check_version(registration, expected_version)
    if not (reason or "").strip():
        raise ActionRefused(_l("Give the reason for striking off."), field="reason")
    _four_eyes(registration, RegistrationAction.STRIKE_OFF, actor, confirmed_by)
    change = _change(registration, RegistrationAction.STRIKE_OFF, actor, reason=reason.strip())
    decision = _record(
        registration,
        DecisionKind.STRIKE_OFF,
        DecisionOutcome.STRUCK_OFF,
        change,
        actor,
        confirmed_by,
        grounds=reason.strip(),
        case_id=case_id,
    )
    end_measures(registration, [MeasureKind.SUSPENSION, MeasureKind.CONDITIONS], today)
    measure = start_measure(
        registration,
        MeasureKind.STRIKE_OFF,
        starts_on=today,
        internal_reason=reason,
        case_id=case_id,
        decision=decision,
    )
    measure_started.send(measure, decides_case=case_id is not None, decision=decision)
    announce_decision(
        decision,
        _l("Your registration has been struck off"),
        "registration_struck_off",
        registration=registration,
        change=change,
    )
    return change


def set_work_region_visibility(registration: Registration, actor, show: bool) -> None:
    """The registrant chooses whether the public register shows their work region."""
    registration.show_work_region = bool(show) and bool(registration.work_region)
    db.session.flush()
    audit.record(
        actor,
        "registration.work_region_visibility",
        registration,
        show=registration.show_work_region,
    )


def current_suspension(registration: Registration) -> RegistrationStatusChange | None:
    """The history row of the suspension now in force, or None."""
    if registration.status is not RegistrationStatus.SUSPENDED:
        return None
    for change in reversed(registration.history):
        if change.action is RegistrationAction.SUSPEND:
            return change
    return None


def end_finished_suspensions(day: dt.date) -> int:
    """The daily job: suspensions whose planned end date has passed are ended (reinstated by
    the system), unless the registration's validity has also ended."""
    suspended = db.session.scalars(
        select(Registration)
        .where(Registration.status == RegistrationStatus.SUSPENDED, Registration.valid_until >= day)
        .order_by(Registration.id)
    ).all()
    count = 0
    for registration in suspended:
        suspension = current_suspension(registration)
        if suspension is None or suspension.ends_on is None or suspension.ends_on >= day:
            continue
        change = _change(
            registration,
            RegistrationAction.REINSTATE,
            None,
            reason="suspension ended on " + suspension.ends_on.isoformat(),
        )
        end_measures(registration, [MeasureKind.SUSPENSION], day)
        _notify(
            registration,
            "registration_reinstated",
            _l("Your registration is active again"),
            change=change,
        )
        count += 1
    return count


def lapse_registration(registration: Registration, day: dt.date) -> RegistrationStatusChange:
    """Lapse ``registration`` on ``day`` (the daily job, through ``register.renewal.jobs``).
    A suspension still in force ends with it that day: a registration that is no longer in
    force is not suspended either, and its measure must not stay "in force" for ever. The
    suspension does not carry over to a restoration: a registration that lapsed while
    suspended is restored only through the register (``register.renewal.services``), and
    the registrar suspends it again if the grounds still hold. The ended suspension stays
    on the public history for the policy's ``publication_months``. Conditions and warnings
    are not ended by a lapse: they apply to the person's practice again after a restoration."""
    change = _change(registration, RegistrationAction.LAPSE, None)
    end_measures(registration, [MeasureKind.SUSPENSION], day)
    return change


def end_suspensions_of_lapsed(day: dt.date) -> int:
    """Suspension measures still open on a lapsed registration (lapsed before a lapse ended
    its suspension) end on the day of the lapse; idempotent."""
    rows = db.session.scalars(
        select(Registration)
        .join(Measure, Measure.registration_id == Registration.id)
        .where(
            Registration.status == RegistrationStatus.LAPSED,
            Measure.kind == MeasureKind.SUSPENSION,
            Measure.ended_on.is_(None),
            Measure.revoked_on.is_(None),
        )
        .distinct()
        .order_by(Registration.id)
    ).all()
    for registration in rows:
        lapsed = [c for c in registration.history if c.action is RegistrationAction.LAPSE]
        end_measures(
            registration, [MeasureKind.SUSPENSION], lapsed[-1].at.date() if lapsed else day
        )
    return len(rows)


#: The status change and the registrant's e-mail, for the features that act on a
#: registration on its behalf (renewal and restoration, the daily job's grace and lapse).
change_status = _change
notify_registrant = _notify
