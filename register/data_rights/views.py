"""The export pages and the privacy and accessibility statements."""

from __future__ import annotations

import datetime as dt

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from register.access import allow, authenticated, public
from register.data_rights import bp, services
from register.data_rights.forms import AccessRequestForm, DeleteAccountForm, ExportForm
from register.data_rights.rules import EXPORT_RULES
from register.errors import act
from register.models.accounts import Role
from register.models.base import utcnow
from register.objects import get_account_or_404
from register.policy import current_policies
from register.policy.retention import DataKind

#: when the accessibility statement was drawn up and last checked (change it on review)
STATEMENT_DATE = dt.date(2026, 12, 1)


CHUNK = 64 * 1024


def _chunks(file):
    """The archive in pieces; the temporary file is closed when the response ends or is
    dropped (a generator's ``with`` runs on close and on garbage collection)."""
    with file:
        while chunk := file.read(CHUNK):
            yield chunk


def _zip_response(person, result):
    name = f"register-data-{person.id}-{utcnow().date().isoformat()}.zip"
    return Response(
        _chunks(result.file),
        mimetype="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Content-Length": str(result.size),
            "Cache-Control": "no-store",
        },
    )


@bp.get("/account/data")
@authenticated
def my_data():
    """What the export holds, and the button to download it."""
    return render_template("data_rights/my_data.html", form=ExportForm(), rules=EXPORT_RULES)


@bp.post("/account/data")
@authenticated
def download_my_data():
    """The person's own export, as one ZIP (audited)."""
    form = ExportForm()
    act(
        form,
        lambda refusal: render_template("data_rights/my_data.html", form=form, rules=EXPORT_RULES),
    )
    person = current_user._get_current_object()
    return _zip_response(person, services.export_data(person, person))


@bp.route("/account/delete", methods=["GET", "POST"])
@authenticated
def delete_account():
    """Delete one's own account (only without an application or registration), after a
    confirmation page."""
    form = DeleteAccountForm()
    person = current_user._get_current_object()

    def page(refusal=None):
        return render_template(
            "data_rights/delete_account.html",
            form=form,
            refusal=services.deletion_refusal(person),
        )

    if act(form, page):
        services.delete_account(person)
        logout_user()
        flash(_("Your account has been deleted."), "success")
        return redirect(url_for("main.home"))
    return page()


@bp.route("/admin/accounts/<int:user_id>/data", methods=["GET", "POST"])
@allow(Role.ADMIN)
def access_request(user_id: int):
    """An admin's export for a person who asked in writing (audited with the reason)."""
    person = get_account_or_404(user_id, for_user=current_user)
    form = AccessRequestForm()

    def page(refusal=None):
        return render_template("data_rights/access_request.html", form=form, account=person)

    if act(form, page):
        result = services.export_data(
            person, current_user._get_current_object(), reason=form.reason.data
        )
        return _zip_response(person, result)
    return page()


@bp.get("/privacy")
@public
def privacy():
    """The privacy statement, built from the retention, objection, organisation and measure
    policies."""
    retention = current_policies().retention
    return render_template(
        "data_rights/privacy.html",
        retention=retention,
        objections=current_policies().objections,
        organisations=current_policies().organisations,
        measures=current_policies().measures,
        kinds=DataKind,
    )


@bp.get("/accessibility")
@public
def accessibility():
    """The accessibility statement (after the Dutch government's model)."""
    return render_template("data_rights/accessibility.html", statement_date=STATEMENT_DATE)
