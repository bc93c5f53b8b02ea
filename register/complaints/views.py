"""Complaint pages: the public complaint form and its receipt, the registrars' queue and
case page, and the registrant's answers to the register's requests."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import SelectChoice

from register import audit, tokens
from register.access import allow, gate_blueprint, public
from register.complaints import bp, grave_actions, services
from register.complaints.forms import (
    RELATIONS,
    AnswerForm,
    CaseFileForm,
    CloseForm,
    ComplaintForm,
    DecisionForm,
    IntakeForm,
    InterimForm,
    MatchForm,
    NoteForm,
    RequestForm,
)
from register.domain.lifecycle import REGISTRATION_LIFECYCLE, RegistrationAction
from register.domain.measures import (
    ACTING_CASE_STATES,
    CASE_LIFECYCLE,
    OPEN_CASE_STATES,
    CaseAction,
    CaseOutcome,
    CaseState,
)
from register.errors import ActionRefused, MalformedRequest, act
from register.extensions import limiter
from register.four_eyes.flow import propose_step
from register.i18n import current_language
from register.labels import choices, label
from register.models.accounts import Role
from register.objections.notices import local_today
from register.objects import (
    Purpose,
    get_case_or_404,
    get_case_request_or_404,
)
from register.pagination import paginate
from register.policy import current_policies
from register.registrations import grave_actions as registration_actions
from register.registrations.measures import measures_of

gate_blueprint(bp, Role.REGISTRAR)

PER_PAGE = 25
_RECEIPT = "complaint-receipt"
#: the public category of an interim suspension and of a decided one
INTERIM_CATEGORY = "investigation"
DECIDED_CATEGORY = "disciplinary"


# --- the public ----------------------------------------------------------------------------------


@bp.route("/complaint", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["COMPLAINT_RATE_LIMIT"], methods=["POST"])
def new():
    """The public complaint form. The form uses the session-bound CSRF token: the page is
    not cached, so the cookie it sets costs nothing."""
    form = ComplaintForm()
    if act(form, lambda refusal: _complaint_page(form)):
        case = services.file_complaint(
            name=form.name.data,
            email=form.email.data,
            phone=form.phone.data,
            relation=form.relation.data,
            registration_text=form.registration.data,
            account=form.account.data,
            happened_on=form.happened_on.data,
            uploads=request.files.getlist("files"),
            locale=current_language(),
            today=local_today(),
        )
        token = tokens.sign(_RECEIPT, case.number)
        return redirect(url_for(".received", token=token))
    return _complaint_page(form)


def _complaint_page(form):
    return render_template("complaints/new.html", form=form, max_files=services.MAX_FILES)


@bp.get("/complaint/received/<token>")
@public
def received(token: str):
    """The receipt: the case number (from a signed token, so nothing is looked up)."""
    try:
        number = tokens.verify(_RECEIPT, token, 24 * 3600)
    except tokens.TokenError:
        raise MalformedRequest(
            _l("This link has expired. Your case number is in the e-mail.")
        ) from None
    return render_template("complaints/received.html", number=number)


# --- the registrant ------------------------------------------------------------------------------


@bp.get("/my-registration/case-requests")
@allow(Role.APPLICANT)
def my_requests():
    """The register's requests to the registrant about complaints, unanswered first."""
    return render_template(
        "complaints/my_requests.html",
        requests=services.open_requests_for(current_user),
        today=local_today(),
    )


@bp.route("/my-registration/case-requests/<int:request_id>", methods=["GET", "POST"])
@allow(Role.APPLICANT)
def answer(request_id: int):
    """Answer one request of the register in the portal."""
    case_request = get_case_request_or_404(request_id, for_user=current_user, purpose=Purpose.OWN)
    form = AnswerForm(version=1)

    def page(refusal=None):
        return render_template(
            "complaints/answer.html", form=form, case_request=case_request, today=local_today()
        )

    if act(form, page):
        services.answer_request(
            case_request, current_user, form.answer.data, request.files.getlist("files")
        )
        flash(_("Your answer has been sent to the register."), "success")
        return redirect(url_for(".my_requests"))
    return page()


# --- the registrars ------------------------------------------------------------------------------


QUEUE_FILTERS = ("open", "", *(s.value for s in CaseState))


@bp.get("/registrar/cases")
def queue():
    """Complaint cases: the open ones by default, oldest first, with overdue requests."""
    state = request.args.get("state", "open")
    if state not in QUEUE_FILTERS:
        state = "open"
    page = paginate(services.queue_query(state or None), per_page=PER_PAGE)
    return render_template(
        "complaints/queue.html",
        page=page,
        state=state,
        states=[s for s in CaseState],
        today=local_today(),
        overdue=services.overdue_requests,
    )


WORK_FORMS = {
    "match": MatchForm,
    "intake": IntakeForm,
    "investigate": CloseForm,
    "note": NoteForm,
    "files": CaseFileForm,
    "request": RequestForm,
    "interim": InterimForm,
    "decide": DecisionForm,
    "close": CloseForm,
}

FILE_SOURCES = {
    "complainant": _l("sent by the complainant"),
    "registrar": _l("added by a registrar"),
    "registrant": _l("sent by the registrant"),
}

DONE = {
    "match": _l("The registration has been set."),
    "intake": _l("The intake has been recorded. The complainant has been told."),
    "investigate": _l("The investigation has started."),
    "note": _l("The note has been added."),
    "files": _l("The files have been added."),
    "request": _l("The request has been sent. The registrant answers in the portal."),
    "decide": _l("The case has been decided. The registrant receives the decision letter."),
    "close": _l("The case has been closed."),
}


def _forms(posted: bool) -> dict:
    forms = {
        name: cls(formdata=request.form if posted else None, prefix=name)
        for name, cls in WORK_FORMS.items()
    }
    _forms_choices(forms)
    return forms


def _typed(form) -> bool:
    return any(
        field.data
        for field in form
        if field.type not in ("HiddenField", "CSRFTokenField", "SubmitField", "SelectField")
    )


def _render(case, forms):
    for form in forms.values():
        form.version.data = case.version
    today = local_today()
    return render_template(
        "complaints/case.html",
        case=case,
        forms=forms,
        today=today,
        can=lambda action: CASE_LIFECYCLE.can(case.state, action),
        actions=CaseAction,
        is_open=case.state in OPEN_CASE_STATES,
        acting=case.state in ACTING_CASE_STATES,
        overdue={r.id for r in services.overdue_requests(case, today)},
        measures=measures_of(case.registration) if case.registration else [],
        policy=current_policies().measures,
        relation_label={c.value: c.label for c in RELATIONS},
        file_sources=FILE_SOURCES,
        can_suspend=case.registration is not None
        and REGISTRATION_LIFECYCLE.can(case.registration.status, RegistrationAction.SUSPEND)
        and not services.suspended_for(case),
    )


@bp.route("/registrar/cases/<int:case_id>", methods=["GET", "POST"])
def case(case_id: int):
    """One case: the complaint with its files, intake, investigation (notes, files,
    requests to the registrant), an interim suspension and the decision. The parts are
    one form: posting one keeps what was typed in the others. Opening it shows the
    complainant's details and account, so each view is audited."""
    case = get_case_or_404(case_id, for_user=current_user)
    posted = request.method == "POST"
    forms = _forms(posted)
    if not posted:
        audit.record(current_user, "complaint.viewed", case)
        return _render(case, forms)
    name = request.form.get("action")
    if name not in forms:
        raise MalformedRequest(_l("Choose one of the buttons on the page."))
    form = forms[name]
    act(
        form,
        lambda refusal: _render(case, forms),
        stale=_(
            "Another registrar changed this case in the meantime. Its current state is "
            "shown below; nothing was changed. What you typed is kept."
        ),
        not_allowed=_(
            "This is not possible for a case with status %(status)s. Nothing was changed.",
            status=label(case.state),
        ),
    )
    proposal = _carry_out(name, case, form, lambda: _render(case, forms))
    if proposal is not None:
        return proposal
    flash(str(DONE[name]), "success")
    if any(_typed(other) for other_name, other in forms.items() if other_name != name):
        forms[name] = WORK_FORMS[name](formdata=None, prefix=name)
        _forms_choices(forms)
        return _render(case, forms)
    return redirect(url_for(".case", case_id=case.id))


def _forms_choices(forms) -> None:
    forms["decide"].outcome.choices = [SelectChoice("", _("Choose the decision"))] + list(
        choices(CaseOutcome)
    )


def _carry_out(name: str, case, form, change):
    """Carry out the posted part; a grave one returns its confirmation page or proposal."""
    today, version = local_today(), form.expected_version()
    if name == "match":
        services.match_registration(case, current_user, form.number.data, expected_version=version)
    elif name == "intake":
        services.intake(
            case,
            current_user,
            admissible=form.admissible.data == "yes",
            reason=form.reason.data,
            expected_version=version,
        )
    elif name == "investigate":
        services.start_investigation(case, current_user, expected_version=version)
    elif name == "note":
        services.add_note(case, current_user, form.text.data, expected_version=version)
    elif name == "files":
        services.add_files(
            case, current_user, request.files.getlist("files-files"), expected_version=version
        )
    elif name == "request":
        services.send_request(
            case, current_user, form.question.data, today=today, expected_version=version
        )
    elif name == "interim":
        return _interim(case, form, change)
    elif name == "decide":
        return _decide(case, form, today, version, change)
    else:
        services.close(case, current_user, expected_version=version)
    return None


def _interim(case, form, change):
    """An interim suspension: the registration's suspend grave action, with the public
    category "investigation" (Lopend onderzoek) and the case in its payload."""
    services.check_acting(case)
    if INTERIM_CATEGORY not in current_policies().registration.suspension_reason_categories:
        raise ActionRefused(_l("The policy has no category for an investigation."), "reason")
    return propose_step(
        registration_actions.SUSPEND,
        case.registration,
        reason=form.reason.data,
        payload={"category": INTERIM_CATEGORY, "ends_on": None, "case_id": case.id},
        change=change,
    )


def _decide(case, form, today, version, change):
    outcome = CaseOutcome(form.outcome.data)
    services.check_decision(
        case, outcome, public_text=form.public_text.data, ends_on=form.ends_on.data, today=today
    )
    ends_on = form.ends_on.data.isoformat() if form.ends_on.data else None
    if outcome is CaseOutcome.SUSPENSION:
        return propose_step(
            registration_actions.SUSPEND,
            case.registration,
            reason=form.grounds.data,
            payload={
                "category": DECIDED_CATEGORY,
                "ends_on": ends_on,
                "case_id": case.id,
                "decides_case": True,
            },
            change=change,
        )
    if outcome is CaseOutcome.STRIKE_OFF:
        return propose_step(
            registration_actions.STRIKE_OFF,
            case.registration,
            reason=form.grounds.data,
            payload={"case_id": case.id},
            change=change,
        )
    if services.is_grave(outcome):
        return propose_step(
            grave_actions.DECIDE,
            case,
            reason=form.grounds.data,
            payload={
                "outcome": outcome.value,
                "public_text": form.public_text.data,
                "ends_on": ends_on,
            },
            change=change,
        )
    services.decide(
        case,
        current_user,
        outcome,
        grounds=form.grounds.data,
        public_text=form.public_text.data,
        ends_on=form.ends_on.data,
        today=today,
        expected_version=version,
    )
    return None
