"""One way for tests to give an application the identity check an approval needs: a
registrar saw the applicant by video call with a passport on the day it was sent."""

from __future__ import annotations

import datetime as dt

from register.review.identity import (
    identity_check_of,
    identity_required,
    record_identity_check,
)


def confirmed_identity(
    application, registrar, *, method: str = "video_call", document_kind: str = "passport"
):
    """Record that ``registrar`` confirmed ``application``'s applicant's identity (the check
    a first application's approval needs); returns the ``IdentityCheck``. An application
    for another tier asks for none (None); a check already recorded is returned as it is."""
    if not identity_required(application):
        return None
    recorded = identity_check_of(application)
    if recorded is not None:
        return recorded
    today = dt.date.today()
    sent = application.submitted_at.date() if application.submitted_at else today
    return record_identity_check(
        application,
        registrar,
        method=method,
        document_kind=document_kind,
        checked_on=min(sent, today),
        details_match=True,
        today=today,
    )
