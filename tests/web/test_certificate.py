"""The registration certificate: who may download it, what it holds, and the QR token check."""

import datetime as dt
import io
import zlib

import pytest

from register.certificates.pdf import CertificateContent, certificate_pdf
from register.certificates.tokens import CertificateVerdict, check_token, make_token
from register.models.accounts import Role
from tests.lookup_support import add_registration, suspend


@pytest.fixture
def owner(make_user):
    return make_user(Role.APPLICANT, given_names="Zoë", surname="Çelik")


@pytest.fixture
def reg(policies, owner):
    return add_registration(policies, given="Zoë", surname="Çelik", user=owner)


def _pdf_text(data: bytes) -> bytes:
    """The PDF with its compressed streams inflated, to search for plain markers."""
    chunks = [data]
    for part in data.split(b"stream")[1:]:
        body = part.split(b"endstream")[0].strip(b"\r\n")
        try:
            chunks.append(zlib.decompress(body))
        except zlib.error:
            continue
    return b"".join(chunks)


def test_owner_downloads_a_pdf_of_an_active_registration(client, login, owner, reg):
    login(owner)
    response = client.get(f"/my-certificate/{reg.number}.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-")
    assert reg.number in response.headers["Content-Disposition"]
    assert b"/Image" in _pdf_text(response.data)  # the QR code
    default = client.get("/my-certificate/certificate.pdf")
    assert default.status_code == 200 and default.data.startswith(b"%PDF-")


def test_certificate_page_lists_own_registrations(client, login, owner, reg):
    login(owner)
    html = client.get("/my-certificate").get_data(as_text=True)
    assert reg.number in html and f"/my-certificate/{reg.number}.pdf" in html


def test_others_and_inactive_registrations_get_no_certificate(
    client, login, make_user, policies, owner, reg
):
    other = make_user(Role.APPLICANT)
    login(other)
    assert client.get(f"/my-certificate/{reg.number}.pdf").status_code == 403
    assert client.get("/my-certificate/certificate.pdf").status_code == 404
    assert client.get("/my-certificate/ED-00009990.pdf").status_code == 404
    suspend(policies, reg, "intern", "administrative")
    login(owner)
    assert client.get(f"/my-certificate/{reg.number}.pdf").status_code == 403


def test_staff_and_visitors_cannot_download(client, login, make_user, reg):
    response = client.get(f"/my-certificate/{reg.number}.pdf")
    assert response.status_code in (302, 303) and "/login" in response.headers["Location"]
    login(make_user(Role.REGISTRAR))
    assert client.get(f"/my-certificate/{reg.number}.pdf").status_code == 403


def _qr_url(app, reg, issued=None):
    with app.test_request_context():
        token = make_token(
            reg.number, reg.tier, reg.valid_from, reg.valid_until, issued or dt.date(2026, 11, 23)
        )
    return f"/registrations/{reg.number}?c={token}", token


def test_genuine_token_says_when_it_was_issued_and_that_status_counts(app, client, reg):
    client.post("/language", data={"lang": "en"})
    url, _ = _qr_url(app, reg)
    html = client.get(url).get_data(as_text=True)
    assert "was issued by the register on November 23, 2026 and is genuine" in html
    assert "What counts is the current status" in html


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t[:-3] + ("AAA" if not t.endswith("AAA") else "BBB"),
        lambda t: "x" + t,
        lambda t: t.split(".")[0],
        lambda t: "nonsense",
    ],
)
def test_tampered_token_is_reported(app, client, reg, tamper):
    client.post("/language", data={"lang": "en"})
    _, token = _qr_url(app, reg)
    response = client.get(f"/registrations/{reg.number}", query_string={"c": tamper(token)})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Certificate not genuine" in html and "is genuine." not in html
    assert reg.number in html  # the real registration is still shown


def test_token_of_another_registration_is_reported_as_tampered(app, client, policies, reg):
    other = add_registration(policies, given="Piet", surname="Bakker")
    _, token = _qr_url(app, other)
    assert check_token(token, reg.number).verdict is CertificateVerdict.TAMPERED
    client.post("/language", data={"lang": "en"})
    html = client.get(f"/registrations/{reg.number}?c={token}").get_data(as_text=True)
    assert "Certificate not genuine" in html


def test_token_signed_with_another_key_is_tampered(app, reg):
    with app.test_request_context():
        token = make_token(reg.number, 3, reg.valid_from, reg.valid_until, dt.date.today())
        app.config["SECRET_KEY"] = "another key"
        assert check_token(token, reg.number).verdict is CertificateVerdict.TAMPERED


def test_pdf_falls_back_without_the_dejavu_font(app, tmp_path):
    content = CertificateContent(
        "Zoë Çelik Ωmega",
        "ED-00000013",
        2,
        "Tier two",
        dt.date(2026, 1, 1),
        dt.date(2031, 1, 1),
        dt.date(2026, 1, 2),
        "http://example.nl/registrations/x",
    )
    with app.test_request_context():
        with_font = certificate_pdf(content)
        fallback = certificate_pdf(content, font_dir=tmp_path)
    assert with_font.startswith(b"%PDF-") and fallback.startswith(b"%PDF-")
    assert b"DejaVu" in with_font and b"DejaVu" not in fallback


def _render(data: bytes):
    """The certificate's first page as a PIL image (pypdfium2: PDFium, as browsers render)
    and its text layer."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    page = document[0]
    image = page.render(scale=1).to_pil().convert("L")
    text = page.get_textpage().get_text_range()
    return image, text


@pytest.mark.parametrize("tier, direction", [(2, None), (1, "Works under the direction of")])
def test_the_certificate_renders_to_a_png_with_every_field_in_its_text(app, tier, direction):
    content = CertificateContent(
        "Zoë Çelik-van der Berg",
        "ED-00000013",
        tier,
        "Tier two",
        dt.date(2026, 1, 1),
        dt.date(2031, 1, 1),
        dt.date(2026, 1, 2),
        "https://register.example.nl/registrations/ED-00000013?c=token",
        direction=direction,
    )
    with app.test_request_context():  # in Dutch, the default
        image, text = _render(certificate_pdf(content))
    png = io.BytesIO()
    image.save(png, format="PNG")
    assert png.getvalue().startswith(b"\x89PNG")
    # not blank: dark ink (text, frame, QR code) on a mostly white page
    histogram = image.histogram()
    dark = sum(histogram[:96]) / (image.width * image.height)
    assert 0.01 < dark < 0.4, dark
    flat = " ".join(text.split())
    for field in (
        "Register Ervaringsdeskundigen",
        "Bewijs van registratie",
        "Zoë Çelik-van der Berg",
        "ED-00000013",
        f"{tier} – Tier two",
        "1 januari 2026",
        "1 januari 2031",
        "Dit bewijs controleren",
        "register.example.nl/registrations/ED-00000013",
    ):
        assert field in flat, (field, flat)
    assert "c=token" not in flat  # the token is in the QR code only
    if direction:
        assert direction in flat
    # the QR code: a square of dark and light modules in the lower left quarter
    qr = image.crop((0, image.height * 3 // 4, image.width // 3, image.height))
    darkest, lightest = qr.getextrema()
    assert darkest < 64 and lightest > 192
