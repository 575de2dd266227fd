"""The taxonomy loader refuses broken files with messages that say where."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.taxonomy import TaxonomyError, load_taxonomy

BASE = """
version: "t"
sectors:
  - {id: aa, name: A, framework: F, doc_types: [kwaliteitsbeeld]}
bouwstenen:
  - {id: aa-b1, sector: aa, name: Een}
elements: []
facets:
  - {id: tellen, name: Tellen}
"""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (BASE.replace("elements: []", "elements:\n  - {id: aa-b1, sector: aa, name: Dubbel}"), "occurs twice"),
        (BASE.replace("sector: aa, name: Een", "sector: qq, name: Een"), "unknown sector 'qq'"),
        ("version: [unclosed", "not valid YAML"),
        ("- just a list", "must be a mapping"),
        (BASE.replace("id: aa-b1", "id: AA B1"), "bouwstenen.0.id"),
    ],
    ids=["duplicate-id", "unknown-sector", "bad-yaml", "not-a-mapping", "bad-id"],
)
def test_invalid_taxonomy_is_refused_with_a_clear_message(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "taxonomy.yaml"
    path.write_text(text)
    with pytest.raises(TaxonomyError, match=message):
        load_taxonomy(path)


def test_added_sector_appears_in_label_sets(tmp_path: Path) -> None:
    path = tmp_path / "taxonomy.yaml"
    path.write_text(BASE)
    taxonomy = load_taxonomy(path)
    assert taxonomy.sector_ids() == ["aa"]
    assert [lb.id for lb in taxonomy.labels_for("aa")] == ["aa-b1", "tellen"]


def test_bundled_taxonomy_has_the_public_ids() -> None:
    taxonomy = load_taxonomy()
    assert [b.id for b in taxonomy.bouwstenen_for("vvt")] == [f"vvt-b{i}" for i in range(1, 6)]
    assert [b.id for b in taxonomy.bouwstenen_for("ghz")] == [f"ghz-b{i}" for i in range(1, 5)]
    assert len(taxonomy.hash) == 16
