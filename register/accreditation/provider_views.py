"""Provider side: sign-up, programmes, the self-evaluation per criterion, submitting,
answering the panel's questions and reading the decision (documents are downloaded through
``register.files``)."""

from __future__ import annotations

import datetime as dt

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from register.access import gate_blueprint, public
from register.accreditation import bp
from register.accreditation import provider_services as services
from register.accreditation.common import criteria_for, provider_of
from register.accreditation.condition_answers import answer_condition
from register.accreditation.forms import (
    AnswerForm,
    AnswerQuestionForm,
    ConditionAnswerForm,
    ProgrammeForm,
    ProviderSignupForm,
)
from register.accreditation.placements import placements_of
from register.domain.accreditation import RequestState, progress
from register.domain.framework import sections_for
from register.errors import ActionRefused, act, on_refusal
from register.extensions import db
from register.models.accounts import Role
from register.models.accreditation import (
    AccreditationRequest,
)
from register.models.programmes import Programme, ProgrammeContext, StudyMode
from register.objects import (
    Purpose,
    get_accreditation_request_or_404,
    get_condition_or_404,
    get_programme_or_404,
    get_question_or_404,
)
from register.policy import current_policies

gate_blueprint(bp, Role.PROVIDER)


@bp.route("/providers/signup", methods=["GET", "POST"])
@public
def signup():
    """A training provider creates its account: organisation, KvK number, contact person."""
    form = ProviderSignupForm()

    def page(refusal=None):
        return render_template("accreditation/signup.html", form=form)

    if act(form, page):
        services.sign_up_provider(
            form.organisation.data,
            form.kvk_number.data,
            form.phone.data or "",
            form.email.data,
            form.password.data,
            form.given_names.data,
            form.surname_prefix.data or "",
            form.surname.data,
            locale=str(get_locale()),
        )
        flash(
            _(
                "Your account has been created. We have sent you an e-mail: click the link "
                "in it to confirm your address, then log in."
            ),
            "success",
        )
        return redirect(url_for("main.home"))
    return page()


@bp.get("/accreditation/")
def provider_home():
    """The provider's programmes, their requests and accreditations."""
    provider = provider_of(current_user)
    if provider is None:
        return render_template("accreditation/provider_unlinked.html")
    requests = db.session.scalars(
        select(AccreditationRequest)
        .join(Programme)
        .where(Programme.provider_id == provider.id)
        .order_by(AccreditationRequest.id.desc())
    ).all()
    return render_template(
        "accreditation/provider_home.html",
        provider=provider,
        programmes=sorted(provider.programmes, key=lambda p: p.name),
        requests=requests,
    )


@bp.route("/accreditation/programmes/new", methods=["GET", "POST"])
def new_programme():
    """Add a programme with its NLQF level, context, study load and mode."""
    provider = provider_of(current_user)
    if provider is None:
        return redirect(url_for("accreditation.provider_home"))
    form = ProgrammeForm()

    def page(refusal=None):
        return render_template("accreditation/programme_form.html", form=form)

    if act(form, page):
        services.add_programme(
            provider,
            current_user,
            form.name.data,
            form.nlqf_level.data,
            ProgrammeContext(form.context.data),
            form.study_load_hours.data,
            StudyMode(form.mode.data) if form.mode.data else None,
            form.description.data,
        )
        flash(_("The programme has been added."), "success")
        return redirect(url_for("accreditation.provider_home"))
    return page()


@bp.post("/accreditation/programmes/<int:programme_id>/requests")
def start_request(programme_id: int):
    """Open a draft request (first accreditation or renewal) for a programme."""
    programme = get_programme_or_404(programme_id, for_user=current_user, purpose=Purpose.MANAGE)
    on_refusal(lambda refusal: provider_home())
    req = services.start_request(programme, current_user, dt.date.today())
    return redirect(url_for("accreditation.request_detail", request_id=req.id))


@bp.get("/accreditation/requests/<int:request_id>")
def request_detail(request_id: int):
    """The request: status, progress, criteria, questions, decision and findings."""
    req = get_accreditation_request_or_404(request_id, for_user=current_user, purpose=Purpose.VIEW)
    criteria = criteria_for(req)
    answered = [a.criterion_id for a in req.answers if a.complete]
    return render_template(
        "accreditation/request.html",
        req=req,
        criteria=criteria,
        sections=sections_for(current_policies().framework, criteria),
        placement_count=len(placements_of(req.programme)),
        answered=set(answered),
        progress=progress([c.id for c in criteria], answered),
        answer_form=AnswerQuestionForm(),
        States=RequestState,
    )


@bp.route(
    "/accreditation/requests/<int:request_id>/criteria/<criterion_id>", methods=["GET", "POST"]
)
def edit_answer(request_id: int, criterion_id: str):
    """The self-evaluation on one criterion, with the criterion's text beside it."""
    req = get_accreditation_request_or_404(request_id, for_user=current_user, purpose=Purpose.VIEW)
    criteria = criteria_for(req)
    index = next((i for i, c in enumerate(criteria) if c.id == criterion_id), None)
    if index is None:
        abort(404)
    if req.state is not RequestState.DRAFT:
        return redirect(url_for("accreditation.request_detail", request_id=req.id))
    answer = req.answer_for(criterion_id)
    form = AnswerForm(obj=answer)

    def page(refusal=None):
        answered = [a.criterion_id for a in req.answers if a.complete]
        return render_template(
            "accreditation/answer_form.html",
            req=req,
            form=form,
            criterion=criteria[index],
            section=sections_for(current_policies().framework, [criteria[index]])[0],
            position=index + 1,
            documents=[d for d in req.documents if d.criterion_id == criterion_id],
            progress=progress([c.id for c in criteria], answered),
        )

    if not act(form, page):
        return page()
    saved = services.save_answer(
        req,
        current_user,
        criterion_id,
        form.coverage.data or "",
        form.location.data or "",
        form.assessment.data or "",
    )
    if form.document.data and getattr(form.document.data, "filename", ""):
        services.add_document(
            req, current_user, form.document.data, criterion_id, form.document_description.data
        )
    flash(
        _("Your answer has been saved.")
        if saved.complete
        else _(
            "Your draft has been saved. Fill in all three questions to complete this criterion."
        ),
        "success",
    )
    nxt = criteria[index + 1].id if index + 1 < len(criteria) else None
    if request.form.get("next") and nxt:
        return redirect(url_for("accreditation.edit_answer", request_id=req.id, criterion_id=nxt))
    return redirect(
        url_for("accreditation.request_detail", request_id=req.id, _anchor=f"c-{criterion_id}")
    )


@bp.post("/accreditation/requests/<int:request_id>/submit")
def submit(request_id: int):
    """Submit the self-evaluation once every criterion is answered."""
    req = get_accreditation_request_or_404(request_id, for_user=current_user, purpose=Purpose.VIEW)
    on_refusal(lambda refusal: request_detail(req.id))
    services.submit_request(req, current_user)
    flash(
        _("Your request has been submitted. The register will form an assessment panel."),
        "success",
    )
    return redirect(url_for("accreditation.request_detail", request_id=req.id))


@bp.post("/accreditation/requests/<int:request_id>/withdraw")
def withdraw(request_id: int):
    """Withdraw a request that has not been decided."""
    req = get_accreditation_request_or_404(request_id, for_user=current_user, purpose=Purpose.VIEW)
    on_refusal(
        lambda refusal: request_detail(req.id),
        not_allowed=_("This request can no longer be withdrawn."),
    )
    services.withdraw_request(req, current_user)
    flash(_("The request has been withdrawn."), "success")
    return redirect(url_for("accreditation.request_detail", request_id=req.id))


@bp.post("/accreditation/questions/<int:question_id>/answer")
def answer_question(question_id: int):
    """Answer a question from the panel."""
    question = get_question_or_404(question_id, for_user=current_user)
    req = question.request
    form = AnswerQuestionForm()
    on_refusal(lambda refusal: request_detail(req.id))
    if not form.validate_on_submit():
        raise ActionRefused(_("Write your answer before you send it."))
    services.answer_question(question, current_user, form.answer.data)
    flash(_("Your answer has been sent to the panel."), "success")
    return redirect(
        url_for("accreditation.request_detail", request_id=req.id, _anchor=f"q-{question.id}")
    )


@bp.route("/accreditation/conditions/<int:condition_id>", methods=["GET", "POST"])
def condition_answer(condition_id: int):
    """One condition of a conditional accreditation: its text, the criterion it concerns,
    the deadline, the answers given so far, and a new answer with evidence files."""
    condition = get_condition_or_404(condition_id, for_user=current_user, purpose=Purpose.MANAGE)
    criterion = next(
        (c for c in criteria_for(condition.request) if c.id == condition.criterion_id), None
    )
    form = ConditionAnswerForm()

    def page(refusal=None):
        return render_template(
            "accreditation/condition_answer.html",
            condition=condition,
            criterion=criterion,
            form=form,
            files_refused=refusal is not None and refusal.field == "files",
        )

    if not act(form, page):
        return page()
    answer_condition(condition, current_user, form.explanation.data, form.files.data or [])
    flash(
        _("Your answer has been sent. The register will look at it and tell you the outcome."),
        "success",
    )
    return redirect(url_for("accreditation.condition_answer", condition_id=condition.id))
