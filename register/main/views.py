"""Home page, the public pages on the tiers, language switch and health check."""

from __future__ import annotations

from flask import abort, current_app, jsonify, redirect, render_template, request, session, url_for
from sqlalchemy import text

from register.access import PUBLIC, gate_blueprint
from register.extensions import db
from register.i18n import current_language
from register.links import is_safe_redirect
from register.main import bp
from register.policy import current_policies
from register.public_http import public_form

gate_blueprint(bp, PUBLIC)


@bp.get("/")
def home():
    """The portal's front page: what the register is and where to go."""
    return render_template("main/home.html")


@bp.get("/tiers")
def tiers():
    """The three tiers, for employers and the public: what a registrant of each does."""
    return render_template("main/tiers.html", policies=current_policies(), lang=current_language())


@bp.get("/tiers/<int:code>")
def tier(code: int):
    """One tier for employers: its core tasks, work situation and autonomy, supervision and
    embedding, growth, the training levels it spans and the European profile's tasks at
    that level, all in the words of the sources (policies/tiers.yaml)."""
    policies = current_policies()
    if code not in {t.code for t in policies.tiers.tiers}:
        abort(404)
    tier = policies.tiers.get(code)
    return render_template(
        "main/tier.html",
        policies=policies,
        tier=tier,
        levels=policies.tiers.training_levels_of(tier),
        tasks=policies.tiers.european_tasks(tier),
        lang=current_language(),
    )


@bp.get("/professional-code")
def professional_code():
    """The professional code registrants accept, in the version the board set."""
    return render_template(
        "main/professional_code.html",
        code=current_policies().professional_code,
        lang=current_language(),
    )


@bp.get("/contact")
def contact():
    """How to reach the register, and the routes for a complaint and an objection."""
    return render_template(
        "main/contact.html",
        email=current_app.config["CONTACT_EMAIL"],
        phone=current_app.config["CONTACT_PHONE"],
        objections=current_policies().objections,
    )


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
