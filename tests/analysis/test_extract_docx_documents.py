"""Word documents as organisations write them: house heading styles, bold lines, content controls,
generated and typed contents lists, tracked changes and nested tables (built with python-docx)."""

from __future__ import annotations

import io
from typing import Any

import pytest

from analysis.extract import ExtractOptions, extract_document
from kb.models import Extraction, ExtractionStatus

NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
A = "De cliëntenraad bespreekt het kwaliteitsverbeterplan van de locatie in het afgelopen verslagjaar."
B = "Onze medewerkers evalueren de persoonsgerichte zorgverlening op de afdeling met het lerend netwerk."


def _document() -> Any:
    import docx

    document = docx.Document()
    document.add_heading("Kwaliteitsbeeld 2023", 0)
    return document


def _extract(document: Any) -> Extraction:
    buf = io.BytesIO()
    document.save(buf)
    ext = extract_document(buf.getvalue(), None, ExtractOptions())
    assert ext.status == ExtractionStatus.OK, ext.error
    return ext


def _path_of(ext: Extraction, words: str) -> tuple[str, ...]:
    return next(p.heading_path for p in ext.passages if words in p.text)


def _xml(body: str) -> Any:
    from docx.oxml import parse_xml

    return parse_xml(body)


def test_house_style_with_an_outline_level_is_a_heading() -> None:
    document = _document()
    style = document.styles.add_style("Hoofdstuktitel", 1)
    style.font.size = 16 * 12700
    style.element.get_or_add_pPr().append(_xml(f'<w:outlineLvl {NS} w:val="0"/>'))
    document.add_paragraph("2. Bouwsteen 3 – Het werk organiseren", style=style)
    document.add_paragraph(A)
    ext = _extract(document)
    assert (2, "2. Bouwsteen 3 – Het werk organiseren", None) in ext.headings
    assert _path_of(ext, A) == ("Kwaliteitsbeeld 2023", "2. Bouwsteen 3 – Het werk organiseren")


def test_bold_line_in_normal_style_is_a_heading_below_the_last_heading() -> None:
    document = _document()
    document.add_heading("Wonen en welzijn", 1)
    document.add_paragraph(A)
    document.add_paragraph().add_run("Wat hebben we gedaan").bold = True
    document.add_paragraph(B)
    document.add_paragraph().add_run("Dit is een vetgedrukte zin.").bold = True
    ext = _extract(document)
    assert _path_of(ext, B) == ("Kwaliteitsbeeld 2023", "Wonen en welzijn", "Wat hebben we gedaan")
    assert "Dit is een vetgedrukte zin." not in [h for _, h, _ in ext.headings]


def test_text_in_content_controls_and_tracked_insertions_is_read() -> None:
    document = _document()
    body = document.element.body
    body.insert(
        len(body) - 1,
        _xml(f"<w:sdt {NS}><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>{A}</w:t></w:r></w:p></w:sdtContent></w:sdt>"),
    )
    paragraph = document.add_paragraph("Onze medewerkers ")
    paragraph._p.append(_xml(f'<w:ins {NS} w:id="1" w:author="x"><w:r><w:t>evalueren de zorg</w:t></w:r></w:ins>'))
    paragraph._p.append(_xml(f'<w:del {NS} w:id="2" w:author="x"><w:r><w:delText>schrappen</w:delText></w:r></w:del>'))
    paragraph.add_run(" met het lerend netwerk.")
    ext = _extract(document)
    assert A in ext.text
    assert "Onze medewerkers evalueren de zorg met het lerend netwerk." in ext.text
    assert "schrappen" not in ext.text


@pytest.mark.parametrize("generated", [True, False], ids=["toc-styles", "typed-by-hand"])
def test_contents_list_is_not_body_text(generated: bool) -> None:
    document = _document()
    document.add_paragraph("Inhoudsopgave")
    style = document.styles.add_style("toc 1", 1) if generated else None
    for entry in ("1. Inleiding\t3", "2. Bouwsteen 3 – Het werk organiseren\t5", "3. Verbeterplannen\t8"):
        document.add_paragraph(entry, style=style)
    document.add_heading("1. Inleiding", 1)
    document.add_paragraph(A)
    ext = _extract(document)
    assert ext.text == f"Kwaliteitsbeeld 2023\n\n1. Inleiding\n\n{A}"


def test_nested_table_text_is_kept() -> None:
    document = _document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Locatie", "Score"
    inner = table.cell(1, 0).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "De Linde", "Het Anker"
    table.cell(1, 1).text = "8,2"
    ext = _extract(document)
    assert "Locatie | Score\nDe Linde Het Anker | 8,2" in ext.text


BOX_NS = (
    f'{NS} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def _box_run(paragraphs: list[str], bold_first: bool = False) -> Any:
    """A run holding a text box as Word writes it: a DrawingML shape with a VML copy in mc:Fallback."""
    def para(n: int, text: str) -> str:
        props = "<w:rPr><w:b/></w:rPr>" if bold_first and n == 0 else ""
        return f"<w:p><w:r>{props}<w:t>{text}</w:t></w:r></w:p>"

    content = "<w:txbxContent>" + "".join(para(n, t) for n, t in enumerate(paragraphs)) + "</w:txbxContent>"
    return _xml(
        f'<w:r {BOX_NS}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx>{content}'
        f"</wps:txbx></wps:wsp></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{content}"
        "</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )


def test_text_box_is_read_once_after_its_anchor_and_its_bold_line_is_no_heading() -> None:
    figures = "In 2023 beveelt 92 procent van de cliënten onze zorg aan; de NPS is 41."
    document = _document()
    document.add_heading("Ervaringen van cliënten", 1)
    anchor = document.add_paragraph(A)
    anchor._p.append(_box_run(["Kerncijfers", figures], bold_first=True))
    document.add_paragraph(B)
    ext = _extract(document)
    assert ext.text.count(figures) == 1
    assert ext.text.index(A) < ext.text.index(figures) < ext.text.index(B)
    assert "Kerncijfers" not in [h for _, h, _ in ext.headings]
    assert _path_of(ext, B) == ("Kwaliteitsbeeld 2023", "Ervaringen van cliënten")


def test_a_paragraph_that_only_anchors_a_text_box_gives_the_box_text() -> None:
    document = _document()
    document.add_paragraph()._p.append(_box_run([A]))
    assert A in _extract(document).text


def test_a_text_box_in_a_table_cell_is_read_once() -> None:
    document = _document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).paragraphs[0].add_run("Cliëntervaring")
    table.cell(0, 1).paragraphs[0]._p.append(_box_run(["NPS 41 in 2023"]))
    ext = _extract(document)
    assert ext.text.count("NPS 41 in 2023") == 1


def test_a_style_is_looked_up_once_per_document_not_once_per_paragraph(monkeypatch: pytest.MonkeyPatch) -> None:
    """python-docx searches the styles part on every `paragraph.style`; a 100-page report took ~1 s."""
    from docx.styles.styles import Styles

    document = _document()
    for n in range(60):
        document.add_heading(f"Hoofdstuk {n}", 1)
        document.add_paragraph(A)
        document.add_paragraph(B, style="List Bullet")
    buf = io.BytesIO()
    document.save(buf)
    lookups = []
    found = Styles.get_by_id
    monkeypatch.setattr(Styles, "get_by_id", lambda self, *a: lookups.append(a) or found(self, *a))
    ext = extract_document(buf.getvalue(), None, ExtractOptions())
    assert ext.status == ExtractionStatus.OK and len(ext.headings) == 61
    assert len(lookups) <= 4 * 3  # four styles (Title, Heading 1, Normal, List Bullet), a few facts each


def test_facts_of_a_shared_style_stay_per_paragraph() -> None:
    """A bold house style: its short line is a heading, its sentence and its long line are text; a
    paragraph's own outline level still wins over the style's."""
    document = _document()
    style = document.styles.add_style("Tussenkop Vet", 1)
    style.font.bold = True
    document.add_heading("Wonen en welzijn", 1)
    document.add_paragraph("Wat vinden bewoners", style=style)
    document.add_paragraph(A)
    document.add_paragraph("Dit is een vetgedrukte zin.", style=style)
    own = document.add_paragraph("Bouwsteen 4 Leren", style=style)
    own._p.get_or_add_pPr().append(_xml(f'<w:outlineLvl {NS} w:val="0"/>'))
    document.add_paragraph(B)
    ext = _extract(document)
    headings = [h for _, h, _ in ext.headings]
    assert "Wat vinden bewoners" in headings and "Dit is een vetgedrukte zin." not in headings
    assert _path_of(ext, A) == ("Kwaliteitsbeeld 2023", "Wonen en welzijn", "Wat vinden bewoners")
    assert _path_of(ext, B) == ("Kwaliteitsbeeld 2023", "Bouwsteen 4 Leren")
