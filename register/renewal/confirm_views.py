"""The confirmer's page: an employer or supervisor, not logged in, opens the signed link
from the e-mail and confirms (correcting what is not right) or declines a line of a
registrant's log. The link is single-use, expires, and stops working when sent again."""

from __future__ import annotations

import datetime as dt

from flask import render_template, request

from register.access import public
from register.domain.renewal import ConfirmationState, LogEntryKind
from register.errors import act
from register.extensions import db
from register.models.renewal import LogConfirmation
from register.policy import current_policies
from register.renewal import bp, log_services
from register.renewal.forms import ConfirmAnswerForm
from register.renewal.tokens import read_confirmation_token
from register.tokens import TokenExpired, TokenInvalid

_GONE = (ConfirmationState.REPLACED, ConfirmationState.WITHDRAWN)


def _link_problem(kind: str, status: int):
    return render_template("renewal/link_problem.html", kind=kind), status


def _prefilled(form: ConfirmAnswerForm, entry) -> None:
    """The confirmer starts from what the registrant logged."""
    form.start.data = entry.start_date
    form.end.data = entry.end_date
    form.hours_per_week.data = entry.hours_per_week
    form.amount.data = entry.amount


@bp.route("/confirmation/<token>", methods=["GET", "POST"])
@public
def confirm(token: str):
    """Confirm or decline a line of a registrant's log."""
    try:
        confirmation_id, generation = read_confirmation_token(token)
    except TokenExpired:
        return _link_problem("expired", 410)
    except TokenInvalid:
        return _link_problem("invalid", 404)
    confirmation = db.session.get(LogConfirmation, confirmation_id)
    if confirmation is None:
        return _link_problem("invalid", 404)
    if confirmation.state in _GONE or generation != confirmation.token_generation:
        return _link_problem("superseded", 410)
    if confirmation.state is not ConfirmationState.PENDING:
        return _link_problem("answered", 409)
    if log_services.confirmation_problem(confirmation) is not None:
        return _link_problem("not_independent", 403)
    entry = confirmation.entry
    form = ConfirmAnswerForm()
    form.practice = entry.kind is LogEntryKind.PRACTICE
    if request.method == "GET":
        _prefilled(form, entry)

    def page(refusal=None):
        return render_template(
            "renewal/confirm.html",
            confirmation=confirmation,
            entry=entry,
            registration=entry.registration,
            form=form,
            policy=current_policies().renewal,
        )

    if not act(form, page):
        return page()
    confirmed = form.answer.data == "confirm"
    log_services.answer_confirmation(
        confirmation,
        confirmed,
        start=form.start.data if form.practice else None,
        end=form.end.data if form.practice else None,
        hours_per_week=form.hours_per_week.data if form.practice else None,
        amount=None if form.practice else form.amount.data,
        comment=form.comment.data,
        today=dt.date.today(),
    )
    return render_template("renewal/confirm_thanks.html", confirmed=confirmed)
