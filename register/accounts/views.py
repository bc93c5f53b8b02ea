"""Account pages. Thin: access, form, one service call, redirect (the request commits)."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select

from register import sessions
from register.access import authenticated, public
from register.accounts import bp, second_factor, services
from register.accounts.forms import (
    PASSWORD_HINT,
    ChangePasswordForm,
    ForgotPasswordForm,
    LoginForm,
    ProfileForm,
    ResetPasswordForm,
    SecondFactorForm,
    SignupForm,
)
from register.accounts.services import LinkUsed
from register.errors import act
from register.extensions import db, limiter
from register.links import is_safe_redirect
from register.models.registrations import Registration, is_current
from register.tokens import TokenExpired, TokenInvalid


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _email_key() -> str:
    return "login-email:" + services.normalise_email(request.form.get("email", ""))


def _failed(response) -> bool:
    """Only attempts that did not log in count towards the limit."""
    return response.status_code not in (302, 303)


def _next_or_home(user) -> str:
    target = request.values.get("next")
    return target if is_safe_redirect(target) else services.home_for(user)


@bp.route("/signup", methods=["GET", "POST"])
@public
def signup():
    """Create an applicant account and send the confirmation link."""
    if current_user.is_authenticated:
        return redirect(services.home_for(current_user))
    form = SignupForm()

    def page(refusal=None):
        return render_template("accounts/signup.html", form=form, password_hint=PASSWORD_HINT)

    if act(form, page):
        user = services.sign_up(
            form.email.data,
            form.password.data,
            form.given_names.data,
            form.surname_prefix.data,
            form.surname.data,
            locale=_current_locale(),
        )
        if user is not None:
            services.send_confirmation(user)
        # The same page whether or not the address already had an account (its owner got
        # an e-mail instead): a sign-up never tells who is registered.
        return render_template("accounts/signup_sent.html", email=form.email.data)
    return page()


def _current_locale() -> str | None:
    from flask_babel import get_locale

    locale = get_locale()
    return str(locale) if locale else None


@bp.get("/confirm/<token>")
@public
def confirm(token: str):
    """Confirm the e-mail address through the signed link from the e-mail."""
    try:
        user = services.confirm_email(token)
    except TokenExpired:
        return render_template(
            "accounts/link_problem.html", purpose="confirm", problem="expired", token=token
        ), 400
    except TokenInvalid:
        return render_template(
            "accounts/link_problem.html", purpose="confirm", problem="invalid"
        ), 400
    flash(_("Thank you. Your e-mail address has been confirmed."), "success")
    if current_user.is_authenticated and current_user.id == user.id:
        return redirect(services.home_for(user))
    return redirect(url_for("accounts.login"))


@bp.post("/confirm/resend")
@public
@limiter.limit(_login_limit, methods=["POST"])
def resend_confirmation():
    """Send a new confirmation link: to the logged-in account, or to the account named in an
    expired link (the button on the "link has expired" page)."""
    if current_user.is_authenticated:
        user = current_user if current_user.email_confirmed_at is None else None
        target = services.home_for(current_user)
        if user is None:
            flash(_("Your e-mail address has already been confirmed."), "info")
            return redirect(target)
    else:
        user = services.user_for_expired_link(request.form.get("token", ""))
        target = url_for("accounts.login")
        if user is None:
            return render_template(
                "accounts/link_problem.html", purpose="confirm", problem="invalid"
            ), 400
    services.send_confirmation(user)
    flash(_("We have sent you a new link. Check your e-mail (also the spam folder)."), "success")
    return redirect(target)


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(_login_limit, methods=["POST"], key_func=get_remote_address, deduct_when=_failed)
@limiter.limit(_login_limit, methods=["POST"], key_func=_email_key, deduct_when=_failed)
def login():
    """Log in with e-mail address and password; then go to ``next`` or the role's home."""
    if current_user.is_authenticated and request.method == "GET":
        return redirect(_next_or_home(current_user))
    form = LoginForm()

    def page(refusal=None):
        next_url = request.values.get("next")
        return render_template(
            "accounts/login.html",
            form=form,
            error=refusal.message if refusal else None,
            next_url=next_url if is_safe_redirect(next_url) else None,
        )

    if act(form, page, flash_messages=False):
        user = services.authenticate(form.email.data, form.password.data)
        second_factor_follows = services.log_in(user, remembered=form.remember.data)
        login_user(user, remember=form.remember.data)
        if second_factor_follows:
            target = request.values.get("next")
            return redirect(
                url_for("accounts.second_factor", next=target if is_safe_redirect(target) else None)
            )
        return redirect(_next_or_home(user))
    return page()


@bp.post("/logout")
@public
def logout():
    """End every session of this account, on every device (POST only, so that a link or
    image cannot log anyone out): a copied cookie gets the login page from now on."""
    if current_user.is_authenticated:
        services.log_out(current_user._get_current_object())
    logout_user()
    flash(_("You have logged out."), "success")
    return redirect(url_for("main.home"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@public
@limiter.limit(_login_limit, methods=["POST"])
def forgot_password():
    """Ask for a reset link. The answer is the same whether or not the address is known."""
    form = ForgotPasswordForm()

    def page(refusal=None):
        return render_template("accounts/forgot.html", form=form)

    if act(form, page):
        services.request_password_reset(form.email.data)
        return render_template("accounts/forgot_sent.html", email=form.email.data)
    return page()


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@public
def reset_password(token: str):
    """Choose a new password through the link from the e-mail."""
    try:
        user = services.user_for_reset(token)
    except TokenExpired:
        return render_template(
            "accounts/link_problem.html", purpose="reset", problem="expired"
        ), 400
    except LinkUsed:
        return render_template("accounts/link_problem.html", purpose="reset", problem="used"), 400
    except TokenInvalid:
        return render_template(
            "accounts/link_problem.html", purpose="reset", problem="invalid"
        ), 400
    form = ResetPasswordForm()
    form.account_email = user.email

    def page(refusal=None):
        return render_template("accounts/reset.html", form=form, password_hint=PASSWORD_HINT)

    if act(form, page):
        services.reset_password(token, form.password.data)  # ends every session of the account
        logout_user()
        flash(_("Your new password has been saved. You can now log in with it."), "success")
        return redirect(url_for("accounts.login"))
    return page()


def render_account(profile_form=None, password_form=None, turn_off_form=None):
    user = current_user._get_current_object()
    if profile_form is None:
        profile_form = ProfileForm(formdata=None, obj=user)
        profile_form.locale.data = user.locale or _current_locale() or "nl"
    if password_form is None:
        password_form = ChangePasswordForm(formdata=None)
    if turn_off_form is None:
        turn_off_form = SecondFactorForm(formdata=None, prefix="off")
    return render_template(
        "accounts/account.html",
        user=user,
        profile_form=profile_form,
        password_form=password_form,
        turn_off_form=turn_off_form,
        password_hint=PASSWORD_HINT,
        registration=_current_registration(user),
        second_factor=second_factor.credential(user),
        second_factor_mandatory=second_factor.is_mandatory(user),
        recovery_codes_left=second_factor.remaining_recovery_codes(user),
        active_sessions=sessions.active_sessions(user),
    )


def _current_registration(user) -> Registration | None:
    """The user's current registration: its name changes only through a request."""
    return db.session.scalar(
        select(Registration).where(Registration.user_id == user.id, is_current())
    )


@bp.get("/account")
@authenticated
def account():
    """The account page: name, language, password, second factor, active sessions."""
    return render_account()


@bp.post("/account/profile")
@authenticated
def update_profile():
    """Save the name parts and preferred language."""
    form = ProfileForm()
    act(form, lambda refusal: render_account(profile_form=form))
    services.update_profile(
        current_user,
        form.given_names.data,
        form.surname_prefix.data,
        form.surname.data,
        form.locale.data,
    )
    session.pop("lang", None)  # the saved preference now decides the language
    flash(_("Your details have been saved."), "success")
    registration = _current_registration(current_user)
    if registration is not None and registration.full_name != current_user.full_name:
        flash(
            _(
                "The name in the register has not changed: it is still %(name)s. It changes "
                "only when you ask for it with proof, on the page My registration.",
                name=registration.full_name,
            ),
            "info",
        )
    return redirect(url_for("accounts.account"))


@bp.post("/account/password")
@authenticated
def change_password():
    """Change the password; other sessions of this account end, this one continues."""
    form = ChangePasswordForm()
    form.account_email = current_user.email
    act(form, lambda refusal: render_account(password_form=form))
    user = current_user._get_current_object()
    services.change_password(user, form.current_password.data, form.password.data)
    login_user(user, remember=user.current_session.remembered)  # the new session's token
    flash(_("Your password has been changed."), "success")
    return redirect(url_for("accounts.account"))
