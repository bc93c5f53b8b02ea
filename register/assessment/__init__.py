"""Independent assessment of transitional-route portfolios: registrars assign assessors,
assessors declare conflicts of interest and score the tier's rubric, blind to each other."""

from flask import Blueprint

bp = Blueprint("assessment", __name__)

from register.assessment import profile_views, views  # noqa: E402,F401
