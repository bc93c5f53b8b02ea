"""Command-line interface: ``flask --app register <command>``.

``db`` (from Flask-Migrate) migrates; ``demo-data`` loads demo accounts and records
(idempotent); ``expire`` runs the daily expiry jobs; ``send-mail`` retries the outbox;
``send-webhooks`` retries the webhooks that are due;
``policies check`` validates the policy files, ``policies history`` lists every version the
register has run under and ``policies show FILE VERSION`` prints one as it was kept;
``backup --to DIR`` and ``restore --from DIR`` save and restore the database and the
uploaded files (register.backup); ``audit verify`` checks the audit log's hash chain;
``credentials keygen`` makes a new credential signing key (the old ones are kept for
verification).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
from flask import Flask, current_app

from register.extensions import db
from register.policy.loader import PolicyError


def register_commands(app: Flask) -> None:
    """Attach every command to ``app``."""
    app.cli.add_command(demo_data)
    app.cli.add_command(expire)
    app.cli.add_command(send_mail)
    app.cli.add_command(send_webhooks)
    app.cli.add_command(policies_group)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(audit_group)
    app.cli.add_command(credentials_group)


@click.group("audit")
def audit_group() -> None:
    """The audit log."""


@audit_group.command("verify")
def audit_verify() -> None:
    """Check the audit log's hash chain from the first event to the last; exit 1 and name
    the first event that does not match when the log was changed."""
    from register.audit import verify_chain
    from register.domain.audit_chain import BreakKind

    report = verify_chain()
    db.session.rollback()
    if report.intact:
        click.echo(f"audit chain intact: {report.events} events, last hash {report.last_hash[:16]}")
        return
    broken = report.broken
    reasons = {
        BreakKind.LINK: "does not follow the event before it (an event before it was removed, "
        "inserted or changed)",
        BreakKind.CONTENT: "does not match its hash (it was changed after it was written)",
        BreakKind.HEAD: "is not where the chain ends: the chain head names another event "
        "(events were removed from the end, or the head was changed)",
    }
    where = f"event {broken.event_id}" if broken.event_id is not None else "the chain head"
    click.echo(f"audit chain broken at {where}: it {reasons[broken.kind]}", err=True)
    raise SystemExit(1)


@click.command("backup")
@click.option(
    "--to",
    "target",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="A new or empty folder for the backup.",
)
def backup_command(target: Path) -> None:
    """Back up the database (SQLite online backup, or pg_dump custom format) and every
    uploaded file into a folder, with a manifest of row counts and file hashes."""
    from register.backup import BackupError, backup

    try:
        manifest = backup(db.engine, Path(current_app.config["UPLOAD_FOLDER"]), target)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    rows = sum(manifest.tables.values())
    click.echo(
        f"backed up {rows} rows in {len(manifest.tables)} tables and "
        f"{len(manifest.files)} files to {target}"
    )


@click.command("restore")
@click.option(
    "--from",
    "source",
    required=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A folder written by the backup command.",
)
@click.option("--force", is_flag=True, help="Replace a database or upload folder that has data.")
def restore_command(source: Path, force: bool) -> None:
    """Restore a backup into the configured database and upload folder, then check every
    table's row count and every file's hash against the backup's manifest."""
    from register.backup import BackupError, restore

    try:
        manifest = restore(db.engine, Path(current_app.config["UPLOAD_FOLDER"]), source, force)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(
        f"restored {sum(manifest.tables.values())} rows and {len(manifest.files)} files "
        f"from {source} (made {manifest.created_at}); counts and hashes match"
    )


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
    from register.demo.accounts import second_factor_uris

    click.echo(
        "Second factor: add these to an authenticator app (or open them as a QR code); "
        "the secrets are fixed, so they stay valid for every run of demo-data:"
    )
    for email, uri in second_factor_uris():
        click.echo(f"  {email:<28} {uri}")


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


@click.command("send-webhooks")
def send_webhooks() -> None:
    """Retry every webhook delivery that is due (exponential backoff; meant for a timer
    that runs every minute)."""
    from register.organisations.checks import flush_lookup_counts
    from register.organisations.webhooks import send_due

    click.echo(f"delivered: {send_due(current_app._get_current_object())}")
    click.echo(f"lookups counted: {flush_lookup_counts()}")


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


@policies_group.command("history")
def policies_history() -> None:
    """List every policy version the register has run under, with the moment it came into
    force (first loaded) and its hash; the versions loaded now are recorded first."""
    from register.policy.history import history, record_versions

    policies = current_app.extensions["policies"]
    try:
        record_versions(db.session, policies)
    except PolicyError as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    in_force = policies.versions
    click.echo(f"{'file':<24} {'version':<12} {'in force since (UTC)':<20} sha256")
    for row in history(db.session):
        since = row.first_loaded_at.strftime("%Y-%m-%d %H:%M")
        current = "  (in force)" if in_force.get(row.policy) == row.version else ""
        click.echo(f"{row.file:<24} {row.version:<12} {since:<20} {row.sha256[:16]}{current}")


@policies_group.command("show")
@click.argument("file")
@click.argument("version")
def policies_show(file: str, version: str) -> None:
    """Print a policy file exactly as it was kept for VERSION (e.g. tiers.yaml 2026.1)."""
    from sqlalchemy import select

    from register.models.policies import PolicyVersion

    row = db.session.scalar(
        select(PolicyVersion).where(PolicyVersion.file == file, PolicyVersion.version == version)
    )
    if row is None:
        raise click.ClickException(f"{file}: version {version!r} is not in the policy history")
    click.echo(row.content, nl=False)


@click.group("credentials")
def credentials_group() -> None:
    """The keys that sign verifiable credentials."""


@credentials_group.command("keygen")
def credentials_keygen() -> None:
    """Generate a new Ed25519 signing key into the key file (mode 0600). The new key signs
    from now on; the old keys stay in the file, so credentials they signed still verify.
    Running workers read the file again when it changes."""
    from register.credentials.keys import keys_file, rotate

    key = rotate(current_app._get_current_object())
    click.echo(f"new signing key {key.get('kid')} in {keys_file(current_app)}")
