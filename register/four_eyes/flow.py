"""The proposer's side of a grave action, shared by every feature that has one: after the
action's own form validated, its confirmation page says what will happen; only the second
post ("Propose") creates the proposal. The person concerned hears nothing of it.

A view calls ``propose_step(...)`` where it used to carry the action out. The confirmation
page posts the same fields again (hidden), with ``step=propose`` to propose or
``step=change`` to go back to the form with everything that was typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from register.four_eyes import services
from register.four_eyes.registry import get_action

#: the form fields the confirmation page does not post again (it adds its own token)
_NOT_REPOSTED = {"step", "csrf_token"}


def wants_change() -> bool:
    """True when the proposer pressed "Change" on the confirmation page."""
    return request.form.get("step") == "change"


def propose_step(
    kind: str,
    subject,
    *,
    reason: str,
    payload: dict | None,
    change: Callable[[], object],
):
    """The proposer's grave action after its form validated: the confirmation page, then
    (``step=propose``) the proposal and the way to its page; ``change()`` renders the form
    again with what was typed (``step=change``). ``action.validate`` runs before the page is
    shown, so an action that is not possible now is refused before anyone confirms it."""
    action = get_action(kind)
    payload = dict(payload or {})
    step = request.form.get("step")
    if step == "change":
        return change()
    if step != "propose":
        if action.validate is not None:
            action.validate(subject, payload)
        return render_template(
            "four_eyes/confirm.html",
            action=action,
            subject=subject,
            about=action.describe(subject),
            consequences=action.consequences(subject, payload),
            reason=(reason or "").strip(),
            fields=[(k, v) for k, v in request.form.items(multi=True) if k not in _NOT_REPOSTED],
            target=request.path,
        )
    proposal = services.propose(
        kind, subject, current_user, reason=reason, payload=payload, today=dt.date.today()
    )
    flash(
        _(
            "Your proposal has been recorded. It takes effect only when a second registrar "
            "confirms it."
        ),
        "success",
    )
    return redirect(url_for("four_eyes.proposal", proposal_id=proposal.id))
