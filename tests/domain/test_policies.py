"""Policy loading: the real files load; every kind of mistake stops start-up with the file,
the key and the reason."""

import shutil
from pathlib import Path

import pytest
import yaml

from register.policy.loader import PolicyError, load_policies

POLICY_DIR = Path(__file__).resolve().parents[2] / "policies"


@pytest.fixture
def policy_dir(tmp_path):
    target = tmp_path / "policies"
    shutil.copytree(POLICY_DIR, target)
    return target


def edit(path: Path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_real_policies_load_with_versions():
    policies = load_policies(POLICY_DIR)
    assert set(policies.versions) == {
        "tiers",
        "registration",
        "transitional_route",
        "framework",
        "accreditation",
        "decisions",
        "objections",
        "professional_code",
        "renewal",
        "retention",
        "measures",
        "organisations",
    }
    assert all(policies.versions.values())


def test_the_professional_code_is_a_marked_placeholder_until_the_board_sets_it():
    code = load_policies(POLICY_DIR).professional_code
    assert code.placeholder is True and code.version.startswith("placeholder")
    assert code.mentioned_in.source == "001"
    assert "geen beroepscode" in code.sections[0].paragraphs[0].nl


def test_tier_one_works_under_direction_grounded_on_the_curriculum():
    tiers = load_policies(POLICY_DIR).tiers
    direction = tiers.get(1).direction
    assert direction.min_level == 5
    assert [q.location for q in direction.grounds] == ["l.1111–1112", "l.1177–1178"]
    assert tiers.get(2).direction is None and tiers.get(3).direction is None


def test_tier_pages_have_their_source_texts():
    tiers = load_policies(POLICY_DIR).tiers
    for tier in tiers.tiers:
        assert tier.core_task_focus.source == "001" and tier.embedding.location.startswith("l.")
        assert [t.level for t in tiers.training_levels_of(tier)] == list(tier.nlqf_levels)
    assert tiers.get(3).supervision is None  # the curriculum says nothing on it for tier 3
    marks = [mark for _task, mark in tiers.european_tasks(tiers.get(1))]
    assert len(marks) == 10 and set(marks) <= {"+", "++", "+++"}
    assert len(tiers.european_tasks(tiers.get(3))) == 14


def test_tiers_follow_the_curriculum():
    tiers = load_policies(POLICY_DIR).tiers
    assert [t.nlqf_levels for t in tiers.tiers] == [(2, 3), (4, 5), (6, 7)]
    assert [t.bcp_level for t in tiers.tiers] == ["B", "C", "D"]
    assert [t.entry_training_levels for t in tiers.tiers] == [(2, 3, 4), (4, 5, 6), (5, 6, 7)]
    assert [t.code for t in tiers.tiers_for_training_level(5)] == [2, 3]
    assert [t.code for t in tiers.tiers_for_training_level(2)] == [1]


def test_policies_are_frozen():
    policies = load_policies(POLICY_DIR)
    with pytest.raises(Exception):  # noqa: B017 - pydantic raises ValidationError
        policies.registration.validity_years = 1


def test_missing_file_names_the_file(policy_dir):
    (policy_dir / "tiers.yaml").unlink()
    with pytest.raises(PolicyError) as err:
        load_policies(policy_dir)
    assert err.value.file == "tiers.yaml"
    assert "not found" in err.value.reason


def test_malformed_yaml_names_the_line(policy_dir):
    (policy_dir / "registration.yaml").write_text("version: '1'\nnumber: [unclosed\n")
    with pytest.raises(PolicyError) as err:
        load_policies(policy_dir)
    assert err.value.file == "registration.yaml"
    assert err.value.key.startswith("line ")
    assert "YAML" in err.value.reason


def test_not_a_mapping(policy_dir):
    (policy_dir / "accreditation.yaml").write_text("- just\n- a list\n")
    with pytest.raises(PolicyError, match="accreditation.yaml"):
        load_policies(policy_dir)


@pytest.mark.parametrize(
    ("filename", "change", "key", "reason"),
    [
        (
            "registration.yaml",
            lambda d: d.pop("validity_years"),
            "validity_years",
            "Field required",
        ),
        (
            "registration.yaml",
            lambda d: d.update(validity_years="five"),
            "validity_years",
            "integer",
        ),
        (
            "registration.yaml",
            lambda d: d["number"].update(check_digit="luhn"),
            "number.check_digit",
            "pattern",
        ),
        (
            "registration.yaml",
            lambda d: d["statuses"].pop("lapsed"),
            "(top level)",
            "statuses must be exactly",
        ),
        ("registration.yaml", lambda d: d.update(colour="blue"), "colour", "Extra inputs"),
        (
            "registration.yaml",
            lambda d: d["tier_change"].pop("validity_restarts"),
            "tier_change.validity_restarts",
            "Field required",
        ),
        (
            "registration.yaml",
            lambda d: d["tier_change"].update(reflection_min_characters=0),
            "tier_change.reflection_min_characters",
            "greater than or equal",
        ),
        (
            "registration.yaml",
            lambda d: d["name_correction"].update(max_edits=40),
            "name_correction.max_edits",
            "less than or equal",
        ),
        (
            "tiers.yaml",
            lambda d: d["growth_criteria"].append(dict(d["growth_criteria"][0])),
            "(top level)",
            "growth_criteria ids must be distinct",
        ),
        (
            "tiers.yaml",
            lambda d: d["growth_criteria"][1]["question"].update(nl=""),
            "growth_criteria.1.question.nl",
            "must not be empty",
        ),
        (
            "tiers.yaml",
            lambda d: d["tiers"][0].update(entry_training_levels=[1, 2]),
            "tiers.0",
            "outside 2-7",
        ),
        ("tiers.yaml", lambda d: d["tiers"].pop(), "(top level)", "exactly 1, 2 and 3"),
        (
            "tiers.yaml",
            lambda d: d["tiers"][1]["name"].update(en=" "),
            "tiers.1.name.en",
            "must not be empty",
        ),
        (
            "tiers.yaml",
            lambda d: d["tiers"][0]["direction"].update(grounds=[]),
            "tiers.0.direction",
            "needs the source text",
        ),
        (
            "tiers.yaml",
            lambda d: d["european_profile"]["tasks"][0].update(marks=["+", "++", "x"]),
            "european_profile.tasks.0",
            "a mark is",
        ),
        (
            "professional-code.yaml",
            lambda d: d.update(sections=[]),
            "(top level)",
            "at least one section",
        ),
        ("tiers.yaml", lambda d: d.update(version=""), "version", "must not be empty"),
        (
            "transitional-route.yaml",
            lambda d: d["tiers"][2].update(min_hours=-5),
            "tiers.2.min_hours",
            "greater than or equal",
        ),
        (
            "transitional-route.yaml",
            lambda d: d["tiers"][1].update(portfolio_competences=["C9"]),
            "tiers.1.portfolio_competences",
            "unknown competences ['C9']",
        ),
        (
            "transitional-route.yaml",
            lambda d: d["portfolio"]["anchors"][0].update(competence="C8"),
            "portfolio.anchors.0.competence",
            "unknown competence 'C8'",
        ),
        (
            "transitional-route.yaml",
            lambda d: d["portfolio"].update(critical_situations_required=6),
            "portfolio.critical_situations_required",
            "has only 5 situations",
        ),
        (
            "transitional-route.yaml",
            lambda d: d["assessors"].update(min_lived_experience_assessors=3),
            "(top level)",
            "exceeds assessors_required",
        ),
        (
            "transitional-route.yaml",
            lambda d: d["portfolio"]["anchors"][1].update(undesired=[]),
            "portfolio.anchors.1",
            "give desired and undesired",
        ),
        (
            "transitional-route.yaml",
            lambda d: d["tiers"][3].update(references_from_supervisor_or_employer=9),
            "tiers.3",
            "exceeds",
        ),
        ("transitional-route.yaml", lambda d: d.update(open_until="someday"), "open_until", "date"),
        (
            "accreditation.yaml",
            lambda d: d["panel"].update(min_lived_experience_assessors=5),
            "panel",
            "exceeds",
        ),
        (
            "organisations.yaml",
            lambda d: d.update(webhook_max_attempts=0),
            "webhook_max_attempts",
            "greater than or equal to 1",
        ),
        (
            "renewal.yaml",
            lambda d: d["development"].pop("supervision"),
            "(top level)",
            "development must include supervision",
        ),
        (
            "renewal.yaml",
            lambda d: d["development"]["training"].update(unit="credits"),
            "development.training.unit",
            "hours",
        ),
        (
            "renewal.yaml",
            lambda d: d.update(draw_share=1.5),
            "draw_share",
            "less than or equal",
        ),
        (
            "renewal.yaml",
            lambda d: d["reminders"].append(
                {"days_before": 400, "name": {"nl": "Vroeg", "en": "Early"}}
            ),
            "(top level)",
            "before the renewal window opens",
        ),
        (
            "renewal.yaml",
            lambda d: d["reminders"].append(
                {"days_before": 42, "name": {"nl": "Nog eens", "en": "Again"}}
            ),
            "(top level)",
            "two reminders on the same day",
        ),
        (
            "renewal.yaml",
            lambda d: d["grace"].update(applies_to="some"),
            "grace.applies_to",
            "renewal_started",
        ),
        (
            "renewal.yaml",
            lambda d: d["practice_hours"].update({2: -1}),
            "practice_hours",
            "must not be negative",
        ),
        (
            "renewal.yaml",
            lambda d: d["practice_hours"].pop(3),
            "practice_hours",
            "exactly the tiers",
        ),
        (
            "renewal.yaml",
            lambda d: d.pop("renewed_period_starts"),
            "renewed_period_starts",
            "Field required",
        ),
        (
            "registration.yaml",
            lambda d: d["statuses"].pop("grace"),
            "(top level)",
            "statuses must be exactly",
        ),
    ],
)
def test_invalid_values_name_file_key_and_reason(policy_dir, filename, change, key, reason):
    edit(policy_dir / filename, change)
    with pytest.raises(PolicyError) as err:
        load_policies(policy_dir)
    assert err.value.file == filename
    assert err.value.key == key
    assert reason in err.value.reason
    assert str(err.value).startswith(f"{filename}: {key}: ")


def test_app_refuses_to_start_with_a_bad_policy(policy_dir):
    from register import create_app

    edit(policy_dir / "tiers.yaml", lambda d: d.pop("tiers"))
    with pytest.raises(PolicyError, match="tiers.yaml: tiers: Field required"):
        create_app(
            {"POLICY_DIR": str(policy_dir), "TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"}
        )


def test_policies_check_command(runner):
    result = runner.invoke(args=["policies", "check"])
    assert result.exit_code == 0
    assert "tiers: 2026.2" in result.output


def test_renewal_policy_dates_and_order():
    import datetime as dt

    renewal = load_policies(POLICY_DIR).renewal
    assert [m.days_before for m in renewal.reminders] == sorted(
        (m.days_before for m in renewal.reminders), reverse=True
    )
    end = dt.date(2030, 6, 30)
    assert renewal.window_opens_on(end) == end - dt.timedelta(days=renewal.window_days)
    assert renewal.grace_ends_on(end) == end + dt.timedelta(days=renewal.grace.days)
    assert renewal.restore_until(end) == end + dt.timedelta(days=renewal.restore_within_days)
    assert renewal.reminder(renewal.reminders[0].days_before) is renewal.reminders[0]
    assert renewal.reminder(9999) is None
    assert set(renewal.development) >= {"training", "intervision", "supervision", "reflection"}


def test_retention_covers_every_kind_with_a_legal_basis():
    from register.policy.retention import DataKind

    retention = load_policies(POLICY_DIR).retention
    assert set(retention.kinds) == set(DataKind)
    assert retention.kinds[DataKind.LIVED_EXPERIENCE_EVIDENCE].deleted_by_job
    assert all(p.legal_basis.nl and p.legal_basis.en for p in retention.kinds.values())


def test_retention_missing_kind_is_named(policy_dir):
    edit(policy_dir / "retention.yaml", lambda d: d["kinds"].pop("references"))
    with pytest.raises(PolicyError) as err:
        load_policies(policy_dir)
    assert err.value.file == "retention.yaml"
    assert "references" in err.value.reason


def test_retention_never_deleted_data_is_not_deleted_by_the_job(policy_dir):
    edit(
        policy_dir / "retention.yaml", lambda d: d["kinds"]["decisions"].update(deleted_by_job=True)
    )
    with pytest.raises(PolicyError, match="never deleted"):
        load_policies(policy_dir)
