"""Ground-truth corpus: Dutch reports with exactly known text (via kb.docmaker) and bad inputs.

`report_spec(pages, seed)` builds a kwaliteitsbeeld of roughly `pages` pages with
headings on three levels, paragraphs with long compound words (hyphenated at line
ends), bullet lists, a table and a quote, plus a running header/footer and page
numbers. The bad-input makers produce what the extractor must survive.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence

from kb.docmaker import Block, DocSpec, words_of

SUBJECTS = (
    "De cliëntenraad",
    "Het zorgteam",
    "Onze medewerkers",
    "De specialist ouderengeneeskunde",
    "Het managementteam",
    "De verpleegkundige",
    "Iedere bewoner",
    "De ondernemingsraad",
    "Het kwaliteitsteam",
    "De familie van bewoners",
)
VERBS = (
    "bespreekt",
    "evalueert",
    "verbetert",
    "onderzoekt",
    "waardeert",
    "ondersteunt",
    "beschrijft",
    "versterkt",
)
OBJECTS = (
    "de persoonsgerichte zorgverlening op de afdeling",
    "het kwaliteitsverbeterplan van de locatie",
    "de medicatieveiligheid en de valincidenten",
    "de samenwerking met huisartsen en wijkverpleegkundigen",
    "het leefplezier en de dagbesteding van bewoners",
    "de uitkomsten van het cliëntervaringsonderzoek",
    "de deskundigheidsbevordering van zorgmedewerkers",
    "de vrijheidsbeperkende maatregelen in de huiskamers",
    "de hygiënemaatregelen en infectiepreventie",
    "de personeelssamenstelling in avond- en nachtdiensten",
)
TAILS = (
    "in het afgelopen verslagjaar",
    "samen met het lerend netwerk",
    "tijdens de maandelijkse kwaliteitsbijeenkomsten",
    "op basis van de resultaten van 2023",
    "met aandacht voor zingeving en welbevinden",
    "volgens de afspraken in het kwaliteitskader verpleeghuiszorg",
)
HEADINGS = (
    "Persoonsgerichte zorg en ondersteuning",
    "Wonen en welzijn",
    "Veiligheid",
    "Leren en werken aan kwaliteit",
    "Leiderschap, governance en management",
    "Personeelssamenstelling",
    "Gebruik van hulpbronnen",
    "Gebruik van informatie",
    "Cliëntervaringen",
    "Verbeterplannen voor het komende jaar",
)
HEADER = "Kwaliteitsbeeld 2023 Stichting Zorggroep De Linde"
FOOTER = "Stichting Zorggroep De Linde, Lindelaan 12, Utrecht"


def sentence(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}."


def paragraph(rng: random.Random, low: int = 3, high: int = 9) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(low, high)))


def _section(rng: random.Random, n: int) -> list[Block]:
    blocks = [Block("heading", f"{n}. {HEADINGS[n % len(HEADINGS)]}", level=1)]
    blocks += [Block("paragraph", paragraph(rng)) for _ in range(rng.randint(1, 3))]
    blocks.append(Block("heading", f"{n}.1 Wat hebben we gedaan", level=2))
    blocks.append(Block("paragraph", paragraph(rng)))
    if n % 3 == 0:
        blocks.append(Block("bullets", items=tuple(sentence(rng) for _ in range(3))))
    if n % 4 == 1:
        rows = (("Locatie", "Cliënten", "Rapportcijfer"),) + tuple(
            (f"Locatie {name}", str(rng.randint(20, 90)), f"{rng.randint(70, 95) / 10:.1f}".replace(".", ","))
            for name in ("De Linde", "Het Anker", "Zonnehof")
        )
        blocks.append(Block("table", rows=rows))
    if n % 5 == 2:
        blocks.append(Block("quote", "Ik voel me hier thuis en de medewerkers nemen echt de tijd voor mij."))
    blocks.append(Block("heading", f"{n}.2 Wat gaan we doen", level=2))
    blocks.append(Block("paragraph", paragraph(rng)))
    return blocks


def report_spec(pages: int, seed: int = 1, columns: int = 1, hyphenate: bool = True, **kw: object) -> DocSpec:
    """A kwaliteitsbeeld of about `pages` pages (about 380 words per page) with known text."""
    rng = random.Random(seed)
    blocks: list[Block] = []
    target = pages * 380
    n = 1
    while sum(len(words_of(b.text)) + sum(len(words_of(i)) for i in b.items) for b in blocks) < target:
        blocks += _section(rng, n)
        n += 1
    return DocSpec(
        title="Kwaliteitsbeeld 2023 Zorggroep De Linde",
        blocks=tuple(blocks),
        running_header=HEADER,
        running_footer=FOOTER,
        columns=columns,
        hyphenate=hyphenate,
        author="Stichting Zorggroep De Linde",
        **kw,  # type: ignore[arg-type]
    )


def word_f1(truth: Sequence[str], text: str) -> tuple[float, float, float]:
    """(precision, recall, F1) of the word multiset of `text` against the true body words."""
    want, got = Counter(truth), Counter(words_of(text))
    hit = sum((want & got).values())
    precision = hit / max(1, sum(got.values()))
    recall = hit / max(1, sum(want.values()))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def chrome_share(text: str) -> float:
    """Share of tokens of `text` that are running header/footer or page-number residue.

    Marker words occur only in the running lines ("Stichting" in the header,
    "Lindelaan" in the footer, "Pagina" in the page number); each occurrence is
    counted as the whole line's tokens.
    """
    counts = Counter(words_of(text))
    residue = (
        counts["Stichting"] * len(words_of(HEADER))
        + counts["Lindelaan"] * len(words_of(FOOTER))
        + counts["Pagina"] * len(words_of("Pagina 1 van 9"))
    )
    return residue / max(1, sum(counts.values()))


# --------------------------------------------------------------------------- bad inputs


def encrypted_pdf() -> bytes:
    import io

    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    c = Canvas(buf, encrypt="secret")
    c.drawString(72, 720, "Vertrouwelijk kwaliteitsbeeld")
    c.showPage()
    c.save()
    return buf.getvalue()


def zero_page_pdf() -> bytes:
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    out = b"%PDF-1.4\n"
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def blank_pages_pdf(pages: int) -> bytes:
    import io

    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    c = Canvas(buf)
    for _ in range(pages):
        c.showPage()
    c.save()
    return buf.getvalue()


def junk_bytes(size: int = 200_000, seed: int = 7) -> bytes:
    return random.Random(seed).randbytes(size)


def one_paragraph_html(megabytes: int) -> bytes:
    word = "zorg "
    return (
        b"<html><body><p>" + (word * (megabytes * 1024 * 1024 // len(word))).encode() + b"</p></body></html>"
    )
