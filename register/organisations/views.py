"""Pages of organisation accounts (``/organisation/…``, for their users), the public
sign-up and invitation pages, and the register's staff pages on organisations."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from register import tokens
from register.access import allow, public
from register.accounts.forms import PASSWORD_HINT
from register.errors import act
from register.labels import choices
from register.models.accounts import Role
from register.models.organisations import AlertMode, Organisation
from register.objects import get_api_key_or_404, get_organisation_or_404, get_watch_entry_or_404
from register.organisations import alerts, bp, services
from register.organisations.forms import (
    BlockForm,
    ConfirmForm,
    InviteForm,
    JoinForm,
    KeyForm,
    OrganisationSignupForm,
    SettingsForm,
    WatchForm,
    WatchUploadForm,
)
from register.pagination import paginate

PER_PAGE = 50


def _locale() -> str | None:
    from flask_babel import get_locale

    locale = get_locale()
    return str(locale) if locale else None


def _mine() -> Organisation:
    """The organisation of the logged-in user (every page below acts for it); an employer
    account that belongs to none has no organisation pages (404)."""
    organisation = services.organisation_of(current_user)
    if organisation is None:
        abort(404)
    return organisation


# --- public: sign-up and invitations ---------------------------------------------------------


@bp.route("/organisations/signup", methods=["GET", "POST"])
@public
def signup():
    """An employer makes an organisation account with its first user."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = OrganisationSignupForm()

    def page(refusal=None):
        return render_template("organisations/signup.html", form=form, password_hint=PASSWORD_HINT)

    if act(form, page):
        services.sign_up(
            form.organisation_name.data,
            form.kvk_number.data,
            form.email.data,
            form.password.data,
            form.given_names.data,
            form.surname_prefix.data,
            form.surname.data,
            locale=_locale(),
        )
        return render_template("accounts/signup_sent.html", email=form.email.data)
    return page()


@bp.route("/organisations/join/<token>", methods=["GET", "POST"])
@public
def join(token: str):
    """An invited user makes their account of the organisation."""
    try:
        organisation, email = services.invitation(token)
    except tokens.TokenError:
        return render_template("organisations/join_invalid.html"), 404
    form = JoinForm()
    form.account_email = email

    def page(refusal=None):
        return render_template(
            "organisations/join.html",
            form=form,
            organisation=organisation,
            email=email,
            token=token,
            password_hint=PASSWORD_HINT,
        )

    if act(form, page):
        services.accept_invitation(
            token,
            form.password.data,
            form.given_names.data,
            form.surname_prefix.data,
            form.surname.data,
            locale=_locale(),
        )
        flash(_("Your account is ready. Log in with your e-mail address and password."))
        return redirect(url_for("accounts.login"))
    return page()


# --- the organisation's own pages ------------------------------------------------------------


@bp.route("/organisation", methods=["GET", "POST"])
@allow(Role.EMPLOYER)
def home():
    """The organisation: its users, an invitation form, and where to go next."""
    organisation = _mine()
    form = InviteForm()

    def page(refusal=None):
        return render_template("organisations/home.html", organisation=organisation, form=form)

    if act(form, page):
        services.invite(organisation, current_user, form.email.data)
        flash(_("The invitation has been sent to %(email)s.", email=form.email.data))
        return redirect(url_for(".home"))
    return page()


@bp.route("/organisation/keys", methods=["GET", "POST"])
@allow(Role.EMPLOYER)
def keys():
    """The organisation's API keys; a new key is shown once, on the page that made it."""
    organisation = _mine()
    form = KeyForm()

    def page(refusal=None, new_key=None):
        return render_template(
            "organisations/keys.html",
            organisation=organisation,
            form=form,
            keys=services.keys_of(organisation),
            new_key=new_key,
            revoke=ConfirmForm(),
        )

    if act(form, page):
        key = services.create_key(organisation, current_user, form.name.data)
        form = KeyForm(formdata=None)
        return page(new_key=key), 200, {"Cache-Control": "no-store"}
    return page()


@bp.post("/organisation/keys/<int:key_id>/revoke")
@allow(Role.EMPLOYER)
def revoke_key(key_id: int):
    organisation = _mine()
    key = get_api_key_or_404(key_id, for_organisation=organisation)
    form = ConfirmForm()
    act(form, lambda refusal: redirect(url_for(".keys")))
    services.revoke_key(organisation, current_user, key.id)
    flash(
        _(
            "The key %(name)s has been revoked. Requests with it are refused from now on.",
            name=key.name,
        )
    )
    return redirect(url_for(".keys"))


def _watch_page(organisation, add_form, upload_form, result=None):
    page = paginate(services.watch_list_query(organisation), per_page=PER_PAGE)
    return render_template(
        "organisations/watch_list.html",
        organisation=organisation,
        form=add_form,
        upload=upload_form,
        page=page,
        result=result,
        remove=ConfirmForm(),
    )


@bp.route("/organisation/watch-list", methods=["GET", "POST"])
@allow(Role.EMPLOYER)
def watch_list():
    """The watch list: add one number with the relation, or a CSV file of numbers."""
    organisation = _mine()
    form = WatchForm()
    upload = WatchUploadForm(formdata=None)
    if act(form, lambda refusal: _watch_page(organisation, form, upload)):
        registration = services.find_registration(form.number.data)
        entry, created = services.watch(
            organisation,
            registration,
            form.employed_since.data,
            form.role.data or "",
            current_user,
            "portal",
        )
        if created:
            flash(_("%(number)s is on your watch list.", number=registration.number))
        else:
            flash(
                _(
                    "%(number)s was on your watch list already; its details are updated.",
                    number=registration.number,
                )
            )
        return redirect(url_for(".watch_list"))
    return _watch_page(organisation, form, upload)


@bp.post("/organisation/watch-list/upload")
@allow(Role.EMPLOYER)
def watch_upload():
    """Put every number of a CSV file on the watch list."""
    organisation = _mine()
    upload = WatchUploadForm()
    # The page is one form: the number, date and role typed in the other part were posted
    # with the file, and are shown again as typed (they are not used here).
    form = WatchForm()
    act(upload, lambda refusal: _watch_page(organisation, form, upload))
    result = services.watch_from_csv(organisation, current_user, upload.file.data)
    return _watch_page(organisation, form, WatchUploadForm(formdata=None), result=result)


@bp.post("/organisation/watch-list/<int:entry_id>/remove")
@allow(Role.EMPLOYER)
def unwatch(entry_id: int):
    organisation = _mine()
    entry = get_watch_entry_or_404(entry_id, for_organisation=organisation)
    act(ConfirmForm(), lambda refusal: redirect(url_for(".watch_list")))
    number = entry.registration.number
    services.unwatch(organisation, entry.registration, current_user)
    flash(_("%(number)s is no longer on your watch list.", number=number))
    return redirect(url_for(".watch_list"))


def _alert_choices(form: SettingsForm) -> None:
    form.alert_mode.choices = choices(AlertMode)


@bp.route("/organisation/alerts", methods=["GET", "POST"])
@allow(Role.EMPLOYER)
def alerts_page():
    """How the organisation hears of changes (e-mail per change or a daily digest, a
    webhook), its signing secret, and the log of webhook deliveries."""
    organisation = _mine()
    if request.method == "POST":
        form = SettingsForm()
    else:
        form = SettingsForm(
            alert_mode=organisation.alert_mode.value, webhook_url=organisation.webhook_url or ""
        )
    _alert_choices(form)

    def page(refusal=None):
        return render_template(
            "organisations/alerts.html",
            organisation=organisation,
            form=form,
            secret_form=ConfirmForm(),
            deliveries=alerts.deliveries_of(organisation),
        )

    if act(form, page):
        services.update_settings(
            organisation, current_user, AlertMode(form.alert_mode.data), form.webhook_url.data
        )
        flash(_("Your alert settings are saved."))
        return redirect(url_for(".alerts_page"))
    return page()


@bp.post("/organisation/alerts/secret")
@allow(Role.EMPLOYER)
def new_secret():
    organisation = _mine()
    act(ConfirmForm(), lambda refusal: redirect(url_for(".alerts_page")))
    services.new_webhook_secret(organisation, current_user)
    flash(_("The webhook has a new signing secret. Use it in your receiver from now on."))
    return redirect(url_for(".alerts_page"))


# --- the register's staff --------------------------------------------------------------------


@bp.get("/review/organisations")
@allow(Role.REGISTRAR)
def staff_index():
    """Every organisation account, by name."""
    page = paginate(
        select(Organisation).order_by(Organisation.name, Organisation.id), per_page=PER_PAGE
    )
    return render_template("organisations/staff_index.html", page=page)


def _staff_page(organisation, block_form):
    return render_template(
        "organisations/staff_detail.html",
        organisation=organisation,
        form=block_form,
        unblock=ConfirmForm(),
        keys=services.keys_of(organisation),
        watching=services.watch_list(organisation, 1, 1)[1],
    )


@bp.get("/review/organisations/<int:organisation_id>")
@allow(Role.REGISTRAR)
def staff_detail(organisation_id: int):
    organisation = get_organisation_or_404(organisation_id, for_user=current_user)
    return _staff_page(organisation, BlockForm())


@bp.post("/review/organisations/<int:organisation_id>/block")
@allow(Role.REGISTRAR)
def block(organisation_id: int):
    """Block the organisation: its keys stop working at once (audited)."""
    organisation = get_organisation_or_404(organisation_id, for_user=current_user)
    form = BlockForm()
    act(form, lambda refusal: _staff_page(organisation, form))
    services.block(organisation, current_user, form.reason.data)
    flash(_("%(name)s is blocked. Its API keys no longer work.", name=organisation.name))
    return redirect(url_for(".staff_detail", organisation_id=organisation.id))


@bp.post("/review/organisations/<int:organisation_id>/unblock")
@allow(Role.REGISTRAR)
def unblock(organisation_id: int):
    organisation = get_organisation_or_404(organisation_id, for_user=current_user)
    act(ConfirmForm(), lambda refusal: _staff_page(organisation, BlockForm()))
    services.unblock(organisation, current_user)
    flash(_("%(name)s is no longer blocked.", name=organisation.name))
    return redirect(url_for(".staff_detail", organisation_id=organisation.id))
