"""The admin's account pages: find an account, block it (every session ends) and unblock it,
each with a reason that goes to the audit log; refusals keep what was typed."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from register.models.accounts import Role
from register.models.audit import AuditEvent


def _text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def admin(client, make_user, login):
    user = make_user(role=Role.ADMIN, email="anouk@example.nl")
    login(user)
    return user


def test_only_admins_manage_accounts(client, make_user, login):
    login(make_user(role=Role.REGISTRAR))
    assert client.get("/admin/accounts").status_code == 403


def test_find_accounts_by_address_or_name(client, make_user, admin):
    make_user(email="jansen@example.nl", given_names="Piet", surname="Jansen")
    make_user(email="other@example.nl", given_names="Els", surname="de Wit")
    html = _text(client.get("/admin/accounts?q=jans"))
    assert "jansen@example.nl" in html and "other@example.nl" not in html
    assert "Aanvrager of geregistreerde" in html  # the role's label
    html = _text(client.get("/admin/accounts?q=Els de wit"))
    assert "other@example.nl" in html
    assert client.get("/admin/accounts?page=999999999999").status_code == 200
    assert client.get("/admin/accounts/999999").status_code == 404


def test_block_and_unblock_with_a_reason(client, db, make_user, admin):
    user = make_user()
    missing = client.post(f"/admin/accounts/{user.id}/block", data={"block-reason": "  "})
    assert missing.status_code == 422 and 'href="#block-reason"' in _text(missing)
    assert (
        client.post(
            f"/admin/accounts/{user.id}/block", data={"block-reason": "Gestolen account"}
        ).status_code
        == 302
    )
    assert user.active is False
    again = client.post(f"/admin/accounts/{user.id}/block", data={"block-reason": "Nog eens"})
    assert again.status_code == 409
    assert "Geblokkeerd" in _text(client.get(f"/admin/accounts/{user.id}"))
    assert (
        client.post(
            f"/admin/accounts/{user.id}/unblock", data={"block-reason": "Eigenaar geverifieerd"}
        ).status_code
        == 302
    )
    assert user.active is True
    actions = db.session.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.subject_type == "User", AuditEvent.subject_id == user.id)
        .order_by(AuditEvent.id)
    ).all()
    assert actions[-3:] == ["account.blocked", "session.ended", "account.unblocked"] or actions[
        -2:
    ] == ["account.blocked", "account.unblocked"]


def test_an_admin_cannot_block_themselves(client, admin):
    response = client.post(f"/admin/accounts/{admin.id}/block", data={"block-reason": "Test"})
    assert response.status_code == 409
    assert "Test</textarea>" in _text(response)
    assert client.get("/admin/accounts").status_code == 200
