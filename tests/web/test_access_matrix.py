"""Access control, walked over every route: each endpoint declares who may reach it, and
every role (and anonymous visitors) gets exactly the answer that declaration promises."""

from __future__ import annotations

import pytest

from register.access import AUTHENTICATED, PUBLIC, declared_access
from register.models.accounts import Role

ROLES = list(Role)


def _url_for_rule(rule) -> str:
    """A concrete URL for ``rule`` with arguments that match no record."""
    values = {}
    for arg in rule.arguments:
        converter = rule._converters.get(arg)
        name = type(converter).__name__ if converter else ""
        if "Any" in name:
            values[arg] = sorted(converter.items)[0]  # a valid choice, with an id of no record
        else:
            values[arg] = 999999 if "Integer" in name else "no-such-thing"
    url = rule.build(values, append_unknown=False)
    return url[1] if isinstance(url, tuple) else url


def _routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        method = "GET" if "GET" in rule.methods else "POST"
        yield rule, method, _url_for_rule(rule)


def test_every_endpoint_declares_its_access(app):
    undeclared = [
        r.endpoint for r in app.url_map.iter_rules() if declared_access(app, r.endpoint) is None
    ]
    assert undeclared == []


def test_anonymous_visitors(app, client):
    for rule, method, url in _routes(app):
        level = declared_access(app, rule.endpoint)
        response = client.open(url, method=method)
        if level == PUBLIC:
            assert response.status_code != 403, url
            assert "/login" not in response.headers.get("Location", ""), url
        elif url.startswith("/api/"):
            assert response.status_code == 401, url
        else:
            assert response.status_code == 302, (url, response.status_code)
            assert "/login" in response.headers["Location"], url


@pytest.mark.parametrize("role", ROLES, ids=[r.value for r in ROLES])
def test_each_role_reaches_exactly_what_it_is_allowed(app, client, make_user, login, role):
    user = make_user(role=role)
    login(user)
    for rule, method, url in _routes(app):
        if rule.endpoint in {"accounts.logout"}:
            continue  # would end the session for the rest of the walk
        level = declared_access(app, rule.endpoint)
        response = client.open(url, method=method)
        allowed = level in (PUBLIC, AUTHENTICATED) or user.has_role(*level)
        if allowed:
            assert response.status_code != 403, (role, url)
            assert response.status_code < 500, (role, url, response.status_code)
        else:
            assert response.status_code == 403, (role, url, response.status_code)


def test_staff_views_of_an_application_are_audited(app, db, client, make_user, login):
    from sqlalchemy import select

    from register.models.applications import Application, Route
    from register.models.audit import AuditEvent
    from register.models.base import utcnow

    applicant = make_user()
    application = Application(
        applicant_id=applicant.id,
        tier=1,
        route=Route.DIPLOMA,
        state="submitted",
        submitted_at=utcnow(),
    )
    db.session.add(application)
    db.session.commit()
    registrar = make_user(role=Role.REGISTRAR)
    login(registrar)
    assert client.get(f"/review/applications/{application.id}").status_code == 200
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "application.viewed")
    ).all()
    assert [(e.actor_id, e.subject_id) for e in events] == [(registrar.id, application.id)]


#: The intended access of every endpoint, reviewed by hand. A new endpoint fails
#: ``test_declarations_match_the_reviewed_matrix`` until it is added here on purpose.
EXPECTED_ACCESS = {
    PUBLIC: {
        "accounts.confirm",
        "accounts.forgot_password",
        "accounts.login",
        "accounts.logout",
        "accounts.resend_confirmation",
        "accounts.reset_password",
        "accounts.signup",
        "accreditation.signup",
        "complaints.new",
        "complaints.received",
        "api.openapi",
        "api.programme",
        "api.programmes",
        "api.registration",
        "api.registrations",
        "api.verifications",
        "api.verify_credential_api",
        # the watch list's API: public at the gate, answered only with an organisation's key
        # (401 without one; tests/web/test_organisation_api.py)
        "api.unwatch",
        "api.watch",
        "api.watchlist",
        "api_docs.docs",
        "apply.eligibility",
        "credentials.achievement",
        "credentials.jwks",
        "credentials.status_list",
        "credentials.verify",
        "fhir.code_system",
        "fhir.metadata",
        "fhir.organization",
        "fhir.organizations",
        "fhir.practitioner",
        "fhir.practitioners",
        "data_rights.accessibility",
        "data_rights.privacy",
        "lookup.bulk_download",
        "lookup.bulk_form",
        "lookup.bulk_upload",
        "lookup.registration",
        "lookup.search",
        "main.contact",
        "main.health",
        "main.home",
        "main.live",
        "main.professional_code",
        "main.set_language",
        "main.tier",
        "main.tiers",
        "organisations.join",
        "organisations.signup",
        "programmes.detail",
        "programmes.index",
        "references.respond",
        "renewal.confirm",
    },
    AUTHENTICATED: {
        "accounts.account",
        "accounts.change_password",
        "accounts.end_other_sessions",
        "accounts.end_session",
        "accounts.enrol_second_factor",
        "accounts.renew_recovery_codes",
        "accounts.restart_enrolment",
        "accounts.second_factor",
        "accounts.turn_off_second_factor",
        "accounts.update_profile",
        "data_rights.delete_account",
        "data_rights.download_my_data",
        "data_rights.my_data",
        "files.download",
        "objections.letter",
    },
    frozenset({Role.APPLICANT}): {
        "apply.answer",
        "apply.dashboard",
        "apply.evidence_remove",
        "apply.experience",
        "apply.experience_new",
        "apply.experience_remove",
        "apply.reference",
        "apply.reference_new",
        "apply.reference_remove",
        "apply.start",
        "apply.start_tier_change",
        "apply.status",
        "apply.step",
        "apply.submit",
        "apply.withdraw",
        "certificates.download",
        "certificates.index",
        "complaints.answer",
        "complaints.my_requests",
        "credentials.download",
        "credentials.mine",
        "name_changes.request_change",
        "name_changes.withdraw",
        "registrations.mine",
        "registrations.work_region",
        "renewal.confirmation_resend",
        "renewal.confirmer_replace",
        "renewal.development_new",
        "renewal.entry_remove",
        "renewal.log",
        "renewal.practice_new",
        "renewal.proof",
        "renewal.renewal",
        "renewal.send_proof",
        "renewal.withdraw",
    },
    frozenset({Role.APPLICANT, Role.PROVIDER}): {"objections.mine", "objections.my_decision"},
    frozenset({Role.PROVIDER}): {
        "accreditation.answer_question",
        "accreditation.condition_answer",
        "accreditation.edit_answer",
        "accreditation.edit_placement",
        "accreditation.new_placement",
        "accreditation.new_programme",
        "accreditation.placements",
        "accreditation.provider_home",
        "accreditation.remove_placement",
        "accreditation.request_detail",
        "accreditation.start_request",
        "accreditation.submit",
        "accreditation.withdraw",
    },
    frozenset({Role.EMPLOYER}): {
        "organisations.alerts_page",
        "organisations.home",
        "organisations.keys",
        "organisations.new_secret",
        "organisations.revoke_key",
        "organisations.unwatch",
        "organisations.watch_list",
        "organisations.watch_upload",
    },
    frozenset({Role.ASSESSOR}): {
        "accreditation_panel.add_affiliation",
        "accreditation_panel.ask",
        "accreditation_panel.declare",
        "accreditation_panel.findings",
        "accreditation_panel.home",
        "accreditation_panel.request",
        "accreditation_panel.scores",
        "assessment.add_training",
        "assessment.comparison",
        "assessment.dashboard",
        "assessment.declare",
        "assessment.lived_experience",
        "assessment.profile",
        "assessment.remove_training",
        "assessment.score",
    },
    frozenset({Role.REGISTRAR}): {
        "accreditation_review.accreditation",
        "accreditation_review.condition_met",
        "accreditation_review.conditions",
        "accreditation_review.decision",
        "accreditation_review.findings",
        "accreditation_review.form_panel",
        "accreditation_review.queue",
        "accreditation_review.request",
        "accreditation_review.return_answer",
        "assessment.assign",
        "assessment.compare",
        "name_changes.correct",
        "name_changes.decide",
        "name_changes.queue",
        "objections.detail",
        "objections.queue",
        "complaints.case",
        "complaints.queue",
        "organisations.block",
        "organisations.staff_detail",
        "organisations.staff_index",
        "organisations.unblock",
        "decisions.policy_history",
        "decisions.policy_version",
        "four_eyes.confirm",
        "four_eyes.proposal",
        "four_eyes.queue",
        "four_eyes.reject",
        "four_eyes.withdraw",
        "programmes_admin.add_accreditation",
        "programmes_admin.detail",
        "programmes_admin.index",
        "programmes_admin.new",
        "references.replace",
        "references.resend",
        "registrations.detail",
        "registrations.index",
        "registrations.reinstate",
        "registrations.strike_off",
        "registrations.suspend",
        "renewal.decide",
        "renewal.lapsing",
        "renewal.queue",
        "renewal.review",
        "review.application",
        "review.approve",
        "review.queue",
        "review.record_identity",
        "review.refuse",
        "review.request_info",
        "review.save",
        "review.start_review",
    },
    frozenset({Role.REGISTRAR, Role.ADMIN}): {
        "audit_log.export",
        "audit_log.index",
    },
    frozenset({Role.ADMIN}): {
        "admin.account",
        "admin.accounts",
        "admin.block",
        "admin.reset_second_factor",
        "admin.unblock",
        "data_rights.access_request",
    },
}


def test_declarations_match_the_reviewed_matrix(app):
    actual = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint != "static":
            actual.setdefault(declared_access(app, rule.endpoint), set()).add(rule.endpoint)
    assert actual == EXPECTED_ACCESS
