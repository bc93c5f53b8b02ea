"""The audit viewer's pages. Thin: read the filters, query, render (or export)."""

from __future__ import annotations

from flask import Response, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from register.audit_log import bp, services
from register.audit_log.forms import AuditFilterForm
from register.errors import on_refusal
from register.extensions import db
from register.models.base import utcnow

PER_PAGE = 50
MAX_PAGE = 100_000


def _form() -> AuditFilterForm:
    form = AuditFilterForm(request.args)
    form.subject_type.choices = [SelectChoice("", _("Any subject"))] + [
        SelectChoice(kind, kind) for kind in services.subject_types()
    ]
    return form


def _filters(form: AuditFilterForm) -> services.AuditFilter | None:
    """The filters of a valid form (no filters before the form is used); None when the form
    does not validate (the page shows why)."""
    if not request.args:
        return services.AuditFilter()
    if not form.validate():
        return None
    return services.AuditFilter(
        actor=form.actor.data or None,
        subject_type=form.subject_type.data or None,
        subject_id=form.subject_id.data,
        action=form.action.data or None,
        date_from=form.date_from.data,
        date_to=form.date_to.data,
    )


def _page_number() -> int:
    page = request.args.get("page", 1, type=int)
    return page if 1 <= page <= MAX_PAGE else 1


def _render(form: AuditFilterForm, filters: services.AuditFilter | None):
    page = None
    if filters is not None:
        page = db.paginate(
            services.events_query(filters),
            page=_page_number(),
            per_page=PER_PAGE,
            error_out=False,
            count=True,
        )
    return render_template(
        "audit_log/index.html", form=form, page=page, detail_text=services.detail_text
    )


@bp.get("/")
def index():
    """The log, newest first, filtered and paged."""
    form = _form()
    filters = _filters(form)
    return _render(form, filters), (200 if filters is not None else 422)


@bp.get("/export.csv")
def export():
    """The filtered events as a CSV file (the export is recorded in the log itself)."""
    form = _form()
    filters = _filters(form)
    if filters is None:
        return _render(form, None), 422
    on_refusal(lambda refusal: _render(form, filters))
    body, _total = services.export_csv(filters, current_user._get_current_object())
    filename = f"audit-{utcnow().strftime('%Y%m%d-%H%M%S')}.csv"
    return Response(
        body,
        mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
