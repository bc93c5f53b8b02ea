"""The Register: professional register and accreditation portal for experts by experience.

``create_app`` wires configuration → extensions → policies → blueprints → CLI, in that order.
The app is a ``TransactionalFlask``: every view runs in one transaction that is committed or
rolled back in one place (``register.transactions``).
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

import click
from flask import Flask

from config import get_config

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"


def create_app(config: str | type | dict | None = None) -> Flask:
    """Build the application. ``config`` is a config name ("testing"), a config class, or a
    dict of overrides applied on top of the environment's configuration."""
    from register.transactions import TransactionalFlask

    app = TransactionalFlask(
        __name__, template_folder=str(TEMPLATE_DIR), instance_relative_config=True
    )
    _configure(app, config)
    # JSON keys in the order the code builds them: sorting every object's keys made the
    # bulk check's 10,000 results cost about three times as much to write
    app.json.sort_keys = False
    _install_lean_lookup(app)
    _trust_proxies(app)
    _init_extensions(app)
    _load_policies(app)
    _register_blueprints(app)
    _install_public_http(app)
    _register_cli(app)
    if app.config.get("SEARCH_WARM_UP") and click.get_current_context(silent=True) is None:
        from register.lookup.name_search import warm_up

        warm_up(app)
    return app


def use_register_time_zone(zone: str) -> None:
    """Make the register's time zone the process's local one, so that the calendar day is
    the register's wherever it is asked: ``dt.date.today()`` in a view or job and the
    register's own day (``lookup.services.today``, ``objections.notices.local_today``)
    agree. On a server kept in UTC they differed for an hour or two every night (an
    identity check recorded "today" looked a day later than the decision taken "today").
    Stored moments are unaffected: they are aware UTC values (``models.base.utcnow``)."""
    if os.environ.get("TZ") != zone:
        os.environ["TZ"] = zone
        time.tzset()


def _configure(app: Flask, config) -> None:
    overrides = {}
    if isinstance(config, dict):
        overrides, config = config, None
    cfg = config if isinstance(config, type) else get_config(config)
    app.config.from_object(cfg)
    app.config.update(overrides)
    use_register_time_zone(app.config["BABEL_DEFAULT_TIMEZONE"])
    if app.config.get("ENV_NAME") == "production" and not app.config.get("SECRET_KEY"):
        raise RuntimeError("SECRET_KEY must be set in production")
    from register.credentials.keys import check_configured

    check_configured(app)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql://"):
        app.config["SQLALCHEMY_DATABASE_URI"] = app.config["SQLALCHEMY_DATABASE_URI"].replace(
            "postgresql://", "postgresql+psycopg://", 1
        )
    _engine_options(app)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        Path(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")).parent.mkdir(
            parents=True, exist_ok=True
        )
    if not app.debug and not app.testing:
        logging.basicConfig(level=logging.WARNING)
        logging.getLogger("register").setLevel(logging.INFO)


def _install_lean_lookup(app: Flask) -> None:
    """The anonymous lookup by number without the portal's request cycle
    (``register.api.lean``), inside ``ProxyFix`` so that it sees the client's address."""
    from register.api import lean

    lean.install(app)


def _trust_proxies(app: Flask) -> None:
    """Behind ``TRUSTED_PROXIES`` reverse proxies, take the client's address and the scheme
    from their X-Forwarded-For/-Proto headers (Werkzeug's ProxyFix, trusting exactly that
    many hops, so a client cannot add an address of its choosing), so that rate limits and
    the audit log see the real client. The host is not taken from a header: the proxies in
    deploy/ pass the Host header on as it came."""
    hops = int(app.config.get("TRUSTED_PROXIES") or 0)
    if hops > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)


def _psycopg_url(url: str) -> str:
    if url.startswith("postgresql://"):
        return url.replace("postgresql://", "postgresql+psycopg://", 1)
    return url


def _engine_options(app: Flask) -> None:
    """Fail fast when PostgreSQL is away (a restart, a failover): a refused connection fails
    at once, an unreachable host after DATABASE_CONNECT_TIMEOUT (libpq's minimum is 2 s), a
    worker never waits for a pooled connection; the 503 handler (register.web) answers and
    the pool replaces broken connections by itself. ``DATABASE_READ_URL``, when set, is the
    streaming replica for the public read paths (register.readonly)."""
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if "poolclass" not in options and (
        url.startswith("postgresql")
        or (url.startswith("sqlite:///") and url != "sqlite:///" and "memory" not in url)
    ):
        # the connection used last is handed out next: a sync worker keeps reusing one warm
        # connection (SQLite: one page cache, not one per pooled connection filled in turn)
        options.setdefault("pool_use_lifo", True)
    if url.startswith("postgresql"):
        if "poolclass" not in options:  # NullPool (tests) has no queue to wait in
            options.setdefault("pool_timeout", 1)
        connect = dict(options.get("connect_args") or {})
        connect.setdefault("connect_timeout", app.config.get("DATABASE_CONNECT_TIMEOUT", 2))
        options["connect_args"] = connect
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    read_url = app.config.get("DATABASE_READ_URL")
    if read_url:
        read = {
            "isolation_level": "AUTOCOMMIT",  # reads only: no BEGIN/ROLLBACK round trips
            "pool_recycle": 1800,
        }
        read.update({k: v for k, v in options.items() if k in {"pool_timeout", "poolclass"}})
        if read_url.startswith("postgresql"):
            read["connect_args"] = {
                "connect_timeout": app.config.get("DATABASE_CONNECT_TIMEOUT", 2)
            }
        app.config["DATABASE_READ_URL"] = _psycopg_url(read_url)
        app.config["DATABASE_READ_ENGINE_OPTIONS"] = read


def _init_extensions(app: Flask) -> None:
    import register.models  # noqa: F401  (every table registered)
    from register import audit, mail, readonly, templating, transactions, web
    from register.extensions import babel, csrf, db, limiter, login_manager
    from register.i18n import select_locale, select_timezone
    from register.registrations import changes

    db.init_app(app)
    if app.testing or click.get_current_context(silent=True) is not None:
        init_migrations(app)
    csrf.init_app(app)
    babel.init_app(
        app,
        locale_selector=select_locale,
        timezone_selector=select_timezone,
        default_translation_directories=str(Path(__file__).parent / "translations"),
    )
    limiter.init_app(app)
    login_manager.init_app(app)
    from register.organisations import webhooks

    with app.app_context():
        mail.init_app(app)
        webhooks.init_app(app)
        transactions.init_app(app)
    changes.install(db.session)
    audit.install(db.session)
    web.init_app(app)
    templating.init_app(app)
    readonly.init_app(app)


def init_migrations(app: Flask) -> None:
    """Bind Flask-Migrate (``flask --app register db ...``). Alembic and Flask-Migrate weigh
    about 25 MB, so web workers (no command line, not testing) never load them."""
    from flask_migrate import Migrate

    from register.extensions import db

    Migrate(
        app,
        db,
        directory=str(Path(__file__).resolve().parent.parent / "migrations"),
        render_as_batch=True,
        compare_type=True,
    )


def _load_policies(app: Flask) -> None:
    from register.policy.loader import load_policies

    policies = load_policies(app.config["POLICY_DIR"])
    app.extensions["policies"] = policies
    if app.config.get("POLICY_HISTORY_AT_STARTUP"):
        from register.policy.history import record_at_startup

        record_at_startup(app, policies)


def _register_blueprints(app: Flask) -> None:
    from register.blueprints import BLUEPRINTS

    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)


def _install_public_http(app: Flask) -> None:
    from register import public_http

    public_http.init_app(app)


def _register_cli(app: Flask) -> None:
    from register.cli import register_commands

    register_commands(app)
