"""The admin's account pages. Thin: the object, the form, one service call, redirect."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from register import sessions
from register.accounts import second_factor
from register.admin import bp, services
from register.admin.forms import AccountSearchForm, ReasonForm
from register.errors import act
from register.extensions import db
from register.models.accounts import User
from register.objects import get_account_or_404

PER_PAGE = 50
MAX_PAGE = 100_000


def _page_number() -> int:
    page = request.args.get("page", 1, type=int)
    return page if 1 <= page <= MAX_PAGE else 1


def _account_or_404(user_id: int) -> User:
    return get_account_or_404(user_id, for_user=current_user)


@bp.get("/accounts")
def accounts():
    """Every account, searchable by e-mail address or name."""
    form = AccountSearchForm(request.args)
    q = form.q.data if form.validate() else None
    page = db.paginate(
        services.account_query(q), page=_page_number(), per_page=PER_PAGE, error_out=False
    )
    return render_template("admin/accounts.html", form=form, page=page)


def _render_account(user: User, block_form=None, reset_form=None):
    return render_template(
        "admin/account.html",
        account=user,
        second_factor=second_factor.credential(user),
        active_sessions=sessions.active_sessions(user),
        block_form=block_form or ReasonForm(formdata=None, prefix="block"),
        reset_form=reset_form or ReasonForm(formdata=None, prefix="reset"),
    )


@bp.get("/accounts/<int:user_id>")
def account(user_id: int):
    """One account: its role, whether it is blocked, its second factor and sessions."""
    return _render_account(_account_or_404(user_id))


def _admin() -> User:
    return current_user._get_current_object()


@bp.post("/accounts/<int:user_id>/block")
def block(user_id: int):
    """Block the account (with a reason): it cannot log in; its sessions end."""
    user = _account_or_404(user_id)
    form = ReasonForm(prefix="block")
    act(form, lambda refusal: _render_account(user, block_form=form))
    services.block(user, _admin(), form.reason.data)
    flash(_("The account has been blocked. All its sessions have ended."), "success")
    return redirect(url_for(".account", user_id=user.id))


@bp.post("/accounts/<int:user_id>/unblock")
def unblock(user_id: int):
    """Unblock the account (with a reason)."""
    user = _account_or_404(user_id)
    form = ReasonForm(prefix="block")
    act(form, lambda refusal: _render_account(user, block_form=form))
    services.unblock(user, _admin(), form.reason.data)
    flash(_("The account can log in again."), "success")
    return redirect(url_for(".account", user_id=user.id))


@bp.post("/accounts/<int:user_id>/second-factor/reset")
def reset_second_factor(user_id: int):
    """Remove the account's second factor (with a reason); its sessions end."""
    user = _account_or_404(user_id)
    form = ReasonForm(prefix="reset")
    act(form, lambda refusal: _render_account(user, reset_form=form))
    services.reset_second_factor(user, _admin(), form.reason.data)
    flash(_("The second factor has been reset. At the next login a new app is set up."), "success")
    return redirect(url_for(".account", user_id=user.id))
