"""The FHIR R4 endpoint: capabilities, Practitioner read and search, Organization, the
register's code systems, errors as OperationOutcome, and only what the public lookup shows.
Every resource an answer holds is validated with the fhir.resources models."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest

from register.domain.lifecycle import RegistrationStatus
from register.domain.numbers import format_number
from register.models.programmes import (
    Accreditation,
    AccreditationStatus,
    Programme,
    TrainingProvider,
)
from tests.fhir_support import entries, fhir_json, link, outcome
from tests.lookup_support import add_registration, suspend

TODAY = dt.date.today()
SYSTEM = "https://register.example.nl/fhir/sid/registration-number"
QUALIFICATION = "http://hl7.org/fhir/uv/vhdir/StructureDefinition/practitioner-qualification"


@pytest.fixture(autouse=True)
def _canonical_base(app):
    app.config["FHIR_CANONICAL_BASE"] = "https://register.example.nl/fhir"


@pytest.fixture
def jan(db, policies):
    return add_registration(
        policies,
        given="Jan",
        prefix="van der",
        surname="Berg",
        work_region="Utrecht",
        show_work_region=True,
    )


def _qualification(practitioner: dict) -> dict:
    (qualification,) = practitioner["qualification"]
    return qualification


def _status(qualification: dict) -> str:
    (extension,) = [e for e in qualification["extension"] if e["url"] == QUALIFICATION]
    (status,) = extension["extension"]
    assert status["url"] == "status"
    assert status["valueCoding"]["system"] == "http://hl7.org/fhir/qualification-status"
    return status["valueCoding"]["code"]


def _extension(qualification: dict, name: str) -> dict | None:
    url = f"https://register.example.nl/fhir/StructureDefinition/{name}"
    found = [e for e in qualification["extension"] if e["url"] == url]
    return found[0] if found else None


# --- capabilities ----------------------------------------------------------------------------


def test_metadata_is_a_capability_statement_for_fhir_4_0_1_in_json(client):
    response = client.get("/fhir/metadata")
    body = fhir_json(response)
    assert body["resourceType"] == "CapabilityStatement"
    assert body["fhirVersion"] == "4.0.1" and body["format"] == ["json"]
    assert body["kind"] == "instance" and body["implementation"]["url"] == "http://localhost/fhir"
    (rest,) = body["rest"]
    supported = {r["type"]: r for r in rest["resource"]}
    assert set(supported) == {"Practitioner", "Organization", "CodeSystem"}
    params = {p["name"] for p in supported["Practitioner"]["searchParam"]}
    assert params == {"identifier", "name", "_id"}
    assert {i["code"] for i in supported["Practitioner"]["interaction"]} == {"read", "search-type"}
    assert response.headers["ETag"]


def test_a_read_answers_304_to_a_client_that_has_it(client, jan):
    for url in ("/fhir/metadata", f"/fhir/Practitioner/{jan.number}", "/fhir/CodeSystem/tier"):
        first = client.get(url)
        again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304, url
        assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200


def test_public_headers(client, jan):
    response = client.get(f"/fhir/Practitioner/{jan.number}")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Cache-Control"] == "public, max-age=60"
    assert "Accept-Language" in response.headers["Vary"]
    assert response.headers["Content-Type"] == "application/fhir+json; charset=utf-8"
    bad = client.get("/fhir/Practitioner?name=x")
    assert bad.headers["Cache-Control"] == "no-store"


# --- Practitioner read -----------------------------------------------------------------------


def test_practitioner_by_number(client, jan, policies):
    body = fhir_json(client.get(f"/fhir/Practitioner/{jan.number}"))
    assert body["resourceType"] == "Practitioner" and body["id"] == jan.number
    assert body["identifier"] == [{"use": "official", "system": SYSTEM, "value": jan.number}]
    assert body["active"] is True
    (name,) = body["name"]
    assert name["text"] == "Jan van der Berg" and name["given"] == ["Jan"]
    assert name["family"] == "van der Berg"
    parts = {e["url"].rsplit("-", 1)[1]: e["valueString"] for e in name["_family"]["extension"]}
    assert parts == {"prefix": "van der", "name": "Berg"}
    assert "prefix" not in name  # FHIR's prefix is for titles, not for a voorvoegsel
    assert body["address"] == [{"use": "work", "text": "Utrecht"}]
    qualification = _qualification(body)
    (coding,) = qualification["code"]["coding"]
    assert coding["system"] == "https://register.example.nl/fhir/CodeSystem/tier"
    assert coding["code"] == "2" and coding["version"] == policies.tiers.version
    assert coding["display"] == policies.tiers.get(2).name.get("nl")
    assert qualification["period"] == {
        "start": jan.valid_from.isoformat(),
        "end": jan.valid_until.isoformat(),
    }
    assert qualification["issuer"]["reference"] == "Organization/register"
    assert qualification["identifier"] == [{"system": SYSTEM, "value": jan.number}]
    assert _status(qualification) == "active"
    assert _extension(qualification, "registration-status")["valueCoding"]["code"] == "active"
    assert _extension(qualification, "qualification-suspension") is None


def test_the_answer_speaks_the_asked_language(client, jan, policies):
    english = fhir_json(
        client.get(f"/fhir/Practitioner/{jan.number}", headers={"Accept-Language": "en"})
    )
    assert _qualification(english)["code"]["text"] == policies.tiers.get(2).name.get("en")
    dutch = fhir_json(client.get(f"/fhir/Practitioner/{jan.number}"))
    assert _qualification(dutch)["code"]["text"] == policies.tiers.get(2).name.get("nl")


@pytest.mark.parametrize(
    ("status", "valid_until", "expected_status", "active"),
    [
        (RegistrationStatus.ACTIVE, None, "active", True),
        (RegistrationStatus.LAPSED, None, "inactive", False),
        (RegistrationStatus.STRUCK_OFF, None, "revoked", False),
        (RegistrationStatus.ACTIVE, TODAY - dt.timedelta(days=1), "inactive", False),
    ],
    ids=["active", "lapsed", "struck-off", "active-past-its-end"],
)
def test_the_qualification_status_follows_the_public_status(
    client, db, policies, status, valid_until, expected_status, active
):
    reg = add_registration(
        policies,
        status=status,
        valid_from=TODAY - dt.timedelta(days=400),
        valid_until=valid_until or TODAY + dt.timedelta(days=300),
    )
    body = fhir_json(client.get(f"/fhir/Practitioner/{reg.number}"))
    assert body["active"] is active
    qualification = _qualification(body)
    assert _status(qualification) == expected_status
    assert _extension(qualification, "registration-status")["valueCoding"]["code"] == status.value


def test_a_suspension_shows_its_public_category_and_end_date_never_its_reason(
    client, jan, policies
):
    ends = TODAY + dt.timedelta(days=30)
    suspend(policies, jan, "Interne notitie over de cliënt", "investigation", ends_on=ends)
    response = client.get(f"/fhir/Practitioner/{jan.number}")
    body = fhir_json(response)
    assert body["active"] is False
    qualification = _qualification(body)
    assert _status(qualification) == "suspended"
    parts = {
        p["url"]: p for p in _extension(qualification, "qualification-suspension")["extension"]
    }
    assert parts["reasonCategory"]["valueCoding"]["code"] == "investigation"
    assert parts["endsOn"]["valueDate"] == ends.isoformat()
    assert "Interne notitie" not in response.get_data(as_text=True)


def test_a_suspension_without_an_end_date(client, jan, policies):
    suspend(policies, jan, "intern", "own_request")
    qualification = _qualification(fhir_json(client.get(f"/fhir/Practitioner/{jan.number}")))
    parts = _extension(qualification, "qualification-suspension")["extension"]
    assert [p["url"] for p in parts] == ["reasonCategory"]


def test_a_name_with_prefix_and_diacritics(client, db, policies):
    reg = add_registration(
        policies, given="Anne-Mieke Zoë", prefix="van 't", surname="Hoëvenaar-Çelik"
    )
    response = client.get(f"/fhir/Practitioner/{reg.number}")
    (name,) = fhir_json(response)["name"]
    assert name["given"] == ["Anne-Mieke", "Zoë"]
    assert name["family"] == "van 't Hoëvenaar-Çelik"
    assert name["text"] == "Anne-Mieke Zoë van 't Hoëvenaar-Çelik"
    assert "Hoëvenaar-Çelik" in response.get_data(as_text=True)  # UTF-8, not escaped


def test_a_name_without_prefix(client, db, policies):
    reg = add_registration(policies, given="Sanne", surname="Visser")
    (name,) = fhir_json(client.get(f"/fhir/Practitioner/{reg.number}"))["name"]
    assert name["family"] == "Visser"
    assert [e["valueString"] for e in name["_family"]["extension"]] == ["Visser"]
    assert "address" not in fhir_json(client.get(f"/fhir/Practitioner/{reg.number}"))


@pytest.mark.parametrize("kind", ["unknown", "malformed", "check-digit", "not-canonical"])
def test_a_practitioner_that_is_not_there_is_404(client, jan, policies, kind):
    ids = {
        "unknown": format_number(policies.registration.number, 4242),
        "malformed": "ED-12",
        "check-digit": jan.number[:-1] + str((int(jan.number[-1]) + 1) % 10),
        "not-canonical": jan.number.lower(),
    }
    issue = outcome(client.get(f"/fhir/Practitioner/{ids[kind]}"), 404)
    assert issue["code"] == "not-found" and issue["severity"] == "error"
    assert issue["details"]["text"]


# --- Practitioner search ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["identifier={system}|{number}", "identifier={number}", "_id={number}", "identifier={loose}"],
)
def test_search_by_identifier(client, jan, query):
    loose = jan.number.lower().replace("-", "")
    url = "/fhir/Practitioner?" + query.format(system=SYSTEM, number=jan.number, loose=loose)
    bundle = fhir_json(client.get(url))
    assert bundle["total"] == 1
    (found,) = entries(bundle)
    assert found == fhir_json(client.get(f"/fhir/Practitioner/{jan.number}"))
    (entry,) = [e for e in bundle["entry"] if e["search"]["mode"] == "match"]
    assert entry["fullUrl"] == f"http://localhost/fhir/Practitioner/{jan.number}"
    assert dt.datetime.fromisoformat(bundle["timestamp"]).tzinfo is not None


@pytest.mark.parametrize(
    "query", ["identifier=urn:other|{number}", "identifier=|{number}", "_id={lower}"]
)
def test_an_identifier_of_another_system_matches_nothing(client, jan, query):
    url = "/fhir/Practitioner?" + query.format(number=jan.number, lower=jan.number.lower())
    bundle = fhir_json(client.get(url))
    assert bundle["total"] == 0 and entries(bundle) == []


def test_several_identifiers_at_once(client, db, policies, jan):
    els = add_registration(policies, given="Els", surname="Smit")
    unknown = format_number(policies.registration.number, 4242)
    url = f"/fhir/Practitioner?identifier={els.number},{unknown},ED-12,{SYSTEM}|{jan.number}"
    bundle = fhir_json(client.get(url))
    assert [p["id"] for p in entries(bundle)] == [els.number, jan.number]
    (warnings,) = entries(bundle, "outcome")
    assert [i["code"] for i in warnings["issue"]] == ["value"]
    assert "ED-12" in warnings["issue"][0]["details"]["text"]


def test_a_whole_identifier_system_is_not_listed(client, jan):
    issue = outcome(client.get(f"/fhir/Practitioner?identifier={SYSTEM}|"), 400)
    assert issue["code"] == "too-costly"


def test_no_search_parameter_does_not_list_the_register(client, jan):
    assert outcome(client.get("/fhir/Practitioner"), 400)["code"] == "too-costly"
    assert outcome(client.get("/fhir/Practitioner?given=Jan"), 400)["code"] == "too-costly"


def test_search_by_name_uses_the_public_name_matching(client, db, policies, jan):
    from register.lookup import services

    add_registration(policies, given="Emre", surname="Çelik")
    add_registration(policies, given="Piet", surname="Bergman")
    for query, typed in [
        ("van der berg", "van der berg"),
        ("Berg\\, van der", "Berg, van der"),
        ("celik", "celik"),
        ("jan van der berg", "jan van der berg"),
    ]:
        bundle = fhir_json(client.get("/fhir/Practitioner", query_string={"name": query}))
        with client.application.test_request_context():
            public = [r.number for r in services.search_registrations(typed).items]
        assert public, typed
        assert [p["id"] for p in entries(bundle)] == public, query
        assert bundle["total"] == len(public)
    first = entries(fhir_json(client.get("/fhir/Practitioner?name=celik")))[0]
    assert first["name"][0]["text"] == "Emre Çelik"


def test_search_by_name_pages_through_the_links(client, db, policies):
    for given in ("Anna", "Bram", "Cees"):
        add_registration(policies, given=given, surname="Visser", commit=False)
    db.session.commit()
    bundle = fhir_json(client.get("/fhir/Practitioner?name=visser&_count=2"))
    assert bundle["total"] == 3 and len(entries(bundle)) == 2
    assert link(bundle, "previous") is None
    following = urlsplit(link(bundle, "next"))
    assert parse_qs(following.query) == {"name": ["visser"], "_count": ["2"], "_page": ["2"]}
    second = fhir_json(client.get(f"{following.path}?{following.query}"))
    assert len(entries(second)) == 1 and link(second, "next") is None
    assert link(second, "previous") and link(second, "last") == link(second, "self")
    seen = {p["id"] for p in entries(bundle) + entries(second)}
    assert len(seen) == 3


def test_count_zero_gives_only_the_total_and_a_large_count_is_capped(client, db, policies):
    for given in ("Anna", "Bram"):
        add_registration(policies, given=given, surname="Visser", commit=False)
    db.session.commit()
    bundle = fhir_json(client.get("/fhir/Practitioner?name=visser&_count=0"))
    assert bundle["total"] == 2 and "entry" not in bundle
    capped = fhir_json(client.get("/fhir/Practitioner?name=visser&_count=500"))
    assert "_count=100" in link(capped, "self")


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("name=v", "invalid"),
        ("name=Berg,Visser", "not-supported"),
        ("name:exact=Berg", "not-supported"),
        ("identifier:of-type=x", "not-supported"),
        ("name=Berg&identifier=ED-00000017", "not-supported"),
        ("name=Berg&name=Visser", "not-supported"),
        ("name=Berg&_count=x", "invalid"),
        ("name=Berg&_page=0", "invalid"),
    ],
)
def test_searches_that_cannot_be_run_are_400(client, query, code):
    issue = outcome(client.get(f"/fhir/Practitioner?{query}"), 400)
    assert issue["code"] == code and issue["details"]["text"]


def test_a_name_with_digits_finds_nothing_and_says_why(client, jan):
    bundle = fhir_json(client.get(f"/fhir/Practitioner?name={jan.number}"))
    assert bundle["total"] == 0 and entries(bundle) == []
    (info,) = entries(bundle, "outcome")
    assert info["issue"][0]["severity"] == "information"


def test_unknown_parameters_are_ignored_and_reported(client, jan):
    bundle = fhir_json(client.get(f"/fhir/Practitioner?identifier={jan.number}&_sort=name&x=1"))
    assert [p["id"] for p in entries(bundle)] == [jan.number]
    (warnings,) = entries(bundle, "outcome")
    assert [i["severity"] for i in warnings["issue"]] == ["warning", "warning"]
    texts = " ".join(i["details"]["text"] for i in warnings["issue"])
    assert "_sort" in texts and "x" in texts
    query = parse_qs(urlsplit(link(bundle, "self")).query)
    assert set(query) == {"identifier", "_count", "_page"}


def test_strict_handling_refuses_unknown_parameters(client, jan):
    response = client.get(
        f"/fhir/Practitioner?identifier={jan.number}&_sort=name",
        headers={"Prefer": "handling=strict"},
    )
    issue = outcome(response, 400)
    assert issue["code"] == "not-supported" and "_sort" in issue["details"]["text"]
    lenient = client.get(
        f"/fhir/Practitioner?identifier={jan.number}&_sort=name",
        headers={"Prefer": "handling=lenient"},
    )
    assert lenient.status_code == 200


def test_search_results_carry_the_suspension_as_a_read_does(client, db, jan, policies):
    suspend(policies, jan, "intern", "administrative", ends_on=TODAY + dt.timedelta(days=5))
    bundle = fhir_json(client.get("/fhir/Practitioner?name=berg"))
    (found,) = entries(bundle)
    assert found == fhir_json(client.get(f"/fhir/Practitioner/{jan.number}"))
    assert _status(_qualification(found)) == "suspended"


# --- Organization ----------------------------------------------------------------------------


def _programme(db, provider, status=AccreditationStatus.ACTIVE, start=None, end=None):
    programme = Programme(name=f"Opleiding {provider.name}", nlqf_level=4, provider=provider)
    db.session.add(
        Accreditation(
            programme=programme,
            status=status,
            valid_from=start or TODAY - dt.timedelta(days=10),
            valid_until=end or TODAY + dt.timedelta(days=300),
            policy_version="t",
        )
    )
    return programme


@pytest.fixture
def providers(db):
    academie = TrainingProvider(name="Herstelacademie Noord", contact_email="geheim@opleider.nl")
    school = TrainingProvider(name="Stichting Ervaringsschool", contact_phone="+31 20 1234567")
    gone = TrainingProvider(name="Oude Opleider")
    _programme(db, academie)
    _programme(db, academie)  # two programmes: still one organization
    _programme(db, school, AccreditationStatus.CONDITIONAL)
    _programme(db, gone, start=TODAY - dt.timedelta(days=800), end=TODAY - dt.timedelta(days=1))
    db.session.commit()
    return academie, school, gone


def test_organizations_are_the_register_and_providers_with_an_accredited_programme(
    client, providers
):
    academie, school, gone = providers
    response = client.get("/fhir/Organization")
    bundle = fhir_json(response)
    ids = [o["id"] for o in entries(bundle)]
    assert ids == ["register", f"provider-{academie.id}", f"provider-{school.id}"]
    assert bundle["total"] == 3
    register = entries(bundle)[0]
    assert register["name"] == "Register Ervaringsdeskundigen"
    assert register["alias"] == ["Register of Experts by Experience"]
    text = response.get_data(as_text=True)
    assert "geheim@opleider.nl" not in text and "1234567" not in text


def test_an_organization_by_id(client, providers):
    academie, _, gone = providers
    body = fhir_json(client.get(f"/fhir/Organization/provider-{academie.id}"))
    assert body["name"] == "Herstelacademie Noord" and body["type"][0]["coding"][0]["code"] == "edu"
    assert fhir_json(client.get("/fhir/Organization/register"))["id"] == "register"
    for missing in (f"provider-{gone.id}", "provider-999999", "12"):
        assert outcome(client.get(f"/fhir/Organization/{missing}"), 404)["code"] == "not-found"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("name=herstel", ["Herstelacademie Noord"]),
        ("name=ervaring", []),
        ("name:contains=ervaring", ["Register Ervaringsdeskundigen", "Stichting Ervaringsschool"]),
        ("name:exact=Herstelacademie Noord", ["Herstelacademie Noord"]),
        ("name:exact=herstelacademie noord", []),
        ("name=register of", ["Register Ervaringsdeskundigen"]),
        ("_id=register", ["Register Ervaringsdeskundigen"]),
    ],
)
def test_organization_search_by_name(client, providers, query, expected):
    bundle = fhir_json(client.get(f"/fhir/Organization?{query}"))
    assert [o["name"] for o in entries(bundle)] == expected


# --- code systems ----------------------------------------------------------------------------


def test_the_register_publishes_its_code_systems(client, policies):
    tiers = fhir_json(client.get("/fhir/CodeSystem/tier"))
    assert tiers["url"] == "https://register.example.nl/fhir/CodeSystem/tier"
    assert tiers["version"] == policies.tiers.version and tiers["content"] == "complete"
    assert [c["code"] for c in tiers["concept"]] == ["1", "2", "3"]
    assert tiers["concept"][0]["designation"][0]["value"] == policies.tiers.get(1).name.get("en")
    statuses = fhir_json(client.get("/fhir/CodeSystem/registration-status"))
    assert {c["code"] for c in statuses["concept"]} == set(policies.registration.statuses)
    categories = fhir_json(client.get("/fhir/CodeSystem/suspension-reason-category"))
    assert {c["code"] for c in categories["concept"]} == set(
        policies.registration.suspension_reason_categories
    )
    assert outcome(client.get("/fhir/CodeSystem/other"), 404)["code"] == "not-found"


def test_every_code_the_practitioner_uses_is_in_the_published_code_system(client, jan):
    suspend(client.application.extensions["policies"], jan, "intern", "investigation")
    practitioner = fhir_json(client.get(f"/fhir/Practitioner/{jan.number}"))
    qualification = _qualification(practitioner)
    codings = [qualification["code"]["coding"][0]]
    codings.append(_extension(qualification, "registration-status")["valueCoding"])
    suspension = _extension(qualification, "qualification-suspension")["extension"]
    codings.append(suspension[0]["valueCoding"])
    for coding in codings:
        system = fhir_json(client.get(urlsplit(coding["system"]).path))
        concept = {c["code"]: c for c in system["concept"]}[coding["code"]]
        assert concept["display"] == coding["display"]
        assert system["version"] == coding["version"]


# --- errors ----------------------------------------------------------------------------------


def test_unknown_paths_and_methods_are_operation_outcomes(client):
    assert outcome(client.get("/fhir/Patient"), 404)["code"] == "not-found"
    response = client.post("/fhir/metadata")
    assert outcome(response, 405)["code"] == "not-supported"
    assert "GET" in response.headers["Allow"]


@pytest.mark.parametrize(
    ("params", "headers"),
    [
        ({"_format": "xml"}, {}),
        ({"_format": "application/fhir+xml"}, {}),
        ({}, {"Accept": "application/fhir+xml"}),
    ],
)
def test_only_json_is_offered(client, params, headers):
    response = client.get("/fhir/metadata", query_string=params, headers=headers)
    assert outcome(response, 406)["code"] == "not-supported"


@pytest.mark.parametrize(
    ("params", "headers"),
    [
        ({"_format": "json"}, {}),
        ({"_format": "application/fhir+json"}, {}),
        ({}, {"Accept": "application/fhir+json"}),
        ({}, {"Accept": "application/json"}),
        ({}, {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}),
    ],
)
def test_json_in_its_forms_is_accepted(client, params, headers):
    fhir_json(client.get("/fhir/metadata", query_string=params, headers=headers))


def test_pretty_printing(client):
    assert "\n  " in client.get("/fhir/metadata?_pretty=true").get_data(as_text=True)
    assert "\n" not in client.get("/fhir/metadata").get_data(as_text=True)


def test_rate_limit_is_an_operation_outcome_with_retry_after(make_app):
    limited = make_app({"RATELIMIT_ENABLED": True, "API_RATE_LIMIT": "2 per minute"}).test_client()
    for _ in range(2):
        assert limited.get("/fhir/metadata").status_code == 200
    response = limited.get("/fhir/CodeSystem/tier")
    assert outcome(response, 429)["code"] == "throttled"
    assert int(response.headers["Retry-After"]) > 0


def test_a_database_away_is_503_with_retry_after(client, jan, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from register.lookup import services

    def away(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))

    monkeypatch.setattr(services, "get_registration", away)
    response = client.get(f"/fhir/Practitioner/{jan.number}")
    issue = outcome(response, 503)
    assert issue["code"] == "transient" and issue["severity"] == "fatal"
    assert response.headers["Retry-After"] == "10"


def test_an_unexpected_error_is_a_500_operation_outcome(client, jan, monkeypatch):
    from register.fhir import resources

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(resources, "practitioner", broken)
    issue = outcome(client.get(f"/fhir/Practitioner/{jan.number}"), 500)
    assert issue["code"] == "exception" and "a bug" not in issue["details"]["text"]


# --- only what the public lookup shows -------------------------------------------------------


def test_no_answer_carries_what_the_public_lookup_does_not_show(client, db, policies, make_user):
    from register.models.accounts import Role

    user = make_user(Role.APPLICANT, email="zeer.geheim@example.nl")
    reg = add_registration(
        policies,
        given="Ilse",
        surname="Oosterhuis",
        user=user,
        work_region="Verborgen-Regio",
        show_work_region=False,
    )
    suspend(policies, reg, "VERTROUWELIJK-klacht", "investigation")
    answers = [
        client.get(f"/fhir/Practitioner/{reg.number}"),
        client.get("/fhir/Practitioner?name=oosterhuis"),
        client.get(f"/fhir/Practitioner?identifier={reg.number}"),
        client.get("/fhir/Organization"),
    ]
    for response in answers:
        text = fhir_json(response) and response.get_data(as_text=True)
        for secret in ("zeer.geheim", "Verborgen-Regio", "VERTROUWELIJK"):
            assert secret not in text
