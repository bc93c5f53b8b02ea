"""Provider side of practice placements: the placements of a programme, and one
placement's details with its workplace checklist (add, change, remove)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from register.accreditation import bp
from register.accreditation import placements as services
from register.accreditation.forms import PlacementForm
from register.accreditation.grids import read_checklist
from register.domain.placements import checklist_items
from register.errors import act, on_refusal
from register.objects import Purpose, get_placement_or_404, get_programme_or_404
from register.policy import current_policies


def _version() -> int | None:
    raw = (request.form.get("version") or "").strip()
    return int(raw) if raw.isdigit() else None


def _checklist_page(programme, form, placement=None, answers=None, problems=None):
    framework = current_policies().framework
    items = checklist_items(framework)
    if answers is None:
        answers = {}
        for item in items:
            row = placement.answer_for(item.id) if placement else None
            answers[item.id] = (row.answer.value, row.explanation) if row else (None, "")
    return render_template(
        "accreditation/placement_form.html",
        programme=programme,
        placement=placement,
        form=form,
        checklist=framework.workplace_checklist,
        items=items,
        answers=answers,
        problems=problems or {},
    )


def _posted_answers():
    items = [item.id for item in checklist_items(current_policies().framework)]
    return read_checklist(request.form, items)


@bp.get("/accreditation/programmes/<int:programme_id>/placements")
def placements(programme_id: int):
    """The practice placements a programme offers, each with its checklist."""
    programme = get_programme_or_404(programme_id, for_user=current_user, purpose=Purpose.MANAGE)
    return render_template(
        "accreditation/placements.html",
        programme=programme,
        placements=services.placements_of(programme),
        items=checklist_items(current_policies().framework),
    )


@bp.route("/accreditation/programmes/<int:programme_id>/placements/new", methods=["GET", "POST"])
def new_placement(programme_id: int):
    """Add a practice placement and fill in its workplace checklist."""
    programme = get_programme_or_404(programme_id, for_user=current_user, purpose=Purpose.MANAGE)
    form = PlacementForm()
    answers = _posted_answers() if request.method == "POST" else None

    def page(refusal=None):
        return _checklist_page(
            programme, form, answers=answers, problems=getattr(refusal, "problems", None)
        )

    if not act(form, page):
        return page()
    services.add_placement(
        programme,
        current_user,
        form.organisation.data,
        form.setting.data,
        form.description.data,
        answers,
    )
    flash(_("The practice placement has been added."), "success")
    return redirect(url_for("accreditation.placements", programme_id=programme.id))


@bp.route("/accreditation/placements/<int:placement_id>", methods=["GET", "POST"])
def edit_placement(placement_id: int):
    """Change a practice placement and its checklist (refused when someone else changed it
    since the page was shown)."""
    placement = get_placement_or_404(placement_id, for_user=current_user)
    programme = placement.programme
    form = PlacementForm(obj=placement) if request.method == "GET" else PlacementForm()
    answers = _posted_answers() if request.method == "POST" else None

    def page(refusal=None):
        if request.method == "POST" and getattr(refusal, "status", None) == 409:
            form.version.data = str(placement.version)  # the current version, shown again
        return _checklist_page(
            programme,
            form,
            placement=placement,
            answers=answers,
            problems=getattr(refusal, "problems", None),
        )

    if request.method == "GET":
        form.version.data = str(placement.version)
    if not act(
        form,
        page,
        stale=_(
            "Someone else changed this placement in the meantime. "
            "Your changes are shown below; save them again to keep them."
        ),
    ):
        return page()
    services.update_placement(
        placement,
        current_user,
        _version(),
        form.organisation.data,
        form.setting.data,
        form.description.data,
        answers,
    )
    flash(_("The practice placement has been saved."), "success")
    return redirect(url_for("accreditation.placements", programme_id=programme.id))


@bp.post("/accreditation/placements/<int:placement_id>/remove")
def remove_placement(placement_id: int):
    """Remove a practice placement the programme no longer offers."""
    placement = get_placement_or_404(placement_id, for_user=current_user)
    programme = placement.programme
    form = PlacementForm()
    answers = _posted_answers()
    on_refusal(
        lambda refusal: _checklist_page(programme, form, placement=placement, answers=answers),
        form,
    )
    services.remove_placement(placement, current_user, _version())
    flash(_("The practice placement has been removed."), "success")
    return redirect(url_for("accreditation.placements", programme_id=programme.id))
