"""Programme accreditation (accreditatie van opleidingen): four blueprints.

- ``accreditation``: the provider side (sign-up, programmes, self-evaluation, questions,
  decision), under ``/accreditation`` and ``/providers/signup``.
- ``accreditation_panel``: assessors (declarations, blind scoring, questions, findings by
  the chair), under ``/accreditation/panel``.
- ``accreditation_review``: registrars (panel formation, findings, decision, conditions,
  suspension and withdrawal), under ``/accreditation/review``.
- ``programmes``: the public list of accredited programmes and each programme's page.
"""

from flask import Blueprint

bp = Blueprint("accreditation", __name__)
panel_bp = Blueprint("accreditation_panel", __name__, url_prefix="/accreditation/panel")
review_bp = Blueprint("accreditation_review", __name__, url_prefix="/accreditation/review")
programmes_bp = Blueprint("programmes", __name__, url_prefix="/programmes")


from register.accreditation import (  # noqa: E402,F401
    grave_actions,
    panel_views,
    placement_views,
    provider_views,
    public_views,
    remedies,
    review_views,
)
