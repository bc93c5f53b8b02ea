"""The second factor's services: enrolment confirmed by a first code, ten recovery codes
stored hashed and each usable once, no replay of a code, rate of refusals audited, turning
it off (only where the role allows) and an admin's reset, which ends every session."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from register import sessions
from register.accounts import second_factor as factor
from register.domain.second_factor import code_at, time_step
from register.errors import ActionRefused, NotAllowedNow
from register.models.accounts import Role
from register.models.audit import AuditEvent
from register.models.base import utcnow
from register.models.second_factor import RecoveryCode


def _actions(db, user) -> list[str]:
    return list(
        db.session.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.subject_type == "User", AuditEvent.subject_id == user.id)
            .order_by(AuditEvent.id)
        )
    )


def _now_code(secret: str, offset: int = 0) -> str:
    return code_at(secret, time_step(utcnow()) + offset)


@pytest.fixture
def enrolled(db, make_user):
    """A registrar with a confirmed app and their recovery codes, in a session."""
    user = make_user(role=Role.REGISTRAR)
    sessions.start(user, second_factor_required=True)
    enrolment = factor.begin_enrolment(user)
    codes = factor.confirm_enrolment(user, _now_code(enrolment.secret), user.current_session)
    db.session.commit()
    return user, enrolment, codes


def test_enrolment_is_confirmed_by_a_first_code(db, make_user):
    user = make_user(role=Role.ASSESSOR)
    sessions.start(user, second_factor_required=True)
    enrolment = factor.begin_enrolment(user)
    assert factor.begin_enrolment(user).secret == enrolment.secret  # the same until confirmed
    assert not factor.is_enrolled(user) and factor.required(user)
    with pytest.raises(ActionRefused) as refused:
        factor.confirm_enrolment(user, "000000", user.current_session)
    assert refused.value.field == "code"
    codes = factor.confirm_enrolment(user, _now_code(enrolment.secret), user.current_session)
    assert factor.is_enrolled(user) and user.current_session.second_factor_at is not None
    assert len(codes) == 10 and len(set(codes)) == 10
    assert _actions(db, user)[-1] == "second_factor.enrolled"
    with pytest.raises(NotAllowedNow):  # a confirmed app is never replaced by a password alone
        factor.begin_enrolment(user, start_over=True)


def test_recovery_codes_are_stored_hashed(db, enrolled):
    user, enrolment, codes = enrolled
    stored = db.session.scalars(select(RecoveryCode.code_hash)).all()
    assert len(stored) == 10
    plain = {code.replace("-", "") for code in codes}
    assert not plain & set(stored) and all(h.startswith("$argon2") for h in stored)


def test_a_code_is_accepted_once(db, enrolled):
    user, enrolment, _codes = enrolled
    sessions.start(user, second_factor_required=True)
    code = _now_code(enrolment.secret, offset=1)  # a step the enrolment did not use
    assert factor.pass_second_factor(user, code, user.current_session) is None
    sessions.start(user, second_factor_required=True)
    with pytest.raises(ActionRefused) as refused:
        factor.pass_second_factor(user, code, user.current_session)
    assert refused.value.given_message is factor.USED_CODE
    assert user.current_session.second_factor_at is None
    assert _actions(db, user)[-2:] == ["second_factor.passed", "second_factor.failed"]


def test_each_recovery_code_works_once(db, enrolled):
    user, _enrolment, codes = enrolled
    sessions.start(user, second_factor_required=True)
    assert factor.pass_second_factor(user, codes[3].lower(), user.current_session) == 9
    sessions.start(user, second_factor_required=True)
    with pytest.raises(ActionRefused):
        factor.pass_second_factor(user, codes[3], user.current_session)
    assert factor.remaining_recovery_codes(user) == 9
    assert "second_factor.recovery_code_used" in _actions(db, user)


def test_new_recovery_codes_replace_the_old(db, enrolled):
    user, _enrolment, old = enrolled
    new = factor.regenerate_recovery_codes(user)
    assert not set(new) & set(old)
    sessions.start(user, second_factor_required=True)
    with pytest.raises(ActionRefused):
        factor.pass_second_factor(user, old[0], user.current_session)
    assert factor.pass_second_factor(user, new[0], user.current_session) == 9


@pytest.mark.parametrize("typed", ["", "abc", "1234567", "ZZZZZ-ZZZZZ", "000000"])
def test_wrong_codes_are_refused_and_audited(db, enrolled, typed):
    user, _enrolment, _codes = enrolled
    sessions.start(user, second_factor_required=True)
    with pytest.raises(ActionRefused):
        factor.pass_second_factor(user, typed, user.current_session)
    assert _actions(db, user)[-1] == "second_factor.failed"


def test_only_those_who_chose_it_may_turn_it_off(db, enrolled, make_user):
    registrar, enrolment, _codes = enrolled
    with pytest.raises(NotAllowedNow):
        factor.turn_off(registrar, _now_code(enrolment.secret, 1))
    applicant = make_user()
    sessions.start(applicant)
    assert not factor.required(applicant)
    mine = factor.begin_enrolment(applicant)
    factor.confirm_enrolment(applicant, _now_code(mine.secret), applicant.current_session)
    assert factor.required(applicant)
    with pytest.raises(ActionRefused):
        factor.turn_off(applicant, "123456")
    factor.turn_off(applicant, _now_code(mine.secret, 1))
    assert not factor.required(applicant) and factor.credential(applicant) is None
    assert _actions(db, applicant)[-1] == "second_factor.turned_off"


def test_an_admin_reset_removes_the_app_and_ends_every_session(db, enrolled, make_user):
    user, _enrolment, _codes = enrolled
    admin = make_user(role=Role.ADMIN)
    token = sessions.start(user, second_factor_required=True)
    db.session.commit()
    factor.reset(user, admin, "phone lost; checked by phone call")
    db.session.commit()
    assert factor.credential(user) is None
    assert db.session.scalars(select(RecoveryCode)).all() == []
    assert sessions.load(token) is None and sessions.active_sessions(user) == []
    reset = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "second_factor.reset"))
    assert reset.actor_id == admin.id and reset.subject_id == user.id
    with pytest.raises(NotAllowedNow):
        factor.reset(user, admin, "again")
