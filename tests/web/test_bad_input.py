"""Bad input found by probing: NUL anywhere in a request is a clear 400, garbled page numbers
give a valid page, uploaded file names are cleaned and carry the extension of their detected
content type, and names lose their invisible characters."""

from __future__ import annotations

import io

import pytest
from werkzeug.datastructures import FileStorage

from register.models.accounts import Role
from register.pagination import MAX_PAGE, page_from
from register.uploads import download_name, store_upload
from tests.web.test_apply_helpers import use_english


@pytest.mark.parametrize(
    ("text", "page"),
    [
        (None, 1),
        ("", 1),
        ("3", 3),
        (" 7 ", 7),
        ("0", 1),
        ("-2", 1),
        ("2.5", 1),
        ("1e9", 1),
        ("²", 1),
        ("٣", 1),
        ("abc", 1),
        ("99999999999999999999999", MAX_PAGE),
        ("\x00", 1),
    ],
)
def test_page_from(text, page):
    assert page_from(text) == page


@pytest.mark.parametrize(
    ("filename", "content_type", "stored"),
    [
        ("diploma.pdf", "application/pdf", "diploma.pdf"),
        ("Diploma.PDF", "application/pdf", "Diploma.PDF"),
        ("photo.jpeg", "image/jpeg", "photo.jpeg"),
        ("scan.html", "application/pdf", "scan.html.pdf"),
        ("evil\u202egpj.exe", "image/png", "evilgpj.exe.png"),
        ("C:\\Users\\jan\\cv.pdf", "application/pdf", "cv.pdf"),
        ("../../etc/passwd", "application/pdf", "passwd.pdf"),
        ("\u200b", "image/png", "file.png"),
        ("a" * 300 + ".pdf", "application/pdf", "a" * 251 + ".pdf"),
    ],
)
def test_download_name(filename, content_type, stored):
    assert download_name(filename, content_type) == stored


def test_a_stored_upload_keeps_a_clean_name_with_the_right_extension(db, make_user):
    upload = FileStorage(io.BytesIO(b"%PDF-1.4 x"), filename="report\u202efdp.html")
    stored = store_upload(upload, make_user())
    assert stored.content_type == "application/pdf"
    assert stored.original_name == "reportfdp.html.pdf"


def test_names_lose_their_invisible_characters_wherever_they_are_set(db, make_user):
    user = make_user(given_names="An\u202ena", surname="Berg\u200b")
    db.session.flush()
    assert (user.given_names, user.surname) == ("Anna", "Berg")


def test_a_form_shows_a_typed_name_back_without_its_invisible_characters(client):
    """The sign-up form cleans names as it reads them, so a page shown again after a refusal
    never carries a right-to-left override back to the person."""
    response = client.post(
        "/signup",
        data={
            "given_names": "An\u202ena",
            "surname_prefix": "van\u200b der",
            "surname": "Berg\u2066",
            "email": "anna@example.nl",
            "password": "short",
            "password_repeat": "other",
        },
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'value="Anna"' in html and 'value="van der"' in html and 'value="Berg"' in html
    assert not any(c in html for c in "\u202e\u200b\u2066")


@pytest.mark.parametrize(
    ("method", "url", "data"),
    [
        ("post", "/login", {"email": "a\x00@example.nl", "password": "x"}),
        ("get", "/search?q=Berg%00", None),
        ("get", "/search?q=Berg&tier=%00", None),
        ("get", "/registrations/ED-0000%00", None),
        ("get", "/api/v1/registrations?name=a%00", None),
    ],
)
def test_a_nul_byte_anywhere_is_a_clear_400(client, method, url, data):
    use_english(client)
    response = getattr(client, method)(url, data=data)
    assert response.status_code == 400
    if not url.startswith("/api/"):
        assert "a NUL byte" in response.get_data(as_text=True)


def test_a_nul_byte_in_a_json_body_is_a_400(client):
    response = client.post("/api/v1/anything", json={"name": "a\x00"})
    assert response.status_code == 400


@pytest.mark.parametrize("page", ["0", "-1", "abc", "2.5", "99999999999999999999", "%00x"])
def test_a_garbled_page_number_gives_a_valid_page(client, login, make_user, page):
    login(make_user(role=Role.REGISTRAR))
    for path in ("/review", "/review/registrations", "/registrar/proposals"):
        response = client.get(f"{path}?page={page}")
        assert response.status_code in (200, 400), (path, page)
        assert response.status_code == (400 if "%00" in page else 200)
    response = client.get(f"/search?q=Berg&page={page}")
    assert response.status_code == (400 if "%00" in page else 200)
