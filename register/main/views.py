"""Home page, language switch and health check."""

from __future__ import annotations

from flask import current_app, jsonify, redirect, render_template, request, session, url_for
from sqlalchemy import text

from register.access import PUBLIC, gate_blueprint
from register.extensions import db
from register.links import is_safe_redirect
from register.main import bp
from register.public_http import public_form

gate_blueprint(bp, PUBLIC)


@bp.get("/")
def home():
    """The portal's front page: what the register is and where to go."""
    return render_template("main/home.html")


@bp.post("/language")
@public_form
def set_language():
    """Remember the chosen interface language and go back to the page the person was on."""
    lang = request.form.get("lang", "")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
    target = request.form.get("next")
    return redirect(target if is_safe_redirect(target) else url_for("main.home"))


@bp.get("/health/live")
def live():
    """For the reverse proxy: this process answers (whether or not the database does, so
    that a database outage shows the register's own 503 page, not the proxy's)."""
    return jsonify(status="ok")


@bp.get("/health")
def health():
    """For monitoring: the database answers (503 when it does not)."""
    db.session.execute(text("SELECT 1"))
    return jsonify(status="ok")
