"""The one download path: ``/files/<holder>/<id>``.

A file is reached through the row that holds it (``evidence`` of an application, a
``document`` of an accreditation request, the proof of a request for another registered
name, ``name_proof``, an ``objection``'s attachment, an assessor's ``training``
certificate, the proof behind a line of a registrant's ``log``, the evidence of an answer
to an accreditation ``condition``). ``register.objects`` loads
that row and checks who may see it; a file someone may not see is not there for them
(404). Every download by someone other than the file's own side (the applicant, the
provider, the registrant, the objector, the assessor) is recorded in the audit log with one
shape: ``evidence.viewed`` on the holder, with ``file_id``, ``kind``,
``case_type`` and ``case_id``.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from flask_login import current_user

from register import audit, objects
from register.access import authenticated, is_staff
from register.files import bp
from register.models.accounts import Role
from register.objects import Purpose
from register.uploads import send_stored_file


@dataclass(frozen=True)
class Download:
    """What the download path needs to know about a file's holder."""

    holder: object  # the Evidence or RequestDocument row
    kind: str
    case_type: str
    case_id: int
    own_side: bool  # the applicant's own evidence, the provider's own documents


def _evidence(evidence_id: int) -> Download:
    evidence = objects.get_evidence_or_404(evidence_id, for_user=current_user)
    return Download(
        evidence,
        evidence.kind.value,
        "application",
        evidence.application_id,
        own_side=evidence.application.applicant_id == current_user.id,
    )


def _document(document_id: int) -> Download:
    document = objects.get_document_or_404(document_id, for_user=current_user)
    return Download(
        document,
        "accreditation_document",
        "accreditation_request",
        document.request_id,
        own_side=current_user.role is Role.PROVIDER,
    )


def _name_proof(request_id: int) -> Download:
    request = objects.get_name_change_or_404(
        request_id, for_user=current_user, purpose=objects.Purpose.DOWNLOAD
    )
    return Download(
        request,
        "name_change_proof",
        "name_change_request",
        request.id,
        own_side=request.registration.user_id == current_user.id,
    )


def _objection_file(file_id: int) -> Download:
    attached = objects.get_objection_file_or_404(file_id, for_user=current_user)
    return Download(
        attached,
        "objection_file",
        "objection",
        attached.objection_id,
        own_side=not is_staff(current_user),
    )


def _training(training_id: int) -> Download:
    training = objects.get_training_or_404(
        training_id, for_user=current_user, purpose=objects.Purpose.DOWNLOAD
    )
    if training.file is None:
        abort(404)
    return Download(
        training,
        "assessor_training",
        "assessor",
        training.assessor_id,
        own_side=training.assessor_id == current_user.id,
    )


def _log(entry_id: int) -> Download:
    entry = objects.get_log_entry_or_404(entry_id, for_user=current_user, purpose=Purpose.DOWNLOAD)
    if entry.proof_file_id is None:
        abort(404)
    return Download(
        entry,
        "log_proof",
        "registration",
        entry.registration_id,
        own_side=entry.registration.user_id == current_user.id,
    )


def _condition_file(file_id: int) -> Download:
    attached = objects.get_condition_file_or_404(file_id, for_user=current_user)
    return Download(
        attached,
        "condition_answer_file",
        "accreditation_condition",
        attached.answer.condition_id,
        own_side=current_user.role is Role.PROVIDER,
    )


def _case_file(file_id: int) -> Download:
    attached = objects.get_case_file_or_404(file_id, for_user=current_user)
    return Download(attached, "case_file", "complaint_case", attached.case_id, own_side=False)


HOLDERS = {
    "evidence": _evidence,
    "document": _document,
    "name_proof": _name_proof,
    "objection": _objection_file,
    "training": _training,
    "log": _log,
    "case": _case_file,
    "condition": _condition_file,
}


_HOLDER = "<any(evidence, document, name_proof, objection, training, log, case, condition):holder>"


@bp.get(f"/files/{_HOLDER}/<int:ident>")
@authenticated
def download(holder: str, ident: int):
    """Download one stored file; views by others than its own side are audited."""
    found = HOLDERS[holder](ident)
    if not found.own_side:
        audit.record(
            current_user,
            "evidence.viewed",
            found.holder,
            file_id=found.holder.file_id,
            kind=found.kind,
            case_type=found.case_type,
            case_id=found.case_id,
        )
    return send_stored_file(found.holder.file)
