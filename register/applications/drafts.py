"""Editing a draft application step by step: every save is kept, so a person can leave and
come back. One function per action; each audits, flushes and never commits."""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l

from register import audit
from register.applications import parties
from register.domain.lifecycle import ApplicationState
from register.errors import NotAllowedNow
from register.extensions import db
from register.models.applications import (
    Application,
    Evidence,
    EvidenceKind,
    GrowthReflection,
    PortfolioEntry,
    Reference,
    ReferenceRelation,
    Route,
    WorkExperience,
)
from register.models.programmes import Programme
from register.uploads import store_upload, upload_digest

#: the application fields each step may set
STEP_FIELDS = {
    "tier": ("tier",),
    "route": ("route",),
    "personal": ("date_of_birth", "phone", "work_region", "show_work_region"),
    "diploma": ("programme_id", "diploma_date"),
    "intervision": ("intervision_sessions", "intervision_description"),
    "portfolio": ("portfolio_summary",),
}


def _editable(application: Application) -> None:
    if application.state is not ApplicationState.DRAFT:
        raise NotAllowedNow(_l("This application has been sent and can no longer be changed."))


def save_step(
    application: Application,
    actor,
    step: str,
    upload=None,
    evidence_kind: EvidenceKind | None = None,
    **values,
) -> None:
    """Store the values of one step on the draft, and the step's uploaded file (if one was
    chosen) as evidence of ``evidence_kind``. A refused file (``ActionRefused``) is raised before
    anything changes."""
    _editable(application)
    if upload is not None and upload.filename and evidence_kind is not None:
        add_evidence(application, actor, evidence_kind, upload)
    changed = {}
    for name in STEP_FIELDS[step]:
        if name in values:
            value = values[name]
            if name == "route" and value:
                value = Route(value)
            if name == "programme_id":
                application.programme = db.session.get(Programme, value) if value else None
            if getattr(application, name) != value:
                changed[name] = value
            setattr(application, name, value)
    db.session.flush()
    if changed:
        audit.record(
            actor, "application.draft_saved", application, step=step, fields=sorted(changed)
        )


def save_growth_reflections(
    application: Application, actor, reflections: dict[str, str], criteria: tuple[str, ...]
) -> None:
    """Store the reflections on growth of an application for a higher tier, one per
    criterion id in ``criteria`` (an empty text removes that reflection)."""
    _editable(application)
    existing = {r.criterion: r for r in application.growth_reflections}
    changed = []
    for criterion in criteria:
        text = (reflections.get(criterion) or "").strip()
        row = existing.get(criterion)
        if row is not None and not text:
            application.growth_reflections.remove(row)
        elif row is None and text:
            application.growth_reflections.append(GrowthReflection(criterion=criterion, text=text))
        elif row is not None and row.text != text:
            row.text = text
        else:
            continue
        changed.append(criterion)
    db.session.flush()
    if changed:
        audit.record(actor, "application.draft_saved", application, step="growth", fields=changed)


def save_portfolio(application: Application, actor, entries: dict[str, tuple[str, str]]) -> None:
    """Store the portfolio's reflections (item id → (reflection, examples)); an item left
    empty is removed. The audit names the items changed, never their text."""
    _editable(application)
    existing = {e.item_id: e for e in application.portfolio_entries}
    changed = []
    for item_id, (reflection, examples) in entries.items():
        reflection, examples = (reflection or "").strip(), (examples or "").strip()
        entry = existing.get(item_id)
        if not reflection and not examples:
            if entry is not None:
                application.portfolio_entries.remove(entry)
                changed.append(item_id)
            continue
        if entry is None:
            entry = PortfolioEntry(item_id=item_id)
            application.portfolio_entries.append(entry)
        elif (entry.reflection, entry.examples) == (reflection, examples):
            continue
        entry.reflection, entry.examples = reflection, examples
        changed.append(item_id)
    db.session.flush()
    if changed:
        audit.record(
            actor, "application.draft_saved", application, step="portfolio", items=sorted(changed)
        )


def save_work_experience(
    application: Application,
    actor,
    entry: WorkExperience | None,
    organisation: str,
    role: str,
    start_date: dt.date,
    end_date: dt.date | None,
    hours_per_week: float,
    paid: bool,
) -> WorkExperience:
    """Add a work-experience entry, or change ``entry``."""
    _editable(application)
    if entry is None:
        entry = WorkExperience()
        application.work_experience.append(entry)
    entry.organisation, entry.role = organisation.strip(), role.strip()
    entry.start_date, entry.end_date = start_date, end_date
    entry.hours_per_week, entry.paid = hours_per_week, paid
    db.session.flush()
    audit.record(actor, "application.work_experience_saved", application, entry=entry.id)
    return entry


def remove_work_experience(application: Application, actor, entry: WorkExperience) -> None:
    """Remove a work-experience entry from the draft."""
    _editable(application)
    application.work_experience.remove(entry)
    db.session.flush()
    audit.record(actor, "application.work_experience_removed", application, entry=entry.id)


def save_reference(
    application: Application,
    actor,
    reference: Reference | None,
    name: str,
    email: str,
    organisation: str,
    relation: str,
) -> Reference:
    """Name a referee on the draft, or change one. They are asked only on submission. A
    referee who is not independent (the applicant's own address, one named already, another
    party to the application) is refused on the ``email`` field."""
    _editable(application)
    parties.check_referee(application, email, reference, messages=parties.FOR_APPLICANT)
    if reference is None:
        reference = Reference()
        application.references.append(reference)
    reference.name, reference.email = name.strip(), email.strip().lower()
    reference.organisation = organisation.strip()
    reference.relation = ReferenceRelation(relation)
    db.session.flush()
    audit.record(actor, "application.reference_saved", application, reference=reference.id)
    return reference


def remove_reference(application: Application, actor, reference: Reference) -> None:
    """Remove a referee from the draft."""
    _editable(application)
    application.references.remove(reference)
    db.session.flush()
    audit.record(actor, "application.reference_removed", application, reference=reference.id)


def add_evidence(
    application: Application, actor, kind: EvidenceKind, upload, description: str | None = None
) -> Evidence:
    """Store an uploaded file as evidence of ``kind``; a refused file propagates. The same
    file uploaded again for the same purpose (equal SHA-256, same kind, this application)
    is kept once: the evidence already there is returned."""
    _editable(application)
    digest = upload_digest(upload)
    for earlier in application.evidence:
        if earlier.kind is kind and earlier.file.sha256 == digest:
            return earlier
    stored = store_upload(upload, actor)
    evidence = Evidence(
        file=stored, kind=kind, description=(description or stored.original_name)[:200]
    )
    application.evidence.append(evidence)
    db.session.flush()
    audit.record(
        actor,
        "application.evidence_added",
        application,
        evidence=evidence.id,
        kind=kind.value,
        sha256=stored.sha256,
    )
    return evidence


def remove_evidence(application: Application, actor, evidence: Evidence) -> None:
    """Remove an uploaded file from the draft (the stored file row stays for the audit)."""
    _editable(application)
    application.evidence.remove(evidence)
    db.session.flush()
    audit.record(
        actor,
        "application.evidence_removed",
        application,
        evidence=evidence.id,
        kind=evidence.kind.value,
    )
