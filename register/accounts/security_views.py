"""The second factor's pages (the code after the password, enrolling an app, recovery codes,
turning it off) and the account's sessions. Thin: access, form, one service call.

The pages marked ``@second_factor_step`` are the only ones a session reaches between the
password and the second factor (``register.access.enforce_access``).
"""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user

from register import sessions
from register.access import authenticated, second_factor_pending, second_factor_step
from register.accounts import bp, services
from register.accounts import second_factor as factor
from register.accounts.forms import SecondFactorForm
from register.accounts.views import render_account
from register.domain.second_factor import grouped
from register.errors import act, on_refusal
from register.extensions import limiter
from register.links import is_safe_redirect


def _code_limit() -> str:
    return current_app.config["SECOND_FACTOR_RATE_LIMIT"]


def _account_key() -> str:
    return f"second-factor-user:{getattr(current_user, 'id', None)}"


def _failed(response) -> bool:
    """Only codes that were not accepted count towards the limit."""
    return response.status_code not in (302, 303)


def _next_url() -> str | None:
    target = request.values.get("next")
    return target if is_safe_redirect(target) else None


def _user():
    return current_user._get_current_object()


@bp.route("/login/code", methods=["GET", "POST"])
@authenticated
@second_factor_step
@limiter.limit(_code_limit, methods=["POST"], key_func=get_remote_address, deduct_when=_failed)
@limiter.limit(_code_limit, methods=["POST"], key_func=_account_key, deduct_when=_failed)
def second_factor():
    """After the password: a code from the authenticator app (or a recovery code)."""
    user = _user()
    if not second_factor_pending(user):
        return redirect(_next_url() or services.home_for(user))
    if not factor.is_enrolled(user):
        return redirect(url_for("accounts.enrol_second_factor", next=_next_url()))
    form = SecondFactorForm()

    def page(refusal=None):
        return render_template("accounts/second_factor.html", form=form, next_url=_next_url())

    if act(form, page):
        remaining = factor.pass_second_factor(user, form.code.data, user.current_session)
        if remaining is not None:
            flash(
                _(
                    "You used a recovery code. You have %(n)s left: make new ones on your "
                    "account page.",
                    n=remaining,
                ),
                "info" if remaining > 2 else "error",
            )
        return redirect(_next_url() or services.home_for(user))
    return page()


@bp.route("/account/second-factor", methods=["GET", "POST"])
@authenticated
@second_factor_step
@limiter.limit(_code_limit, methods=["POST"], key_func=_account_key, deduct_when=_failed)
def enrol_second_factor():
    """Set up an authenticator app: a QR code and the secret to type, confirmed with a first
    code; then the recovery codes, shown once."""
    user = _user()
    if factor.is_enrolled(user):
        if second_factor_pending(user):
            return redirect(url_for("accounts.second_factor", next=_next_url()))
        return redirect(url_for("accounts.account"))
    enrolment = factor.begin_enrolment(user)
    uri = factor.provisioning_uri(user, enrolment.secret)
    form = SecondFactorForm()

    def page(refusal=None):
        return render_template(
            "accounts/enrol.html",
            form=form,
            qr_code=factor.qr_code(uri),
            secret=grouped(enrolment.secret),
            issuer=current_app.config["TOTP_ISSUER"],
            mandatory=factor.is_mandatory(user),
            next_url=_next_url(),
        )

    if act(form, page):
        codes = factor.confirm_enrolment(user, form.code.data, user.current_session)
        return render_template(
            "accounts/recovery_codes.html",
            codes=codes,
            first_time=True,
            continue_url=_next_url() or services.home_for(user),
        )
    return page()


@bp.post("/account/second-factor/restart")
@authenticated
@second_factor_step
def restart_enrolment():
    """A new secret for an enrolment not yet confirmed (the first could not be scanned)."""
    factor.begin_enrolment(_user(), start_over=True)
    flash(_("There is a new code to scan."), "info")
    return redirect(url_for("accounts.enrol_second_factor", next=_next_url()))


@bp.post("/account/second-factor/recovery-codes")
@authenticated
def renew_recovery_codes():
    """Ten new recovery codes, shown once; the old ones stop working."""
    on_refusal(lambda refusal: render_account())
    codes = factor.regenerate_recovery_codes(_user())
    return render_template(
        "accounts/recovery_codes.html",
        codes=codes,
        first_time=False,
        continue_url=url_for("accounts.account"),
    )


@bp.post("/account/second-factor/off")
@authenticated
@limiter.limit(_code_limit, key_func=_account_key, deduct_when=_failed)
def turn_off_second_factor():
    """Stop using the second factor (only for those whose role does not require it)."""
    form = SecondFactorForm(prefix="off")
    act(form, lambda refusal: render_account(turn_off_form=form))
    factor.turn_off(_user(), form.code.data)
    flash(_("The second factor is turned off for your account."), "success")
    return redirect(url_for("accounts.account"))


@bp.post("/account/sessions/<int:session_id>/end")
@authenticated
def end_session(session_id: int):
    """End one of the account's other sessions (another device)."""
    user = _user()
    if session_id == user.current_session.id:
        flash(_("To end this session, log out."), "info")
    elif sessions.end_one(user, session_id):
        flash(_("The session has been ended."), "success")
    else:
        flash(_("This session had already ended."), "info")
    return redirect(url_for("accounts.account", _anchor="sessions"))


@bp.post("/account/sessions/end-others")
@authenticated
def end_other_sessions():
    """End every session of the account except this one."""
    ended = sessions.end_others(_user(), _user().current_session)
    if ended:
        flash(_("Your other sessions have been ended."), "success")
    else:
        flash(_("You had no other sessions."), "info")
    return redirect(url_for("accounts.account", _anchor="sessions"))
