"""The sources check (register.sources): each quote against its source, the report, and the
command. Runs on documents made up here, so `make test` never reads ../shared/seeds; the
real documents are checked by `make sources-check`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from register.policy.sources import SOURCES, Correction, Quote
from register.sources import __main__ as command
from register.sources import check
from register.sources.matching import SourceText

# never touches the test database: runs once, in the SQLite run (marker "no_database")
pytestmark = pytest.mark.no_database

POLICIES = Path(__file__).resolve().parents[2] / "policies"

LEERPLAN = """\
Niveau 2: ondersteunend ervaringsdeskundige
De ervaringsdeskundige niveau 2 zet eigen ervaringen in directe
cliëntencontacten in. Hij doet dit bij voorkeur onder regie
van een ervaringsdeskundige op niveau 5 of hoger.
De student ondersteunt in praktische zin bij de dagelijkste
invulling van herstelondersteuning binnen het team.
"""


@pytest.fixture(scope="module")
def texts() -> dict[str, SourceText]:
    return {
        "001": SourceText(LEERPLAN),
        "000": SourceText("1. Supports the individual recovery process of clients\n"),
    }


def _quote(nl: str, location: str, source: str = "001", en: str = "(English)", **kw) -> Quote:
    return Quote(nl=nl, en=en, source=source, location=location, **kw)


def test_a_quote_in_its_lines_passes(texts):
    quote = _quote("Hij doet dit bij voorkeur onder regie van een ervaringsdeskundige", "l.3–4")
    assert check.check_quote(quote, texts) is None


def test_an_english_source_is_checked_on_the_english_text(texts):
    quote = Quote(
        nl="Ondersteunt het individuele herstelproces van cliënten",
        en="Supports the individual recovery process of clients",
        source="000",
        location="l.1",
    )
    assert quote.verbatim == quote.en
    assert check.check_quote(quote, texts) is None


def test_a_paraphrase_fails_with_the_nearest_passage(texts):
    quote = _quote("Hij werkt onder regie van een ervaringsdeskundige op niveau 5", "l.3–4")
    message = check.check_quote(quote, texts)
    assert message.startswith("not found in 001 (l.3–4)")
    assert "at l.3" in message and "bij voorkeur onder regie" in message


def test_a_quote_outside_its_stated_lines_fails(texts):
    quote = _quote("De ervaringsdeskundige niveau 2 zet eigen ervaringen in", "l.5–6")
    assert check.check_quote(quote, texts) == "found in 001 at l.2, not at the stated l.5–6"


def test_a_location_without_lines_is_not_held_to_lines(texts):
    quote = _quote("De ervaringsdeskundige niveau 2 zet eigen ervaringen in", "§2.3.4")
    assert check.check_quote(quote, texts) is None


def test_a_recorded_correction_is_undone_before_looking(texts):
    corrected = "De student ondersteunt in praktische zin bij de dagelijkse invulling"
    assert check.check_quote(_quote(corrected, "l.5–6"), texts).startswith("not found")
    quote = _quote(
        corrected,
        "l.5–6",
        corrections=(Correction(written="dagelijkste", reads="dagelijkse", reason="typing"),),
    )
    assert quote.as_written().endswith("bij de dagelijkste invulling")
    assert check.check_quote(quote, texts) is None


def test_a_correction_must_be_in_the_text():
    with pytest.raises(ValueError, match="correction 'dagelijks' is not in the text"):
        _quote(
            "De student",
            "l.5",
            corrections=({"written": "x", "reads": "dagelijks", "reason": "y"},),
        )


def test_a_quote_must_say_where_it_stands():
    with pytest.raises(ValueError, match="does not say where it stands"):
        _quote("De student", " ")


def test_an_unknown_source_is_refused():
    with pytest.raises(ValueError, match="source"):
        _quote("De student", "l.1", source="009")


def _seeds(tmp_path: Path, text: str = "Niets van dit alles.\n") -> Path:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for source in SOURCES.values():
        (seeds / f"{source.file_prefix}0123abcd.txt").write_text(text, encoding="utf-8")
    return seeds


def test_load_sources_reads_each_document(tmp_path):
    texts = check.load_sources(_seeds(tmp_path))
    assert set(texts) == set(SOURCES)


def test_load_sources_names_a_missing_document(tmp_path):
    seeds = _seeds(tmp_path)
    (seeds / "003_0123abcd.txt").unlink()
    with pytest.raises(check.SourcesMissing, match="no file 003_"):
        check.load_sources(seeds)


def test_every_quote_of_the_policies_is_checked(tmp_path):
    report = check.check_policies(POLICIES, _seeds(tmp_path))
    assert not report.ok
    assert report.checked == len(report.problems) > 250
    assert report.files >= 6
    keys = {(p.file, p.key) for p in report.problems}
    assert ("framework.yaml", "outcomes.KT1-3.texts.L3") in keys
    assert ("framework.yaml", "competences.C1.indicators.6") in keys


def test_the_command_reports_each_problem_and_fails(tmp_path, capsys):
    status = command.main(["check", "--seeds", str(_seeds(tmp_path)), "--policies", str(POLICIES)])
    out = capsys.readouterr().out.splitlines()
    assert status == 1
    assert any(
        line.startswith("framework.yaml: outcomes.PPO-1.texts.L2: not found") for line in out
    )
    assert out[-1].startswith("sources check: ") and out[-1].endswith("not found as quoted")


def test_the_command_passes_when_every_quote_stands(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(check, "check_quote", lambda quote, texts: None)
    status = command.main(["check", "--seeds", str(_seeds(tmp_path)), "--policies", str(POLICIES)])
    assert status == 0
    assert capsys.readouterr().out.strip().endswith("all found")


def test_the_command_refuses_missing_folders(tmp_path, capsys):
    assert command.main(["check", "--seeds", str(tmp_path / "nowhere")]) == 2
    seeds = _seeds(tmp_path)
    (seeds / "000_0123abcd.txt").unlink()
    assert command.main(["check", "--seeds", str(seeds), "--policies", str(POLICIES)]) == 2
    assert "no file 000_" in capsys.readouterr().err


def test_the_command_refuses_a_broken_policy(tmp_path, capsys):
    policies = tmp_path / "policies"
    shutil.copytree(POLICIES, policies)
    (policies / "tiers.yaml").write_text("version: ''\n", encoding="utf-8")
    assert (
        command.main(["check", "--seeds", str(_seeds(tmp_path)), "--policies", str(policies)]) == 2
    )
    assert "tiers.yaml" in capsys.readouterr().err
