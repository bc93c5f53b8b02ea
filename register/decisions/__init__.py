"""Decisions as made: every decision about a person or a programme is stored at the moment
it is taken (``record_decision``), with its evaluation, and shown from the store ever after.

A decided case shows ``latest_decision(subject).trace``, never a recomputation; an open case
shows the live evaluation (``register.decisions.display``). See ``register.models.decisions``.
The blueprint shows staff the policy history (``/registrar/policies``): every version the
register has run under, with its text as kept.
"""

from flask import Blueprint

from register.decisions.services import (  # noqa: F401
    decisions_for,
    latest_decision,
    record_decision,
    subject_key,
)

bp = Blueprint("decisions", __name__, url_prefix="/registrar/policies")

from register.decisions import views  # noqa: E402,F401
