"""When the database is away (a restart, a failover), requests get a clear 503 at once, as
a page or as JSON, with Retry-After; the next request after it is back succeeds.
tests/services/test_faults.py stops and starts a real PostgreSQL under load."""

import pytest
from sqlalchemy.exc import DisconnectionError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from register.lookup import services
from tests.lookup_support import add_registration

FAULTS = [
    OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly")),
    DisconnectionError("connection invalidated"),
    PoolTimeout("QueuePool limit reached, connection timed out"),
]


@pytest.mark.parametrize("fault", FAULTS, ids=lambda f: type(f).__name__)
def test_api_answers_503_json_with_retry_after(db, client, policies, monkeypatch, fault):
    reg = add_registration(policies)

    def away(*args, **kwargs):
        raise fault

    monkeypatch.setattr(services, "get_registration", away)
    response = client.get(f"/api/v1/registrations/{reg.number}")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "10"
    assert response.get_json()["error"]["status"] == 503
    monkeypatch.undo()
    assert client.get(f"/api/v1/registrations/{reg.number}").status_code == 200


def test_page_answers_503_translated(db, client, policies, monkeypatch):
    reg = add_registration(policies)

    def away(*args, **kwargs):
        raise FAULTS[0]

    monkeypatch.setattr(services, "get_registration", away)
    response = client.get(f"/registrations/{reg.number}")
    assert response.status_code == 503 and response.headers["Retry-After"] == "10"
    html = response.get_data(as_text=True)
    assert "Het register is even niet bereikbaar" in html
    client.post("/language", data={"lang": "en"})
    html = client.get(f"/registrations/{reg.number}").get_data(as_text=True)
    assert "The register cannot reach its database" in html


def test_liveness_does_not_need_the_database(client, monkeypatch):
    assert client.get("/health/live").get_json() == {"status": "ok"}
