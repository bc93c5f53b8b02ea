"""The decision letter (besluitbrief): the decision, its grounds, the rules and policy
versions it was made under (from the stored trace and versions, never recomputed) and the
objection clause, in Dutch or English.

``letter_content(decision, language)`` builds the text from the stored decision and its
notice, so every download says the same; the decision's page shows the same sections.
``letter_pdf(content)`` lays it out with fpdf2, which is imported only when a letter is
made (as for the certificate).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from flask_babel import force_locale, format_date
from flask_babel import gettext as _

from register.domain.decisions import DecisionKind, DecisionOutcome
from register.domain.trace import Trace
from register.extensions import db
from register.i18n import current_language
from register.labels import label, policy_name, tier_name
from register.links import absolute_url
from register.models.accounts import User
from register.models.decisions import Decision
from register.objections.notices import local_date, window
from register.objections.services import objection_for, subject_of
from register.pdf_text import FONT_DIR, PdfText
from register.policy import current_policies
from register.rule_display import describe


def outcome_label(outcome: str) -> str:
    """An outcome in words (one the register's decisions record), or as stored."""
    try:
        return label(DecisionOutcome(outcome))
    except ValueError:
        return outcome.replace("_", " ")


@dataclass(frozen=True)
class Section:
    """A heading and its paragraphs."""

    heading: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class LetterContent:
    """Everything a decision letter says, in one language."""

    language: str
    title: str
    addressee: str
    reference: str
    sent_on: str
    sections: tuple[Section, ...]
    decided_at: dt.datetime | None = field(default=None, compare=False)


def _subject_line(decision: Decision) -> str:
    subject = subject_of(decision)
    kind = decision.subject_type
    if subject is None:
        return label(decision.kind)
    if kind == "Application":
        return _("Your application for registration in %(tier)s.", tier=tier_name(subject.tier))
    if kind == "Registration":
        return _("Your registration %(number)s.", number=subject.number)
    if kind == "AccreditationRequest":
        return _("The accreditation request for %(programme)s.", programme=subject.programme.name)
    if kind == "Accreditation":
        return _("The accreditation of %(programme)s.", programme=subject.programme.name)
    if kind == "Objection":
        return _(
            "The objection of %(date)s against the decision of %(decided)s (reference %(ref)s).",
            date=format_date(subject.received_on, "long"),
            decided=format_date(local_date(subject.decision.decided_at), "long"),
            ref=subject.decision_id,
        )
    return label(decision.kind)


def _addressee(decision: Decision, fallback: User | None) -> str:
    if decision.person_id is not None:
        person = db.session.get(User, decision.person_id)
        return person.full_name if person else ""
    subject = subject_of(decision)
    if decision.subject_type == "Objection" and subject is not None:
        subject = subject_of(subject.decision)
    programme = getattr(subject, "programme", subject)
    provider = getattr(programme, "provider", None)
    return provider.name if provider is not None else (fallback.full_name if fallback else "")


def _rule_lines(decision: Decision) -> tuple[str, ...]:
    if not decision.trace:
        return (
            _(
                "This decision was taken by the registrar on the grounds above; no automatic "
                "check of rules applies to it."
            ),
        )
    lines = []
    for result in Trace.from_json(decision.trace).results:
        line = describe(result)
        lines.append(f"{line.outcome_label} — {line.title}. {line.detail}".strip())
    if decision.departs_from_proposal:
        lines.append(
            _("The registrar departed from what the rules proposed, for the grounds above.")
        )
    return tuple(lines)


def _policy_lines(decision: Decision) -> tuple[str, ...]:
    versions = decision.policy_versions or {}
    return tuple(
        _("%(policy)s: version %(version)s", policy=policy_name(name), version=version)
        for name, version in sorted(versions.items())
    )


def _decision_lines(decision: Decision) -> tuple[str, ...]:
    lines = [
        _subject_line(decision),
        _("Decision: %(outcome)s.", outcome=outcome_label(decision.outcome)),
        _("Decided on %(date)s.", date=format_date(local_date(decision.decided_at), "long")),
    ]
    if decision.confirmed_by_id is not None:
        lines.append(_("A second registrar confirmed this decision (four eyes)."))
    if decision.replaces is not None:
        lines.append(
            _(
                "This decision replaces the decision of %(date)s (reference %(ref)s), after "
                "an objection against it was upheld.",
                date=format_date(local_date(decision.replaces.decided_at), "long"),
                ref=decision.replaces_id,
            )
        )
    return tuple(lines)


def _clause(decision: Decision) -> Section:
    period = window(decision)
    heading = _("Objection")
    if period.objectionable:
        objection = objection_for(decision)
        lines = [
            _(
                "If you do not agree with this decision, you can object to it until "
                "%(date)s (the objection period starts on the day after the decision was "
                "sent, %(sent)s).",
                date=format_date(period.objection_until, "long"),
                sent=format_date(period.sent_on, "long"),
            ),
            _(
                "Object online on the decision's page in the portal: give your reasons, attach "
                "files if you wish, and say whether you want to explain your objection in a "
                "hearing. A registrar who did not take this decision will decide on your "
                "objection."
            ),
            absolute_url("objections.my_decision", decision_id=decision.id),
        ]
        if objection is not None:
            lines.append(
                _(
                    "An objection against this decision was received on %(date)s.",
                    date=format_date(objection.received_on, "long"),
                )
            )
        return Section(heading, tuple(lines))
    if decision.kind is DecisionKind.OBJECTION or decision.replaces_id is not None:
        remedy = current_policies().objections.further_remedy
        return Section(heading, (remedy.get(current_language()),))
    return Section(
        heading,
        (
            _(
                "This decision grants what was asked for, so it carries no objection clause. "
                "If you have a question about it, contact the register."
            ),
        ),
    )


def letter_content(decision: Decision, language: str, viewer: User | None = None) -> LetterContent:
    """The letter of ``decision`` in ``language`` ("nl" or "en"), from what was stored."""
    with force_locale(language):
        grounds = decision.grounds or _("No further grounds were written down.")
        sections = (
            Section(_("The decision"), _decision_lines(decision)),
            Section(_("Grounds"), tuple(p.strip() for p in grounds.split("\n\n") if p.strip())),
            Section(_("The rules applied"), _rule_lines(decision)),
            Section(_("Policy versions it was made under"), _policy_lines(decision)),
            _clause(decision),
        )
        return LetterContent(
            language=language,
            title=label(decision.kind),
            addressee=_addressee(decision, viewer),
            reference=_("Reference: decision %(ref)s", ref=decision.id),
            sent_on=_("Date: %(date)s", date=format_date(window(decision).sent_on, "long")),
            sections=sections,
            decided_at=decision.decided_at,
        )


class _Writer(PdfText):
    """The letter's text, a paragraph at a time."""

    def write(self, value: str, size: float, style: str = "", height: float = 5.5) -> None:
        from fpdf.enums import XPos, YPos

        self.pdf.set_font(self.family, style, size)
        self.pdf.multi_cell(0, height, self.text(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def letter_pdf(content: LetterContent, font_dir: Path = FONT_DIR) -> bytes:
    """The letter as PDF bytes; the same content gives the same bytes (the creation date is
    the decision's)."""
    # fpdf2 (with PIL and fontTools) weighs about 23 MB: loaded by the first letter only.
    from fpdf import FPDF

    pdf = FPDF(orientation="P", unit="mm", format="A4")
    if content.decided_at is not None:
        pdf.set_creation_date(content.decided_at)
    pdf.set_lang(content.language)
    pdf.set_margins(22, 20, 22)
    pdf.set_auto_page_break(auto=True, margin=20)
    writer = _Writer(pdf, font_dir)
    with force_locale(content.language):
        register_name = _("Register of Experts by Experience")
    pdf.set_title(f"{content.title} — {content.reference}")
    pdf.set_author(register_name)
    pdf.add_page()
    writer.write(register_name, 11, "B")
    pdf.ln(6)
    writer.write(content.addressee, 11)
    writer.write(content.sent_on, 10)
    writer.write(content.reference, 10)
    pdf.ln(6)
    writer.write(content.title, 16, "B", 8)
    for section in content.sections:
        pdf.ln(4)
        writer.write(section.heading, 12, "B", 7)
        for paragraph in section.paragraphs:
            writer.write(paragraph, 10)
            pdf.ln(1.5)
    return bytes(pdf.output())
