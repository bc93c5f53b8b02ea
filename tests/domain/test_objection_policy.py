"""The objections policy (policies/objections.yaml): the Awb defaults load, and every kind
of mistake stops start-up with the file, the key and the reason."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from register.domain.decisions import DecisionKind
from register.policy.loader import PolicyError, load_policies

POLICY_DIR = Path(__file__).resolve().parents[2] / "policies"


@pytest.fixture
def policy_dir(tmp_path):
    target = tmp_path / "policies"
    shutil.copytree(POLICY_DIR, target)
    return target


def _edit(directory: Path, change) -> None:
    path = directory / "objections.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_the_defaults_follow_the_awb():
    policy = load_policies(POLICY_DIR).objections
    assert (policy.objection_period_weeks, policy.decision_period_weeks) == (6, 6)
    assert policy.extension_weeks == 6 and policy.hearing_offered and policy.roll_over
    assert policy.decision_period_starts == "after_objection_period"
    assert DecisionKind.OBJECTION in policy.not_objectionable_kinds
    assert policy.favourable_outcomes[DecisionKind.APPLICATION] == ("approved",)
    assert policy.further_remedy.get("en") and policy.further_remedy.get("nl")


@pytest.mark.parametrize(
    ("change", "key", "reason"),
    [
        (lambda d: d.pop("objection_period_weeks"), "objection_period_weeks", "Field required"),
        (lambda d: d.update(extension_weeks=0), "extension_weeks", "greater than or equal"),
        (lambda d: d.update(decision_period_starts="someday"), "decision_period_starts", "Input"),
        (lambda d: d.update(not_objectionable_kinds=[]), "not_objectionable_kinds", "Awb 7:1"),
        (
            lambda d: d["favourable_outcomes"].update(holiday=["approved"]),
            "favourable_outcomes.holiday.[key]",
            "Input should be",
        ),
        (
            lambda d: d["favourable_outcomes"].update(objection=["dismissed"]),
            "(top level)",
            "never objectionable: objection",
        ),
        (lambda d: d["further_remedy"].update(nl=" "), "further_remedy.nl", "must not be empty"),
        (lambda d: d.update(appeal_weeks=6), "appeal_weeks", "Extra inputs"),
    ],
)
def test_mistakes_name_file_key_and_reason(policy_dir, change, key, reason):
    _edit(policy_dir, change)
    with pytest.raises(PolicyError) as err:
        load_policies(policy_dir)
    assert err.value.file == "objections.yaml"
    assert err.value.key == key
    assert reason in err.value.reason
