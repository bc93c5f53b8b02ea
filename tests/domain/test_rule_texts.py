"""The rule-text registry covers every rule the code can report, and every text can be
filled in with the facts its rule gives (pure: the texts as message ids)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from register.domain.rule_texts import RULE_TEXTS
from register.domain.trace import RuleOutcome
from tests.trace_support import sample_results

REGISTER = Path(__file__).resolve().parents[2] / "register"
#: the calls that create a rule result with a literal rule id as first argument
RESULT_MAKERS = {"RuleResult", "passed_if", "_present", "_requirement"}
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _rule_ids_in_code() -> dict[str, str]:
    """Every rule id written in the code, with the file it is in."""
    found = {}
    for path in REGISTER.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            first = node.args[0]
            if name in RESULT_MAKERS and isinstance(first, ast.Constant):
                found[first.value] = str(path.relative_to(REGISTER))
    return found


def test_every_rule_the_code_reports_has_texts_and_no_text_is_stale():
    in_code = _rule_ids_in_code()
    assert len(in_code) > 25  # the walk found the rules
    missing = {rule: where for rule, where in in_code.items() if rule not in RULE_TEXTS}
    assert missing == {}, "add these rules to register/domain/rule_texts.py"
    assert set(RULE_TEXTS) - set(in_code) == set(), "texts for rules nothing reports"


def test_the_samples_reach_every_rule_and_outcome_the_domain_gives():
    reached = {r.rule for r in sample_results()}
    assert reached == set(_rule_ids_in_code()) - {"personal.details"}  # a service's rule
    assert {r.outcome for r in sample_results()} == set(RuleOutcome)


def test_every_text_names_only_facts_its_rule_gives():
    checked = 0
    for result in sample_results():
        texts = RULE_TEXTS[result.rule]
        sentences = [texts.title, texts.detail_for(result.outcome)]
        sentences += [text for key, text in texts.notes if key in result.facts]
        if result.outcome is RuleOutcome.FAILED:
            sentences.append(texts.advice)
        for text in filter(None, sentences):
            assert set(PLACEHOLDER.findall(text)) <= set(result.facts), (result.rule, text)
            assert text % dict.fromkeys(result.facts, "x")
            checked += 1
    assert checked > 60
