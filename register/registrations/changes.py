"""One signal for "something the public sees of a registration changed".

Whatever changes a registration's public face (status, tier, validity, name, public region,
or a row of a model declared with ``watch_dependent``, such as a public measure) is noticed
by a flush listener, without any service having to remember it. Just before the transaction
commits, ``public_registration_changed`` is sent once with the ids of every registration
that changed, so subscribers can act in the same transaction (a status list updated, alerts
queued in the outbox that is delivered after the commit). A rolled-back change sends nothing.

Subscribe with ``public_registration_changed.connect(fn)``; ``fn(session, registration_ids)``
may add to the session (the commit flushes it) but must not commit.
"""

from __future__ import annotations

from blinker import Namespace
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from register.models.registrations import Registration

public_registration_changed = Namespace().signal("public-registration-changed")

#: The Registration attributes the public lookup, the API and the certificate show.
PUBLIC_ATTRIBUTES = frozenset(
    {
        "number",
        "tier",
        "status",
        "valid_from",
        "valid_until",
        "given_names",
        "surname_prefix",
        "surname",
        "work_region",
        "show_work_region",
    }
)

#: model class → name of its attribute holding the registration id
_DEPENDENTS: dict[type, str] = {}
_KEY = "public_registration_changes"


def watch_dependent(model: type, registration_id_attribute: str = "registration_id") -> None:
    """Treat every insert, change or deletion of a ``model`` row as a public change of the
    registration it points to (e.g. a public measure)."""
    _DEPENDENTS[model] = registration_id_attribute


def _changed_registration_id(obj, is_new_or_deleted: bool) -> int | None:
    if isinstance(obj, Registration):
        if is_new_or_deleted:
            return obj.id
        state = inspect(obj)
        if any(state.attrs[name].history.has_changes() for name in PUBLIC_ATTRIBUTES):
            return obj.id
        return None
    for model, attribute in _DEPENDENTS.items():
        if isinstance(obj, model):
            return getattr(obj, attribute, None)
    return None


def _after_flush(session: Session, flush_context) -> None:
    found = session.info.setdefault(_KEY, set())
    for group, new_or_deleted in ((session.new, True), (session.deleted, True)):
        for obj in group:
            rid = _changed_registration_id(obj, new_or_deleted)
            if rid is not None:
                found.add(rid)
    for obj in session.dirty:
        rid = _changed_registration_id(obj, False)
        if rid is not None:
            found.add(rid)


def _before_commit(session: Session) -> None:
    sent: set[int] = set()
    for _round in range(5):  # subscribers may change more registrations; bounded
        session.flush()
        pending = session.info.pop(_KEY, set()) - sent
        if not pending:
            return
        sent |= pending
        public_registration_changed.send(session, registration_ids=frozenset(pending))


def _forget(session: Session, *args) -> None:
    session.info.pop(_KEY, None)


def install(scoped_session) -> None:
    """Install the listeners once on the shared session (called from create_app)."""
    if not event.contains(scoped_session, "after_flush", _after_flush):
        event.listen(scoped_session, "after_flush", _after_flush)
        event.listen(scoped_session, "before_commit", _before_commit)
        event.listen(scoped_session, "after_soft_rollback", _forget)
