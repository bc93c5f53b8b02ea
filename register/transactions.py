"""One database transaction per request, ended in one place (after Indico's ``RH.process``).

Views, services and render helpers never commit or roll back. ``TransactionalFlask`` runs
every view inside ``run_in_transaction``, which ends the request's transaction once, after
the view has returned:

- the view raised (any exception, also ``abort(404)``) → roll back, then the error handlers
  answer; a refused action therefore never leaves anything behind: no rows, no e-mails and
  no flashed "saved" message;
- the response has an error status (400 or higher) → roll back;
- the response is a success or a redirect and the request wrote something → commit once;
  e-mails queued in the outbox are handed over after that commit (``register.mail``);
- the request wrote nothing (most GETs) → end the transaction with a rollback, never a
  COMMIT: the connection goes back to the pool without an extra round trip (returning it
  would roll back anyway);
- the view never used the session (an anonymous public read, which reads through
  ``register.readonly``'s connection of its own) → nothing to end: the session is not
  even created.

A failure at commit time raises out of the view, after a rollback: a lost optimistic-lock
race (``StaleDataError`` from a ``version_id_col``) and a constraint the database refused
(``IntegrityError``) are then answered by the one refusal handler in ``register.errors``
(409 and 422), never by a 500.

Audit events recorded with ``keep_on_failure`` (a failed login, a wrong code) are written
again after a rollback, in a transaction of their own (``register.audit``).

CLI commands, jobs and the demo seeder run outside requests and commit themselves.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, Response, current_app, g, message_flashed, session
from sqlalchemy import event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from register.extensions import db

_WROTE = "register.wrote"


class TransactionalFlask(Flask):
    """Flask, with every view run in one database transaction (``run_in_transaction``)."""

    def dispatch_request(self):
        """Dispatch to the view inside the request's transaction."""
        return run_in_transaction(super().dispatch_request)


def run_in_transaction(view: Callable[[], object]) -> Response:
    """Call ``view`` and end the transaction by its outcome: commit a successful response
    that wrote something, roll back everything else."""
    g.pop("flashed_in_transaction", None)  # g can outlive a request (an app context held open)
    g.pop("audit_kept_on_failure", None)
    try:
        response = current_app.make_response(view())
    except BaseException:
        _undo()
        raise
    if response.status_code >= 400:
        _undo()
    elif not db.session.registry.has():
        pass  # the view never opened the session (a public read): nothing to end
    elif wrote_something(db.session):
        _commit()
    else:
        db.session.rollback()  # nothing to keep: no COMMIT round trip
    return response


def wrote_something(session: Session) -> bool:
    """True when the session's transaction holds changes: pending objects, or a flush."""
    return bool(session.info.get(_WROTE) or session.new or session.dirty or session.deleted)


def _commit() -> None:
    from register import audit

    try:
        db.session.commit()
    except BaseException:
        _undo()
        raise
    audit.forget_kept_events()


def _undo() -> None:
    """The request failed: roll back, forget what it flashed, and write the audit events
    that are kept even when a request fails."""
    db.session.rollback()
    _forget_flashes()
    _write_kept_events()


def _write_kept_events() -> None:
    from register import audit

    audit.rewrite_kept_events()
    if not db.session.new:
        return
    try:
        db.session.commit()
    except SQLAlchemyError:
        current_app.logger.exception("could not write the audit events of a failed request")
        db.session.rollback()


def abandon() -> None:
    """The database went away mid-request (a restart, a failover): end the session's
    transaction if the connection still answers, else drop the connection (the pool replaces
    it). Called by the 503 handler in ``register.errors``, also for failures outside a view."""
    try:
        db.session.rollback()
    except SQLAlchemyError:
        db.session.close()


def _remember_flash(app: Flask, message, category) -> None:
    g.setdefault("flashed_in_transaction", []).append((category, message))


def _forget_flashes() -> None:
    """Drop the messages flashed during the rolled-back transaction (a "saved" that did
    not happen); messages flashed afterwards, such as the refusal, are kept."""
    made = g.pop("flashed_in_transaction", None)
    queued = session.get("_flashes") if made else None
    if queued:
        session["_flashes"] = [item for item in queued if item not in made]


def _flushed(session: Session, flush_context) -> None:
    session.info[_WROTE] = True


def _ended(session: Session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(_WROTE, None)


def init_app(app: Flask) -> None:
    """Remember on the shared session whether its transaction has flushed anything (the
    listeners are installed once and serve every app), and which messages ``app`` flashed
    during the request's transaction."""
    if not event.contains(db.session, "after_flush", _flushed):
        event.listen(db.session, "after_flush", _flushed)
        event.listen(db.session, "after_transaction_end", _ended)
    message_flashed.connect(_remember_flash, app)
