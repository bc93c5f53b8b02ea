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


#: the account page's blocks, each its own prefixed form inside the page's one form
BLOCKS = ("block", "reset")


def _forms(posted: bool) -> dict[str, ReasonForm]:
    """The page's blocks, filled with what was posted (the page is one form: posting one
    block posts what was typed in the other too)."""
    return {
        name: ReasonForm(formdata=request.form if posted else None, prefix=name) for name in BLOCKS
    }


def _typed(form: ReasonForm) -> bool:
    return bool((form.reason.data or "").strip())


def _render_account(user: User, forms: dict[str, ReasonForm] | None = None):
    forms = forms or _forms(posted=False)
    return render_template(
        "admin/account.html",
        account=user,
        second_factor=second_factor.credential(user),
        active_sessions=sessions.active_sessions(user),
        block_form=forms["block"],
        reset_form=forms["reset"],
    )


@bp.get("/accounts/<int:user_id>")
def account(user_id: int):
    """One account: its role, whether it is blocked, its second factor and sessions."""
    return _render_account(_account_or_404(user_id))


def _admin() -> User:
    return current_user._get_current_object()


def _carry_out(user_id: int, name: str, service, done: str):
    """One block of the page: a refusal shows the page again with what was typed in every
    block; once done, a reason typed in the other block (and not used) is shown again,
    otherwise the page is loaded afresh."""
    user = _account_or_404(user_id)
    forms = _forms(posted=True)
    act(forms[name], lambda refusal: _render_account(user, forms))
    service(user, _admin(), forms[name].reason.data)
    flash(done, "success")
    if any(_typed(form) for other, form in forms.items() if other != name):
        flash(
            _("What you typed in the other part of the page has not been used: it is kept below."),
            "info",
        )
        forms[name] = ReasonForm(formdata=None, prefix=name)
        return _render_account(user, forms)
    return redirect(url_for(".account", user_id=user.id))


@bp.post("/accounts/<int:user_id>/block")
def block(user_id: int):
    """Block the account (with a reason): it cannot log in; its sessions end."""
    return _carry_out(
        user_id,
        "block",
        services.block,
        _("The account has been blocked. All its sessions have ended."),
    )


@bp.post("/accounts/<int:user_id>/unblock")
def unblock(user_id: int):
    """Unblock the account (with a reason)."""
    return _carry_out(user_id, "block", services.unblock, _("The account can log in again."))


@bp.post("/accounts/<int:user_id>/second-factor/reset")
def reset_second_factor(user_id: int):
    """Remove the account's second factor (with a reason); its sessions end."""
    return _carry_out(
        user_id,
        "reset",
        services.reset_second_factor,
        _("The second factor has been reset. At the next login a new app is set up."),
    )
