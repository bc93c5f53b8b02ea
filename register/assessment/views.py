"""Assessment pages. Registrars: assign assessors and compare submitted assessments.
Assessors: their assignments, the conflict-of-interest declaration, the scoring form, the
evidence downloads and, after submitting, the comparison. Access: the blueprint is for
assessors; each assignment only for its own assessor (``can_assess``)."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from register import audit
from register.access import allow, can_assess, gate_blueprint
from register.assessment import bp, services
from register.assessment.comparison import build_comparison
from register.assessment.forms import AssignForm, ConflictForm, scoring_form
from register.assessment.services import AssessmentRefused, IncompleteAssessment
from register.domain.lifecycle import EVIDENCE_OPEN_STATES, AssessmentAction, AssessmentState
from register.extensions import db
from register.i18n import current_language as _lang
from register.models.accounts import Role, User
from register.models.applications import Application, Evidence, EvidenceKind, ReferenceState
from register.models.assessments import PortfolioAssessment
from register.policy import current_policies
from register.uploads import send_stored_file

gate_blueprint(bp, Role.ASSESSOR)

#: what an assessor may open: the evidence the rubric is judged on, nothing else
ASSESSED_EVIDENCE = (EvidenceKind.PORTFOLIO, EvidenceKind.WORK_EXPERIENCE, EvidenceKind.INTERVISION)
#: the registrar's application page, when the review area provides one
APPLICATION_PAGE_ENDPOINTS = ("review.application", "review.detail", "review.show")


def _application_or_404(application_id: int) -> Application:
    return db.session.get(Application, application_id) or abort(404)


def _own_assessment(assessment_id: int) -> PortfolioAssessment:
    assessment = db.session.get(PortfolioAssessment, assessment_id) or abort(404)
    if not can_assess(current_user, assessment):
        abort(403)
    return assessment


def _application_page(application: Application) -> str | None:
    for endpoint in APPLICATION_PAGE_ENDPOINTS:
        if endpoint in current_app.view_functions:
            return url_for(endpoint, application_id=application.id)
    return None


# --- registrars ----------------------------------------------------------------------------


@bp.route("/review/applications/<int:application_id>/assessors", methods=["GET", "POST"])
@allow(Role.REGISTRAR)
def assign(application_id: int):
    """Assign assessors to a transitional-route application, up to the policy's number."""
    application = _application_or_404(application_id)
    form = AssignForm(services.assessor_candidates(application))
    status = 200
    if form.validate_on_submit():
        assessor = db.session.get(User, form.assessor_id.data)
        try:
            services.assign_assessor(application, assessor, current_user)
        except AssessmentRefused as exc:
            db.session.rollback()
            form.assessor_id.errors = [*form.assessor_id.errors, exc.message]
            status = 422
        else:
            db.session.commit()
            flash(
                _("%(name)s has been assigned and informed by e-mail.", name=assessor.full_name),
                "success",
            )
            return redirect(url_for(".assign", application_id=application.id), 303)
    elif request.method == "POST":
        status = 422
    return render_template(
        "assessment/assign.html",
        application=application,
        form=form,
        assignments=services.assessments_of(application),
        assignable=services.can_take_assessors(application),
        open_places=services.open_places(application),
        required=current_policies().transitional_route.assessors_required,
        application_page=_application_page(application),
    ), status


@bp.get("/review/applications/<int:application_id>/assessments")
@allow(Role.REGISTRAR)
def compare(application_id: int):
    """The submitted assessments side by side, disagreements marked, and every assessor's
    conflict declaration."""
    application = _application_or_404(application_id)
    return render_template(
        "assessment/compare.html",
        application=application,
        staff_view=True,
        comparison=build_comparison(application, _lang()),
        assignments=services.assessments_of(application),
        application_page=_application_page(application),
    )


# --- assessors -----------------------------------------------------------------------------


@bp.get("/assessment")
def dashboard():
    """The assessor's assignments: to declare, to score, submitted, closed."""
    mine = services.assessments_for_assessor(current_user)
    groups = {state: [a for a in mine if a.state is state] for state in AssessmentState}
    return render_template("assessment/dashboard.html", groups=groups, States=AssessmentState)


def _refuse(assessment: PortfolioAssessment, message):
    """Answer a POST that the assignment's state does not allow: the page, with why."""
    return render_template("assessment/refused.html", assessment=assessment, message=message), 409


@bp.route("/assessment/<int:assessment_id>/declaration", methods=["GET", "POST"])
def declare(assessment_id: int):
    """Step one: declare a conflict of interest or none. Until then only the applicant's name
    and tier are shown."""
    assessment = _own_assessment(assessment_id)
    refusal = services.refusal(assessment, AssessmentAction.DECLARE_NO_CONFLICT)
    if refusal is not None:
        if request.method == "POST":
            return _refuse(assessment, refusal)
        return redirect(url_for(".score", assessment_id=assessment.id))
    form = ConflictForm()
    if form.validate_on_submit():
        has_conflict = form.conflict.data == "yes"
        services.declare_conflict(assessment, has_conflict, form.note.data, current_user)
        db.session.commit()
        if has_conflict:
            flash(
                _(
                    "Thank you. The assignment is closed and the register has been told, so "
                    "another assessor can take over."
                ),
                "success",
            )
            return redirect(url_for(".dashboard"), 303)
        flash(_("Thank you. You can now read the portfolio and score it."), "success")
        return redirect(url_for(".score", assessment_id=assessment.id), 303)
    status = 422 if request.method == "POST" else 200
    return render_template("assessment/declare.html", assessment=assessment, form=form), status


@bp.route("/assessment/<int:assessment_id>", methods=["GET", "POST"])
def score(assessment_id: int):
    """Step two: read the evidence and score every rubric item; save a draft or submit.
    The page shows the applicant's evidence, so each view is recorded in the audit log."""
    assessment = _own_assessment(assessment_id)
    if request.method == "GET" and assessment.state in EVIDENCE_OPEN_STATES:
        audit.record(
            current_user, "application.viewed", assessment.application, assessment_id=assessment.id
        )
        db.session.commit()
    refusal = services.refusal(assessment, AssessmentAction.SAVE_SCORES)
    if refusal is not None:
        if request.method == "POST":
            return _refuse(assessment, refusal)
        if services.refusal(assessment, AssessmentAction.DECLARE_NO_CONFLICT) is None:
            return redirect(url_for(".declare", assessment_id=assessment.id))
        return _score_page(assessment, None)
    rubric = services.rubric_for(assessment.application)
    form = scoring_form(rubric, assessment)
    status = 200
    if form.validate_on_submit():
        submitting = bool(form.submit.data)
        try:
            if submitting:
                services.submit_assessment(assessment, current_user, scores=form.scores())
            else:
                services.save_scores(assessment, form.scores(), current_user)
        except IncompleteAssessment as exc:
            db.session.rollback()
            form.mark_missing(exc.missing)
            status = 422
        except AssessmentRefused as exc:
            db.session.rollback()
            flash(exc.message, "error")
            status = 422
        else:
            db.session.commit()
            if submitting:
                flash(_("Your assessment has been submitted. Thank you."), "success")
            else:
                flash(_("Your draft has been saved."), "success")
            return redirect(url_for(".score", assessment_id=assessment.id), 303)
    elif request.method == "POST":
        status = 422
    return _score_page(assessment, form), status


def _score_page(assessment: PortfolioAssessment, form):
    application = assessment.application
    evidence = [e for e in application.evidence if e.kind in ASSESSED_EVIDENCE]
    references = [r for r in application.references if r.state is ReferenceState.CONFIRMED]
    return render_template(
        "assessment/score.html",
        assessment=assessment,
        application=application,
        form=form,
        sees_evidence=assessment.state in EVIDENCE_OPEN_STATES,
        rubric=services.rubric_for(application),
        lang=_lang(),
        evidence=evidence,
        references=references,
        scores={s.item_id: s for s in assessment.scores},
    )


@bp.get("/assessment/<int:assessment_id>/evidence/<int:evidence_id>")
def evidence(assessment_id: int, evidence_id: int):
    """Download one piece of the applicant's evidence; only after declaring no conflict, only
    the kinds the assessment is about, and every view is audited."""
    assessment = _own_assessment(assessment_id)
    if assessment.state not in EVIDENCE_OPEN_STATES:
        abort(403)
    item = db.session.get(Evidence, evidence_id)
    if (
        item is None
        or item.application_id != assessment.application_id
        or item.kind not in ASSESSED_EVIDENCE
    ):
        abort(404)
    audit.record(
        current_user,
        "evidence.viewed",
        item,
        application_id=item.application_id,
        assessment_id=assessment.id,
        kind=item.kind.value,
    )
    db.session.commit()
    return send_stored_file(item.file)


@bp.get("/assessment/<int:assessment_id>/comparison")
def comparison(assessment_id: int):
    """After submitting their own, an assessor may see all submitted assessments."""
    assessment = _own_assessment(assessment_id)
    if assessment.state is not AssessmentState.SUBMITTED:
        abort(403)
    application = assessment.application
    return render_template(
        "assessment/compare.html",
        application=application,
        staff_view=False,
        assessment=assessment,
        comparison=build_comparison(application, _lang()),
    )
