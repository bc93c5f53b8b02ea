"""Forms for assigning assessors, declaring a conflict of interest and scoring a rubric."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, SelectField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from register.assessment.services import RATIONALE_MAX

SUFFICIENT, INSUFFICIENT = "sufficient", "insufficient"


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class AssignForm(FlaskForm):
    """A registrar picks one of the available assessors."""

    assessor_id = SelectField(
        _l("Assessor"), coerce=int, validators=[InputRequired(message=_l("Choose an assessor."))]
    )
    submit = SubmitField(_l("Assign assessor"))

    def __init__(self, candidates, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.assessor_id.choices = [
            SelectChoice(u.id, f"{u.full_name} ({u.email})") for u in candidates
        ]


class ConflictForm(FlaskForm):
    """The assessor's declaration of (no) conflict of interest, made before seeing evidence."""

    conflict = RadioField(
        _l("Do you have a conflict of interest with this applicant?"),
        choices=[
            SelectChoice("no", _l("No, I have no conflict of interest")),
            SelectChoice("yes", _l("Yes, I have a conflict of interest")),
        ],
        validators=[InputRequired(message=_l("Choose one of the options."))],
    )
    note = TextAreaField(
        _l("Describe the conflict of interest"),
        filters=[_strip],
        validators=[Optional(), Length(max=2000)],
    )
    submit = SubmitField(_l("Send declaration"))

    def validate(self, extra_validators=None) -> bool:
        """A conflict needs a short description; "no conflict" does not."""
        ok = super().validate(extra_validators)
        if self.conflict.data == "yes" and not self.note.data:
            self.note.errors = [*self.note.errors, _l("Describe the conflict of interest.")]
            ok = False
        return ok


class ScoringFormBase(FlaskForm):
    """Base of the per-rubric scoring form (fields are added per item by ``scoring_form``)."""

    save = SubmitField(_l("Save draft"))
    submit = SubmitField(_l("Submit assessment"))

    rubric_ids: tuple[str, ...] = ()

    def score_field(self, item_id: str):
        """The sufficient/insufficient radio field of one rubric item."""
        return self[f"score-{item_id}"]

    def rationale_field(self, item_id: str):
        """The rationale text field of one rubric item."""
        return self[f"rationale-{item_id}"]

    def scores(self) -> dict[str, tuple[bool | None, str]]:
        """The form's contents as the services expect them."""
        out = {}
        for item_id in self.rubric_ids:
            raw = self.score_field(item_id).data
            sufficient = {SUFFICIENT: True, INSUFFICIENT: False}.get(raw)
            out[item_id] = (sufficient, self.rationale_field(item_id).data or "")
        return out

    def mark_missing(self, missing: dict[str, set[str]]) -> None:
        """Attach the submission's missing parts to the fields, for the error summary."""
        for item_id, parts in missing.items():
            if "score" in parts:
                field = self.score_field(item_id)
                field.errors = [*field.errors, _l("Choose sufficient or insufficient.")]
            if "rationale" in parts:
                field = self.rationale_field(item_id)
                field.errors = [*field.errors, _l("Write a rationale.")]


def scoring_form(rubric, assessment=None) -> ScoringFormBase:
    """A scoring form with, per rubric item, a score and a rationale (labelled with the
    item's id; the page shows the item's text above them), filled from the saved draft;
    what was posted takes precedence."""
    attrs: dict = {"rubric_ids": tuple(item.id for item in rubric)}
    for item in rubric:
        attrs[f"score-{item.id}"] = RadioField(
            _l("Score for %(item)s", item=item.id),
            choices=[
                SelectChoice(SUFFICIENT, _l("Sufficient")),
                SelectChoice(INSUFFICIENT, _l("Insufficient")),
            ],
            validators=[Optional()],
        )
        attrs[f"rationale-{item.id}"] = TextAreaField(
            _l("Rationale for %(item)s", item=item.id),
            filters=[_strip],
            validators=[Optional(), Length(max=RATIONALE_MAX)],
        )
    form_class = type("ScoringForm", (ScoringFormBase,), attrs)
    data = {}
    if assessment is not None:
        for score in assessment.scores:
            if score.item_id in attrs["rubric_ids"]:
                value = {True: SUFFICIENT, False: INSUFFICIENT}.get(score.sufficient)
                data[f"score-{score.item_id}"] = value
                data[f"rationale-{score.item_id}"] = score.rationale
    return form_class(data=data)
