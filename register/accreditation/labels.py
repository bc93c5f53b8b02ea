"""Translated names for the accreditation states, scores and programme attributes, used by
templates (the ``acc_label`` filter) and e-mails."""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l

from register.domain.accreditation import Outcome, RequestState, Score
from register.models.accreditation import ConditionStatus
from register.models.programmes import AccreditationStatus, ProgrammeContext, StudyMode

_ALL: tuple[tuple[enum.Enum, object], ...] = (
    (RequestState.DRAFT, _l("Draft")),
    (RequestState.SUBMITTED, _l("Submitted, waiting for a panel")),
    (RequestState.UNDER_REVIEW, _l("Under review by the panel")),
    (RequestState.FINDINGS_AGREED, _l("Findings agreed, waiting for the decision")),
    (RequestState.ACCREDITED, _l("Accredited")),
    (RequestState.CONDITIONAL, _l("Accredited with conditions")),
    (RequestState.REFUSED, _l("Refused")),
    (RequestState.WITHDRAWN, _l("Withdrawn")),
    (Score.MET, _l("Met")),
    (Score.PARTLY_MET, _l("Partly met")),
    (Score.NOT_MET, _l("Not met")),
    (Outcome.ACCREDITED, _l("Accredited")),
    (Outcome.CONDITIONAL, _l("Accredited with conditions")),
    (Outcome.REFUSED, _l("Refused")),
    (Outcome.INCOMPLETE, _l("Incomplete: not every criterion has a finding")),
    (AccreditationStatus.ACTIVE, _l("Accredited")),
    (AccreditationStatus.CONDITIONAL, _l("Accredited with conditions")),
    (AccreditationStatus.SUSPENDED, _l("Suspended")),
    (AccreditationStatus.WITHDRAWN, _l("Withdrawn")),
    (AccreditationStatus.LAPSED, _l("Lapsed")),
    (ConditionStatus.OPEN, _l("Open")),
    (ConditionStatus.MET, _l("Met")),
    (ConditionStatus.OVERDUE, _l("Overdue")),
    (ProgrammeContext.STANDALONE, _l("Standalone programme for experts by experience")),
    (ProgrammeContext.EMBEDDED, _l("Expertise by experience within another programme")),
    (StudyMode.FULL_TIME, _l("Full-time")),
    (StudyMode.PART_TIME, _l("Part-time")),
    (StudyMode.DUAL, _l("Dual (work and study)")),
    (StudyMode.COURSE, _l("Course")),
)

#: enum member → translated name (members of different enums may share a value, so the
#: lookup is by (type, value))
LABELS = {(type(k), k.value): v for k, v in _ALL}


def label(value) -> str:
    """The translated name of an enum value (its raw value when none is defined)."""
    if value is None:
        return ""
    if isinstance(value, str) and not isinstance(value, enum.Enum):
        value = Outcome(value) if value in Outcome._value2member_map_ else value
    text = LABELS.get((type(value), getattr(value, "value", value)))
    return str(text) if text is not None else str(getattr(value, "value", value))
