"""Registration pages: the registrant's own page and the registrar's management pages."""

from __future__ import annotations

import datetime as dt

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import and_, func, or_, select
from wtforms import SelectChoice

from register.access import allow, can_download_certificate, gate_blueprint
from register.decisions import decisions_for
from register.domain.lifecycle import (
    FINAL_APPLICATION_STATES,
    REGISTRATION_LIFECYCLE,
    RegistrationAction,
    RegistrationStatus,
)
from register.domain.name_change import NameChangeState
from register.domain.numbers import parse_number
from register.errors import ActionRefused, act, check_version
from register.extensions import db
from register.four_eyes.flow import propose_step
from register.labels import label, suspension_category_name
from register.models.accounts import Role
from register.models.applications import Application
from register.models.names import NameChangeRequest
from register.models.registrations import Registration
from register.models.renewal import RenewalReminder, RenewalRequest
from register.objects import Purpose, get_registration_or_404
from register.organisations import checks as organisation_checks
from register.organisations.services import registrations_watching
from register.pagination import paginate
from register.policy import current_policies
from register.registrations import bp, grave_actions, services
from register.registrations.forms import (
    STATUS_FILTERS,
    RegistrationSearchForm,
    ReinstateForm,
    StrikeOffForm,
    SuspendForm,
    WorkRegionForm,
)
from register.registrations.measures import measures_of

gate_blueprint(bp, Role.REGISTRAR)

PER_PAGE = 25


# --- the registrant ------------------------------------------------------------------------


@bp.get("/my-registration")
@allow(Role.APPLICANT)
def mine():
    """The registrant's own registrations: number, tier, status, validity and history."""
    registrations = db.session.scalars(
        select(Registration)
        .where(Registration.user_id == current_user.id)
        .order_by(Registration.created_at.desc(), Registration.id.desc())
    ).all()
    forms = {
        r.id: WorkRegionForm(prefix=f"r{r.id}", show_work_region=r.show_work_region)
        for r in registrations
    }
    ids = [r.id for r in registrations]
    return render_template(
        "registrations/mine.html",
        registrations=registrations,
        forms=forms,
        current_suspension=services.current_suspension,
        tier_changes=_open_tier_changes(ids),
        name_requests=_pending_name_requests(ids),
        reminders=_renewal_rows(RenewalReminder, registrations),
        policy=current_policies().renewal,
        today=dt.date.today(),  # before the renewal window opens, a line says from when
        can_have_credential=lambda reg: can_download_certificate(current_user, reg),
        watching=registrations_watching(ids),
        checks=organisation_checks.checks_of(ids),
        lookup_counts=organisation_checks.counts_of(ids),
    )


def _open_tier_changes(registration_ids) -> dict[int, Application]:
    """Registration id → its application for another tier that is not decided yet."""
    rows = db.session.scalars(
        select(Application).where(
            Application.registration_id.in_(registration_ids),
            Application.state.not_in(list(FINAL_APPLICATION_STATES)),
        )
    )
    return {a.registration_id: a for a in rows}


def _pending_name_requests(registration_ids) -> dict[int, NameChangeRequest]:
    """Registration id → its request for another name that waits for a decision."""
    rows = db.session.scalars(
        select(NameChangeRequest).where(
            NameChangeRequest.registration_id.in_(registration_ids),
            NameChangeRequest.state == NameChangeState.PENDING,
        )
    )
    return {r.registration_id: r for r in rows}


def _renewal_rows(model, registrations) -> dict[int, list]:
    """The renewal reminders or requests of ``registrations``, newest first, per id."""
    rows: dict[int, list] = {r.id: [] for r in registrations}
    if rows:
        for row in db.session.scalars(
            select(model).where(model.registration_id.in_(list(rows))).order_by(model.id.desc())
        ):
            rows[row.registration_id].append(row)
    return rows


@bp.post("/my-registration/<int:registration_id>/work-region")
@allow(Role.APPLICANT)
def work_region(registration_id: int):
    """Turn showing the work region in the public register on or off."""
    registration = get_registration_or_404(
        registration_id, for_user=current_user, purpose=Purpose.OWN
    )
    form = WorkRegionForm(prefix=f"r{registration.id}")
    if not form.validate_on_submit():
        flash(_("The form could not be read. Please try again."), "error")
        return redirect(url_for(".mine"))
    services.set_work_region_visibility(registration, current_user, form.show_work_region.data)
    if registration.show_work_region:
        flash(_("Your work region is now shown in the public register."), "success")
    else:
        flash(_("Your work region is not shown in the public register."), "success")
    return redirect(url_for(".mine"))


# --- the registrar -------------------------------------------------------------------------


@bp.get("/review/registrations")
def index():
    """All registrations, searchable by number or name and filterable by status."""
    form = RegistrationSearchForm(request.args)
    form.status.choices = [SelectChoice("", _("All statuses"))] + [
        SelectChoice(s, label(RegistrationStatus(s))) for s in STATUS_FILTERS if s
    ]
    query = select(Registration)
    if form.validate():
        if form.q.data:
            query = query.where(_search_clause(form.q.data.strip()))
        if form.status.data:
            query = query.where(Registration.status == form.status.data)
    query = query.order_by(Registration.sequence.desc())
    page = paginate(query, per_page=PER_PAGE)
    return render_template("registrations/index.html", form=form, page=page)


def _search_clause(text: str):
    """A typed registration number (in any common spelling), or words of the name compared
    on the folded search keys (so "celik" finds "Çelik")."""
    from register.domain.names import tokens

    parsed = parse_number(current_policies().registration.number, text)
    if parsed.ok:
        return Registration.number == parsed.canonical
    folded = (
        Registration.given_key
        + " "
        + Registration.prefix_key
        + " "
        + Registration.surname_key
        + " "
        + func.coalesce(Registration.surname_alt_key, "")
    )
    words = tokens(text) or [text.lower()]
    return or_(
        func.lower(Registration.number).contains(text.lower(), autoescape=True),
        and_(*(folded.contains(word, autoescape=True) for word in words)),
    )


@bp.get("/review/registrations/<int:registration_id>")
def detail(registration_id: int):
    """One registration: details, full status history and the actions its status allows."""
    return _render_detail(
        get_registration_or_404(registration_id, for_user=current_user, purpose=Purpose.REVIEW)
    )


def _suspend_form(registration, data=None) -> SuspendForm:
    form = SuspendForm(formdata=data, prefix="suspend", version=registration.version)
    categories = current_policies().registration.suspension_reason_categories
    form.category.choices = [SelectChoice("", _("Choose a category"))] + [
        SelectChoice(code, suspension_category_name(code)) for code in categories
    ]
    return form


def _forms(registration, posted: bool = True) -> dict:
    """The page's action blocks (its one form), filled with what was posted: each button
    posts every block, so what was typed in the others is shown again."""
    data = request.form if posted else None
    return {
        "suspend_form": _suspend_form(registration, data),
        "reinstate_form": ReinstateForm(
            formdata=data, prefix="reinstate", version=registration.version
        ),
        "strike_form": StrikeOffForm(formdata=data, prefix="strike", version=registration.version),
    }


def _typed(form) -> bool:
    """True when something was typed or chosen in ``form`` (its hidden fields aside)."""
    return any(
        (value or "").strip()
        for field in form
        if field.type not in ("HiddenField", "CSRFTokenField")
        for value in (field.raw_data or [])
        if isinstance(value, str)
    )


def _keep_others(registration, forms: dict, done: str, response):
    """After the ``done`` block's action: a text typed in another block (and not used) is
    shown again on the page instead of ``response`` (the way on)."""
    if not any(_typed(form) for name, form in forms.items() if name != done):
        return response
    flash(
        _("What you typed in the other part of the page has not been used: it is kept below."),
        "info",
    )
    forms = {**forms, done: _forms(registration, posted=False)[done]}
    return _render_detail(registration, **forms)


def _render_detail(registration, **forms):
    allowed = set(REGISTRATION_LIFECYCLE.allowed_actions(registration.status))
    for name, form in _forms(registration, posted=False).items():
        forms.setdefault(name, form)
    for form in forms.values():
        form.version.data = registration.version
    return render_template(
        "registrations/detail.html",
        reminders=_renewal_rows(RenewalReminder, [registration])[registration.id],
        renewal_requests=_renewal_rows(RenewalRequest, [registration])[registration.id],
        policy=current_policies().renewal,
        registration=registration,
        tier_change=_open_tier_changes([registration.id]).get(registration.id),
        name_request=_pending_name_requests([registration.id]).get(registration.id),
        allowed=allowed,
        actions=RegistrationAction,
        suspension=services.current_suspension(registration),
        measures=measures_of(registration),
        decisions=decisions_for(registration),
        grave=grave_actions,
        reinstate_is_grave=services.needs_second_registrar(
            registration, RegistrationAction.REINSTATE
        ),
        today=dt.date.today(),
        **forms,
    )


def _action(registration: Registration, form_name: str, forms: dict):
    """Validate a registrar's posted action; a refusal (bad input, a stale version, an
    impossible action) shows the page again with a message and what was typed in every
    block. Returns the validated form."""
    form = forms[form_name]
    act(
        form,
        lambda refusal: _render_detail(registration, **forms),
        stale=_(
            "Another registrar changed this registration in the meantime. Its current "
            "state is shown below; nothing was changed. Check it and try again if needed."
        ),
        not_allowed=_(
            "This action is not possible for a registration with status %(status)s.",
            status=label(registration.status),
        ),
    )
    check_version(registration, form.expected_version())
    return form


def _propose(registration: Registration, kind: str, form_name: str, forms: dict, reason, payload):
    """A grave action: its confirmation page, then the proposal for a second registrar
    (the confirmation page posts every block again, so nothing typed is lost on the way)."""
    response = propose_step(
        kind,
        registration,
        reason=reason,
        payload=payload,
        change=lambda: _render_detail(registration, **forms),
    )
    if request.form.get("step") == "propose":
        return _keep_others(registration, forms, form_name, response)
    return response


@bp.post("/review/registrations/<int:registration_id>/suspend")
def suspend(registration_id: int):
    """Propose to suspend a registration (reason, public category, optional end date): the
    confirmation page first, then the proposal; a second registrar confirms it."""
    registration = get_registration_or_404(
        registration_id, for_user=current_user, purpose=Purpose.REVIEW
    )
    forms = _forms(registration)
    form = _action(registration, "suspend_form", forms)
    services.check_suspension(
        registration,
        reason=form.reason.data,
        category=form.category.data,
        ends_on=form.ends_on.data,
        today=dt.date.today(),
    )
    payload = {
        "category": form.category.data,
        "ends_on": form.ends_on.data.isoformat() if form.ends_on.data else None,
    }
    return _propose(
        registration, grave_actions.SUSPEND, "suspend_form", forms, form.reason.data, payload
    )


@bp.post("/review/registrations/<int:registration_id>/reinstate")
def reinstate(registration_id: int):
    """Reinstate a suspended registration at once; a struck-off one is proposed for a
    second registrar (the confirmation page first)."""
    registration = get_registration_or_404(
        registration_id, for_user=current_user, purpose=Purpose.REVIEW
    )
    forms = _forms(registration)
    form = _action(registration, "reinstate_form", forms)
    if services.needs_second_registrar(registration, RegistrationAction.REINSTATE):
        if not (form.note.data or "").strip():
            raise ActionRefused(
                _("Give the reason for reinstating a struck-off registration."), field="note"
            )
        return _propose(
            registration,
            grave_actions.REINSTATE_STRUCK_OFF,
            "reinstate_form",
            forms,
            form.note.data,
            {},
        )
    services.reinstate_registration(
        registration, current_user, note=form.note.data, expected_version=form.expected_version()
    )
    flash(_("The registration has been reinstated."), "success")
    way_on = redirect(url_for(".detail", registration_id=registration_id))
    return _keep_others(registration, forms, "reinstate_form", way_on)


@bp.post("/review/registrations/<int:registration_id>/strike-off")
def strike_off(registration_id: int):
    """Propose to strike a registration off the register: the confirmation page first, then
    the proposal; a second registrar confirms it."""
    registration = get_registration_or_404(
        registration_id, for_user=current_user, purpose=Purpose.REVIEW
    )
    forms = _forms(registration)
    form = _action(registration, "strike_form", forms)
    return _propose(
        registration, grave_actions.STRIKE_OFF, "strike_form", forms, form.reason.data, {}
    )
