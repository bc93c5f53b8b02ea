"""Decisions as made: every decision about a person or a programme is stored at the moment
it is taken (``record_decision``), with its evaluation, and shown from the store ever after.

A decided case shows ``latest_decision(subject).trace``, never a recomputation; an open case
shows the live evaluation. See ``register.models.decisions``.
"""

from register.decisions.services import (  # noqa: F401
    decisions_for,
    latest_decision,
    record_decision,
    subject_key,
)
