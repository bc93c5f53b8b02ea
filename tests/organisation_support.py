"""Helpers for the tests of organisation accounts: an organisation with a user and a key,
and a webhook receiver on 127.0.0.1."""

from __future__ import annotations

import http.server
import json
import threading
from contextlib import contextmanager

from register.domain import organisations as rules
from register.extensions import db
from register.models.accounts import Role
from register.models.organisations import ApiKey, Organisation, OrganisationMember, WatchEntry
from register.organisations.alerts import public_snapshot


def add_organisation(make_user, name="Zorggroep Noord", kvk="12345678", locale="en", **kw):
    """An organisation with one user (role employer); returns (organisation, user)."""
    user = make_user(role=Role.EMPLOYER, locale=locale)
    organisation = Organisation(
        name=name, kvk_number=kvk, webhook_secret=rules.new_webhook_secret(), **kw
    )
    db.session.add(organisation)
    db.session.add(OrganisationMember(organisation=organisation, user=user))
    db.session.commit()
    return organisation, user


def add_key(organisation, name="HR-systeem") -> str:
    """A working API key of ``organisation``; returns the key's text."""
    new = rules.make_key()
    db.session.add(
        ApiKey(
            organisation_id=organisation.id,
            name=name,
            prefix=new.prefix,
            secret_hash=new.secret_hash,
        )
    )
    db.session.commit()
    return new.key


def add_watch(organisation, registration, role="") -> WatchEntry:
    entry = WatchEntry(
        organisation_id=organisation.id,
        registration_id=registration.id,
        role=role,
        snapshot=public_snapshot(registration.number),
    )
    db.session.add(entry)
    db.session.commit()
    return entry


def bearer(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


class Receiver:
    """A webhook receiver in a thread: answers the statuses in ``answers`` one by one (then
    200), and keeps every call's headers and raw body."""

    def __init__(self, answers=()):
        self.answers = list(answers)
        self.calls: list[dict] = []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the http.server convention
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.calls.append({"headers": dict(self.headers), "body": body})
                status = receiver.answers.pop(0) if receiver.answers else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                return None

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def json(self, index: int) -> dict:
        return json.loads(self.calls[index]["body"])


@contextmanager
def receiver(answers=()):
    found = Receiver(answers)
    thread = threading.Thread(target=found.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield found
    finally:
        found.server.shutdown()
        found.server.server_close()
        thread.join(5)
