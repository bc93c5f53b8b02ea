"""Every policy version the register has run under is kept (register.policy.history): written
the first time it is loaded, idempotently and safely when two processes do it at once; a file
whose content changed while its version did not is refused at start-up; the command line
lists the history and prints a kept version; every decision keeps the versions it was made
under."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select

from config import TestingConfig
from register import create_app
from register.decisions import record_decision
from register.domain.decisions import DecisionKind
from register.models.accounts import Role
from register.models.base import Base
from register.models.policies import PolicyVersion
from register.policy import history
from register.policy.loader import POLICY_FILES, PolicyError, load_policies

POLICY_DIR = Path(__file__).resolve().parents[2] / "policies"


def _count(db) -> int:
    return db.session.scalar(select(func.count(PolicyVersion.id)))


def _copy_policies(tmp_path: Path) -> Path:
    target = tmp_path / "policies"
    shutil.copytree(POLICY_DIR, target)
    return target


def _edit(directory: Path, filename: str, old: str, new: str) -> None:
    path = directory / filename
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_each_version_is_kept_once_with_its_content_and_hash(db, policies):
    history.record_versions(db.session, policies)
    history.record_versions(db.session, policies)  # idempotent
    rows = history.history(db.session)
    assert len(rows) == len(POLICY_FILES) == _count(db)
    tiers = next(r for r in rows if r.policy == "tiers")
    content = (POLICY_DIR / "tiers.yaml").read_bytes()
    assert tiers.file == "tiers.yaml" and tiers.version == policies.tiers.version
    assert tiers.sha256 == hashlib.sha256(content).hexdigest()
    assert tiers.content == content.decode("utf-8")
    assert tiers.first_loaded_at is not None
    assert history.policy_as_stored(tiers) == policies.tiers


def test_a_changed_file_under_the_same_version_is_refused(db, policies, tmp_path):
    history.record_versions(db.session, policies)
    directory = _copy_policies(tmp_path)
    _edit(directory, "decisions.yaml", "lapse_after_days: 14", "lapse_after_days: 15")
    changed = load_policies(directory)
    with pytest.raises(PolicyError) as refused:
        history.record_versions(db.session, changed)
    assert str(refused.value).startswith("decisions.yaml: version: the content changed")
    assert policies.decisions.version in str(refused.value)
    assert _count(db) == len(POLICY_FILES)


def test_a_new_version_is_added_and_the_old_one_kept(db, policies, tmp_path):
    history.record_versions(db.session, policies)
    directory = _copy_policies(tmp_path)
    old = policies.decisions.version
    _edit(directory, "decisions.yaml", f'version: "{old}"', 'version: "2099.1"')
    _edit(directory, "decisions.yaml", "lapse_after_days: 14", "lapse_after_days: 21")
    history.record_versions(db.session, load_policies(directory))
    versions = [r.version for r in history.history(db.session) if r.file == "decisions.yaml"]
    assert versions == [old, "2099.1"]
    kept = history.versions_in_force(db.session, {"decisions": "2099.1", "tiers": "0.0"})
    assert kept["decisions"].version == "2099.1" and kept["tiers"] is None
    assert history.policy_as_stored(kept["decisions"]).four_eyes.lapse_after_days == 21


def test_a_version_stored_by_another_process_meanwhile_is_not_stored_twice(
    db, policies, monkeypatch
):
    """Two processes start at once: both see the table without the version, one inserts it
    first; the other's insert then does nothing (ON CONFLICT DO NOTHING) and it compares."""
    history.record_versions(db.session, policies)
    real = history._stored
    calls = {"n": 0}

    def stale_first(connection, sources):
        calls["n"] += 1
        return {} if calls["n"] == 1 else real(connection, sources)

    monkeypatch.setattr(history, "_stored", stale_first)
    history.record_versions(db.session, policies)
    assert _count(db) == len(POLICY_FILES)


def _startup_config(database: Path, policy_dir: Path):
    return type(
        "StartupConfig",
        (TestingConfig,),
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "SQLALCHEMY_ENGINE_OPTIONS": {},
            "POLICY_DIR": str(policy_dir),
            "POLICY_HISTORY_AT_STARTUP": True,
        },
    )


def test_start_up_records_the_versions_and_refuses_a_changed_file(tmp_path):
    database = tmp_path / "register.sqlite3"
    # before the first migration there is no table: the app starts and records nothing
    create_app(_startup_config(database, POLICY_DIR))
    engine = create_engine(f"sqlite:///{database}")
    Base.metadata.create_all(engine, tables=[PolicyVersion.__table__])
    create_app(_startup_config(database, POLICY_DIR))
    with engine.connect() as connection:
        assert connection.scalar(select(func.count(PolicyVersion.id))) == len(POLICY_FILES)
    directory = _copy_policies(tmp_path)
    _edit(directory, "tiers.yaml", "version:", "# edited without a new version\nversion:")
    with pytest.raises(PolicyError, match=r"^tiers\.yaml: version: the content changed"):
        create_app(_startup_config(database, directory))
    engine.dispose()


def test_the_command_line_lists_the_history_and_prints_a_version(db, runner, policies):
    result = runner.invoke(args=["policies", "history"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:2] == ["file", "version"]
    tiers = next(line for line in lines if line.startswith("tiers.yaml"))
    assert policies.tiers.version in tiers and tiers.endswith("(in force)")
    assert len(lines) == 1 + len(POLICY_FILES)
    shown = runner.invoke(args=["policies", "show", "tiers.yaml", policies.tiers.version])
    assert shown.exit_code == 0
    assert shown.output == (POLICY_DIR / "tiers.yaml").read_text(encoding="utf-8")
    missing = runner.invoke(args=["policies", "show", "tiers.yaml", "1900.1"])
    assert missing.exit_code == 1 and "not in the policy history" in missing.output


def test_a_decision_keeps_the_versions_it_is_made_under(db, make_user, policies):
    registrar, person = make_user(role=Role.REGISTRAR), make_user()
    assert _count(db) == 0
    decision = record_decision(
        DecisionKind.SUSPENSION, person, outcome="suspended", actor=registrar
    )
    kept = history.versions_in_force(db.session, decision.policy_versions)
    assert all(row is not None for row in kept.values())
    assert set(kept) == set(POLICY_FILES)
