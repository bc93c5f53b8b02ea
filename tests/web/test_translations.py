"""Every text in the interface has a Dutch translation, and the fragments agree."""

from register.catalogues.__main__ import merged, missing


def test_every_source_text_has_a_dutch_translation():
    assert missing() == []


def test_fragments_do_not_contradict_each_other():
    _catalog, conflicts = merged()
    assert conflicts == []
