"""One table of labels: every enum of the domain and the models has words for every member
in Dutch and English (or is listed as not labelled, with the reason), ``label`` refuses
what it cannot name, and no template repeats the table in an if/elif chain."""

from __future__ import annotations

import enum
import importlib
import pkgutil
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale

import register.domain
import register.models
from register import labels
from register.domain.lifecycle import ApplicationState, RegistrationStatus
from register.domain.trace import RuleOutcome
from register.labels import LABELS, NOT_LABELLED, POLICY_NAMED, VARIANTS, choices, label
from register.models.applications import MessageKind, Route

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "register" / "translations" / "nl" / "LC_MESSAGES" / "messages.po"


def _enums() -> set[type[enum.Enum]]:
    """Every enum defined in a module of ``register.domain`` or ``register.models``."""
    found = set()
    for package in (register.domain, register.models):
        for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            module = importlib.import_module(info.name)
            found |= {
                value
                for value in vars(module).values()
                if isinstance(value, type)
                and issubclass(value, enum.Enum)
                and value.__module__ == module.__name__
            }
    return found


@pytest.fixture
def in_request(app):
    with app.test_request_context():
        yield


@pytest.fixture(scope="module")
def dutch():
    with CATALOGUE.open("rb") as fh:
        return read_po(fh, locale="nl")


def test_every_enum_is_labelled_or_says_why_not():
    enums = _enums()
    assert len(enums) > 15  # the walk found them
    kinds = [set(LABELS), set(POLICY_NAMED), set(NOT_LABELLED)]
    unaccounted = {e.__name__ for e in enums if not any(e in kind for kind in kinds)}
    assert unaccounted == set(), "give these enums labels in register/labels.py"
    assert all(not (a & b) for a, b in [(kinds[0], kinds[1]), (kinds[0], kinds[2])])


def test_every_member_has_a_label_in_both_languages(in_request, dutch):
    problems = []
    tables = [(cls, None, table) for cls, table in LABELS.items()]
    tables += [(cls, variant, table) for (cls, variant), table in VARIANTS.items()]
    for cls, variant, table in tables:
        missing = set(cls) - set(table) if variant is None else set(table) - set(cls)
        problems += [f"{cls.__name__}.{m.name}: no label" for m in missing]
        for member in table:
            with force_locale("en"):
                english = label(member, variant)
            entry = dutch.get(english)
            if not english or entry is None or not entry.string or entry.fuzzy:
                problems.append(
                    f"{cls.__name__}.{member.name} ({variant}): no Dutch for {english!r}"
                )
                continue
            with force_locale("nl"):
                assert label(member, variant) == entry.string
    assert problems == []


def test_policy_named_enums_have_names_in_both_languages(in_request, policies):
    for cls in POLICY_NAMED:
        for member in cls:
            for language in ("nl", "en"):
                with force_locale(language):
                    assert label(member), (member, language)
    with force_locale("nl"):
        assert label(RegistrationStatus.SUSPENDED) == "Geschorst"
    with force_locale("en"):
        assert label(RegistrationStatus.SUSPENDED) == "Suspended"


def test_variants_fall_back_to_the_common_words(in_request):
    with force_locale("en"):
        assert label(MessageKind.ANSWER) == "Answer from the applicant"
        assert label(MessageKind.ANSWER, "applicant") == "Your answer"
        assert label(MessageKind.DECISION, "applicant") == "Decision"
        assert label(RuleOutcome.MISSING, "self_check") == "You did not tell us"


def test_label_refuses_what_it_cannot_name(in_request):
    assert label(None) == ""
    with pytest.raises(TypeError):
        label("draft")
    with pytest.raises(KeyError):
        label(ApplicationState.DRAFT, "no-such-variant")


def test_form_choices_are_translated_when_shown(in_request):
    options = choices(Route)
    assert [option.value for option in options] == ["diploma", "transitional"]
    with force_locale("nl"):
        assert str(options[1].label) == label(Route.TRANSITIONAL) != "Transitional route"


def test_tier_and_category_names_come_from_the_policies(in_request, policies):
    with force_locale("en"):
        assert labels.tier_name(2) == f"Tier 2: {policies.tiers.get(2).name.en}"
        assert labels.tier_name(None) == "—"
        assert labels.suspension_category_name("") == ""


#: a branch of an if/elif chain on a value whose body is a translated text
BRANCH = re.compile(r"\{%-? (?:el)?if [\w.]+ == ['\"](\w+)['\"] -?%\}\s*\{\{ _\(\"([^\"]+)\"")


def test_no_template_repeats_a_label_table(in_request):
    with force_locale("en"):
        words = {(m.value, label(m)) for table in LABELS.values() for m in table}
    repeated = []
    for path in (ROOT / "templates").rglob("*"):
        if path.suffix in (".html", ".txt"):
            found = set(BRANCH.findall(path.read_text()))
            repeated += [f"{path.relative_to(ROOT)}: {v} {t!r}" for v, t in found & words]
    assert repeated == [], "use {{ value|label }}"


def test_every_policy_file_has_a_name_in_both_languages(in_request):
    """A decision lists the policies it was made under by name, never by their key."""
    from register.labels import POLICY_NAMES, policy_name
    from register.policy.loader import POLICY_FILES

    assert set(POLICY_NAMES) == set(POLICY_FILES)
    for name in POLICY_FILES:
        with force_locale("en"):
            english = policy_name(name)
        with force_locale("nl"):
            assert policy_name(name) != english, name
        assert "_" not in english
