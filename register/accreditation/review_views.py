"""Registrar side: the queue, a request with its panel and scores, panel formation, the
agreed findings, the decision with proposal and trace, conditions, and suspending,
reinstating or withdrawing an accreditation."""

from __future__ import annotations

import datetime as dt

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from register import audit
from register.access import gate_blueprint
from register.accreditation import (
    condition_answers,
    decision_services,
    grave_actions,
    panel_services,
)
from register.accreditation import review_bp as bp
from register.accreditation.common import criteria_for
from register.accreditation.forms import DecisionForm, PanelForm, StatusForm
from register.accreditation.grids import EXTRA_CONDITION_ROWS, read_conditions, read_grid
from register.accreditation.placements import placements_of
from register.decisions.display import decision_as_made
from register.domain.accreditation import (
    REVIEWING_STATES,
    Outcome,
    RequestState,
    Score,
    agreed_score,
    condition_deadline,
    criteria_below_met,
)
from register.domain.decisions import DecisionKind
from register.domain.placements import checklist_items
from register.errors import InvalidForm, act, on_refusal
from register.extensions import db
from register.four_eyes.flow import propose_step
from register.models.accounts import Role, User
from register.models.accreditation import (
    AccreditationCondition,
    AccreditationRequest,
    AnswerOutcome,
    ConditionStatus,
)
from register.models.programmes import Accreditation
from register.objects import (
    Purpose,
    get_accreditation_or_404,
    get_accreditation_request_or_404,
    get_condition_answer_or_404,
    get_condition_or_404,
)
from register.policy import current_policies

gate_blueprint(bp, Role.REGISTRAR)
MAX_CONDITION_ROWS = 60


@bp.get("/")
def queue():
    """Requests by state, and the accreditations with open or overdue conditions."""
    requests = db.session.scalars(
        select(AccreditationRequest)
        .where(AccreditationRequest.state != RequestState.DRAFT)
        .order_by(AccreditationRequest.submitted_at.desc())
    ).all()
    accreditations = db.session.scalars(
        select(Accreditation).order_by(Accreditation.valid_until)
    ).all()
    return render_template(
        "accreditation/review_queue.html", requests=requests, accreditations=accreditations
    )


def _panel_form(req: AccreditationRequest) -> PanelForm:
    form = PanelForm()
    assessors = db.session.scalars(
        select(User).where(User.role == Role.ASSESSOR, User.active.is_(True)).order_by(User.surname)
    ).all()
    on_panel = {m.assessor_id for m in req.panel}
    form.assessors.choices = [
        SelectChoice(a.id, a.full_name)
        for a in assessors
        if a.id not in on_panel and not panel_services.affiliated(a, req.provider)
    ]
    form.chair.choices = [
        SelectChoice(a.id, a.full_name)
        for a in assessors
        if not panel_services.affiliated(a, req.provider)
    ]
    return form


def _render_request(req, panel_form=None):
    assessors = db.session.scalars(
        select(User).where(User.role == Role.ASSESSOR).order_by(User.surname)
    ).all()
    linked = [a for a in assessors if panel_services.affiliated(a, req.provider)]
    return render_template(
        "accreditation/review_request.html",
        req=req,
        placements=placements_of(req.programme),
        checklist_items=checklist_items(current_policies().framework),
        stored=decision_as_made(req, DecisionKind.ACCREDITATION, Outcome),
        criteria=criteria_for(req),
        panel_form=panel_form or _panel_form(req),
        linked=linked,
        rules=current_policies().accreditation.panel,
        scoring_complete=panel_services.scoring_complete(req),
        reviewing=req.state in REVIEWING_STATES,
    )


@bp.get("/requests/<int:request_id>", endpoint="request")
def request_page(request_id: int):
    """Everything about one request; viewing the self-evaluation is audited."""
    req = get_accreditation_request_or_404(
        request_id, for_user=current_user, purpose=Purpose.REVIEW
    )
    audit.record(current_user, "evidence.viewed", req, what="self_evaluation")
    return _render_request(req)


@bp.post("/requests/<int:request_id>/panel")
def form_panel(request_id: int):
    """Put assessors on the panel (checked against the policy and conflicts of interest)."""
    req = get_accreditation_request_or_404(
        request_id, for_user=current_user, purpose=Purpose.REVIEW
    )
    form = _panel_form(req)
    act(form, lambda refusal: _render_request(req, panel_form=form))
    chosen = [db.session.get(User, i) for i in form.assessors.data]
    panel_services.form_panel(
        req, current_user, [u for u in chosen if u], db.session.get(User, form.chair.data)
    )
    flash(_("The panel has been formed. The assessors have been sent an e-mail."), "success")
    return redirect(url_for("accreditation_review.request", request_id=req.id))


def findings_page(req: AccreditationRequest, back_endpoint: str):
    """GET/POST of the findings grid, shared by the registrar and the panel chair: the
    scores of every assessor per criterion, prefilled where they all agree."""
    criteria = criteria_for(req)
    panel = req.active_panel()
    if req.state is not RequestState.UNDER_REVIEW or not panel_services.scoring_complete(req):
        flash(
            _(
                "Findings can be recorded when every assessor on the panel has submitted "
                "their scores."
            ),
            "error",
        )
        return redirect(url_for(back_endpoint, request_id=req.id))
    grid, problems, recommendation, note = {}, {}, None, ""

    def page(refusal=None):
        return render_template(
            "accreditation/findings.html",
            req=req,
            criteria=criteria,
            panel=panel,
            grid=grid,
            problems=problems,
            recommendation=recommendation,
            note=note,
            back=url_for(back_endpoint, request_id=req.id),
        )

    if request.method == "GET":
        for c in criteria:
            agreed = agreed_score(m.score_for(c.id).score for m in panel if m.score_for(c.id))
            grid[c.id] = (agreed, "")
        return page()
    on_refusal(page)
    grid = read_grid(request.form, [c.id for c in criteria])
    recommendation = request.form.get("recommendation") or None
    note = (request.form.get("recommendation_note") or "")[:5000]
    for cid, (score, text) in grid.items():
        if score is None:
            problems[cid] = _("Choose the panel's finding.")
        elif score is not Score.MET and not text.strip():
            problems[cid] = _("Explain why this criterion is not fully met.")
    if recommendation not in {o.value for o in Outcome if o is not Outcome.INCOMPLETE}:
        problems["recommendation"] = _("Choose a recommendation.")
    if problems:
        raise InvalidForm()
    panel_services.record_findings(
        req,
        current_user,
        {k: (v[0], v[1]) for k, v in grid.items()},
        Outcome(recommendation),
        note,
    )
    flash(_("The panel's findings have been recorded."), "success")
    return redirect(url_for(back_endpoint, request_id=req.id))


@bp.route("/requests/<int:request_id>/findings", methods=["GET", "POST"])
def findings(request_id: int):
    """The registrar records the panel's agreed findings."""
    return findings_page(
        get_accreditation_request_or_404(request_id, for_user=current_user, purpose=Purpose.REVIEW),
        "accreditation_review.request",
    )


def _default_condition_rows(trace, today) -> list[dict]:
    months = current_policies().accreditation.decision.condition_deadline_months
    deadline = condition_deadline(today, months).isoformat()
    rows = [
        {"text": "", "deadline": deadline, "criterion": cid} for cid in criteria_below_met(trace)
    ]
    return rows + [
        {"text": "", "deadline": deadline, "criterion": None} for _i in range(EXTRA_CONDITION_ROWS)
    ]


@bp.route("/requests/<int:request_id>/decision", methods=["GET", "POST"])
def decision(request_id: int):
    """Decide: the proposal and its trace, the findings, and the registrar's decision."""
    req = get_accreditation_request_or_404(
        request_id, for_user=current_user, purpose=Purpose.REVIEW
    )
    if req.state is not RequestState.FINDINGS_AGREED:
        flash(_("This request cannot be decided now."), "error")
        return redirect(url_for("accreditation_review.request", request_id=req.id))
    today = dt.date.today()
    trace = decision_services.proposal_for(req)
    form = DecisionForm()
    rows = _default_condition_rows(trace, today)
    problems: dict = {}

    def page(refusal=None):
        if refusal is not None and refusal.message and not refusal.show_on(form):
            problems["conditions"] = refusal.message
        return render_template(
            "accreditation/decision.html",
            req=req,
            form=form,
            trace=trace,
            criteria=criteria_for(req),
            rows=rows,
            problems=problems,
            open_questions=decision_services.open_questions(req),
        )

    if request.method == "GET":
        form.outcome.data = trace.proposal.value
        return page()
    count = min(request.form.get("condition_rows", type=int) or 0, MAX_CONDITION_ROWS)
    parsed = read_conditions(request.form, count)
    rows, problems = parsed.values, dict(parsed.problems)
    act(form, page, flash_messages=False)
    if problems:
        raise InvalidForm()
    decision_services.decide(
        req,
        current_user,
        Outcome(form.outcome.data),
        today,
        form.departure_reason.data,
        form.note.data,
        parsed.conditions,
        form.unanswered_reason.data,
    )
    flash(_("The decision has been recorded and the provider has been told."), "success")
    return redirect(url_for("accreditation_review.request", request_id=req.id))


def _typed_reasons() -> dict[int, str]:
    """The reasons typed on the conditions page (``reason-<answer id>``), kept whichever
    button was pressed: the page is one form."""
    typed = {}
    for key, value in request.form.items():
        ident = key.removeprefix("reason-")
        if ident != key and ident.isdigit() and value.strip():
            typed[int(ident)] = value[:5000]
    return typed


@bp.get("/conditions")
def conditions(typed: dict[int, str] | None = None, problems: dict[int, str] | None = None):
    """Conditions of conditional accreditations: open, overdue and met, each with the
    provider's answers and their files; mark met on an answer, or send it back."""
    rows = db.session.scalars(
        select(AccreditationCondition).order_by(AccreditationCondition.deadline)
    ).all()
    return render_template(
        "accreditation/conditions.html",
        conditions=rows,
        Status=ConditionStatus,
        Outcome=AnswerOutcome,
        typed=typed or {},
        problems=problems or {},
    )


def _after_condition_action(acted_on: int | None):
    """Back to the conditions page; reasons typed for other answers are shown again."""
    kept = {k: v for k, v in _typed_reasons().items() if k != acted_on}
    if kept:
        flash(
            _(
                "The reasons you typed for other answers have not been sent yet: they are "
                "kept below."
            ),
            "info",
        )
        return conditions(typed=kept)
    return redirect(url_for("accreditation_review.conditions"))


@bp.post("/conditions/<int:condition_id>/met")
def condition_met(condition_id: int):
    """Mark a condition as met, on the provider's answer named in the form (if any)."""
    condition = get_condition_or_404(condition_id, for_user=current_user)
    typed = _typed_reasons()
    on_refusal(lambda refusal: conditions(typed=typed))
    answer_id = request.form.get("answer", type=int)
    answer = get_condition_answer_or_404(answer_id, for_user=current_user) if answer_id else None
    if answer is not None and answer.condition_id != condition.id:
        abort(404)
    decision_services.mark_condition_met(condition, current_user, answer)
    flash(_("The condition has been marked as met."), "success")
    return _after_condition_action(answer.id if answer else None)


@bp.post("/answers/<int:answer_id>/return")
def return_answer(answer_id: int):
    """Send a provider's answer to a condition back, with a reason the provider is sent."""
    answer = get_condition_answer_or_404(answer_id, for_user=current_user)
    typed = _typed_reasons()

    def page(refusal=None):
        if refusal is not None and refusal.field:  # shown at the reason it concerns
            return conditions(typed=typed, problems={answer.id: str(refusal.message)})
        for message in refusal.messages if refusal is not None else ():
            flash(message, "error")
        return conditions(typed=typed)

    on_refusal(page, flash_messages=False)
    condition_answers.return_answer(answer, current_user, typed.get(answer.id, ""))
    flash(_("The answer has been sent back; the provider has been told why."), "success")
    return _after_condition_action(answer.id)


@bp.route("/accreditations/<int:accreditation_id>", methods=["GET", "POST"])
def accreditation(accreditation_id: int):
    """One accreditation: its conditions, and suspend, reinstate or withdraw with a reason."""
    acc = get_accreditation_or_404(accreditation_id, for_user=current_user)
    form = StatusForm()

    def page(refusal=None):
        conditions_ = db.session.scalars(
            select(AccreditationCondition).where(AccreditationCondition.accreditation_id == acc.id)
        ).all()
        return render_template(
            "accreditation/accreditation.html", acc=acc, form=form, conditions=conditions_
        )

    if not act(form, page):
        return page()
    if form.action.data == "withdraw":  # a grave action: confirmation page, then a proposal
        decision_services.check_withdrawal(acc, form.reason.data)
        return propose_step(
            grave_actions.WITHDRAW, acc, reason=form.reason.data, payload={}, change=page
        )
    action = {
        "suspend": decision_services.suspend_accreditation,
        "reinstate": decision_services.reinstate_accreditation,
    }[form.action.data]
    action(acc, current_user, form.reason.data)
    flash(_("The status of the accreditation has been changed."), "success")
    return redirect(url_for("accreditation_review.accreditation", accreditation_id=acc.id))
