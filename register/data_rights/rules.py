"""What a person's data export holds: one declarative table, table by table.

The export walks the models' foreign keys: a row belongs in a person's export when one of
its ``by`` columns is the person's user id, or one of its ``via`` columns points at a row
already in the export (an application's references, a registration's periods, a decision's
objection, and so on, to any depth), or, with ``subject``, its ``subject_type`` and
``subject_id`` name such a row (an audit event about the person's evidence). Every table
that the walk reaches — any table with a foreign key to ``user`` or to a reached table —
must be classified here, and every such foreign-key column named; the walk refuses to run
otherwise (``unclassified()``), so a new table cannot be forgotten.

The rule on other people's data (GDPR art. 15 gives the person their data, not other
people's; art. 15(4)): a column that names someone else — the registrar who decided, the
assessor who scored, the author of a message — is left out (``other``); what was written
about the person (a decision's grounds, a reference's comment, a registrar's message) is
theirs and is kept. Secrets of the account itself (password hash, second-factor secret,
session tokens) are left out too: giving them out would weaken the account and tells the
person nothing about their data. Tables that hold no data about the person as an applicant
or registrant are ``Excluded`` with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SECRET = (
    "a secret of the account: giving it out would weaken it, and it says nothing about the person"
)
INTERNAL = "internal bookkeeping of the register (a storage name, a lock counter)"
ADDRESS = "the network address a request came from: for staff's events it is theirs"
OTHER = "names another person (staff, assessor, referee's account): art. 15(4)"
COMPLAINANT = (
    "who filed the complaint: another person's data, and giving it could expose them "
    "(art. 15(4)); the case procedure decides what the registrant is told"
)


@dataclass(frozen=True)
class Included:
    """Rows that refer to the person go into the export.

    ``by``: foreign keys to ``user`` that make a row the person's. ``via``: foreign keys to
    another exported table. ``other``: foreign keys to ``user`` that name someone else (left
    out, and never a reason to include a row). ``omit``: further columns left out, with why.
    """

    by: tuple[str, ...] = ()
    via: tuple[str, ...] = ()
    other: tuple[str, ...] = ()
    omit: dict[str, str] = field(default_factory=dict)
    #: rows whose ``subject_type`` / ``subject_id`` name an exported row (the audit events
    #: about the person's records, who looked at their evidence; proposals about them)
    subject: bool = False
    #: a foreign key to a reached table that is no reason to include a row (the parent is
    #: someone else's record), with why
    ignore: dict[str, str] = field(default_factory=dict)

    @property
    def left_out(self) -> set[str]:
        return set(self.other) | set(self.omit)

    def classified(self) -> set[str]:
        return set(self.by) | set(self.via) | set(self.other) | set(self.ignore)


@dataclass(frozen=True)
class Excluded:
    """The table is reached by the walk but holds nothing of the person's: why."""

    reason: str


STAFF_WORK = (
    "the work of a staff member, assessor or provider contact on a programme's accreditation: "
    "a record of the programme, not of the person; their own acts are in the audit events"
)

#: table name → rule. Keep in the order of the models.
EXPORT_RULES: dict[str, Included | Excluded] = {
    "user": Included(by=("id",), omit={"password_hash": SECRET, "security_stamp": SECRET}),
    "user_session": Included(by=("user_id",), omit={"token_hash": SECRET}),
    "second_factor": Included(
        by=("user_id",), omit={"secret": SECRET, "last_step": SECRET, "version": INTERNAL}
    ),
    "recovery_code": Included(via=("second_factor_id",), omit={"code_hash": SECRET}),
    "stored_file": Included(by=("uploaded_by_id",), omit={"storage_name": INTERNAL}),
    "application": Included(
        by=("applicant_id",),
        via=("registration_id",),
        other=("decided_by_id",),
        omit={"version": INTERNAL},
    ),
    "work_experience": Included(via=("application_id",)),
    "evidence_deletion": Included(via=("application_id",)),
    "growth_reflection": Included(via=("application_id",)),
    "portfolio_entry": Included(via=("application_id",)),
    "reference": Included(via=("application_id",)),
    "evidence": Included(via=("application_id", "file_id")),
    "application_message": Included(via=("application_id",), other=("author_id",)),
    "application_status_change": Included(via=("application_id",), other=("by_id",)),
    "identity_check": Included(via=("application_id",), other=("checked_by_id",)),
    "review_draft": Excluded(
        "a registrar's working text not yet acted on, removed when the application is decided; "
        "what was sent to the person is in the messages and the decision"
    ),
    "portfolio_assessment": Included(
        via=("application_id",), other=("assessor_id", "assigned_by_id")
    ),
    "rubric_score": Included(via=("assessment_id",)),
    "registration": Included(
        by=("user_id",),
        via=("application_id",),
        omit={
            "version": INTERNAL,
            "surname_key": INTERNAL,
            "surname_alt_key": INTERNAL,
            "given_key": INTERNAL,
            "given_later_key": INTERNAL,
            "prefix_key": INTERNAL,
        },
    ),
    "registration_status_change": Included(via=("registration_id",), other=("by_id",)),
    "credential_status_entry": Excluded(
        "a registration's place in the register's public status lists: bookkeeping of the "
        "lists; the status it stands for is in the registration"
    ),
    "renewal_log_entry": Included(via=("registration_id", "proof_file_id")),
    "renewal_log_confirmation": Included(via=("entry_id",), omit={"token_generation": INTERNAL}),
    "renewal_reminder": Included(via=("registration_id", "period_id")),
    "renewal_request": Included(
        via=("registration_id", "period_id", "decision_id"),
        other=("decided_by_id",),
        omit={"version": INTERNAL},
    ),
    "registration_period": Included(via=("registration_id", "decision_id")),
    "name_change_request": Included(
        by=("requested_by_id",),
        via=("registration_id", "proof_file_id"),
        other=("decided_by_id",),
        omit={"version": INTERNAL},
    ),
    "registration_name_change": Included(
        via=("registration_id", "request_id", "decision_id"), other=("by_id",)
    ),
    "decision": Included(
        by=("person_id",), via=("replaces_id",), other=("decided_by_id", "confirmed_by_id")
    ),
    "action_proposal": Included(
        subject=True, other=("proposed_by_id", "decided_by_id"), omit={"version": INTERNAL}
    ),
    "decision_notice": Included(via=("decision_id",)),
    "objection": Included(
        by=("objector_id",),
        via=("decision_id", "objection_decision_id", "new_decision_id"),
        other=(
            "lateness_excused_by_id",
            "extended_by_id",
            "hearing_scheduled_by_id",
            "hearing_held_by_id",
            "decided_by_id",
            "original_decided_by_id",
            "original_confirmed_by_id",
        ),
        omit={"version": INTERNAL},
    ),
    "objection_file": Included(via=("objection_id", "file_id")),
    # complaints and measures about a registration: the registrant's, without the complainant
    "complaint_case": Included(
        via=("registration_id", "decision_id"),
        other=("intake_by_id",),
        omit={
            "complainant_name": COMPLAINANT,
            "complainant_email": COMPLAINANT,
            "complainant_phone": COMPLAINANT,
            "complainant_relation": COMPLAINANT,
            "complainant_locale": COMPLAINANT,
            "version": INTERNAL,
        },
    ),
    "case_note": Included(via=("case_id",), other=("by_id",)),
    "case_request": Included(via=("case_id", "registration_id"), other=("by_id",)),
    "case_file": Included(via=("case_id",), ignore={"file_id": COMPLAINANT}),
    "measure": Included(via=("registration_id", "case_id", "decision_id")),
    # organisations (employers): a member's own membership; what organisations did with the
    # person's registration (watched it, checked it, were alerted) is the registrant's
    "organisation_member": Included(by=("user_id",)),
    "api_key": Excluded(
        "an organisation's key: a record of the organisation, and a secret; who made it is in "
        "the audit events"
    ),
    "watch_entry": Included(via=("registration_id",), omit={"snapshot": INTERNAL}),
    "change_alert": Included(via=("registration_id",)),
    "verification_record": Included(via=("registration_id",)),
    "lookup_count": Included(via=("registration_id",)),
    "audit_event": Included(
        by=("actor_id",),
        subject=True,
        omit={"prev_hash": INTERNAL, "hash": INTERNAL, "ip_address": ADDRESS},
    ),
    # accreditation of programmes: the provider's and the panel's work
    "provider_contact": Included(by=("user_id",), ignore={"provider_id": STAFF_WORK}),
    "assessor_affiliation": Excluded(STAFF_WORK),
    "assessor_training": Included(by=("assessor_id",), via=("file_id",)),
    "practice_placement": Excluded(STAFF_WORK),
    "placement_rating": Excluded(STAFF_WORK),
    "accreditation_request": Excluded(STAFF_WORK),
    "accreditation_request_event": Excluded(STAFF_WORK),
    "criterion_answer": Excluded(STAFF_WORK),
    "accreditation_document": Excluded(STAFF_WORK),
    "panel_member": Excluded(STAFF_WORK),
    "criterion_score": Excluded(STAFF_WORK),
    "panel_finding": Excluded(STAFF_WORK),
    "accreditation_condition": Excluded(STAFF_WORK),
    "condition_answer": Excluded(STAFF_WORK),
    "condition_answer_file": Excluded(STAFF_WORK),
    "provider_question": Excluded(STAFF_WORK),
    "accreditation": Excluded(STAFF_WORK),
}
