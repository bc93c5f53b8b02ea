"""The rules for assessing practice learning (001 §6.2, PRL-R1-8) are criteria of the
self-evaluation and of the panel's scoring at every level (issue 11): a request cannot be
submitted, scored, found or decided positively while they are open, whatever the decision
rule's limits say."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from register.accreditation import panel_services, provider_services
from register.accreditation.common import criterion_ids
from register.domain.accreditation import Outcome, Score, propose_decision
from register.errors import ActionRefused
from register.models.accreditation import PanelFinding
from register.policy import current_policies
from tests.accreditation_support import (
    TODAY,
    make_programme,
    make_provider,
    score_all,
    under_review,
)

RULES = [f"PRL-R{n}" for n in range(1, 9)]


@pytest.fixture(autouse=True)
def _request_context(app):
    """Refusal texts are rendered in the language of a request."""
    with app.test_request_context(), force_locale("en"):
        yield


@pytest.mark.parametrize("level", [2, 3, 4, 5, 6, 7])
def test_every_level_is_assessed_on_prl_r1_to_r8(db, make_user, level):
    provider, user = make_provider(make_user, kvk=f"1234567{level}")
    request = provider_services.start_request(make_programme(provider, user, level), user, TODAY)
    ids = criterion_ids(request)
    assert [cid for cid in ids if cid.startswith("PRL-R")] == RULES


def test_the_self_evaluation_cannot_be_submitted_with_the_rules_unanswered(db, make_user):
    provider, user = make_provider(make_user)
    request = provider_services.start_request(make_programme(provider, user), user, TODAY)
    for cid in criterion_ids(request):
        if cid not in RULES:
            provider_services.save_answer(request, user, cid, "Zo", "Module 1", "Portfolio")
    with pytest.raises(ActionRefused) as refused:
        provider_services.submit_request(request, user)
    total = len(criterion_ids(request))
    assert f"{total - 8} " in str(refused.value.message)  # answered: all but the eight


def test_scores_cannot_be_submitted_with_the_rules_unscored(db, make_user):
    request, _p, _r, a1, _a2 = under_review(make_user)
    member = next(m for m in request.panel if m.assessor_id == a1.id)
    grid = {cid: (Score.MET, "") for cid in criterion_ids(request) if cid not in RULES}
    problems = panel_services.save_scores(member, grid, submit=True)
    assert set(problems) == set(RULES)
    assert member.submitted_at is None


def test_findings_need_the_rules_too(db, make_user):
    request, _p, registrar, *_ = under_review(make_user)
    for member in request.panel:
        score_all(member)
    findings = {cid: (Score.MET, "") for cid in criterion_ids(request) if cid not in RULES}
    with pytest.raises(ActionRefused):
        panel_services.record_findings(request, registrar, findings, Outcome.ACCREDITED, "")
    assert not db.session.query(PanelFinding).count()


@pytest.mark.parametrize("limit", [0, 8, 1000])
def test_no_positive_proposal_while_a_rule_is_unscored_whatever_the_limits(limit):
    from register.domain.framework import criteria_for_level

    policies = current_policies()
    ids = [c.id for c in criteria_for_level(policies.framework, 4)]
    rule = policies.accreditation.decision.model_copy(
        update={"max_partly_met_for_conditions": limit, "max_not_met_for_conditions": limit}
    )
    findings = {cid: Score.MET for cid in ids if cid != "PRL-R5"}
    trace = propose_decision(rule, ids, findings)
    assert trace.proposal is Outcome.INCOMPLETE
    assert trace.result("decision.findings_complete").facts["missing"].value == ("PRL-R5",)
