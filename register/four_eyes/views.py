"""The registrars' proposals pages: the queue of pending proposals and one proposal, where a
second registrar confirms or rejects it and the proposer may withdraw it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from register.access import gate_blueprint
from register.domain.four_eyes import PROPOSAL_LIFECYCLE, ProposalAction, ProposalState, has_lapsed
from register.errors import Refusal, act
from register.extensions import db
from register.four_eyes import bp, services
from register.four_eyes.forms import (
    ConfirmProposalForm,
    RejectProposalForm,
    WithdrawProposalForm,
)
from register.four_eyes.registry import GraveAction, get_action
from register.models.accounts import Role
from register.models.decisions import ActionProposal
from register.pagination import paginate

gate_blueprint(bp, Role.REGISTRAR)
PER_PAGE = 25


@dataclass(frozen=True)
class ProposalView:
    """A proposal with what its pages show: the action, its subject and where it stands."""

    proposal: ActionProposal
    action: GraveAction | None  # None: no feature declares this kind any more
    subject: object | None
    today: dt.date

    @property
    def title(self) -> str:
        return str(self.action.title) if self.action else self.proposal.kind

    @property
    def about(self) -> str:
        if self.action is None or self.subject is None:
            return f"{self.proposal.subject_type} {self.proposal.subject_id}"
        return self.action.describe(self.subject)

    @property
    def url(self) -> str | None:
        return self.action.url(self.subject) if self.action and self.subject else None

    @property
    def age_days(self) -> int:
        return (self.today - self.proposal.proposed_at.date()).days

    @property
    def pending(self) -> bool:
        return self.proposal.state is ProposalState.PENDING

    @property
    def lapsed(self) -> bool:
        """Lapsed, or pending past its lapse date (before the daily job marked it)."""
        return self.proposal.state is ProposalState.LAPSED or (
            self.pending and has_lapsed(self.proposal.lapses_on, self.today)
        )

    @property
    def decidable(self) -> bool:
        return self.pending and not self.lapsed and self.action is not None

    def obstacle(self) -> str | None:
        """Why the action can no longer be carried out as proposed (the subject changed
        since), or None."""
        if not self.decidable or self.action.validate is None:
            return None
        try:
            self.action.validate(self.subject, self.proposal.payload)
        except Refusal as refusal:
            return "; ".join(refusal.messages) or str(refusal)
        return None


def _view(proposal: ActionProposal, today: dt.date) -> ProposalView:
    try:
        action = get_action(proposal.kind)
    except KeyError:
        return ProposalView(proposal, None, None, today)
    return ProposalView(proposal, action, services.subject_of(proposal), today)


@bp.get("")
def queue():
    """Pending proposals, oldest first: what, about whom, why, by whom, how old, and when
    each lapses."""
    query = (
        select(ActionProposal)
        .where(ActionProposal.state == ProposalState.PENDING)
        .options(selectinload(ActionProposal.proposed_by))
        .order_by(ActionProposal.proposed_at, ActionProposal.id)
    )
    page = paginate(query, per_page=PER_PAGE)
    today = dt.date.today()
    return render_template(
        "four_eyes/queue.html", page=page, rows=[_view(p, today) for p in page.items]
    )


def _load(proposal_id: int) -> ActionProposal:
    proposal = db.session.get(ActionProposal, proposal_id)
    if proposal is None:
        abort(404)
    return proposal


def _render(proposal: ActionProposal, **forms):
    view = _view(proposal, dt.date.today())
    forms.setdefault("confirm_form", ConfirmProposalForm(formdata=None, prefix="confirm"))
    forms.setdefault("reject_form", RejectProposalForm(formdata=None, prefix="reject"))
    forms.setdefault("withdraw_form", WithdrawProposalForm(formdata=None, prefix="withdraw"))
    for form in forms.values():
        form.version.data = proposal.version
    consequences = (
        view.action.consequences(view.subject, proposal.payload)
        if view.action is not None and view.subject is not None
        else []
    )
    allowed = set(PROPOSAL_LIFECYCLE.allowed_actions(proposal.state)) if view.decidable else set()
    own = proposal.proposed_by_id == current_user.id
    return render_template(
        "four_eyes/proposal.html",
        view=view,
        proposal=proposal,
        consequences=consequences,
        obstacle=view.obstacle(),
        may_decide=not own and bool(allowed & {ProposalAction.CONFIRM, ProposalAction.REJECT}),
        may_withdraw=own and ProposalAction.WITHDRAW in allowed,
        **forms,
    )


@bp.get("/<int:proposal_id>")
def proposal(proposal_id: int):
    """One proposal: what will happen, the reason, and the forms its state allows."""
    return _render(_load(proposal_id))


def _posted(proposal: ActionProposal, name: str, form_class):
    form = form_class(prefix=name)
    act(
        form,
        lambda refusal: _render(proposal, **{f"{name}_form": form}),
        stale=_(
            "Someone else decided on this proposal in the meantime. Its current state is "
            "shown below; your action was not carried out."
        ),
    )
    return form


@bp.post("/<int:proposal_id>/confirm")
def confirm(proposal_id: int):
    """A second registrar confirms: the action takes effect now, as a stored decision."""
    proposal = _load(proposal_id)
    form = _posted(proposal, "confirm", ConfirmProposalForm)
    view = _view(proposal, dt.date.today())
    services.confirm(
        proposal, current_user, today=view.today, expected_version=form.expected_version()
    )
    flash(_("Confirmed. The action has taken effect."), "success")
    return redirect(view.url or url_for(".proposal", proposal_id=proposal.id))


@bp.post("/<int:proposal_id>/reject")
def reject(proposal_id: int):
    """A second registrar rejects, with a note: nothing happens to the subject."""
    proposal = _load(proposal_id)
    form = _posted(proposal, "reject", RejectProposalForm)
    services.reject(
        proposal,
        current_user,
        note=form.note.data,
        today=dt.date.today(),
        expected_version=form.expected_version(),
    )
    flash(_("The proposal has been rejected. Nothing was changed."), "success")
    return redirect(url_for(".proposal", proposal_id=proposal.id))


@bp.post("/<int:proposal_id>/withdraw")
def withdraw(proposal_id: int):
    """The proposer withdraws the proposal."""
    proposal = _load(proposal_id)
    form = _posted(proposal, "withdraw", WithdrawProposalForm)
    services.withdraw(
        proposal, current_user, today=dt.date.today(), expected_version=form.expected_version()
    )
    flash(_("You have withdrawn the proposal. Nothing was changed."), "success")
    return redirect(url_for(".proposal", proposal_id=proposal.id))
