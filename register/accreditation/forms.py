"""Forms of the accreditation workflow. The per-criterion scoring and findings grids are
parsed by ``grids.py``; everything with a fixed shape is a Flask-WTF form here."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, MultipleFileField
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import Email, InputRequired, Length, NumberRange, Optional, Regexp

from register.domain.accreditation import Outcome
from register.labels import choices
from register.models.programmes import ProgrammeContext, StudyMode

REQUIRED = _l("Fill in this field.")


class ProviderSignupForm(FlaskForm):
    """A training provider signs up: the organisation and its contact person's account."""

    organisation = StringField(
        _l("Name of the organisation"), validators=[InputRequired(REQUIRED), Length(max=200)]
    )
    kvk_number = StringField(
        _l("Chamber of Commerce (KvK) number"),
        validators=[
            InputRequired(REQUIRED),
            Regexp(r"^\d{8}$", message=_l("A KvK number has exactly 8 digits.")),
        ],
        filters=[lambda v: (v or "").replace(" ", "").strip()],
    )
    phone = StringField(
        _l("Telephone number"),
        validators=[
            Optional(),
            Length(max=32),
            Regexp(
                r"^[0-9 +()-]{6,32}$",
                message=_l("Enter a telephone number, such as 030 123 45 67."),
            ),
        ],
    )
    given_names = StringField(
        _l("Given names of the contact person"),
        validators=[InputRequired(REQUIRED), Length(max=120)],
    )
    surname_prefix = StringField(_l("Surname prefix"), validators=[Optional(), Length(max=40)])
    surname = StringField(_l("Surname"), validators=[InputRequired(REQUIRED), Length(max=120)])
    email = EmailField(
        _l("E-mail address"),
        validators=[
            InputRequired(REQUIRED),
            Length(max=254),
            Email(message=_l("Enter an e-mail address, such as name@example.nl.")),
        ],
    )
    password = PasswordField(_l("Password"), validators=[InputRequired(REQUIRED)])


class ProgrammeForm(FlaskForm):
    """A programme: name, NLQF level, context, study load and mode."""

    name = StringField(
        _l("Name of the programme"), validators=[InputRequired(REQUIRED), Length(max=200)]
    )
    nlqf_level = SelectField(
        _l("NLQF level"),
        coerce=int,
        choices=[SelectChoice(n, str(n)) for n in range(2, 8)],
        validators=[InputRequired(REQUIRED)],
    )
    context = RadioField(
        _l("Context"),
        choices=choices(ProgrammeContext),
        validators=[InputRequired(_l("Choose the context."))],
    )
    study_load_hours = IntegerField(
        _l("Study load in hours"),
        validators=[
            Optional(),
            NumberRange(min=1, max=10000, message=_l("Enter a number from 1 to 10000.")),
        ],
    )
    mode = SelectField(
        _l("Mode of study"),
        choices=[SelectChoice("", "—"), *choices(StudyMode)],
        validators=[Optional()],
    )
    description = TextAreaField(_l("Short description"), validators=[Optional(), Length(max=2000)])


class AnswerForm(FlaskForm):
    """The self-evaluation on one criterion, with an optional supporting document."""

    coverage = TextAreaField(
        _l("How does the programme cover this criterion?"),
        validators=[Optional(), Length(max=5000)],
    )
    location = StringField(_l("Where: module or unit"), validators=[Optional(), Length(max=300)])
    assessment = TextAreaField(_l("How is it assessed?"), validators=[Optional(), Length(max=5000)])
    document = FileField(_l("Supporting document (optional)"))
    document_description = StringField(
        _l("What the document shows (optional)"), validators=[Optional(), Length(max=200)]
    )


class PlacementForm(FlaskForm):
    """A practice placement: the organisation, the setting, a description. The checklist
    beside it is a grid of plain fields (``answer-<item>``, ``explanation-<item>``) read by
    ``grids.read_checklist``; ``version`` is the version of the placement the page showed."""

    organisation = StringField(
        _l("Organisation"), validators=[InputRequired(REQUIRED), Length(max=200)]
    )
    setting = StringField(
        _l("Setting (team, department, kind of work)"),
        validators=[InputRequired(REQUIRED), Length(max=200)],
    )
    description = TextAreaField(
        _l("Description (optional)"), validators=[Optional(), Length(max=5000)]
    )
    version = HiddenField()


class ConditionAnswerForm(FlaskForm):
    """The provider's answer to a condition: an explanation and evidence files."""

    explanation = TextAreaField(
        _l("How does the programme now meet this condition?"),
        validators=[InputRequired(REQUIRED), Length(max=10000)],
    )
    files = MultipleFileField(_l("Evidence files (optional)"))


class QuestionForm(FlaskForm):
    """A panel member's question to the provider."""

    criterion_id = SelectField(
        _l("About criterion (optional)"), choices=[], validators=[Optional()]
    )
    body = TextAreaField(
        _l("Your question"), validators=[InputRequired(REQUIRED), Length(max=3000)]
    )


class AnswerQuestionForm(FlaskForm):
    """The provider's answer to a panel question."""

    answer = TextAreaField(
        _l("Your answer"), validators=[InputRequired(REQUIRED), Length(max=5000)]
    )


class DeclarationForm(FlaskForm):
    """An assessor's conflict-of-interest declaration for one request."""

    conflict = RadioField(
        _l("Do you have a conflict of interest with this provider or programme?"),
        choices=[
            SelectChoice("no", _l("No, I have no conflict of interest")),
            SelectChoice("yes", _l("Yes, I have a conflict of interest")),
        ],
        validators=[InputRequired(_l("Choose yes or no."))],
    )
    note = TextAreaField(
        _l("If yes: describe the conflict"), validators=[Optional(), Length(max=2000)]
    )


class AffiliationForm(FlaskForm):
    """An assessor declares a link with a training provider."""

    provider = SelectField(
        _l("Training provider"),
        coerce=int,
        choices=[],
        validators=[InputRequired(_l("Choose a provider."))],
    )
    description = StringField(
        _l("Describe the link (for example: teacher, employee, board member)"),
        validators=[InputRequired(REQUIRED), Length(max=300)],
    )


class MultiCheckboxField(SelectMultipleField):
    """Checkboxes for choosing several options."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class PanelForm(FlaskForm):
    """The registrar chooses the panel's assessors and its chair."""

    assessors = MultiCheckboxField(_l("Assessors"), coerce=int, choices=[])
    chair = SelectField(
        _l("Panel chair"),
        coerce=int,
        choices=[],
        validators=[InputRequired(_l("Choose the panel chair."))],
    )


class DecisionForm(FlaskForm):
    """The registrar's decision; conditions are parsed from the grid below the form."""

    outcome = RadioField(
        _l("Decision"),
        choices=choices((Outcome.ACCREDITED, Outcome.CONDITIONAL, Outcome.REFUSED)),
        validators=[InputRequired(_l("Choose a decision."))],
    )
    departure_reason = TextAreaField(
        _l("Reason for departing from the proposal"), validators=[Optional(), Length(max=5000)]
    )
    note = TextAreaField(
        _l("Explanation for the provider"), validators=[Optional(), Length(max=5000)]
    )
    unanswered_reason = TextAreaField(
        _l("Why decide without the provider's answer"),
        validators=[Optional(), Length(max=5000)],
    )


class StatusForm(FlaskForm):
    """Suspend, reinstate or withdraw an accreditation, with a reason."""

    action = RadioField(
        _l("Action"),
        choices=[
            SelectChoice("suspend", _l("Suspend")),
            SelectChoice("reinstate", _l("Lift the suspension")),
            SelectChoice("withdraw", _l("Withdraw")),
        ],
        validators=[InputRequired(_l("Choose an action."))],
    )
    reason = TextAreaField(_l("Reason"), validators=[InputRequired(REQUIRED), Length(max=3000)])
    confirm = BooleanField(
        _l("I have checked this and want to change the status"),
        validators=[InputRequired(_l("Tick the box to confirm."))],
    )
