"""Command-line interface: ``flask --app register <command>``.

``db`` (from Flask-Migrate) migrates; ``demo-data`` loads demo accounts and records
(idempotent); ``expire`` runs the daily expiry jobs; ``send-mail`` retries the outbox;
``policies check`` validates the policy files.
"""

from __future__ import annotations

import datetime as dt

import click
from flask import Flask, current_app

from register.extensions import db


def register_commands(app: Flask) -> None:
    """Attach every command to ``app``."""
    app.cli.add_command(demo_data)
    app.cli.add_command(expire)
    app.cli.add_command(send_mail)
    app.cli.add_command(policies_group)


@click.command("demo-data")
def demo_data() -> None:
    """Load demo accounts and records (safe to run again) and print the demo logins."""
    from register.demo import load_demo_data

    # Demo records are made through the real services, which queue e-mails; those are
    # kept in memory instead of flooding the terminal.
    backend = current_app.config["MAIL_BACKEND"]
    current_app.config["MAIL_BACKEND"] = "memory"
    try:
        logins = load_demo_data()
        db.session.commit()
    finally:
        current_app.config["MAIL_BACKEND"] = backend
    password = current_app.config["DEMO_PASSWORD"]
    click.echo(f"Demo logins (password for all: {password}):")
    for role, email in logins:
        click.echo(f"  {role:<28} {email}")


@click.command("expire")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Run as if it were this date (YYYY-MM-DD).",
)
def expire(today) -> None:
    """Mark what has passed its end date: lapsed registrations, lapsed accreditations,
    overdue conditions. Idempotent; meant for a daily timer."""
    from register.jobs import EXPIRY_JOBS

    day = today.date() if today else dt.date.today()
    for name, job in EXPIRY_JOBS:
        count = job(day)
        db.session.commit()
        click.echo(f"{name}: {count}")


@click.command("send-mail")
def send_mail() -> None:
    """Send every queued e-mail that has not been delivered yet."""
    from register.mail import send_unsent

    click.echo(f"sent: {send_unsent(current_app._get_current_object())}")


@click.group("policies")
def policies_group() -> None:
    """Inspect the policy files."""


@policies_group.command("check")
def policies_check() -> None:
    """Validate every policy file and print its version (start-up does the same)."""
    from register.policy.loader import load_policies

    policies = load_policies(current_app.config["POLICY_DIR"])
    for name, version in policies.versions.items():
        click.echo(f"{name}: {version}")
