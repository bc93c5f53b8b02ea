"""Decision letters and objections (bezwaar) against every decision.

- ``notices``: ``announce_decision`` — the one helper every decision e-mail calls (records
  when it was sent and the objection window, links the letter and the objection page);
- ``letters``: the decision letter, from the stored decision (PDF in Dutch or English);
- ``registry``: what upholding an objection does per decision kind (``remedy(...)``),
  declared by the feature that owns the decision;
- ``services`` and ``views``: objecting online, and the registrars' queue and handling.

Pages: ``/my-decisions`` (the person concerned), ``/decisions/<id>/letter.pdf`` and
``/registrar/objections`` (registrars).
"""

from flask import Blueprint

bp = Blueprint("objections", __name__)


from register.objections import views  # noqa: E402,F401
