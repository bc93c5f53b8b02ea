"""Pages of decisions and objections: the person's decisions (with the letter and the
objection form), the decision letter (PDF), and the registrars' queue and objection page."""

from __future__ import annotations

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from register import audit
from register.access import allow, authenticated, is_decision_party
from register.domain import objections as rules
from register.domain.decisions import DecisionKind
from register.domain.objections import (
    OBJECTION_LIFECYCLE,
    OBJECTION_OUTCOMES,
    OPEN_OBJECTION_STATES,
    ObjectionAction,
)
from register.domain.trace import Trace
from register.errors import MalformedRequest, act
from register.extensions import db
from register.i18n import current_language
from register.labels import label
from register.models.accounts import Role, User
from register.objections import bp, services
from register.objections.forms import WORK_FORMS, ObjectionForm, QueueFilterForm
from register.objections.letters import letter_content, letter_pdf, outcome_label
from register.objections.notices import local_today, window
from register.objects import Purpose, get_decision_or_404, get_objection_or_404
from register.policy import current_policies

PER_PAGE = 25


def _history_subject(decision):
    """The record whose decision history a decision's page shows."""
    return services.subject_of(decision)


# --- the person concerned --------------------------------------------------------------------


@bp.get("/my-decisions")
@allow(Role.APPLICANT, Role.PROVIDER)
def mine():
    """The decisions that concern the user, each with its letter and objection status."""
    decisions = services.decisions_of_party(current_user)
    return render_template(
        "objections/mine.html",
        rows=[(d, window(d), services.objection_for(d)) for d in decisions],
        outcome_label=outcome_label,
        today=local_today(),
    )


@bp.route("/my-decisions/<int:decision_id>", methods=["GET", "POST"])
@allow(Role.APPLICANT, Role.PROVIDER)
def my_decision(decision_id: int):
    """One decision: what it says (as in the letter), the letter in both languages, its
    history, and the objection form while it can be objected to (also after the period:
    the registrar then decides whether the delay is excused)."""
    decision = get_decision_or_404(decision_id, for_user=current_user, purpose=Purpose.OWN)
    if decision.kind is DecisionKind.OBJECTION:
        objected = services.subject_of(decision).decision
        return redirect(url_for(".my_decision", decision_id=objected.id))
    policy = current_policies().objections
    form = ObjectionForm()
    if not policy.hearing_offered:
        del form.wants_hearing
    today = local_today()
    period = window(decision)

    def page(refusal=None):
        chose_files = any(f.filename for f in request.files.getlist("files"))
        return render_template(
            "objections/decision.html",
            decision=decision,
            letter=letter_content(decision, current_language(), viewer=current_user),
            period=period,
            late=period.objectionable and rules.is_late(today, period.objection_until),
            objection=services.objection_for(decision),
            closed=services.why_not_open(decision),
            form=form,
            files_lost=refusal is not None and chose_files,
            history=services.decision_history(_history_subject(decision)),
            outcome_label=outcome_label,
            policy=policy,
            today=today,
        )

    if act(
        form,
        page,
        not_allowed=_("This decision can no longer be objected to. Nothing was sent."),
    ):
        services.submit_objection(
            decision,
            current_user,
            grounds=form.grounds.data,
            wants_hearing=bool(getattr(form, "wants_hearing", None) and form.wants_hearing.data),
            lateness_reason=form.lateness_reason.data,
            uploads=request.files.getlist("files"),
            today=today,
        )
        flash(
            _("Your objection has been received. You will receive a confirmation by e-mail."),
            "success",
        )
        return redirect(url_for(".my_decision", decision_id=decision.id))
    return page()


def _letter_language(decision) -> str:
    """The language of the person a decision is about (else the reader's, else Dutch)."""
    person = db.session.get(User, decision.person_id) if decision.person_id else None
    chosen = (person.locale if person else None) or getattr(current_user, "locale", None)
    return chosen if chosen in current_app.config["LANGUAGES"] else "nl"


@bp.get("/decisions/<int:decision_id>/letter.pdf")
@authenticated
def letter(decision_id: int):
    """The decision letter as PDF, in the person's language (``?lang=nl|en`` for the
    other). Made from the stored decision: the same on every download. A download by staff
    is recorded in the audit log."""
    decision = get_decision_or_404(decision_id, for_user=current_user, purpose=Purpose.VIEW)
    language = request.args.get("lang")
    if language not in current_app.config["LANGUAGES"]:
        language = _letter_language(decision)
    if not is_decision_party(current_user, decision):
        audit.record(current_user, "decision_letter.viewed", decision, language=language)
    content = letter_content(decision, language, viewer=current_user)
    return Response(
        letter_pdf(content),
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="decision-{decision.id}-{language}.pdf"'
        },
    )


# --- the registrars --------------------------------------------------------------------------


@bp.get("/registrar/objections")
@allow(Role.REGISTRAR)
def queue():
    """Objections waiting for a decision, nearest deadline first, with days left, whether
    the period was extended, whether a hearing was asked for and whether it came in late."""
    form = QueueFilterForm(request.args)
    status = form.status.data if form.validate() else "open"
    if status not in services.QUEUE_FILTERS:
        status = "open"
    page = db.paginate(
        services.queue_query(status),
        page=request.args.get("page", 1, type=int),
        per_page=PER_PAGE,
        error_out=False,
    )
    return render_template(
        "objections/queue.html",
        form=form,
        page=page,
        today=local_today(),
        days_left=rules.days_left,
        open_states=OPEN_OBJECTION_STATES,
    )


def _typed(form) -> bool:
    """Whether the registrar typed something in ``form`` (beyond hidden fields)."""
    return any(
        field.data
        for field in form
        if field.type not in ("HiddenField", "CSRFTokenField", "SubmitField")
    )


def _render(objection, forms):
    today = local_today()
    original = objection.decision
    check = services.decision_check(objection, current_user, today)
    blocked = {
        action: services.BLOCKED[rule]
        for action in OBJECTION_OUTCOMES
        if (rule := rules.blocking_rule(check, action)) is not None
    }
    forms["decide"].offer(rules.possible_decisions(check))
    for form in forms.values():
        form.version.data = objection.version
    people = {
        u.id: u
        for u in db.session.scalars(
            db.select(User).where(
                User.id.in_(
                    {original.decided_by_id, original.confirmed_by_id, objection.decided_by_id}
                    - {None}
                )
            )
        )
    }
    return render_template(
        "objections/objection.html",
        objection=objection,
        original=original,
        original_trace=Trace.from_json(original.trace) if original.trace else None,
        check=check,
        blocked=blocked,
        may_handle=services.may_handle(objection, current_user),
        can=lambda action: OBJECTION_LIFECYCLE.can(objection.state, action),
        actions=ObjectionAction,
        remedy=services.remedy_of(objection),
        people=people,
        forms=forms,
        history=services.decision_history(_history_subject(original)),
        outcome_label=outcome_label,
        days_left=rules.days_left(objection.deadline, today),
        is_open=objection.state in OPEN_OBJECTION_STATES,
        today=today,
    )


DONE = {
    "hearing": _l("The hearing has been planned and the objector has been invited."),
    "record": _l("The hearing has been recorded."),
    "extend": _l("The decision period has been extended. The objector has been told why."),
    "excuse": _l("The delay has been excused. The objection is handled as if it came in time."),
    "decide": _l("The objection has been decided. The objector receives the decision by e-mail."),
}


def _carry_out(name: str, objection, form) -> None:
    today, version = local_today(), form.expected_version()
    if name == "hearing":
        services.schedule_hearing(
            objection,
            current_user,
            hearing_on=form.hearing_on.data,
            details=form.details.data,
            today=today,
            expected_version=version,
        )
    elif name == "record":
        services.record_hearing(
            objection, current_user, record=form.record.data, expected_version=version
        )
    elif name == "extend":
        services.extend_deadline(
            objection, current_user, reason=form.reason.data, today=today, expected_version=version
        )
    elif name == "excuse":
        services.excuse_lateness(
            objection, current_user, reason=form.reason.data, expected_version=version
        )
    else:
        services.decide_objection(
            objection,
            current_user,
            action=ObjectionAction(form.outcome.data),
            grounds=form.grounds.data,
            today=today,
            expected_version=version,
        )


@bp.route("/registrar/objections/<int:objection_id>", methods=["GET", "POST"])
@allow(Role.REGISTRAR)
def detail(objection_id: int):
    """One objection: the decision objected to with its stored trace beside the objector's
    grounds, and the fieldsets for the hearing, the extension, a late objection and the
    decision. They are one form: posting one keeps what was typed in the others. Opening
    it shows the objector's grounds and files, so each view is audited."""
    objection = get_objection_or_404(objection_id, for_user=current_user)
    posted = request.method == "POST"
    forms = {
        name: cls(formdata=request.form if posted else None, prefix=name)
        for name, (cls, _action) in WORK_FORMS.items()
    }
    if not posted:
        audit.record(current_user, "objection.viewed", objection)
        return _render(objection, forms)
    name = request.form.get("action")
    if name not in forms:
        raise MalformedRequest(_l("Choose one of the buttons on the page."))
    form = forms[name]
    if name == "decide":
        check = services.decision_check(objection, current_user, local_today())
        form.offer(rules.possible_decisions(check))
    act(
        form,
        lambda refusal: _render(objection, forms),
        stale=_(
            "Another registrar changed this objection in the meantime. Its current state is "
            "shown below; nothing was changed. What you typed is kept."
        ),
        not_allowed=_(
            "This is not possible for an objection with status %(status)s. Nothing was changed.",
            status=label(objection.state),
        ),
    )
    _carry_out(name, objection, form)
    flash(str(DONE[name]), "success")
    if any(_typed(other) for other_name, other in forms.items() if other_name != name):
        cls = WORK_FORMS[name][0]
        forms[name] = cls(formdata=None, prefix=name)
        return _render(objection, forms)
    return redirect(url_for(".detail", objection_id=objection.id))
