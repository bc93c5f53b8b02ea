"""Registrations: the registrant's own page (/my-registration) and the registrar's
management of registrations (/review/registrations)."""

from flask import Blueprint

bp = Blueprint("registrations", __name__)


@bp.record_once
def _template_globals(state) -> None:
    from register.registrations.labels import TEMPLATE_GLOBALS

    state.app.jinja_env.globals.update(TEMPLATE_GLOBALS)


from register.registrations import views  # noqa: E402,F401
