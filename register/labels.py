"""The words shown for every enum people see, in one table, and the one way to get them:
``label(value, variant=None)`` in Python, ``{{ value|label }}`` in templates.

``LABELS`` maps each enum to a translatable text per member. Where one audience needs other
words, ``VARIANTS`` holds them per (enum, variant) for the members that differ (the others
fall back to ``LABELS``). Registration statuses are named by the registration policy, in
the interface language. ``NOT_LABELLED`` lists the enums that get no label, and why. A test
walks the enums of ``register.domain`` and ``register.models`` and fails on any other enum
with a member without a label in Dutch or English.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice

from register.domain.accreditation import Outcome, RequestAction, RequestState, Score
from register.domain.audit_chain import BreakKind
from register.domain.confirmers import ConfirmerProblem
from register.domain.credentials import CredentialCheck, SignatureOutcome, StatusPurpose
from register.domain.decisions import DecisionKind, DecisionOutcome
from register.domain.eligibility import Proposal
from register.domain.four_eyes import ProposalAction, ProposalState
from register.domain.identity import IdentityProblem, PersonalNumber
from register.domain.lifecycle import (
    ApplicationAction,
    ApplicationState,
    AssessmentAction,
    AssessmentState,
    RegistrationAction,
    RegistrationStatus,
)
from register.domain.measures import CaseAction, CaseOutcome, CaseState, MeasureKind
from register.domain.name_change import NameChangeAction, NameChangeKind, NameChangeState
from register.domain.numbers import NumberProblem
from register.domain.objections import ExtensionRefusal, ObjectionAction, ObjectionState
from register.domain.organisations import UrlProblem
from register.domain.placements import ItemProblem
from register.domain.referees import Dependence
from register.domain.renewal import (
    ConfirmationState,
    LogEntryKind,
    RenewalAction,
    RenewalKind,
    RenewalProposal,
    RenewalState,
)
from register.domain.trace import FactKind, RuleOutcome
from register.i18n import current_language
from register.models.accounts import Role
from register.models.accreditation import AnswerOutcome, ConditionStatus, PlacementAnswer
from register.models.applications import (
    ApplicationStep,
    EvidenceKind,
    MessageKind,
    ReferenceRelation,
    ReferenceState,
    Route,
)
from register.models.mail import DeliveryState
from register.models.organisations import AlertMode, CheckChannel
from register.models.periods import PeriodKind
from register.models.programmes import AccreditationStatus, ProgrammeContext, StudyMode
from register.models.sessions import SessionEndReason
from register.policy import current_policies
from register.policy.renewal import Unit
from register.policy.retention import DataKind

LABELS: dict[type[enum.Enum], dict[enum.Enum, LazyString]] = {
    CredentialCheck: {
        CredentialCheck.VALID: _l("Valid: the register issued this credential and it still holds"),
        CredentialCheck.EXPIRED: _l("Expired: the credential is past its end date"),
        CredentialCheck.SUSPENDED: _l("Suspended: the register has suspended this registration"),
        CredentialCheck.REVOKED: _l("Revoked: this registration has ended"),
        CredentialCheck.TAMPERED: _l(
            "Tampered: the content was changed after the register signed it"
        ),
        CredentialCheck.UNKNOWN_KEY: _l("Unknown key: the register never signed with this key"),
        CredentialCheck.MALFORMED: _l("Not a credential of the register"),
    },
    SignatureOutcome: {
        SignatureOutcome.VALID: _l("Valid"),
        SignatureOutcome.TAMPERED: _l("Does not match the content"),
        SignatureOutcome.UNKNOWN_KEY: _l("Made with a key the register does not know"),
        SignatureOutcome.MALFORMED: _l("Cannot be read"),
    },
    StatusPurpose: {
        StatusPurpose.REVOCATION: _l("Revocation list"),
        StatusPurpose.SUSPENSION: _l("Suspension list"),
    },
    # --- accounts
    Role: {
        Role.APPLICANT: _l("Applicant or registrant"),
        Role.ASSESSOR: _l("Assessor"),
        Role.REGISTRAR: _l("Registrar"),
        Role.ADMIN: _l("Administrator"),
        Role.PROVIDER: _l("Training provider"),
        Role.EMPLOYER: _l("Employer (organisation account)"),
    },
    # --- organisation accounts
    AlertMode: {
        AlertMode.IMMEDIATE: _l("An e-mail for each change"),
        AlertMode.DAILY: _l("One e-mail a day with the changes"),
    },
    CheckChannel: {
        CheckChannel.API: _l("API with a key"),
        CheckChannel.WATCH_LIST: _l("Watch list"),
        CheckChannel.BULK: _l("Bulk check"),
    },
    SessionEndReason: {
        SessionEndReason.LOGOUT: _l("Logged out"),
        SessionEndReason.ENDED_BY_USER: _l("Ended by the account holder"),
        SessionEndReason.PASSWORD_CHANGED: _l("Password changed"),
        SessionEndReason.PASSWORD_RESET: _l("Password reset"),
        SessionEndReason.BLOCKED: _l("Account blocked"),
        SessionEndReason.SECOND_FACTOR_RESET: _l("Second factor reset"),
        SessionEndReason.EXPIRED: _l("Unused for too long"),
    },
    # --- retention (the privacy statement)
    DataKind: {
        DataKind.LIVED_EXPERIENCE_EVIDENCE: _l("Evidence of lived experience and the portfolio"),
        DataKind.REFERENCES: _l("References and their answers"),
        DataKind.REGISTRATION: _l("The registration and its history"),
        DataKind.DECISIONS: _l("Decisions, with their grounds and the rules checked"),
        DataKind.ACCOUNT: _l("Your account: e-mail address, name, language"),
        DataKind.AUDIT_LOG: _l("The audit log: who did what, and who looked at your data"),
        DataKind.COMPLAINTS: _l(
            "Complaints: who complained, what happened, the case notes, files and answers"
        ),
    },
    # --- applications
    ApplicationState: {
        ApplicationState.DRAFT: _l("Draft"),
        ApplicationState.SUBMITTED: _l("Submitted"),
        ApplicationState.IN_REVIEW: _l("In review"),
        ApplicationState.INFO_REQUESTED: _l("More information requested"),
        ApplicationState.APPROVED: _l("Approved"),
        ApplicationState.REFUSED: _l("Refused"),
        ApplicationState.WITHDRAWN: _l("Withdrawn"),
    },
    Route: {
        Route.DIPLOMA: _l("Diploma route"),
        Route.TRANSITIONAL: _l("Transitional route"),
    },
    ApplicationStep: {
        ApplicationStep.TIER: _l("Tier"),
        ApplicationStep.ROUTE: _l("Route"),
        ApplicationStep.PERSONAL: _l("Personal details"),
        ApplicationStep.DIPLOMA: _l("Diploma"),
        ApplicationStep.EXPERIENCE: _l("Work experience"),
        ApplicationStep.INTERVISION: _l("Intervision"),
        ApplicationStep.REFERENCES: _l("References"),
        ApplicationStep.PORTFOLIO: _l("Portfolio"),
        ApplicationStep.GROWTH: _l("Growth"),
        ApplicationStep.REVIEW: _l("Check and send"),
    },
    EvidenceKind: {
        EvidenceKind.DIPLOMA: _l("Diploma"),
        EvidenceKind.PORTFOLIO: _l("Portfolio"),
        EvidenceKind.INTERVISION: _l("Proof of intervision or supervision"),
        EvidenceKind.WORK_EXPERIENCE: _l("Proof of work experience"),
        EvidenceKind.ANSWER: _l("Attachment to an answer"),
        EvidenceKind.OTHER: _l("Other"),
    },
    ReferenceRelation: {
        ReferenceRelation.SUPERVISOR: _l("Supervisor"),
        ReferenceRelation.EMPLOYER: _l("Employer or client"),
        ReferenceRelation.COLLEAGUE: _l("Colleague"),
        ReferenceRelation.OTHER: _l("Other"),
    },
    ReferenceState: {
        ReferenceState.PENDING: _l("Waiting for an answer"),
        ReferenceState.CONFIRMED: _l("Confirmed"),
        ReferenceState.DECLINED: _l("Declined"),
        ReferenceState.REPLACED: _l("Replaced"),
    },
    Dependence: {
        Dependence.OWN_ADDRESS: _l("the applicant's own e-mail address"),
        Dependence.DUPLICATE: _l("the same address as another referee"),
        Dependence.OTHER_PARTY: _l("the address of an assessor, a registrar or the provider"),
    },
    MessageKind: {
        MessageKind.INFO_REQUEST: _l("Question from the register"),
        MessageKind.ANSWER: _l("Answer from the applicant"),
        MessageKind.DECISION: _l("Decision"),
    },
    RuleOutcome: {
        RuleOutcome.PASSED: _l("Met"),
        RuleOutcome.FAILED: _l("Not met"),
        RuleOutcome.MISSING: _l("Still missing"),
        RuleOutcome.PENDING: _l("Waiting for others"),
    },
    Proposal: {
        Proposal.APPROVE: _l("Approve: every rule is met"),
        Proposal.REFUSE: _l("Refuse: at least one rule is not met"),
        Proposal.INCOMPLETE: _l("Incomplete: the applicant still has to provide something"),
        Proposal.AWAIT: _l("Wait: referees or assessors have not answered yet"),
    },
    # --- assessors' assignments (portfolio assessments and accreditation panels)
    AssessmentState: {
        AssessmentState.ASSIGNED: _l("Waiting for the conflict-of-interest declaration"),
        AssessmentState.SCORING: _l("Scoring in progress"),
        AssessmentState.SUBMITTED: _l("Submitted"),
        AssessmentState.CONFLICT_DECLARED: _l("Closed: conflict of interest declared"),
    },
    # --- decisions and four eyes
    DecisionKind: {
        DecisionKind.APPLICATION: _l("Decision on an application"),
        DecisionKind.TIER_CHANGE: _l("Decision on a change of tier"),
        DecisionKind.RENEWAL: _l("Decision on a renewal"),
        DecisionKind.RESTORATION: _l("Decision on restoring a registration"),
        DecisionKind.NAME_CHANGE: _l("Decision on a change of name"),
        DecisionKind.SUSPENSION: _l("Suspension"),
        DecisionKind.STRIKE_OFF: _l("Striking off"),
        DecisionKind.REINSTATEMENT: _l("Reinstatement"),
        DecisionKind.MEASURE: _l("Measure"),
        DecisionKind.ACCREDITATION: _l("Decision on an accreditation"),
        DecisionKind.ACCREDITATION_WITHDRAWAL: _l("Withdrawal of an accreditation"),
        DecisionKind.OBJECTION: _l("Decision on an objection"),
    },
    DecisionOutcome: {
        DecisionOutcome.APPROVED: _l("Approved"),
        DecisionOutcome.REFUSED: _l("Refused"),
        DecisionOutcome.ACCREDITED: _l("Accredited"),
        DecisionOutcome.CONDITIONAL: _l("Accredited with conditions"),
        DecisionOutcome.SUSPENDED: _l("Suspended"),
        DecisionOutcome.STRUCK_OFF: _l("Struck off"),
        DecisionOutcome.REINSTATED: _l("Reinstated"),
        DecisionOutcome.WITHDRAWN: _l("Withdrawn"),
        DecisionOutcome.REVOKED: _l("Revoked"),
        DecisionOutcome.UPHELD: _l("Objection upheld"),
        DecisionOutcome.DISMISSED: _l("Objection dismissed"),
        DecisionOutcome.INADMISSIBLE: _l("Objection refused as late"),
    },
    # --- complaint cases (measure kinds: see POLICY_NAMED)
    CaseState: {
        CaseState.RECEIVED: _l("Received, intake to do"),
        CaseState.ADMISSIBLE: _l("Admissible"),
        CaseState.INADMISSIBLE: _l("Not admissible"),
        CaseState.INVESTIGATION: _l("Under investigation"),
        CaseState.DECIDED: _l("Decided"),
        CaseState.CLOSED: _l("Closed"),
    },
    CaseOutcome: {
        CaseOutcome.NO_MEASURE: _l("No measure"),
        CaseOutcome.WARNING: _l("A warning"),
        CaseOutcome.CONDITIONS: _l("Conditions on practice"),
        CaseOutcome.SUSPENSION: _l("A suspension"),
        CaseOutcome.STRIKE_OFF: _l("A strike-off"),
    },
    ObjectionState: {
        ObjectionState.RECEIVED: _l("Received"),
        ObjectionState.HEARING_SCHEDULED: _l("Hearing planned"),
        ObjectionState.HEARING_HELD: _l("Hearing held"),
        ObjectionState.UPHELD: _l("Upheld"),
        ObjectionState.DISMISSED: _l("Dismissed"),
        ObjectionState.INADMISSIBLE: _l("Refused as late"),
    },
    ProposalState: {
        ProposalState.PENDING: _l("Waiting for a second registrar"),
        ProposalState.CONFIRMED: _l("Confirmed"),
        ProposalState.REJECTED: _l("Rejected"),
        ProposalState.WITHDRAWN: _l("Withdrawn"),
        ProposalState.LAPSED: _l("Lapsed: not confirmed in time"),
    },
    # --- registrations (statuses: see POLICY_NAMED)
    RegistrationAction: {
        RegistrationAction.SUSPEND: _l("Suspended"),
        RegistrationAction.REINSTATE: _l("Reinstated"),
        RegistrationAction.STRIKE_OFF: _l("Struck off"),
        RegistrationAction.LAPSE: _l("Lapsed"),
        RegistrationAction.ENTER_GRACE: _l("End date passed, renewal still in progress"),
        RegistrationAction.RENEW: _l("Renewed"),
        RegistrationAction.CHANGE_TIER: _l("Tier changed"),
        RegistrationAction.RESTORE: _l("Restored"),
    },
    PeriodKind: {
        PeriodKind.ADMISSION: _l("Registered"),
        PeriodKind.RENEWAL: _l("Renewed"),
        PeriodKind.RESTORATION: _l("Restored"),
        PeriodKind.TIER_CHANGE: _l("Tier changed"),
    },
    # --- staying registered: the log, confirmations, renewal requests, reminders
    LogEntryKind: {
        LogEntryKind.PRACTICE: _l("Practice"),
        LogEntryKind.DEVELOPMENT: _l("Development activity"),
    },
    ConfirmationState: {
        ConfirmationState.PENDING: _l("Waiting for confirmation"),
        ConfirmationState.CONFIRMED: _l("Confirmed"),
        ConfirmationState.DECLINED: _l("Not confirmed"),
        ConfirmationState.REPLACED: _l("Replaced by another confirmer"),
        ConfirmationState.WITHDRAWN: _l("Withdrawn"),
    },
    RenewalKind: {
        RenewalKind.RENEWAL: _l("Renewal"),
        RenewalKind.RESTORATION: _l("Restoration"),
    },
    RenewalState: {
        RenewalState.SUBMITTED: _l("Submitted, waiting for a decision"),
        RenewalState.EVIDENCE_REQUESTED: _l("Drawn for a check: proof requested"),
        RenewalState.IN_REVIEW: _l("Proof sent, waiting for a decision"),
        RenewalState.APPROVED: _l("Approved"),
        RenewalState.REFUSED: _l("Refused"),
        RenewalState.WITHDRAWN: _l("Withdrawn"),
    },
    RenewalProposal: {
        RenewalProposal.APPROVE: _l("Approve: every requirement is met"),
        RenewalProposal.REFUSE: _l("Refuse: at least one requirement is not met"),
        RenewalProposal.INCOMPLETE: _l("Incomplete: the registrant still has to provide something"),
        RenewalProposal.AWAIT: _l("Wait: confirmations have not come in yet"),
    },
    DeliveryState: {
        DeliveryState.QUEUED: _l("Waiting to be sent"),
        DeliveryState.SENT: _l("Sent"),
        DeliveryState.RETRIED: _l("Sent after a retry"),
        DeliveryState.FAILED: _l("Not delivered yet (it will be tried again)"),
    },
    Unit: {Unit.HOURS: _l("hours"), Unit.POINTS: _l("points")},
    # --- changes of a registered name
    NameChangeState: {
        NameChangeState.PENDING: _l("Waiting for a decision"),
        NameChangeState.APPROVED: _l("Approved"),
        NameChangeState.REFUSED: _l("Refused"),
        NameChangeState.WITHDRAWN: _l("Withdrawn"),
    },
    NameChangeKind: {
        NameChangeKind.REQUEST: _l("Change of name on request"),
        NameChangeKind.CORRECTION: _l("Typo corrected"),
    },
    # --- programme accreditation (the checklist form itself shows the source's words)
    PlacementAnswer: {
        PlacementAnswer.POSSIBLE: _l("Possible"),
        PlacementAnswer.PARTLY: _l("Partly possible"),
        PlacementAnswer.NOT_POSSIBLE: _l("Not possible"),
    },
    RequestState: {
        RequestState.DRAFT: _l("Draft"),
        RequestState.SUBMITTED: _l("Submitted, waiting for a panel"),
        RequestState.UNDER_REVIEW: _l("Under review by the panel"),
        RequestState.FINDINGS_AGREED: _l("Findings agreed, waiting for the decision"),
        RequestState.ACCREDITED: _l("Accredited"),
        RequestState.CONDITIONAL: _l("Accredited with conditions"),
        RequestState.REFUSED: _l("Refused"),
        RequestState.WITHDRAWN: _l("Withdrawn"),
    },
    Score: {
        Score.MET: _l("Met"),
        Score.PARTLY_MET: _l("Partly met"),
        Score.NOT_MET: _l("Not met"),
    },
    Outcome: {
        Outcome.ACCREDITED: _l("Accredited"),
        Outcome.CONDITIONAL: _l("Accredited with conditions"),
        Outcome.REFUSED: _l("Refused"),
        Outcome.INCOMPLETE: _l("Incomplete: not every criterion has a finding"),
    },
    AccreditationStatus: {
        AccreditationStatus.ACTIVE: _l("Accredited"),
        AccreditationStatus.CONDITIONAL: _l("Accredited with conditions"),
        AccreditationStatus.SUSPENDED: _l("Suspended"),
        AccreditationStatus.WITHDRAWN: _l("Withdrawn"),
        AccreditationStatus.LAPSED: _l("Lapsed"),
    },
    AnswerOutcome: {
        AnswerOutcome.PENDING: _l("Waiting for the register"),
        AnswerOutcome.ACCEPTED: _l("Accepted: the condition is met"),
        AnswerOutcome.RETURNED: _l("Sent back"),
    },
    ConditionStatus: {
        ConditionStatus.OPEN: _l("Open"),
        ConditionStatus.MET: _l("Met"),
        ConditionStatus.OVERDUE: _l("Overdue"),
    },
    ProgrammeContext: {
        ProgrammeContext.STANDALONE: _l("Standalone programme for experts by experience"),
        ProgrammeContext.EMBEDDED: _l("Expertise by experience within another programme"),
    },
    StudyMode: {
        StudyMode.FULL_TIME: _l("Full-time"),
        StudyMode.PART_TIME: _l("Part-time"),
        StudyMode.DUAL: _l("Dual (work and study)"),
        StudyMode.COURSE: _l("Course"),
    },
}

VARIANTS: dict[tuple[type[enum.Enum], str], dict[enum.Enum, LazyString]] = {
    # the applicant reading their own application's messages
    (MessageKind, "applicant"): {MessageKind.ANSWER: _l("Your answer")},
    # staff: what the assessor declared
    (AssessmentState, "declaration"): {
        AssessmentState.ASSIGNED: _l("Not declared yet"),
        AssessmentState.SCORING: _l("No conflict"),
        AssessmentState.SUBMITTED: _l("No conflict"),
        AssessmentState.CONFLICT_DECLARED: _l("Conflict of interest"),
    },
    # the assessor on a panel: their part, as the next thing to do
    (AssessmentState, "own_part"): {
        AssessmentState.ASSIGNED: _l("Declare conflicts of interest"),
        AssessmentState.SCORING: _l("Score the criteria"),
        AssessmentState.SUBMITTED: _l("Scores submitted"),
        AssessmentState.CONFLICT_DECLARED: _l("Conflict declared: not on the panel"),
    },
    # the public eligibility check: nothing is missing yet, only not told
    (RuleOutcome, "self_check"): {
        RuleOutcome.MISSING: _l("You did not tell us"),
        RuleOutcome.PENDING: _l("Checked later"),
    },
}


def _registration_status_name(status: RegistrationStatus) -> str:
    """The status's name in the registration policy (Actief, Geschorst, ...)."""
    return current_policies().registration.statuses[status.value].name.get(current_language())


def _measure_kind_name(kind: MeasureKind) -> str:
    """The measure's name in the measures policy (Schorsing, Voorwaarden voor het werk, ...)."""
    return current_policies().measures.kinds[kind].name.get(current_language())


#: enums whose words the policies set, in both languages
POLICY_NAMED: dict[type[enum.Enum], Callable[[enum.Enum], str]] = {
    RegistrationStatus: _registration_status_name,
    MeasureKind: _measure_kind_name,
}

#: enums without labels, and why (give one labels as soon as a page names its members)
NOT_LABELLED: dict[type[enum.Enum], str] = {
    UrlProblem: "each problem has its own message (organisations.services.URL_MESSAGES)",
    ItemProblem: "each problem has its own message (accreditation.placements.PROBLEM_TEXTS)",
    BreakKind: "only the command line reports it (audit verify), in English",
    ApplicationAction: "pages name states; each action has its own button text",
    AssessmentAction: "pages name states; each action has its own button text",
    RequestAction: "pages name states; each action has its own button text",
    ProposalAction: "pages name states; each action has its own button text",
    NameChangeAction: "pages name states; each action has its own button text",
    ObjectionAction: "pages name states; each action has its own button text",
    CaseAction: "pages name states; each action has its own button text",
    ExtensionRefusal: "pages say a whole sentence per refusal (objections.services)",
    RenewalAction: "pages name states; each action has its own button text",
    ConfirmerProblem: "the renewal services say a whole sentence per problem",
    NumberProblem: "pages say a whole sentence per problem (lookup and API messages)",
    FactKind: "a fact is shown as its value, formatted by register.rule_display",
    IdentityProblem: "each problem has its own sentence (review.identity.PROBLEM_MESSAGES)",
    PersonalNumber: "each kind has its own sentence (review.forms.NUMBER_MESSAGES)",
}


def label(value: enum.Enum | None, variant: str | None = None) -> str:
    """The words for ``value`` in the interface language ("" for None). ``variant`` names
    another audience's words (see ``VARIANTS``); an unknown variant or a value that is not
    a labelled enum member raises, so a typo never reaches a page unnoticed."""
    if value is None:
        return ""
    cls = type(value)
    if cls in POLICY_NAMED and variant is None:
        return POLICY_NAMED[cls](value)
    if cls not in LABELS:
        raise TypeError(f"no labels for {value!r}: add {cls.__name__} to register.labels")
    if variant is not None:
        text = VARIANTS[(cls, variant)].get(value)
        if text is not None:
            return str(text)
    return str(LABELS[cls][value])


def choices(members: Iterable[enum.Enum], variant: str | None = None) -> list[SelectChoice]:
    """Select or radio choices for form classes: each member's value and its label,
    translated when the form is shown."""
    return [SelectChoice(m.value, LazyString(label, m, variant)) for m in members]


#: the policy files, in words (``Policies`` attribute → name); a test checks every one is here
POLICY_NAMES: dict[str, LazyString] = {
    "tiers": _l("Practice tiers"),
    "registration": _l("Registration"),
    "transitional_route": _l("Transitional route"),
    "framework": _l("Assessment framework"),
    "accreditation": _l("Accreditation"),
    "decisions": _l("Decisions and four eyes"),
    "objections": _l("Objections"),
    "professional_code": _l("Professional code"),
    "renewal": _l("Renewal"),
    "retention": _l("Retention of personal data"),
    "measures": _l("Complaints and measures"),
    "organisations": _l("Organisations and alerts"),
}


def policy_name(name: str) -> str:
    """A policy file in words, as a decision names it ("Registration", not "registration")."""
    return str(POLICY_NAMES.get(name, name))


def tier_name(code: int | None) -> str:
    """A tier as "Tier 2: <name from the tiers policy>" ("—" without a tier)."""
    if code is None:
        return "—"
    try:
        name = current_policies().tiers.get(code).name.get(current_language())
    except KeyError:
        return str(_l("Tier %(code)s", code=code))
    return str(_l("Tier %(code)s: %(name)s", code=code, name=name))


def development_category_name(code: str | None) -> str:
    """The name of a development category in the renewal policy ("" for none; the code
    itself when the policy no longer has it)."""
    if not code:
        return ""
    category = current_policies().renewal.development.get(code)
    return category.name.get(current_language()) if category else code


def identity_method_name(code: str | None) -> str:
    """How an identity was checked, as the registration policy names it ("" for none; the
    code itself when the policy no longer has it)."""
    if not code:
        return ""
    text = current_policies().registration.identity_check.methods.get(code)
    return text.get(current_language()) if text else code


def identity_document_name(code: str | None) -> str:
    """The kind of identity document seen, as the registration policy names it ("" for
    none; the code itself when the policy no longer has it)."""
    if not code:
        return ""
    text = current_policies().registration.identity_check.document_kinds.get(code)
    return text.get(current_language()) if text else code


def suspension_category_name(code: str | None) -> str:
    """The public name of a suspension reason category from the registration policy ("" when
    there is none; the code itself when the policy no longer has it)."""
    if not code:
        return ""
    text = current_policies().registration.suspension_reason_categories.get(code)
    return text.get(current_language()) if text else code


def growth_criterion_name(code: str | None) -> str:
    """The name of a criterion of growth from the tiers policy (the code itself when the
    policy no longer has it)."""
    for criterion in current_policies().tiers.growth_criteria:
        if criterion.id == code:
            return criterion.name.get(current_language())
    return code or ""


#: the task areas of the European competence profile (000 §II.3), policy codes
TASK_AREAS = {
    "client": _l("Client-related"),
    "organisation": _l("Organisation-related"),
    "profession": _l("Profession-related"),
}


def task_area_name(area: str) -> str:
    """The name of a task area of the European profile (the code when unknown)."""
    text = TASK_AREAS.get(area)
    return str(text) if text is not None else area
