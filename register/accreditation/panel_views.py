"""Assessor side: my panels, affiliations, the conflict declaration, blind scoring,
questions to the provider, and the chair's findings."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from register import access
from register.access import gate_blueprint
from register.accreditation import panel_bp as bp
from register.accreditation import panel_services as services
from register.accreditation.common import criteria_for
from register.accreditation.forms import AffiliationForm, DeclarationForm, QuestionForm
from register.accreditation.grids import read_grid
from register.accreditation.placements import placements_of
from register.accreditation.review_views import findings_page
from register.domain.accreditation import REVIEWING_STATES
from register.domain.framework import sections_for
from register.domain.lifecycle import (
    ASSESSMENT_LIFECYCLE,
    EVIDENCE_OPEN_STATES,
    AssessmentAction,
    AssessmentState,
)
from register.domain.placements import checklist_items
from register.errors import act, on_refusal
from register.extensions import db
from register.models.accounts import Role
from register.models.accreditation import AccreditationRequest, AssessorAffiliation, PanelMember
from register.models.programmes import TrainingProvider
from register.objects import Purpose, get_accreditation_request_or_404, get_provider_or_404
from register.policy import current_policies

gate_blueprint(bp, Role.ASSESSOR)


def _membership(request_id: int) -> tuple[AccreditationRequest, PanelMember]:
    req = get_accreditation_request_or_404(request_id, for_user=current_user, purpose=Purpose.PANEL)
    return req, access.panel_membership(current_user, req)


def _criterion_choices(req) -> list[SelectChoice]:
    return [SelectChoice("", "—"), *[SelectChoice(c.id, c.id) for c in criteria_for(req)]]


def _affiliation_form() -> AffiliationForm:
    form = AffiliationForm()
    providers = db.session.scalars(select(TrainingProvider).order_by(TrainingProvider.name))
    form.provider.choices = [SelectChoice(p.id, p.name) for p in providers]
    return form


@bp.get("/")
def home():
    """The requests I am on the panel of, and my declared links with providers."""
    members = db.session.scalars(
        select(PanelMember)
        .where(PanelMember.assessor_id == current_user.id)
        .order_by(PanelMember.id.desc())
    ).all()
    links = db.session.scalars(
        select(AssessorAffiliation).where(AssessorAffiliation.assessor_id == current_user.id)
    ).all()
    return render_template(
        "accreditation/panel_home.html", members=members, links=links, form=_affiliation_form()
    )


@bp.post("/affiliations")
def add_affiliation():
    """Declare a link with a training provider (it keeps me off that provider's panels)."""
    form = _affiliation_form()

    def page(refusal=None):
        members = db.session.scalars(
            select(PanelMember).where(PanelMember.assessor_id == current_user.id)
        ).all()
        links = db.session.scalars(
            select(AssessorAffiliation).where(AssessorAffiliation.assessor_id == current_user.id)
        ).all()
        return render_template(
            "accreditation/panel_home.html", members=members, links=links, form=form
        )

    act(form, page)
    provider = get_provider_or_404(form.provider.data, for_user=current_user)
    services.declare_affiliation(current_user, provider, form.description.data)
    flash(_("Your link with this provider has been recorded."), "success")
    return redirect(url_for("accreditation_panel.home"))


def _render_request(req, member, declaration=None, grid=None, problems=None, question_form=None):
    criteria = criteria_for(req)
    if question_form is None:
        question_form = QuestionForm()
    question_form.criterion_id.choices = _criterion_choices(req)
    submitted = AssessmentState.SUBMITTED
    others = [m for m in req.active_panel() if m.id != member.id and m.state is submitted]
    framework = current_policies().framework
    return render_template(
        "accreditation/panel_request.html",
        req=req,
        member=member,
        criteria=criteria,
        sections=sections_for(framework, criteria),
        placements=placements_of(req.programme),
        checklist_items=checklist_items(framework),
        declaration=declaration or DeclarationForm(),
        grid=grid,
        problems=problems or {},
        question_form=question_form,
        others=others if member.state is submitted else [],
        allowed=set(ASSESSMENT_LIFECYCLE.allowed_actions(member.state)),
        actions=AssessmentAction,
        sees_evidence=member.state in EVIDENCE_OPEN_STATES,
        may_ask=req.state in REVIEWING_STATES,
        may_record_findings=member.is_chair
        and services.scoring_complete(req)
        and req.state in REVIEWING_STATES,
    )


@bp.get("/requests/<int:request_id>", endpoint="request")
def request_page(request_id: int):
    """The request as this assessor may see it: the declaration first, then the
    self-evaluation and the scoring grid; others' scores only after submitting one's own."""
    req, member = _membership(request_id)
    return _render_request(req, member)


@bp.post("/requests/<int:request_id>/declaration")
def declare(request_id: int):
    """Declare whether I have a conflict of interest for this request."""
    req, member = _membership(request_id)
    form = DeclarationForm()
    act(form, lambda refusal: _render_request(req, member, declaration=form))
    services.declare_conflict(member, form.conflict.data == "yes", form.note.data)
    flash(_("Your declaration has been recorded."), "success")
    return redirect(url_for("accreditation_panel.request", request_id=req.id))


@bp.post("/requests/<int:request_id>/scores")
def scores(request_id: int):
    """Save my scores as a draft, or submit them (final)."""
    req, member = _membership(request_id)
    ids = [c.id for c in criteria_for(req)]
    grid = read_grid(request.form, ids)
    submit = request.form.get("action") == "submit"
    # The question fields share the page's one form: a question typed and not yet sent is
    # shown again, never thrown away by saving the scores.
    question = _question_form(req)
    on_refusal(lambda refusal: _render_request(req, member, grid=grid, question_form=question))
    problems = services.save_scores(member, grid, submit=submit)
    if problems:
        # The draft is saved (this request commits); only submitting waits for the marked
        # criteria, so the page answers 200 and shows what is still missing.
        flash(
            _(
                "Your scores have been saved, but not submitted yet. Complete the criteria "
                "marked below."
            ),
            "error",
        )
        return _render_request(req, member, grid=grid, problems=problems, question_form=question)
    flash(
        _("Your scores have been submitted.")
        if submit
        else _("Your scores have been saved as a draft."),
        "success",
    )
    if (question.body.data or "").strip():
        flash(_("Your question has not been sent yet: it is kept below."), "info")
        return _render_request(req, member, question_form=question)
    return redirect(url_for("accreditation_panel.request", request_id=req.id))


def _question_form(req) -> QuestionForm:
    form = QuestionForm()
    form.criterion_id.choices = _criterion_choices(req)
    return form


@bp.post("/requests/<int:request_id>/questions")
def ask(request_id: int):
    """Ask the provider a question through the portal."""
    req, member = _membership(request_id)
    if member.state not in EVIDENCE_OPEN_STATES:
        abort(403)
    form = _question_form(req)
    # The scores on the page were posted with the question (one form): they are saved as a
    # draft with it, and shown again as typed when the question is refused.
    grid = read_grid(request.form, [c.id for c in criteria_for(req)]) if _has_grid() else None
    act(form, lambda refusal: _render_request(req, member, grid=grid, question_form=form))
    if grid is not None and ASSESSMENT_LIFECYCLE.can(member.state, AssessmentAction.SAVE_SCORES):
        services.save_scores(member, grid, submit=False)
    services.ask_question(req, current_user, form.body.data, form.criterion_id.data)
    flash(_("Your question has been sent to the provider."), "success")
    return redirect(url_for("accreditation_panel.request", request_id=req.id, _anchor="questions"))


def _has_grid() -> bool:
    """True when the post carries the scoring grid (the question was sent from the page's
    one form while the assessor could still score)."""
    return any(key.startswith(("score-", "note-")) for key in request.form)


@bp.route("/requests/<int:request_id>/findings", methods=["GET", "POST"])
def findings(request_id: int):
    """The panel chair records the agreed finding per criterion and the recommendation."""
    req, member = _membership(request_id)
    if not member.is_chair or member.state not in EVIDENCE_OPEN_STATES:
        abort(403)
    return findings_page(req, "accreditation_panel.request")
