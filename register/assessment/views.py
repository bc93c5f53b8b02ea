"""Assessment pages. Registrars: assign assessors and compare submitted assessments.
Assessors: their assignments, the conflict-of-interest declaration, the scoring form and,
after submitting, the comparison (evidence is downloaded through ``register.files``).
Access: the blueprint is for assessors; each assignment only for its own assessor."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from register import audit
from register.access import ASSESSED_EVIDENCE, allow, gate_blueprint
from register.applications.confirmations import referee_rows
from register.assessment import assessors, bp, services
from register.assessment.comparison import build_comparison
from register.assessment.forms import AssignForm, ConflictForm, scoring_form
from register.domain.lifecycle import EVIDENCE_OPEN_STATES, AssessmentAction, AssessmentState
from register.errors import act
from register.extensions import db
from register.i18n import current_language as _lang
from register.models.accounts import Role, User
from register.models.assessments import PortfolioAssessment
from register.objects import Purpose, get_application_or_404, get_assessment_or_404
from register.policy import current_policies

gate_blueprint(bp, Role.ASSESSOR)


# --- registrars ----------------------------------------------------------------------------


@bp.route("/review/applications/<int:application_id>/assessors", methods=["GET", "POST"])
@allow(Role.REGISTRAR)
def assign(application_id: int):
    """Assign assessors to a transitional-route application, up to the policy's number."""
    application = get_application_or_404(
        application_id, for_user=current_user, purpose=Purpose.REVIEW
    )
    candidates = services.assessor_candidates(application)
    overview = [
        (user, services.assignment_check(application, user), assessors.latest_training(user))
        for user in candidates
    ]
    trained = [user for user, check, _t in overview if check.result("assessor.trained").passed]
    form = AssignForm(trained)

    def page(refusal=None):
        route = current_policies().transitional_route
        return render_template(
            "assessment/assign.html",
            application=application,
            form=form,
            overview=overview,
            valid_until=assessors.valid_until,
            assignments=services.assessments_of(application),
            assignable=services.can_take_assessors(application),
            open_places=services.open_places(application),
            required=route.assessors_required,
            rules=route.assessors,
            lang=_lang(),
        )

    if act(form, page):
        assessor = db.session.get(User, form.assessor_id.data)
        services.assign_assessor(
            application, assessor, current_user, form.lived_experience_exception.data
        )
        flash(
            _("%(name)s has been assigned and informed by e-mail.", name=assessor.full_name),
            "success",
        )
        return redirect(url_for(".assign", application_id=application.id), 303)
    return page()


@bp.get("/review/applications/<int:application_id>/assessments")
@allow(Role.REGISTRAR)
def compare(application_id: int):
    """The submitted assessments side by side, disagreements marked, and every assessor's
    conflict declaration."""
    application = get_application_or_404(
        application_id, for_user=current_user, purpose=Purpose.REVIEW
    )
    return render_template(
        "assessment/compare.html",
        application=application,
        staff_view=True,
        comparison=build_comparison(application, _lang()),
        assignments=services.assessments_of(application),
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
    assessment = get_assessment_or_404(assessment_id, for_user=current_user)
    refusal = services.refusal(assessment, AssessmentAction.DECLARE_NO_CONFLICT)
    if refusal is not None:
        if request.method == "POST":
            return _refuse(assessment, refusal)
        return redirect(url_for(".score", assessment_id=assessment.id))
    form = ConflictForm()

    def page(refusal=None):
        return render_template(
            "assessment/declare.html",
            assessment=assessment,
            form=form,
            organisations=services.named_organisations(assessment.application),
        )

    if act(form, page):
        has_conflict = form.conflict.data == "yes"
        services.declare_conflict(assessment, has_conflict, form.note.data, current_user)
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
    return page()


@bp.route("/assessment/<int:assessment_id>", methods=["GET", "POST"])
def score(assessment_id: int):
    """Step two: read the evidence and score every rubric item; save a draft or submit.
    The page shows the applicant's evidence, so each view is recorded in the audit log."""
    assessment = get_assessment_or_404(assessment_id, for_user=current_user)
    if request.method == "GET" and assessment.state in EVIDENCE_OPEN_STATES:
        audit.record(
            current_user, "application.viewed", assessment.application, assessment_id=assessment.id
        )
    refusal = services.refusal(assessment, AssessmentAction.SAVE_SCORES)
    if refusal is not None:
        if request.method == "POST":
            return _refuse(assessment, refusal)
        if services.refusal(assessment, AssessmentAction.DECLARE_NO_CONFLICT) is None:
            return redirect(url_for(".declare", assessment_id=assessment.id))
        return _score_page(assessment, None)
    rubric = services.rubric_for(assessment.application)
    form = scoring_form(rubric, assessment, _lang())
    if act(form, lambda refusal: _score_page(assessment, form)):
        if form.submit.data:
            services.submit_assessment(assessment, current_user, scores=form.scores())
            flash(_("Your assessment has been submitted. Thank you."), "success")
        else:
            services.save_scores(assessment, form.scores(), current_user)
            flash(_("Your draft has been saved."), "success")
        return redirect(url_for(".score", assessment_id=assessment.id), 303)
    return _score_page(assessment, form)


def _score_page(assessment: PortfolioAssessment, form):
    application = assessment.application
    evidence = [e for e in application.evidence if e.kind in ASSESSED_EVIDENCE]
    referees = referee_rows(application, include_replaced=False)
    return render_template(
        "assessment/score.html",
        assessment=assessment,
        application=application,
        form=form,
        sees_evidence=assessment.state in EVIDENCE_OPEN_STATES,
        rubric=services.rubric_for(application),
        portfolio=current_policies().transitional_route.portfolio,
        lang=_lang(),
        evidence=evidence,
        referees=referees,
        scores={s.item_id: s for s in assessment.scores},
    )


@bp.get("/assessment/<int:assessment_id>/comparison")
def comparison(assessment_id: int):
    """After submitting their own, an assessor may see all submitted assessments."""
    assessment = get_assessment_or_404(assessment_id, for_user=current_user)
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
