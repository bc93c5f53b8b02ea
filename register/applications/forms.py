"""Forms of the applicant journey. Choices that come from policies or the database are set
by the view (``set_choices``); the rules themselves are checked by the domain."""

from __future__ import annotations

import datetime as dt

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    FloatField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from register.formtools import clean_name, strip_text
from register.models.applications import ReferenceRelation

MAX_HOURS_PER_WEEK = 60  # the database's check on work_experience.hours_per_week


def _required(message):
    return InputRequired(message=message)


class TierForm(FlaskForm):
    """Step 1: the tier applied for."""

    tier = RadioField(
        _l("Tier"), coerce=int, validators=[_required(_l("Choose the tier you apply for."))]
    )


class RouteForm(FlaskForm):
    """Step 2: diploma route or transitional route."""

    route = RadioField(
        _l("Route"),
        choices=[
            SelectChoice(
                "diploma", _l("Diploma route: I have a diploma of an accredited programme")
            ),
            SelectChoice(
                "transitional",
                _l(
                    "Transitional route: I have worked as an expert by "
                    "experience for a long time, without such a diploma"
                ),
            ),
        ],
        validators=[_required(_l("Choose a route."))],
    )


#: the age range an applicant can have: at least 16 (the youngest age at which a person can
#: have finished an MBO level 4 or higher programme in the Netherlands, and the age from
#: which Dutch law lets a person act in most matters of work alone); at most 100 (a typing
#: mistake guard: "1926" typed for "1962"). Not policy: no register board would set them.
MIN_AGE, MAX_AGE = 16, 100


def plausible_birth_date(born: dt.date, today: dt.date) -> bool:
    """True when a person born on ``born`` is between MIN_AGE and MAX_AGE years old."""
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return MIN_AGE <= age <= MAX_AGE


def normalised_phone(text: str) -> str | None:
    """``text`` as a phone number in international form ("+31 6 12345678"): a Dutch number as
    people write it, or any number with its country code; None when it cannot be one."""
    import phonenumbers

    try:
        number = phonenumbers.parse(text, "NL")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


class PersonalForm(FlaskForm):
    """Step 3: the few personal details the register needs."""

    date_of_birth = DateField(
        _l("Date of birth"), validators=[_required(_l("Fill in your date of birth."))]
    )
    phone = StringField(_l("Phone number"), validators=[Optional(), Length(max=32)])
    work_region = StringField(_l("Region where you work"), validators=[Optional(), Length(max=80)])
    show_work_region = BooleanField(_l("Show my work region in the public register"))

    def validate_date_of_birth(self, field):
        if field.data and not plausible_birth_date(field.data, dt.date.today()):
            raise ValidationError(
                _l(
                    "Fill in your date of birth. You must be between %(min)s and %(max)s "
                    "years old.",
                    min=MIN_AGE,
                    max=MAX_AGE,
                )
            )

    def validate_phone(self, field):
        if field.data and field.data.strip() and normalised_phone(field.data) is None:
            raise ValidationError(
                _l(
                    "Fill in a phone number we can call, for example 06 12345678 or, "
                    "from abroad, with the country code: +32 470 12 34 56."
                )
            )

    def validate(self, extra_validators=None) -> bool:
        """Valid: the phone number is stored in one form. Not valid: shown as typed."""
        valid = super().validate(extra_validators)
        if valid and self.phone.data and self.phone.data.strip():
            self.phone.data = normalised_phone(self.phone.data)
        return valid


class DiplomaForm(FlaskForm):
    """Diploma route: the accredited programme, the diploma date and a copy of the diploma."""

    programme_id = SelectField(_l("Training programme"), coerce=int)
    diploma_date = DateField(
        _l("Date of your diploma"), validators=[_required(_l("Fill in the date of your diploma."))]
    )
    file = FileField(_l("Copy of your diploma (PDF, PNG or JPEG)"))

    def validate_programme_id(self, field):
        if not field.data:
            raise ValidationError(_l("Choose your training programme."))


class WorkExperienceForm(FlaskForm):
    """One period of work as an expert by experience."""

    organisation = StringField(
        _l("Organisation"), validators=[_required(_l("Fill in the organisation.")), Length(max=200)]
    )
    role = StringField(
        _l("Your role or job title"),
        validators=[_required(_l("Fill in your role.")), Length(max=200)],
    )
    start_date = DateField(_l("From"), validators=[_required(_l("Fill in the start date."))])
    end_date = DateField(_l("Until"), validators=[Optional()])
    hours_per_week = FloatField(
        _l("Hours per week"),
        validators=[
            _required(_l("Fill in the hours per week.")),
            NumberRange(
                min=1, max=MAX_HOURS_PER_WEEK, message=_l("Fill in a number of hours from 1 to 60.")
            ),
        ],
    )
    paid = RadioField(
        _l("Paid or voluntary"),
        choices=[SelectChoice("paid", _l("Paid")), SelectChoice("voluntary", _l("Voluntary"))],
        validators=[_required(_l("Choose paid or voluntary."))],
    )

    def validate_start_date(self, field):
        if field.data and field.data > dt.date.today():
            raise ValidationError(_l("The start date cannot be in the future."))

    def validate_end_date(self, field):
        if field.data is None:
            return
        if self.start_date.data and field.data < self.start_date.data:
            raise ValidationError(_l("The end date must be on or after the start date."))
        if field.data > dt.date.today():
            raise ValidationError(
                _l("The end date cannot be in the future. Leave it empty if you still work there.")
            )


class IntervisionForm(FlaskForm):
    """Transitional route: intervision or supervision in the last months, with proof."""

    intervision_sessions = IntegerField(
        _l("Number of sessions"),
        validators=[
            _required(_l("Fill in the number of sessions.")),
            NumberRange(min=0, max=200, message=_l("Fill in a number from 0 to 200.")),
        ],
    )
    intervision_description = TextAreaField(
        _l("Describe the intervision or supervision"), validators=[Optional(), Length(max=4000)]
    )
    file = FileField(_l("Proof of intervision or supervision (PDF, PNG or JPEG)"))


class ReferenceForm(FlaskForm):
    """A referee who can confirm the applicant's work at one organisation."""

    name = StringField(
        _l("Name of the referee"),
        filters=[clean_name],
        validators=[_required(_l("Fill in the referee's name.")), Length(max=200)],
    )
    email = StringField(
        _l("E-mail address of the referee"),
        filters=[strip_text],
        validators=[
            _required(_l("Fill in the referee's e-mail address.")),
            Length(max=254),
            Email(message=_l("Fill in a valid e-mail address."), check_deliverability=False),
        ],
    )
    organisation = SelectField(
        _l("Organisation"), validators=[_required(_l("Choose the organisation."))]
    )
    relation = RadioField(
        _l("How does the referee know your work?"),
        choices=[
            SelectChoice(ReferenceRelation.SUPERVISOR.value, _l("Supervisor")),
            SelectChoice(ReferenceRelation.EMPLOYER.value, _l("Employer or client")),
            SelectChoice(ReferenceRelation.COLLEAGUE.value, _l("Colleague")),
            SelectChoice(ReferenceRelation.OTHER.value, _l("Other")),
        ],
        validators=[_required(_l("Choose how the referee knows your work."))],
    )


PORTFOLIO_TEXT_MAX = 8000


class PortfolioForm(FlaskForm):
    """Transitional route: a short introduction and, optionally, files that support it;
    ``portfolio_form`` adds a reflection with examples per competence and a description per
    critical professional situation."""

    portfolio_summary = TextAreaField(
        _l("Short introduction to your portfolio"), validators=[Optional(), Length(max=4000)]
    )
    file = FileField(_l("Supporting document (optional; PDF, PNG or JPEG)"))

    competence_ids: tuple[str, ...] = ()
    situation_ids: tuple[str, ...] = ()

    def reflection_field(self, item_id: str):
        """The reflection on a competence, or the description of a situation."""
        return self[f"reflection-{item_id}"]

    def examples_field(self, item_id: str):
        """The examples from the applicant's work for a competence."""
        return self[f"examples-{item_id}"]

    def entries(self) -> dict[str, tuple[str, str]]:
        """Item id → (reflection, examples): what the services store."""
        out = {}
        for item_id in self.competence_ids:
            out[item_id] = (
                self.reflection_field(item_id).data or "",
                self.examples_field(item_id).data or "",
            )
        for item_id in self.situation_ids:
            out[item_id] = (self.reflection_field(item_id).data or "", "")
        return out


def _text(label):
    return TextAreaField(
        label,
        filters=[lambda v: v.strip() if isinstance(v, str) else v],
        validators=[Optional(), Length(max=PORTFOLIO_TEXT_MAX)],
    )


def portfolio_form(competence_ids, situation_ids, application=None, formdata=True):
    """The portfolio step's form: per competence the tier asks a reflection and examples,
    per critical situation of the set in use a description; filled from the draft's
    entries on a GET (what was posted takes precedence)."""
    attrs: dict = {"competence_ids": tuple(competence_ids), "situation_ids": tuple(situation_ids)}
    for item_id in competence_ids:
        attrs[f"reflection-{item_id}"] = _text(_l("Your reflection on %(item)s", item=item_id))
        attrs[f"examples-{item_id}"] = _text(
            _l("Examples from your work for %(item)s", item=item_id)
        )
    for item_id in situation_ids:
        attrs[f"reflection-{item_id}"] = _text(
            _l("How you handled this situation (%(item)s)", item=item_id)
        )
    form_class = type("PortfolioStepForm", (PortfolioForm,), attrs)
    if not formdata:
        data = {"portfolio_summary": application.portfolio_summary if application else None}
        for entry in application.portfolio_entries if application else ():
            data[f"reflection-{entry.item_id}"] = entry.reflection
            if entry.item_id in competence_ids:
                data[f"examples-{entry.item_id}"] = entry.examples
        return form_class(data=data)
    return form_class()


class SubmitForm(FlaskForm):
    """The last step: accept the professional code (the version shown) and send."""

    accept_code = BooleanField(
        _l("I accept the professional code"),
        validators=[_required(_l("Accept the professional code to send your application."))],
    )
    code_version = HiddenField()


class AnswerForm(FlaskForm):
    """The applicant's answer to a request for more information."""

    text = TextAreaField(
        _l("Your answer"), validators=[_required(_l("Write your answer.")), Length(max=8000)]
    )
    file = FileField(_l("Attach a file (optional; PDF, PNG or JPEG)"))


class WithdrawForm(FlaskForm):
    """Confirmation before withdrawing an application."""

    confirm = BooleanField(
        _l("Yes, I want to withdraw my application"),
        validators=[_required(_l("Tick the box to confirm."))],
    )


class EligibilityForm(FlaskForm):
    """The short, anonymous eligibility check. Nothing is stored."""

    has_diploma = RadioField(
        _l("Do you have a diploma of a training programme for experts by experience?"),
        choices=[SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))],
        validators=[_required(_l("Choose yes or no."))],
    )
    programme_id = SelectField(_l("Which programme?"), coerce=int, validators=[Optional()])
    diploma_date = DateField(_l("Date of your diploma"), validators=[Optional()])
    hours_per_week = FloatField(
        _l("Hours per week you work as an expert by experience"),
        validators=[
            Optional(),
            NumberRange(
                min=0, max=MAX_HOURS_PER_WEEK, message=_l("Fill in a number of hours from 0 to 60.")
            ),
        ],
    )
    worked_since = DateField(_l("Since when?"), validators=[Optional()])
    paid = RadioField(
        _l("Paid or voluntary"),
        choices=[SelectChoice("paid", _l("Paid")), SelectChoice("voluntary", _l("Voluntary"))],
        validators=[Optional()],
    )
    intervision_sessions = IntegerField(
        _l("Intervision or supervision sessions in the last 12 months"),
        validators=[
            Optional(),
            NumberRange(min=0, max=200, message=_l("Fill in a number from 0 to 200.")),
        ],
    )

    def validate(self, extra_validators=None) -> bool:
        """The fields that depend on another answer are checked here, because an empty
        optional field stops its own validators."""
        ok = super().validate(extra_validators)
        if self.has_diploma.data == "yes":
            if not self.programme_id.data and not self.programme_id.errors:
                self.programme_id.errors.append(_l("Choose your training programme."))
            if self.diploma_date.data is None and not self.diploma_date.errors:
                self.diploma_date.errors.append(_l("Fill in the date of your diploma."))
        since = self.worked_since
        if since.data and since.data > dt.date.today():
            since.errors.append(_l("This date cannot be in the future."))
        if self.hours_per_week.data and since.data is None and not since.errors:
            since.errors.append(_l("Fill in since when you work as an expert by experience."))
        return ok and not any(f.errors for f in self)


class GrowthForm(FlaskForm):
    """An application for a higher tier: a reflection on each criterion of growth. The
    fields are added per criterion of the tiers policy (``growth_form``)."""

    #: set by ``growth_form``: the shortest reflection that counts
    min_characters = 0

    def validate(self, extra_validators=None) -> bool:
        """Saving for later keeps anything; going on asks for every reflection in full."""
        ok = super().validate(extra_validators)
        if request.form.get("action") == "later":
            return ok
        for field in self.reflection_fields():
            if len((field.data or "").strip()) < self.min_characters and not field.errors:
                field.errors.append(
                    _l(
                        "Write at least %(n)s characters about this criterion.",
                        n=self.min_characters,
                    )
                )
        return ok and not any(f.errors for f in self)

    def reflection_fields(self):
        return [f for f in self if f.name.startswith(REFLECTION_PREFIX)]


REFLECTION_PREFIX = "reflection_"


def growth_form(criteria, lang: str, min_characters: int, **kwargs) -> GrowthForm:
    """A ``GrowthForm`` with a text field per growth criterion (label: its name, hint: its
    question, both from the policy in ``lang``)."""

    class Form(GrowthForm):
        pass

    Form.min_characters = min_characters
    for criterion in criteria:
        setattr(
            Form,
            REFLECTION_PREFIX + criterion.id,
            TextAreaField(
                criterion.name.get(lang),
                description=criterion.question.get(lang),
                validators=[Optional(), Length(max=4000)],
            ),
        )
    return Form(**kwargs)
