"""Cross-cutting behaviour: security headers, error pages without stack traces, language
choice, production safety, CSRF."""

import pytest
from flask import Blueprint

from register import create_app
from register.access import public


def test_security_headers_on_pages(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_scripts_or_styles(client):
    html = client.get("/").get_data(as_text=True)
    assert "<script" not in html
    assert "style=" not in html


def test_not_found_page_is_translated_and_friendly(client):
    response = client.get("/does-not-exist")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Pagina niet gevonden" in html
    assert 'lang="nl"' in html


def test_api_errors_are_json(client):
    response = client.get("/api/v1/does-not-exist")
    assert response.status_code == 404
    assert response.is_json
    assert response.get_json()["error"]["status"] == 404


def test_unexpected_error_shows_no_stack_trace(make_app):
    app = make_app()  # a route of its own: the shared app has served requests already
    bp = Blueprint("boom", __name__)

    @bp.get("/boom")
    @public
    def boom():
        raise RuntimeError("secret internals: password=hunter2")

    app.register_blueprint(bp)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = app.test_client().get("/boom")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Traceback" not in html and "hunter2" not in html and "RuntimeError" not in html
    assert "Er ging bij ons iets mis" in html


def test_language_switch_remembers_english_and_refuses_external_next(client):
    response = client.post("/language", data={"lang": "en", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    html = client.get("/").get_data(as_text=True)
    assert 'lang="en"' in html and "Register of Experts by Experience" in html
    client.post("/language", data={"lang": "xx", "next": "/"})
    assert 'lang="en"' in client.get("/").get_data(as_text=True)


def test_health(client):
    assert client.get("/health").get_json() == {"status": "ok"}


def test_production_refuses_to_start_without_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    import config

    class NoSecret(config.ProductionConfig):
        SECRET_KEY = None
        SQLALCHEMY_DATABASE_URI = "sqlite://"

    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(NoSecret)


def test_production_cookies_are_secure():
    import config

    assert config.ProductionConfig.SESSION_COOKIE_SECURE is True
    assert config.ProductionConfig.REMEMBER_COOKIE_SECURE is True
    assert config.Config.SESSION_COOKIE_HTTPONLY is True
    assert config.Config.SESSION_COOKIE_SAMESITE == "Lax"


def test_forms_require_csrf_when_enabled(app):
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    response = client.post("/language", data={"lang": "en"})
    assert response.status_code == 400
    assert "Het formulier was verlopen" in response.get_data(as_text=True)
