"""Rate limits per client address on the public pages, the API and bulk verification."""

import pytest

from config import TestingConfig


class LimitedConfig(TestingConfig):
    RATELIMIT_ENABLED = True
    PUBLIC_RATE_LIMIT = "3 per minute"
    API_RATE_LIMIT = "4 per minute"
    BULK_RATE_LIMIT = "2 per minute"


@pytest.fixture
def limited(make_app):
    return make_app(LimitedConfig).test_client()


def test_public_pages_answer_429_with_retry_after(limited):
    for _ in range(3):
        assert limited.get("/search?q=Berg").status_code == 200
    response = limited.get("/search?q=Berg")
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert "text/html" in response.content_type
    other = limited.get("/search?q=Berg", environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 200  # the limit is per client address


def test_api_answers_429_as_json(limited):
    for _ in range(4):
        assert limited.get("/api/v1/programmes").status_code == 200
    response = limited.get("/api/v1/registrations?name=berg")
    assert response.status_code == 429
    assert response.get_json()["error"]["status"] == 429
    assert int(response.headers["Retry-After"]) > 0


def test_bulk_verification_has_its_own_tighter_limit(limited):
    body = {"numbers": ["ED-1"]}
    assert limited.post("/api/v1/verifications", json=body).status_code == 200
    assert limited.post("/api/v1/verifications", json=body).status_code == 200
    response = limited.post("/api/v1/verifications", json=body)
    assert response.status_code == 429 and "Retry-After" in response.headers
