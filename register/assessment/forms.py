"""Forms for assigning assessors, declaring a conflict of interest and scoring a rubric."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from register.assessment.services import RATIONALE_MAX
from register.formtools import strip_text

SUFFICIENT, INSUFFICIENT = "sufficient", "insufficient"


class AssignForm(FlaskForm):
    """A registrar picks one of the assessors who may be assigned (trained as assessors),
    and says why when the assessors will include no expert by experience."""

    assessor_id = SelectField(
        _l("Assessor"), coerce=int, validators=[InputRequired(message=_l("Choose an assessor."))]
    )
    lived_experience_exception = TextAreaField(
        _l("Why none of the assessors is an expert by experience (only then)"),
        filters=[lambda v: v.strip() if isinstance(v, str) else v],
        validators=[Optional(), Length(max=2000)],
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
        filters=[strip_text],
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

    def indicators_field(self, item_id: str):
        """The behavioural traits shown (checkboxes) of a competence; None for a situation."""
        return self._fields.get(f"indicators-{item_id}")

    def scores(self) -> dict[str, tuple]:
        """The form's contents as the services expect them."""
        out = {}
        for item_id in self.rubric_ids:
            raw = self.score_field(item_id).data
            sufficient = {SUFFICIENT: True, INSUFFICIENT: False}.get(raw)
            traits = self.indicators_field(item_id)
            shown = tuple(traits.data or ()) if traits is not None else ()
            out[item_id] = (sufficient, self.rationale_field(item_id).data or "", shown)
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


class _Checkboxes(SelectMultipleField):
    """Several choices as a list of labelled checkboxes (works without JavaScript)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def scoring_form(rubric, assessment=None, lang: str = "nl") -> ScoringFormBase:
    """A scoring form with, per rubric item, a score and a rationale (labelled with the
    item's id; the page shows the item's text above them) and, for a competence, its
    behavioural traits to mark as shown; filled from the saved draft; what was posted
    takes precedence."""
    attrs: dict = {"rubric_ids": tuple(item.id for item in rubric)}
    for item in rubric:
        if item.kind == "competence":
            attrs[f"indicators-{item.id}"] = _Checkboxes(
                _l("Behaviour the portfolio shows with an example (%(item)s)", item=item.id),
                choices=[
                    SelectChoice(i, trait.get(lang)) for i, trait in enumerate(item.indicators)
                ],
                coerce=int,
                validators=[Optional()],
            )
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
            filters=[strip_text],
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
                if f"indicators-{score.item_id}" in attrs:
                    data[f"indicators-{score.item_id}"] = list(score.indicators_shown or ())
    return form_class(data=data)


class LivedExperienceForm(FlaskForm):
    """The assessor's own declaration: expert by experience or not."""

    lived_experience = BooleanField(
        _l("I am an expert by experience: I use my own experience of recovery in my work")
    )
    submit = SubmitField(_l("Save"))


class TrainingForm(FlaskForm):
    """A training as assessor: when, which course, by whom, optionally the certificate."""

    completed_on = DateField(
        _l("Date the training was completed"),
        validators=[InputRequired(message=_l("Fill in the date of the training."))],
    )
    course = StringField(
        _l("Course"),
        filters=[strip_text],
        validators=[InputRequired(message=_l("Fill in the name of the course.")), Length(max=200)],
    )
    provider = StringField(
        _l("Given by"),
        filters=[strip_text],
        validators=[
            InputRequired(message=_l("Fill in who gave the training.")),
            Length(max=200),
        ],
    )
    certificate = FileField(_l("Certificate (optional; PDF, PNG or JPEG)"))
    submit = SubmitField(_l("Add training"))
