"""Four eyes for grave actions: propose, then a second registrar confirms or rejects.

A feature declares each of its grave actions once with ``grave_action(...)`` (see
``registry``) and then, instead of acting at once, calls ``services.propose``. The action's
``execute`` runs only in ``services.confirm``, done by another registrar, before the
proposal lapses. The person concerned hears only of the decision, never of the proposal.
"""

from flask import Blueprint

bp = Blueprint("four_eyes", __name__, url_prefix="/registrar/proposals")

from register.four_eyes import views  # noqa: E402,F401
