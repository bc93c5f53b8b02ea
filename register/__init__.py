"""The Register: professional register and accreditation portal for experts by experience.

``create_app`` wires configuration → extensions → policies → blueprints → CLI, in that order.
"""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask

from config import get_config

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"


def create_app(config: str | type | dict | None = None) -> Flask:
    """Build the application. ``config`` is a config name ("testing"), a config class, or a
    dict of overrides applied on top of the environment's configuration."""
    app = Flask(__name__, template_folder=str(TEMPLATE_DIR), instance_relative_config=True)
    _configure(app, config)
    _init_extensions(app)
    _load_policies(app)
    _register_blueprints(app)
    _register_cli(app)
    return app


def _configure(app: Flask, config) -> None:
    overrides = {}
    if isinstance(config, dict):
        overrides, config = config, None
    cfg = config if isinstance(config, type) else get_config(config)
    app.config.from_object(cfg)
    app.config.update(overrides)
    if app.config.get("ENV_NAME") == "production" and not app.config.get("SECRET_KEY"):
        raise RuntimeError("SECRET_KEY must be set in production")
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql://"):
        app.config["SQLALCHEMY_DATABASE_URI"] = app.config["SQLALCHEMY_DATABASE_URI"].replace(
            "postgresql://", "postgresql+psycopg://", 1
        )
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        Path(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")).parent.mkdir(
            parents=True, exist_ok=True
        )
    if not app.debug and not app.testing:
        logging.basicConfig(level=logging.WARNING)
        logging.getLogger("register").setLevel(logging.INFO)


def _init_extensions(app: Flask) -> None:
    import register.models  # noqa: F401  (every table registered)
    from register import mail, web
    from register.extensions import babel, csrf, db, limiter, login_manager, migrate
    from register.i18n import select_locale, select_timezone
    from register.registrations import changes

    db.init_app(app)
    migrate.init_app(
        app,
        db,
        directory=str(Path(__file__).resolve().parent.parent / "migrations"),
        render_as_batch=True,
        compare_type=True,
    )
    csrf.init_app(app)
    babel.init_app(
        app,
        locale_selector=select_locale,
        timezone_selector=select_timezone,
        default_translation_directories=str(Path(__file__).parent / "translations"),
    )
    limiter.init_app(app)
    login_manager.init_app(app)
    with app.app_context():
        mail.init_app(app)
    changes.install(db.session)
    web.init_app(app)


def _load_policies(app: Flask) -> None:
    from register.policy.loader import load_policies

    app.extensions["policies"] = load_policies(app.config["POLICY_DIR"])


def _register_blueprints(app: Flask) -> None:
    from register.blueprints import BLUEPRINTS

    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)


def _register_cli(app: Flask) -> None:
    from register.cli import register_commands

    register_commands(app)
