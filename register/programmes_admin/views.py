"""Registrar pages for programmes and manually entered accreditation periods."""

from __future__ import annotations

import datetime as dt

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from register.errors import act
from register.extensions import db
from register.models.programmes import Programme, TrainingProvider
from register.objects import Purpose, get_programme_or_404
from register.programmes_admin import bp, services
from register.programmes_admin.forms import AccreditationForm, ProgrammeForm


@bp.get("")
def index():
    """Every programme with its provider, level and accreditation periods."""
    programmes = db.session.scalars(
        select(Programme)
        .outerjoin(TrainingProvider)
        .options(selectinload(Programme.accreditations), selectinload(Programme.provider))
        .order_by(TrainingProvider.name, Programme.name)
    ).all()
    return render_template(
        "programmes_admin/index.html", programmes=programmes, today=dt.date.today()
    )


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Add a programme with its provider, NLQF level, context, study load and mode."""
    form = ProgrammeForm()

    def page(refusal=None):
        return render_template("programmes_admin/new.html", form=form)

    if not act(form, page):
        return page()
    programme = services.add_programme(
        current_user,
        provider_name=form.provider_name.data,
        name=form.name.data,
        nlqf_level=form.nlqf_level.data,
        context=form.context.data,
        study_load_hours=form.study_load_hours.data,
        mode=form.mode.data or None,
        description=form.description.data,
    )
    flash(
        _("The programme has been added. You can now enter its accreditation period."),
        "success",
    )
    return redirect(url_for(".detail", programme_id=programme.id))


def _detail(programme: Programme, form: AccreditationForm):
    return render_template(
        "programmes_admin/detail.html",
        programme=programme,
        form=form,
        today=dt.date.today(),
    )


@bp.get("/<int:programme_id>")
def detail(programme_id: int):
    """One programme, its accreditation periods and the form to enter one."""
    return _detail(
        get_programme_or_404(programme_id, for_user=current_user, purpose=Purpose.REVIEW),
        AccreditationForm(formdata=None),
    )


@bp.post("/<int:programme_id>/accreditations")
def add_accreditation(programme_id: int):
    """Enter an accreditation period by hand."""
    programme = get_programme_or_404(programme_id, for_user=current_user, purpose=Purpose.REVIEW)
    form = AccreditationForm()
    act(form, lambda refusal: _detail(programme, form))
    services.add_manual_accreditation(
        programme,
        current_user,
        valid_from=form.valid_from.data,
        valid_until=form.valid_until.data,
        note=form.note.data,
        today=dt.date.today(),
    )
    flash(_("The accreditation period has been added."), "success")
    return redirect(url_for(".detail", programme_id=programme.id))
