"""Reported client-experience figures: read, never invented.

`find_figures` scans passages sentence by sentence for the results of the
mandatory client-experience measurement (NPS and PREM for wijkverpleging, the
totaalscore for verpleeghuiszorg, the instrument a GHZ organisation used and its
outcome) and returns rows of the `figures` table of cli.md.

How a sentence is read:

1. Every number is a token. Tokens that are not measurement results are marked
   as such from their surroundings: years, dates, phone numbers, ranges ("1 tot 4"),
   counts ("240 cliënten", "6 vragen"), money, fte, page and chapter references,
   respondents ("n=312"), deltas ("12 punten gestegen"), proportions ("8 van de 10
   cliënten"), targets ("een NPS van minimaal 50"), benchmarks ("het landelijk
   gemiddelde van 39").
2. Every measure name is a keyword (NPS, totaalscore, PREM, an instrument,
   "aanbevelen", "tevreden", a grade word like "rapportcijfer" or "gemiddeld").
   Staff measurements (eNPS, MTO, verzuim) are keywords too, so that their
   numbers are never given to a client measure.
3. A number goes to the nearest keyword before it that takes its kind (a score
   out of 10 needs a decimal or "/10"; an NPS is a whole number in -100..100; a
   percentage goes to the nearest "aanbevelen" or "tevreden" in its clause). A
   grade word stands for the measure it is next to in the sentence; without one,
   a grade clients gave is a `clientervaring` without instrument.
4. Per keyword the first number is the headline; "van 31 naar 45" reports 45;
   an earlier value is reported as well when the text ties it to its own year
   ("8,2 (2023: 8,0)", table rows under a row of years).

Everything else is "not found".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass

from analysis.sections import MAX_HEADING_CHARS, is_document_title
from analysis.segment import word_count

# --------------------------------------------------------------------------- sentences

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'“(])|\n{2,}|(?<=:)\s*\n")
# a full stop after these does not end a sentence ("gem. 8,2", "t.o.v. 2023")
_ABBREVIATION = re.compile(
    r"(?:^|[\s(])(?:gem|gemid|ca|resp|nr|nrs|t\.o\.v|o\.a|bijv|bv|vs|m\.b\.t|i\.v\.m|incl|excl|p|pag|blz|mln|mld|max|min|"
    r"e\.d|e\.a|d\.w\.z|i\.p\.v|m\.u\.v|jl|vlg|tel|zgn|t\.a\.v|a\.s|ong|gem\.\s*cijfer|art|fig|par|tab)\.$",
    re.I,
)
_TOC_LEADER = re.compile(r"\.{4,}|…{2,}|(?:\.\s){4,}|_{4,}")


def split_sentences(text: str) -> list[str]:
    """Sentences (or table lines) of a passage, whitespace folded."""
    parts: list[str] = []
    for line in text.splitlines() or [text]:
        pending = ""
        for piece in SENTENCE_END.split(line):
            sentence = " ".join(piece.split())
            if not sentence:
                continue
            pending = f"{pending} {sentence}" if pending else sentence
            if not _ABBREVIATION.search(pending[-16:]):
                parts.append(pending)
                pending = ""
        if pending:
            parts.append(pending)
    return parts


# --------------------------------------------------------------------------- keywords

INSTRUMENTS: tuple[tuple[str, str], ...] = (
    (r"dit\s+vind\s+ik\s+ervan!?|\bDVIE\b", "Dit Vind Ik Ervan!"),
    (r"mijn\s+leven(?:\s+in\s+beeld)?", "Mijn Leven"),
    (r"ervaringen\s+meten", "Ervaringen Meten"),
    (r"zorgkaart\s?nederland|zorgkaart|\bZKN\b", "ZorgkaartNederland"),
    (r"cq[-\s]?index", "CQ-index"),
    (r"wat\s+vind\s+jij\??", "Wat vind jij?"),
    (r"quality\s+of\s+life|\bqol\b", "Quality of Life"),
    (r"vraag\s+het\s+de\s+cli[eë]nt", "Vraag het de cliënt"),
    (r"kwaliteitsmonitor", "Kwaliteitsmonitor"),
    (r"ervaringswijzer", "Ervaringswijzer"),
    (r"personal\s+outcomes?\s+scale|\bPOS\b", "Personal Outcomes Scale"),
    (r"klant(?:en)?tevredenheidsonderzoek|klantwaarderingsonderzoek|\bKTO\b", "Klanttevredenheidsonderzoek"),
    (r"prem(?:\s+wijkverpleging)?", "PREM wijkverpleging"),
    (
        r"(?:cli[eë]nt(?:en)?)?ervaringsonderzoek\w*|cli[eë]nt(?:en)?ervarings?(?:meting|instrument)\w*|cli[eë]nt(?:en)?tevredenheidsonderzoek\w*"
        r"|cli[eë]nt(?:en)?raadpleging\w*|\bCEO\b|\bCTO\b",
        "Cliëntervaringsonderzoek",
    ),
)

_NPS = re.compile(r"\bnps\b|\bnet\s+promot[eo]r(?:\s+score)?\b", re.I)
_NPS_STAFF = re.compile(r"(?:medewerkers?|werknemers?|personeels?|employee|\be)[-\s]?$", re.I)
_STAFF_AFTER = re.compile(r"^[^\d]{0,30}?\b(?:onder|van|bij|voor)\s+(?:de\s+|onze\s+|alle\s+)?(?:medewerkers|collega|personeel|werknemers)", re.I)
_TOTAAL = re.compile(r"\btotaal\s*-?\s*score\b", re.I)
_AANBEVEL = re.compile(
    r"aanbeve(?!lingen\b)|aanraad|aanraden|aan\s+te\s+raden|\bbeveel|\bbevelen\b|\braadt\b[^.;]{0,30}\baan\b|\braden\b[^.;]{0,30}\baan\b"
    r"|recommend",
    re.I,
)
_POSITIVE = re.compile(r"(?<![a-zë])(?<!niet\s)(?<!minder\s)(?<!minst\s)(?<!niet\szeer\s)(?:tevreden(?:heid)?|positief|positieve)\b", re.I)
_POSITIVE_ANSWER = re.compile(r"positie", re.I)  # "zou aanbevelen? 88% positief": the answer to the recommendation question
# a grade word stands for the measure it is next to ("gemiddeld cijfer 8,7" after "PREM")
_GRADE_WORD = re.compile(
    r"\b(?:rapport|waarderings|gemiddeld(?:e)?\s+)?cijfer|\bgemiddeld(?:e)?\b|(?<![-\w])score\b|\bwaardering\b|\bbeoordeling\b"
    r"|\bbeoordeeld\b|\bgewaardeerd\b|\bwaardeer|\bwaarderen\b|\bbeoordelen\b|\bbeoordeelt\b"
    r"|\b(?:geven|gaven|geeft|gaf|krijgen|kregen|kreeg|krijgt)\b|\bscoor\w*|\bscoren\b|\bscoort\b|\btevredenheid\b"
    r"|\baverage\b|\brated\b|\brating\b|\bscored\b",
    re.I,
)
# without a named measure, only an overall grade clients gave counts ("rapportcijfer", "gaven ons een 8,6"),
# not a grade for one aspect ("gaven het eten een 6,4")
_OVERALL_GRADE = re.compile(
    r"\b(?:rapport|waarderings)cijfer|\bgemiddeld(?:e)?\s+cijfer|\b(?:algemene\s+tevredenheid|totaaloordeel|algemeen\s+oordeel)\b"
    r"|\b(?:geven|gaven|geeft|gaf|waarderen|waardeerden|waardeert|beoordelen|beoordeelden|beoordeelt)\s+(?:[\w'-]+\s+){0,6}?"
    r"(?:ons|onze\s+(?:zorg|organisatie|ondersteuning|begeleiding|dienstverlening|wijkzorg|wijkverpleging|thuiszorg)"
    r"|de\s+(?:zorg|organisatie|ondersteuning|begeleiding|dienstverlening|wijkzorg|wijkverpleging|thuiszorg))\b",
    re.I,
)
# overall satisfaction as a percentage: "92% is (zeer) tevreden (over de zorg)", "een tevredenheid van 92%"
_OVERALL_AFTER_POSITIVE = re.compile(
    r"^\s*(?:\)\s*)?(?:(?:is|zijn|was|waren|te\s+zijn)\b\s*)?(?:(?:over|met)\s+(?:de|onze|het)\s+(?:zorg|organisatie|dienstverlening"
    r"|ondersteuning|begeleiding|wijkverpleging|thuiszorg|geboden\s+zorg)\b|van\s+\d|[.,;:)|]|\(\s*%\s*\)"
    r"|(?:cli[eë]nten|bewoners|verwanten|respondenten)\s*(?:[:|]|\(\s*%)|$)",
    re.I,
)
_CLIENT = re.compile(
    r"\bcli[eë]nt(?:en)?(?:ervaring\w*|tevredenheid\w*|oordeel|waardering\w*)?\b|\bbewoners?\b|\bverwanten\b|\bnaasten\b|\bmantelzorgers?\b|\bouders\b|\bhuurders\b|\brespondenten\b"
    r"|\bdeelnemers\b|\bpati[eë]nten\b|\bclients?\b|\bresidents?\b|\bzorgvragers?\b|\bmensen\s+(?:met|die)\b|\bfamilie\w*",
    re.I,
)
_STAFF = re.compile(
    r"\bmedewerkers?\b|\bpersoneel|\bcollega|\bwerknemers?\b|\bMTO\b|\bmedewerkers\w+|\bvrijwilliger\w*|\bstagiair|\bleerlingen\b"
    r"|\bwerkgever|\bbegeleiders\s+(?:zijn|waren|gaven|geven)\b",
    re.I,
)
# staff and workforce measures: their numbers belong to no client-experience measure
# (a passage about a staff survey: "Het rapportcijfer voor het werk is een 7,4" belongs to it)
_STAFF_SURVEY = re.compile(r"\bMTO\b|medewerkers(?:tevredenheid|onderzoek|raadpleging|enquête|peiling)\w*|medewerkers\w*meting", re.I)
_VOID = re.compile(
    r"\b(?:score|cijfer|waardering)\s+(?:op|voor)\s+(?:de\s+(?:vraag|stelling)\s+)?['‘\"“]|"  # one question's score
    r"\beNPS\b|aanbeve\w*\s+(?:\w+\s+){0,3}?als\s+werk(?:gever|plek)|\bMTO\b|medewerkers(?:tevredenheid|onderzoek|betrokkenheid)\w*|\bwerkbeleving\b|(?:zieke)?verzuim\w*|\bverloop\b"
    r"|\bbezettingsgraad\b|\bkosten\b|\bbudget\b|\bomzet\b",
    re.I,
)
_ANY_INSTRUMENT = re.compile("|".join(f"(?P<i{n}>{p})" for n, (p, _) in enumerate(INSTRUMENTS)), re.I)
# cheap tests first (most passages name no measure; a case-insensitive regex alternation is slow):
# every keyword above contains one of these stems, every instrument one of the second set
_INSTRUMENT_STEMS = (
    "zorgkaart", "zkn", "cq", "vind ik", "vind jij", "mijn leven", "ervaringen meten", "ervarings", "quality", "qol",
    "vraag het", "kwaliteitsmonitor", "pos", "outcome", "kto", "klant", "prem", "tevredenheidsonderzoek", "raadpleging",
    "ceo", "cto", "dvie", "ervaringm", "ervaringi",
)
_TRIGGER_STEMS = _INSTRUMENT_STEMS + (
    "nps", "promot", "score", "aanbe", "aanra", "bevel", "beveel", "raadt", "raden", "tevreden", "positie", "cijfer",
    "waarde", "beoorde", "oordeel", "geven", "gaven", "geeft", "gaf", "recommend", "average", "rated", "rating",
)


def _has(text: str, stems: tuple[str, ...]) -> bool:
    return any(map(text.lower().__contains__, stems))

NPS, TOTAAL, PREM, AANBEVELING, CLIENT = "nps", "totaalscore", "prem", "aanbeveling", "clientervaring"


@dataclass(frozen=True)
class _Lead:
    """The measures a sentence (or the section heading) named without reporting their result, for the next sentence:
    "We vroegen cliënten of zij ons zouden aanbevelen. Dat deed 84 procent." """

    kinds: frozenset[str]  # nps / totaalscore / prem / instrument / aanbeveling
    instrument: str | None
    year: int | None


@dataclass
class _Key:
    start: int
    end: int
    kind: str  # nps / totaalscore / prem / instrument / aanbeveling / positive / grade / void / lead
    instrument: str | None = None
    lead: _Lead | None = None


def _keywords(sentence: str, measures_only: bool = False) -> list[_Key]:
    """The keywords of a sentence in order; `measures_only`: the named measures (and staff NPS), not grade or other words."""
    keys: list[_Key] = []
    for m in _NPS.finditer(sentence):
        staff = _NPS_STAFF.search(sentence[max(0, m.start() - 12) : m.start()]) or _STAFF_AFTER.search(sentence[m.end() :])
        keys.append(_Key(m.start(), m.end(), "void" if staff else NPS))
    keys += [_Key(m.start(), m.end(), TOTAAL) for m in _TOTAAL.finditer(sentence)]
    for start, end, name in _instrument_spans(sentence):
        keys.append(_Key(start, end, PREM if name == "PREM wijkverpleging" else "instrument", name))
    keys += [_Key(m.start(), m.end(), AANBEVELING) for m in _AANBEVEL.finditer(sentence)]
    if measures_only:
        return sorted(keys, key=lambda k: (k.start, -k.end))
    keys += [_Key(m.start(), m.end(), "positive") for m in _POSITIVE.finditer(sentence)]
    keys += [_Key(m.start(), m.end(), "grade") for m in _GRADE_WORD.finditer(sentence)]
    keys += [_Key(m.start(), m.end(), "void") for m in _VOID.finditer(sentence)]
    keys.sort(key=lambda k: (k.start, -k.end))
    kept: list[_Key] = []
    for key in keys:  # an overlapping later match ("score" inside "totaalscore") yields to the first
        if kept and key.start < kept[-1].end:
            continue
        kept.append(key)
    return kept


_MEASURE_KINDS = frozenset({NPS, TOTAAL, PREM, "instrument", AANBEVELING})
_LEAD_GRADES = frozenset({TOTAAL, PREM, "instrument"})
# words that point back at a measure named before: "De uitkomst: +38.", "Dat deed 84 procent.", "Wij behaalden een 8,5."
_RESULT = re.compile(
    r"\b(?:uitkomst(?:en)?|resultaat|resultaten|score|waardering(?:scijfer)?|(?:rapport|gemiddeld(?:e)?\s+|totaal|eind)cijfer"
    r"|totaaloordeel|dat\s+deed|dat\s+deden|deed\s+dat|deden\s+dat|behaald\w*|haalden|kwam(?:en)?\s+(?:\w+\s+){0,2}?uit"
    r"|komt\s+(?:\w+\s+){0,2}?uit|uitgekomen|antwoord(?:de|den)\b|zei(?:den)?\s+ja|bedroeg|bedraagt|(?:gaven|geven|gaf|geeft)\s+(?:ons|wij|we)\b"
    r"|(?:kregen|krijgen|kreeg|krijgt)\s+(?:we|wij)|(?:we|wij)\s+(?:kregen|krijgen))\b",
    re.I,
)
# (not "gemiddeld", "scoorden" or "gaven zij": "tevreden over hun begeleiders (gemiddeld 8,4)", "Lager scoort de vraag of ...
# (6,9)" are one aspect's score)
_RESULT_STEMS = (
    "uitkomst", "resulta", "score", "cijfer", "waardering", "oordeel", "deed", "deden", "behaal", "haalden", "kwam",
    "komt", "uitgekomen", "antwoord", "zei", ":", "bedroeg", "bedraagt", "gave", "geve", "gaf", "geef", "kreg", "krijg", "kreeg",
)
_LEAD_STEMS = (
    "nps", "promot", "totaal", "aanbe", "aanra", "bevel", "beveel", "raadt", "raden", "zorgkaart", "zkn", "cq", "vind ik",
    "vind jij", "mijn leven", "ervaringen meten", "ervaringsonderzoek", "ervaringsmeting", "ervaringsinstrument",
    "tevredenheidsonderzoek", "klantwaardering", "raadpleging", "prem", "kwaliteitsmonitor", "ervaringswijzer", "dvie", "kto",
    "outcome", "quality", "qol",
)
# "de score op het thema eten", "het cijfer voor de maaltijden", "de uitkomst bij team Noord": one aspect or unit, not the measure
_ASPECT_AFTER = re.compile(r"\s+(?:op|voor|over|bij|per|van\s+(?:team|locatie|afdeling))\s+(?!basis\b|een\b|[-+]?\d)", re.I)
# a share of what: "84 procent van de teams" is no share of clients
_SHARE_OF = re.compile(r"\s*(?:%|procent|pct)\s+van\s+(?:de\s+|het\s+|onze\s+|alle\s+|deze\s+)?([\wë]+)", re.I)
_SHARE_OF_PEOPLE = re.compile(r"hen|hun|ondervraagden|respondenten|deelnemers|cli[eë]nt\w*|bewoners|verwanten|naasten|mensen|ouders|familie\w*", re.I)


def _lead_share(sentence: str, lead: _Lead, num: _Num) -> bool:
    """A percentage after "Dat deed" is the share that would recommend, when the lead asked it, of people."""
    if AANBEVELING not in lead.kinds:
        return False
    m = _SHARE_OF.match(sentence, num.end)
    return m is None or bool(_SHARE_OF_PEOPLE.fullmatch(m.group(1)))


_YEAR_LABEL = re.compile(r"^\W*20[0-3]\d\s*:")  # "Net Promoter Score" above "2024: +47"


def _lead_keys(sentence: str, keys: list[_Key], get_lead: Callable[[], _Lead | None]) -> list[_Key]:
    """The keywords plus the words that refer back to the lead's measure, for a sentence that names none of its own."""
    spans = [m.span() for m in _RESULT.finditer(sentence) if not _ASPECT_AFTER.match(sentence, m.end())]
    spans += [m.span() for m in _YEAR_LABEL.finditer(sentence)]
    if not spans or _STAFF.search(sentence):
        return keys
    lead = get_lead()
    if lead is None:
        return keys
    refs = [_Key(start, end, "lead", lead.instrument, lead) for start, end in spans]
    kept = [k for k in keys if not any(k.start < r.end and r.start < k.end for r in refs)]
    return sorted(kept + refs, key=lambda k: k.start)


def lead_in(sentence: str) -> _Lead | None:
    """The measures a sentence names (and its one year), when it is about clients' experience, not staff."""
    if not _has(sentence, _LEAD_STEMS) or _STAFF.search(sentence) or _STAFF_SURVEY.search(sentence) or _PER_UNIT.search(sentence):
        return None
    if _VOID.search(sentence):
        return None
    named = [k for k in _keywords(sentence, measures_only=True) if k.kind in _MEASURE_KINDS]
    if not named:
        return None
    instrument = next((k.instrument for k in reversed(named) if k.instrument), None)
    years = {int(m.group()) for m in _ONE_YEAR.finditer(sentence) if not _YEAR_COMPARED.search(sentence, max(0, m.start() - 30), m.start())}
    return _Lead(frozenset(k.kind for k in named), instrument, years.pop() if len(years) == 1 else None)


# --------------------------------------------------------------------------- numbers

_TOKEN = re.compile(r"(?<![\w.,])(?:([-+−–])\s?)?(\d+(?:[.,]\d+)*)")
_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")
_DECIMAL = re.compile(r"\d+[.,](\d{1,2})")
_PERCENT_AFTER = re.compile(r"^\s*(?:%|procent\b|pct\b)", re.I)
# a share written without a % sign: "een aanbevelingspercentage van 89", "Aanbeveling (%) | 88 | 92"
_PERCENT_NAMED_BEFORE = re.compile(
    r"(?:percentage|\(\s*%\s*\)|\bin\s+(?:%|procenten?\b))(?:(?!nps|net\s+promot|cijfer|score|waardering|\(\s*%)[^.;|%]){0,60}?"
    r"(?:\bvan|\bis|\bwas|\bbedroeg|\bbedraagt|\bop|\bnaar|:|=|\|)\s*(?:\d+(?:[.,]\d+)?\s*%?\s*\|\s*)*$"
    r"|percentage\s+$",  # "aanbevelingspercentage 91"
    re.I,
)
_GLUED_BEFORE = re.compile(r"(?:\d\s?[-–/]|[A-Za-z]-?|[#@])$")
_GLUED_AFTER = re.compile(r"^(?:[-–/]\s?\d|-?[A-Za-zë]|[.,:]\d)")
# (not "8,1 – 2020: 8,3": the dash separates "year: value" pairs)
_RANGE_AFTER = re.compile(r"^\s*(?:-|–|—|tot(?:\s+en\s+met)?|t/m|à)\s*[-+−–]?(?!20[0-3]\d\s*:)\d", re.I)
# a year that labels the value after it ("2020: 8,3"), also after a dash between pairs ("8,1 – 2020: 8,3")
_YEAR_LABEL_AFTER = re.compile(r"^\s*:\s*[-+−–]?\s?\d")
_PAIR_DASH_BEFORE = re.compile(r"\d%?\s[-–—]$")
_RANGE_BEFORE = re.compile(r"(?:\d%?\s*(?:-|–|—|tot(?:\s+en\s+met)?|t/m|à)\s*|\btussen\s+(?:\S+\s+en\s+)?|\bvan\s+\d+\s+tot\s+)$", re.I)
_ALTERNATIVE_AFTER = re.compile(r"^\s*of\s+(?:een\s+)?\d", re.I)  # "een 9 of 10"
_ALTERNATIVE_BEFORE = re.compile(r"\d\s+of\s+(?:een\s+)?$", re.I)
_COUNT_NOUN = (
    r"(?:fte|uur|uren|km|kilometer|minuten|min|seconden|dagen|dag|weken|week|maanden|maand|jaar|jaren|keer|x|"
    r"medewerkers?|cli[eë]nten|bewoners|deelnemers|respondenten|vragen|vragenlijsten|items|locaties|teams|organisaties|"
    r"woningen|plaatsen|bedden|pagina'?s|vrijwilligers|mensen|personen|waarderingen|beoordelingen|reviews|reacties|"
    r"gesprekken|ouders|verwanten|kinderen|jongeren|vestigingen|afdelingen|huishoudens|procentpunt\w*|%-punt\w*|sterren|"
    r"cm|kg|m2|m²|mg|euro|miljoen|mln|mld|miljard|duizend|klachten|incidenten|meldingen|audits|trainingen|scholingen|"
    r"cursussen|bijeenkomsten|thema'?s|doelen|acties|verbeterpunten|aandachtspunten|stellingen|onderwerpen|"
    r"cli[eë]ntenraden|raden|zorgverleners|verpleegkundigen|artsen|begeleiders|groepen|nieuwe)"
)
_COUNT_AFTER = re.compile(rf"^\s*{_COUNT_NOUN}\b", re.I)
_PROPORTION_AFTER = re.compile(rf"^\s*(?:op|van|uit)\s+(?:de\s+|het\s+|elke\s+|iedere\s+)?\d+\s+{_COUNT_NOUN}\b", re.I)
_MONTH = (
    r"(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
    r"jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec)\b"
)
_MONTH_AFTER = re.compile(rf"^\s*{_MONTH}", re.I)
_MONEY_BEFORE = re.compile(r"(?:€|EUR|euro)\s*$", re.I)
_REFERENCE_BEFORE = re.compile(
    r"\b(?:pagina|pag\.?|blz\.?|p\.|bijlage|hoofdstuk|paragraaf|par\.|§|tabel|figuur|fig\.|grafiek|versie|vraag|vragen|stap|"
    r"fase|nummer|nr\.?|artikel|art\.?|week|bladzijde|postbus|kamer|huisnummer|zzp|zorgprofiel|vpt|mpt|niveau|"
    r"bouwsteen|thema|actie|punt|item|locatie|team|afdeling|groep|module|categorie|klasse|code|sectie|deel|ronde|"
    r"kwartaal|Q|telefoon|tel\.?|postcode|zie)\s*:?\s*$",
    re.I,
)
_RESPONSE_BEFORE = re.compile(
    r"(?:\bn\s*[=:]\s*|\b(?:respons\w*|respondenten|deelnemers|waarderingen|beoordelingen|reacties|aantal(?:\s+\w+){1,2}|"
    r"verstuurd\w*|ingevuld\w*|uitgezet\w*)\s*(?:van|was|bedroeg|is|:|=)?\s*(?:van\s+)?)$",
    re.I,
)
# "Van de 312 respondenten is 89% tevreden": a share of the respondents, not their number
_PEOPLE_BEFORE = re.compile(r"\b(?:respondenten|deelnemers)\s*(?:was|is)?\s*$", re.I)
_DELTA_AFTER = re.compile(
    r"^\s*(?:punt(?:en)?\b|%?\s*-?punt\w*|(?:punt(?:en)?\s+)?(?:t\.o\.v|ten\s+opzichte|vergeleken|meer\s+dan|minder\s+dan"
    r"|hoger\s+dan|lager\s+dan))",
    re.I,
)
_DELTA_BEFORE = re.compile(
    r"(?:\bmet\s+|\b(?:stijging|daling|toename|afname|verbetering|verslechtering|verschil|groei)\s+(?:van\s+|met\s+)?)$", re.I
)
_TARGET_BEFORE = re.compile(
    r"\bdoel(?:en|stelling(?:en)?)?\b|\bstreef\w*|\bstreven\b|\bambitie\w*|\bambi[eë]ren\b|\bwillen\b|\bwil\b|\bbeoogd\w*"
    r"|\bbeogen\b|\bnastreven\b|\bnorm(?:ering)?\b|\btarget\b|\bhopen\b|\bhoop\b|\bminimaal\s*$|\bten\s+minste\s*$"
    r"|\bminstens\s*$|[<>≤≥]=?\s*$|\b(?:onder|boven)\s+(?:de\s+)?$|\blandelijk\w*|\bbenchmark\w*|\bbranche\w*|\bsectorgemiddeld\w*"
    r"|\bgemiddelde\s+(?:van\s+)?(?:de|het|alle)\s+(?:sector|branche|land|organisaties|aanbieders|zorgaanbieders)"
    r"|\bvergelijkbare\s+organisaties\b|\breferentie\w*",
    re.I,
)
_TARGET_AFTER = re.compile(r"^\s*(?:of\s+(?:hoger|meer|beter)|(?:\w+\s+){0,2}te\s+(?:halen|behalen|bereiken|realiseren)\b)", re.I)
_YEAR_COMPARED = re.compile(
    r"(?:\bt\.o\.v\.?|\bten\s+opzichte\s+van|\bvergeleken\s+met|\bsinds|\bvanaf|\bdan\s+(?:in\s+)?|\btegenover|\bversus|\bvs\.?)"
    r"\s*(?:het\s+jaar\s+|(?:de\s+)?meting\s+(?:van\s+)?)?$",
    re.I,
)
_POSTCODE_AFTER = re.compile(r"^\s?[A-Z]{2}\b")
_CLAUSE_BREAK = re.compile(r"[;|]|,\s|\s[–—]\s")
_SCALE_AFTER = re.compile(
    r"^\s*(?:/\s*(?P<slash>10|5|4|7)\b"
    r"|op\s+een\s+(?P<points>\d+|vier|vijf|zeven|tien)[-\s]?punts\w*"
    r"|(?:op|van|uit)\s+(?:de\s+|een\s+)?(?:(?:schaal|score)\s+(?:van\s+)?(?:(?P<lo>[01])\s*(?:tot(?:\s+en\s+met)?|-|–|t/m)\s*)?)?"
    r"(?P<hi>10|5|4|7)\b(?![-\w]|\s*[,.]?\d)"
    r"|out\s+of\s+(?P<outof>10|5|4|7)\b)",
    re.I,
)
_SCALE_DECLARED = re.compile(
    r"schaal\s+(?:van\s+)?(?P<lo>[01])\s*(?:tot(?:\s+en\s+met)?|-|–|t/m)\s*(?P<hi>4|5|7|10)\b"
    r"|\((?:schaal\s+)?(?P<lo2>[01])\s*[-–]\s*(?P<hi2>4|5|7|10)\)"
    r"|(?P<points>vier|vijf|zeven|tien|4|5|7|10)[-\s]?puntsschaal",
    re.I,
)
_WORD_NUMBER = {"vier": 4, "vijf": 5, "zeven": 7, "tien": 10}
_INT_GRADE_BEFORE = re.compile(r"\been\s+$", re.I)
# "ruim een 8", "bijna een 9": a round-off, not the grade ("gemiddeld ruim een 8: een 8,2")
_APPROX_GRADE_BEFORE = re.compile(r"\b(?:ruim|bijna|ongeveer|circa|rond|zo'n|dik|krap|net\s+geen|meer\s+dan|hoger\s+dan)\s+een\s+$", re.I)
_SPREAD_BEFORE = re.compile(r"\b(?:uiteen|varieer\w*|vari[eë]r\w*|schommel\w*|liggen\s+tussen|lag\s+tussen)\b[^.;,]*$", re.I)
_INT_GRADE_AFTER = re.compile(r"^\s*(?:[.,;:)(]|$|voor\b|als\b|op\b|gemiddeld\b|van\s+de\s+10\b|/\s*10\b)", re.I)


@dataclass
class _Num:
    start: int
    end: int
    value: float
    decimals: int
    year: bool = False
    percent: bool = False
    valid: bool = True  # could be a measurement result
    compared: bool = False  # a year that is a comparison base ("t.o.v. 2023"), not a period
    scale: tuple[int, int] | None = None
    int_grade: bool = False
    owner: int | None = None  # index of the keyword it was given to
    period: int | None = None
    tied: bool = False  # the text ties the period to this number ("2023: 8,0", "+36 in 2023")


def _parse(sign: str | None, digits: str) -> tuple[float, int] | None:
    if _THOUSANDS.fullmatch(digits):
        value, decimals = float(digits.replace(".", "")), 0
    elif digits.isdigit():
        if len(digits) > 1 and digits[0] == "0":  # "030", "06": phone numbers, not figures
            return None
        value, decimals = float(digits), 0
    else:
        m = _DECIMAL.fullmatch(digits)
        if not m:  # "31.12.2024", "3.2.1", "1,234.5"
            return None
        value, decimals = float(digits.replace(",", ".")), len(m.group(1))
    if sign and sign in "-−–":
        value = -value
    return value, decimals


def _percent_named_before(sentence: str, pos: int) -> bool:
    before = sentence[max(0, pos - 90) : pos]
    return ("ercent" in before or "%" in before or "rocent" in before) and bool(_PERCENT_NAMED_BEFORE.search(before))


def _declared_scale(sentence: str) -> tuple[int, int] | None:
    m = _SCALE_DECLARED.search(sentence)
    if not m:
        return None
    if m.group("points"):
        points = m.group("points").lower()
        return 1, _WORD_NUMBER.get(points) or int(points)
    lo, hi = (m.group("lo"), m.group("hi")) if m.group("hi") else (m.group("lo2"), m.group("hi2"))
    return int(lo), int(hi)


def _numbers(sentence: str) -> list[_Num]:
    nums: list[_Num] = []
    declared = _declared_scale(sentence)
    clause_start = 0
    prev_end = 0
    scale_end = 0  # the "10" of "8,3 / 10" is part of the grade before it
    phone_end = 0  # the end of a number with a leading zero and the groups that follow it
    for m in _TOKEN.finditer(sentence):
        sign, digits = m.group(1), m.group(2)
        before, after = sentence[max(0, m.start() - 60) : m.start()], sentence[m.end() : m.end() + 60]
        if sign and not re.search(r"(?:^|[\s(:=|])$", before):  # "030-2345678": the dash is no sign
            sign = None
        if sign and re.search(r"\d%?\s*$", before):  # "38 – 45": a range, not a negative number
            sign, before = None, f"{before}{sign}"
        parsed = _parse(sign, digits)
        if parsed is None or (phone_end and re.fullmatch(r"[\s-]{1,3}", sentence[phone_end : m.start()])):
            nums.append(_Num(m.start(), m.end(), 0.0, 0, valid=False))
            phone_end = m.end() if parsed is None or phone_end else 0  # "023 - 512 34 56": all of it
            continue
        phone_end = 0
        value, decimals = parsed
        percent = bool(_PERCENT_AFTER.match(after)) or (
            0 <= value <= 100
            and _percent_named_before(sentence, m.start())
            and not _COUNT_AFTER.match(after)
        )
        num = _Num(m.start(), m.end(), value, decimals, percent=percent)
        glued = bool(_GLUED_BEFORE.search(before) or _GLUED_AFTER.match(after))
        if digits.isdigit() and len(digits) == 4 and not sign and 2000 <= value <= 2039 and not num.percent:
            pair = bool(_PAIR_DASH_BEFORE.search(before) and _YEAR_LABEL_AFTER.match(after))
            num.year = (not glued or pair) and not _POSTCODE_AFTER.match(after)
            num.compared = bool(_YEAR_COMPARED.search(before))
            num.valid = False
        elif (
            glued
            or _RANGE_AFTER.match(after)
            or _RANGE_BEFORE.search(before)
            or _ALTERNATIVE_AFTER.match(after)
            or _ALTERNATIVE_BEFORE.search(before)
            or (not num.percent and _COUNT_AFTER.match(after))
            or (not num.percent and not decimals and _PROPORTION_AFTER.match(after))
            or _MONTH_AFTER.match(after)
            or _MONEY_BEFORE.search(before)
            or _REFERENCE_BEFORE.search(before)
            or (_RESPONSE_BEFORE.search(before) and not (num.percent and _PEOPLE_BEFORE.search(before)))
            or _DELTA_AFTER.match(after)
            or _DELTA_BEFORE.search(before)
            or _TARGET_AFTER.match(after)
            or _SPREAD_BEFORE.search(before)
            or m.start() < scale_end
        ):
            num.valid = False
        else:
            for brk in _CLAUSE_BREAK.finditer(sentence, clause_start, m.start()):
                clause_start = brk.end()
            context = sentence[max(clause_start, prev_end, m.start() - 60) : m.start()]
            if _TARGET_BEFORE.search(context):
                num.valid = False
        if num.valid and not num.percent:
            scale = _SCALE_AFTER.match(after)
            if scale:
                scale_end = m.end() + scale.end()
                if scale.group("points"):
                    points = scale.group("points").lower()
                    num.scale = (1, _WORD_NUMBER.get(points) or int(points))
                else:
                    hi = int(scale.group("slash") or scale.group("hi") or scale.group("outof"))
                    num.scale = (int(scale.group("lo") or 0), hi)
            elif declared and decimals and declared[0] <= value <= declared[1]:
                num.scale = declared
            num.int_grade = (
                not decimals
                and bool(_INT_GRADE_BEFORE.search(before) and _INT_GRADE_AFTER.match(after))
                and not _APPROX_GRADE_BEFORE.search(before)
            )
        if not num.year:
            prev_end = m.end()
        nums.append(num)
    return nums


# --------------------------------------------------------------------------- what a keyword takes


def _nps_value(num: _Num) -> bool:
    return num.valid and not num.percent and num.scale is None and num.decimals <= 1 and -100 <= num.value <= 100


def _grade_value(num: _Num) -> bool:
    if not num.valid or num.percent:
        return False
    lo, hi = num.scale or (0, 10)
    if not (num.decimals or num.scale or num.int_grade):  # a bare integer is too often a count ("6 vragen")
        return False
    return max(lo, 0) < num.value <= hi if lo == 0 else lo <= num.value <= hi


def _lead_nps(lead: _Lead, num: _Num) -> bool:
    """A whole number in -100..100 after "De uitkomst:" is the NPS the sentence before named (not "een 8" next to a grade)."""
    return NPS in lead.kinds and _nps_value(num) and not num.decimals and not (num.int_grade and lead.kinds & _LEAD_GRADES)


def _takes(key: _Key, num: _Num) -> bool:
    if key.kind == "void":
        return num.valid
    if key.kind == NPS:
        return _nps_value(num)
    if key.kind in (TOTAAL, PREM, "instrument", "grade"):
        return _grade_value(num)
    if key.kind == AANBEVELING:  # "Aanbevelingsvraag | 8,3": the mean answer to the recommendation question
        return bool(num.decimals) and _grade_value(num)
    if key.kind == "lead" and key.lead is not None:
        return _lead_nps(key.lead, num) or (bool(key.lead.kinds & _LEAD_GRADES) and _grade_value(num))
    return False


_WINDOW_AFTER = 100
_WINDOW_BEFORE = 60


def _assign(sentence: str, keys: list[_Key], nums: list[_Num]) -> None:
    """Give every number that could be a result to the keyword it belongs to (`owner`)."""
    for num in nums:
        if not num.valid:
            continue
        if num.percent:
            num.owner = _percent_owner(sentence, keys, num)
            continue
        for i in range(len(keys) - 1, -1, -1):  # the nearest keyword before it that takes its kind
            key = keys[i]
            if key.end <= num.start and num.start - key.end <= _WINDOW_AFTER and _takes(key, num):
                num.owner = i
                break
        if num.owner is None and _grade_value(num) and _GRADE_WORD.search(sentence):
            # "een 8,1 op ZorgkaartNederland": a grade just before the measure it is for
            for i, key in enumerate(keys):
                if key.start >= num.end and key.start - num.end <= _WINDOW_BEFORE and key.kind in (TOTAAL, PREM, "instrument"):
                    num.owner = i
                    break


_CLAUSE_PENALTY = 60
_SATISFIED_ELSEWHERE = re.compile(r";|\s[–—]\s")
_PERCENT_REACH = 150


def _percent_owner(sentence: str, keys: list[_Key], num: _Num) -> int | None:
    """The nearest "aanbevelen"/"tevreden" (or staff measure), preferring one in the percentage's own clause.

    "87% tevreden, 91% zou ons aanbevelen": 91 goes to "aanbevelen", not to the nearer "tevreden".
    """
    best: tuple[int, int] | None = None
    close = sentence.find(")", num.end) if sentence[: num.start].rstrip().endswith("(") else -1
    for i, key in enumerate(keys):
        if key.kind not in (AANBEVELING, "positive", "void") and not (key.lead and _lead_share(sentence, key.lead, num)):
            continue
        lo, hi = (key.end, num.start) if key.end <= num.start else (num.end, key.start)
        if hi < lo:
            continue
        if key.start > close >= 0:
            continue  # "thuis te voelen (89%) en tevreden ...": a share in brackets is about what comes before it
        if key.kind == "positive" and _SATISFIED_ELSEWHERE.search(sentence, lo, hi):
            continue  # "Tweederde is tevreden; 82% voelt zich veilig": the share of another clause is about something else
        score = hi - lo + (_CLAUSE_PENALTY if _CLAUSE_BREAK.search(sentence, lo, hi) else 0)
        if score <= _PERCENT_REACH and (best is None or score < best[0]):
            best = (score, i)
    return best[1] if best else None


# --------------------------------------------------------------------------- periods


def _set_periods(sentence: str, nums: list[_Num]) -> None:
    """The year each owned number is about, when the text ties it to one."""
    years = [n for n in nums if n.year and not n.compared]
    owned = [n for n in nums if n.owner is not None]
    tied: set[int] = set()
    for num in owned:
        year = _year_directly_before(sentence, nums, num) or _year_directly_after(sentence, nums, num)
        if year is not None:
            num.period, num.tied = int(year.value), True
            tied.add(id(year))
    for num in owned:
        if num.period is not None:
            continue
        year = _year_in_clause_before(sentence, nums, num)
        if year is not None and id(year) not in tied:
            num.period, num.tied = int(year.value), True
    free = {int(y.value) for y in years if id(y) not in tied}
    if len(free) == 1:
        only = free.pop()
        for num in owned:
            if num.period is None and not any(int(y.value) == only and id(y) in tied for y in years):
                num.period = only


def _year_directly_before(sentence: str, nums: list[_Num], num: _Num) -> _Num | None:
    """ "2023: 8,0", "NPS 2024 | 41" """
    i = nums.index(num)
    if i and nums[i - 1].year:
        gap = sentence[nums[i - 1].end : num.start]
        if nums[i - 1].compared:  # "lager dan in 2023 (39)": the earlier value, in brackets after its year
            return nums[i - 1] if re.fullmatch(r"\s*\(\s*", gap) else None
        if re.fullmatch(r"\s*\)?\s*[:=|]?\s*", gap) and (i < 2 or not nums[i - 2].year):
            return nums[i - 1]
    return None


def _year_directly_after(sentence: str, nums: list[_Num], num: _Num) -> _Num | None:
    """ "+36 in 2023", "8,1 (2022)" - not "8,2 (2023: 8,0)", where the year labels the next number """
    i = nums.index(num)
    if i + 1 < len(nums) and nums[i + 1].year and not nums[i + 1].compared:
        year = nums[i + 1]
        gap = sentence[num.end : year.start]
        rest = sentence[year.end :]
        labels_next = i + 2 < len(nums) and nums[i + 2].owner is not None and not rest[: nums[i + 2].start - year.end].strip()
        if re.fullmatch(r"\s*(?:%|procent)?\s*\(?\s*(?:in|over|per|\()?\s*", gap, re.I) and not re.match(r"\s*[:=|]", rest) and not labels_next:
            return year
    return None


def _year_in_clause_before(sentence: str, nums: list[_Num], num: _Num) -> _Num | None:
    """ "In 2023 was de NPS 36", "kwam in 2024 uit op 54": the nearest year before it in its clause """
    lo, depth = 0, 0
    for pos, char in enumerate(sentence[: num.start]):  # the clause: after the last ";" or "|" outside brackets
        depth += (char == "(") - (char == ")")
        if char in ";|" and depth <= 0:
            lo = pos + 1
    found: _Num | None = None
    for other in reversed(nums[: nums.index(num)]):
        if other.start < lo:
            break
        if other.owner is not None and found is None:
            return None
        if other.year and not other.compared:
            if found is not None and other.value != found.value:
                return None  # two years before it: which one is unclear
            found = found or other
    return None if found is None or _in_year_run(sentence, nums, found) else found


def _in_year_run(sentence: str, nums: list[_Num], year: _Num) -> bool:
    i = nums.index(year)
    for j in (i - 1, i + 1):
        if 0 <= j < len(nums) and nums[j].year:
            lo, hi = sorted((nums[j], year), key=lambda n: n.start)
            if re.fullmatch(r"[\s|;/]*", sentence[lo.end : hi.start]):
                return True
    return False


# --------------------------------------------------------------------------- rows


@dataclass(frozen=True)
class FoundFigure:
    measure: str
    value: float
    scale: str
    quote: str
    passage_id: str | None = None
    instrument: str | None = None
    period: int | None = None
    respondents: int | None = None

    def as_row(self) -> dict[str, object]:
        return asdict(self)


_PEOPLE = r"(?:cli[eë]nten|mensen|bewoners|verwanten|naasten|respondenten|deelnemers|ouders)\b"
_RESPONDENTS = re.compile(
    r"\(?\bn\s*=\s*(\d[\d.]*)\)?|(\d[\d.]*)\s+(?:respondenten|deelnemers|ingevulde\s+vragenlijsten|reacties|waarderingen|beoordelingen|reviews)"
    r"|respons\s*(?:van|was|bedroeg|:)\s*(\d[\d.]*)\b(?!\s*(?:%|procent|pct))|(\d[\d.]*)\s+(?:cliënten|clienten|mensen|bewoners|verwanten|naasten)"
    r"\s+(?:hebben|vulden|gaven|namen)|(?:ingevuld|beantwoord|teruggestuurd)\s+door\s+(\d[\d.]*)\b(?!\s*(?:%|procent|pct))"
    r"|(?:aantal\s+)?respondenten\s*[:=]\s*(\d[\d.]*)"
    # the verb first: "gaven 312 cliënten ons een 8,4", "In het najaar vulden 187 cliënten de PREM in", "Van de 205 ondervraagde cliënten"
    rf"|\b(?:gaven|vulden|hebben|namen|beantwoordden|deden|reageerden|van\s+de)\s+(\d[\d.]*)\s+(?!aangeschreven|uitgenodigd|benaderd)"
    rf"(?:\w+\s+)?{_PEOPLE}"
    # conversations held with an instrument ("96 interviews gehouden met Dit Vind Ik Ervan!", "spraken we 344 cliënten")
    r"|(\d[\d.]*)\s+(?:interviews|(?:ervarings)?gesprekken)\b(?=[^.;]{0,30}\bmet\b)"
    rf"|\b(?:spraken|interviewden|bevraagden|ondervroegen)\b[^.;\d]{{0,40}}?\b(\d[\d.]*)\s+{_PEOPLE}",
    re.I,
)


# who answered, before the sample they came from: "Van de 1.310 aangeschreven cliënten reageerden er 498 (38%)"
_RESPONDED = re.compile(
    rf"(\d[\d.]*)\s+van\s+de\s+\d[\d.]*\s+(?:\w+\s+)?{_PEOPLE}"  # "287 van de 540 verwanten reageerden"
    r"|\b(?:hebben|hadden|deden|namen)\s+er\s+(\d[\d.]*)\s+(?:\w+\s+){0,3}?(?:meegedaan|deelgenomen|gereageerd|ingevuld|geantwoord|mee|deel)\b"
    rf"|\breageerden\s+(?:er\s+)?(\d[\d.]*)\b(?!\s*(?:%|procent|pct))|(\d[\d.]*)\s+(?:{_PEOPLE}\s+)?(?:reageerden|deden\s+mee|namen\s+deel)\b", re.I
)


def _respondents(sentence: str) -> int | None:
    m = _RESPONDED.search(sentence) or _RESPONDENTS.search(sentence)
    if not m:
        return None
    digits = next(g for g in m.groups() if g).replace(".", "")
    n = int(digits)
    return n if 1 <= n <= 1_000_000 else None


def _scale_text(num: _Num, measure: str) -> str:
    if measure == NPS:
        return "-100..100"
    if num.percent:
        return "%"
    lo, hi = num.scale or (0, 10)
    return f"{lo}-{hi}"


_PER_UNIT = re.compile(
    r"\bper\s+(?:locatie|team|afdeling|woning|regio|vestiging|huis|wijk|product|zorgvorm)\b"
    r"|\btussen\s+(?:de\s+)?(?:locaties|teams|afdelingen|woningen|regio'?s|vestigingen|huizen)\b",
    re.I,
)
# a line about one unit: "Locatie De Linde: rapportcijfer 8,6", "Team Zuid - NPS 38"
_UNIT_LABEL = re.compile(
    r"^\W*(?i:locatie|team|wijkteam|afdeling|woning|woonlocatie|vestiging|regio|huis)\s+(?:[A-Z][\w'-]*\s*){1,3}(?::|\s[-–]\s)"
)
_TOTAL_BEFORE = re.compile(r"\b(?:totaal|organisatie(?:breed|brede)?|overall|concern\w*|geheel|alle\s+locaties)\b", re.I)
_NAMED_REACH = 100


Named = tuple[str, "str | None"]  # (measure, instrument) named in an earlier sentence of the passage


def _resolve(sentence: str, keys: list[_Key], key: _Key, num: _Num, client_passage: bool, earlier: Named | None = None) -> Named | None:
    """(measure, instrument) of a number given to `key`, or None when it is no client-experience result.

    An overall grade clients gave, in a sentence that names no measure, is read as a result of the
    instrument the passage named just before ("Met Mijn Leven spraken we 344 cliënten. Het gemiddelde
    rapportcijfer was een 8,1.").
    """
    if key.kind in (NPS, TOTAAL):
        return key.kind, None
    if key.kind == PREM:
        return PREM, key.instrument
    if key.kind == "instrument":
        return CLIENT, key.instrument
    if key.kind == AANBEVELING:
        return (AANBEVELING if num.percent else CLIENT), _nearest_instrument(sentence, keys, key)
    if key.kind == "lead" and key.lead is not None:
        lead = key.lead
        if num.percent:
            return (AANBEVELING, lead.instrument) if AANBEVELING in lead.kinds else None
        if _lead_nps(lead, num):
            return NPS, None
        kind = next((k for k in (TOTAAL, PREM, "instrument") if k in lead.kinds), None)
        return None if kind is None else (TOTAAL, None) if kind == TOTAAL else (PREM if kind == PREM else CLIENT, lead.instrument)
    if key.kind == "positive" and _POSITIVE_ANSWER.match(sentence, key.start) and any(k.kind == AANBEVELING for k in keys):
        return AANBEVELING, _nearest_instrument(sentence, keys, key)
    if key.kind not in ("grade", "positive"):
        return None
    if key.kind == "positive" and num.percent and _about_aspect(sentence, min(key.start, num.start), max(key.end, num.end)):
        return None
    named = _nearest_measure(sentence, keys, key, percent=num.percent)
    if named is not None:
        return _resolve(sentence, keys, named, num, client_passage)
    # no measure named: only an overall judgement by clients counts
    # the people of an instrument named before are its clients ("96 interviews met Dit Vind Ik Ervan!. 84% van hen ...")
    client = bool(_CLIENT.search(sentence)) or client_passage or earlier is not None or any(k.kind in (NPS, AANBEVELING) for k in keys)
    if not client or _STAFF.search(sentence):
        return None
    if key.kind == "grade" and _OVERALL_GRADE.search(sentence) and not _grade_for_aspect(sentence, key):
        here = {k.instrument for k in keys if k.kind == "instrument"}  # "Op Zorgkaart ...; het gemiddelde cijfer is 8,5"
        return (CLIENT, here.pop()) if len(here) == 1 else earlier or (CLIENT, None)
    if key.kind == "positive" and _OVERALL_AFTER_POSITIVE.match(sentence[key.end :]):
        return earlier if earlier is not None and earlier[0] == CLIENT else (CLIENT, None)
    return None


# satisfaction "over" one aspect ("over het eten is 72% tevreden", "over de activiteiten in het weekend (59% tevreden)"),
# not over the care as a whole ("tevreden over de zorg", "over het algemeen")
_ABOUT = re.compile(r"\bover\s+(?:de|het|hun|zijn|haar|onze|ons|mijn|deze)?\s*(?!\d)([\wë]+)", re.I)
_OVERALL_OBJECT = re.compile(
    r"zorg|algemeen|organisatie|dienstverlening|ondersteuning|begeleiding|wijkverpleging|thuiszorg|verpleeghuiszorg|zorgverlening"
    r"|hulp|hulpverlening|geboden|totale|gehele|hele|ons|locatie|instelling|afgelopen|periode|jaar|meting|onderzoek|algemene|alle|geheel",
    re.I,
)


_GRADE_FOR = re.compile(r"\s+(?:(?:voor|over)\s+(?:de|het|hun|zijn|haar|onze|ons)?\s*(?!\d)([\wë]+)|(?!\d)([\wë]+)\s*[:|])", re.I)


def _grade_for_aspect(sentence: str, key: _Key) -> bool:
    """ "Het gemiddelde cijfer voor de maaltijden", "Rapportcijfer maaltijden | 7,1": a grade for one aspect, not the overall
    grade ("... voor de zorg", "Rapportcijfer cliënten: 8,4")."""
    m = _GRADE_FOR.match(sentence, key.end)
    if m is None:
        return False
    word = m.group(1) or m.group(2)
    return not (_OVERALL_OBJECT.fullmatch(word) or _CLIENT.fullmatch(word))


def _about_aspect(sentence: str, start: int, end: int) -> bool:
    """Whether the clause of a satisfaction share (between ";", "|" or a dash) says it is about one aspect."""
    lo = max((m.end() for m in _CLAUSE_EDGE.finditer(sentence, 0, start)), default=0)
    nxt = _CLAUSE_EDGE.search(sentence, end)
    hi = nxt.start() if nxt else len(sentence)
    return any(not _OVERALL_OBJECT.fullmatch(m.group(1)) for m in _ABOUT.finditer(sentence, lo, hi))


_LABEL = re.compile(r"[^.;:\d]{0,30}\d{0,4}[^.;:\d]{0,10}:")


def _near(sentence: str, named: _Key, key: _Key) -> bool:
    """Whether a grade word is about this named measure: close by in the same clause, or the sentence's label.

    "Tevreden" may reach across a ";" ("612 gesprekken met Dit Vind Ik Ervan!; 87% ... tevreden").
    """
    if named.start < 40 and _LABEL.match(sentence, named.end):  # "Cliëntervaringsonderzoek 2024: gemiddeld 8,1; ..."
        return True
    lo, hi = sorted((named.end, key.start)) if named.start < key.start else sorted((key.end, named.start))
    return hi - lo <= _NAMED_REACH and (key.kind == "positive" or ";" not in sentence[lo:hi])


def _nearest_measure(sentence: str, keys: list[_Key], key: _Key, percent: bool) -> _Key | None:
    kinds = ("instrument",) if percent else (TOTAAL, PREM, "instrument")
    named = [k for k in keys if k.kind in kinds and _near(sentence, k, key)]
    return min(named, key=lambda k: abs(k.start - key.start)) if named else None


def _nearest_instrument(sentence: str, keys: list[_Key], key: _Key) -> str | None:
    named = [k for k in keys if k.kind in ("instrument", PREM) and _near(sentence, k, key)]
    return min(named, key=lambda k: abs(k.start - key.start)).instrument if named else None


def _year_run_before(nums: list[_Num], sentence: str, upto: int) -> list[int]:
    """The last run of two or more years ("2022 2023 2024", "2023 | 2024") before position `upto`."""
    runs: list[list[_Num]] = []
    for num in nums:
        if num.start >= upto:
            break
        if num.year and not num.compared:
            if runs and runs[-1] and re.fullmatch(r"[\s|;/]*", sentence[runs[-1][-1].end : num.start]):
                runs[-1].append(num)
            else:
                runs.append([num])
        elif num.owner is not None or num.valid:
            runs.append([])
    good = [r for r in runs if len(r) >= 2]
    return [int(n.value) for n in good[-1]] if good else []


@dataclass
class _Pick:
    num: _Num
    headline: bool  # the keyword's own value, not an earlier one tied to its year
    total: bool = False  # marked as the whole organisation's ("totaal organisatie 8,3")


def _picked(sentence: str, nums: list[_Num], key: _Key, owned: list[_Num], header_years: list[int]) -> list[_Pick]:
    """The numbers a keyword reports: the headline, a run under a row of years, earlier values with their year."""
    run = [owned[0]]
    for num in owned[1:]:
        if re.fullmatch(r"[\s|;/]*", sentence[run[-1].end : num.start]) and nums.index(num) == nums.index(run[-1]) + 1:
            run.append(num)
        else:
            break
    if len(run) >= 2:
        years = _year_run_before(nums, sentence, run[0].start) or header_years
        if len(years) == len(run):
            for num, year in zip(run, years, strict=True):
                num.period, num.tied = year, True
            return [_Pick(num, headline=False) for num in run]
    headline: _Pick | None = None
    earlier: list[_Num] = []
    for i, num in enumerate(owned):
        later = owned[i + 1] if i + 1 < len(owned) else None
        # "van 31 naar 45": the figure is where it went; the start counts only with its own year
        changed = later is not None and re.search(r"\bvan\s*$", sentence[max(0, num.start - 12) : num.start], re.I) and re.search(
            r"\bnaar\b", sentence[num.end : later.start], re.I
        )
        prev_end = nums[nums.index(num) - 1].end if nums.index(num) else 0
        lo = prev_end if i else max(prev_end, key.start - 25)  # "de organisatiebrede NPS van 51"
        total = bool(_TOTAL_BEFORE.search(sentence, lo, num.start))
        if headline is None and not changed:
            headline = _Pick(num, headline=True, total=total)
        elif headline is not None and total and not headline.total:
            earlier.append(headline.num)
            headline = _Pick(num, headline=True, total=True)
        else:
            earlier.append(num)
    picks = [headline] if headline else []
    for num in earlier:  # an earlier value counts with a year of its own
        if num.tied and all(num.period != p.num.period for p in picks):
            picks.append(_Pick(num, headline=False))
    return picks


Row = tuple[str, float, str, "str | None", "int | None"]


def figures_in_sentence(
    sentence: str,
    header_years: list[int] | None = None,
    client_passage: bool = False,
    earlier: Named | None = None,
    lead: _Lead | None = None,
) -> list[Row]:
    """(measure, value, scale, instrument, period) found in one sentence.

    `header_years` is a row of years from an earlier line of the same table ("| 2022 | 2023 | 2024"),
    used for a row of as many values ("NPS | 38 | 42 | 45"). `client_passage`: the passage is about
    clients (and not about a staff survey), so an overall grade without a named measure is theirs;
    `earlier` the instrument an earlier sentence of the passage named, which such a grade is read as.
    Per measure and instrument a sentence reports one headline (the first, or the one marked as the
    organisation's total), plus values tied to years of their own. `lead`: the measures the sentence
    before named without a result; a sentence that names none of its own and refers back to a result
    ("De uitkomst: +38.") reports that measure, in the lead's year unless it gives its own.
    """
    return _read_sentence(sentence, header_years or [], client_passage, earlier, None if lead is None else lambda: lead)[0]


# an employer rating ("Medewerkers gaven ons op Zorgkaart als werkgever een 7,2"), in the clause of a number
_EMPLOYER = re.compile(
    r"\bals\s+werkgever\b|\bwerkgevers?(?:cijfer|score|waardering|review)\w*|^\W*(?:ook\s+)?(?:de\s+|onze\s+)?(?:medewerkers|collega'?s|personeel)"
    r"\s+(?:gaven|geven|beoordeelden|beoordelen|waardeerden|waarderen)\b",
    re.I,
)
_CLAUSE_EDGE = re.compile(r"[;|]|\s[–—]\s")


def _in_clause_of(sentence: str, pos: int, marks: list[int]) -> bool:
    """Whether one of the positions `marks` is in the same clause (between ";", "|" or a dash) as `pos`."""
    lo = max((m.end() for m in _CLAUSE_EDGE.finditer(sentence, 0, pos)), default=0)
    nxt = _CLAUSE_EDGE.search(sentence, pos)
    hi = nxt.start() if nxt else len(sentence)
    return any(lo <= mark < hi for mark in marks)


def _read_sentence(
    sentence: str, header_years: list[int], client_passage: bool, earlier: Named | None, get_lead: Callable[[], _Lead | None] | None
) -> tuple[list[Row], bool]:
    """figures_in_sentence, and whether the lead was used; the lead is worked out only when the sentence needs it."""
    if ("..." in sentence or "…" in sentence or ". . ." in sentence or "___" in sentence) and _TOC_LEADER.search(sentence):
        # a table of contents line: the number is a page
        return [], False
    keys = _keywords(sentence)
    if get_lead is not None and not any(k.kind in _MEASURE_KINDS or k.kind == "void" for k in keys):
        keys = _lead_keys(sentence, keys, get_lead)
    if not keys:
        return [], False
    nums = _numbers(sentence)
    _assign(sentence, keys, nums)
    _set_periods(sentence, nums)
    per_unit = bool(_PER_UNIT.search(sentence) or _UNIT_LABEL.match(sentence))
    found: list[tuple[int, Row]] = []
    headlines: set[tuple[str, str | None]] = set()
    used_lead = False
    employer = [m.start() for m in _EMPLOYER.finditer(sentence)]
    for i, key in enumerate(keys):
        owned = [n for n in nums if n.owner == i and not (employer and _in_clause_of(sentence, n.start, employer))]
        if not owned or key.kind == "void":
            continue
        for pick in _picked(sentence, nums, key, owned, header_years):
            num = pick.num
            resolved = _resolve(sentence, keys, key, num, client_passage, earlier)
            if resolved is None:
                continue
            measure, instrument = resolved
            needs_lead = (
                key.lead is not None
                or (instrument is None and measure in (AANBEVELING, CLIENT))
                or (num.period is None and instrument is not None)
            )
            lead = get_lead() if get_lead is not None and needs_lead else None
            if instrument is None and measure in (AANBEVELING, CLIENT) and lead is not None:
                instrument = lead.instrument  # "Resultaten ZorgkaartNederland:" above "Aanbevelingspercentage: 93%"
            if measure == AANBEVELING and not num.percent:
                continue
            if pick.headline:
                if (measure, instrument) in headlines or (per_unit and not pick.total):
                    continue
                headlines.add((measure, instrument))
            period = num.period
            used_lead = used_lead or key.lead is not None
            if period is None and lead is not None and (key.lead is not None or (instrument is not None and instrument == lead.instrument)):
                period = lead.year  # "In 2023 voerden we 612 gesprekken met Dit Vind Ik Ervan!. Het gemiddelde cijfer was een 7,8."
            row = (measure, num.value, _scale_text(num, measure), instrument, period)
            if all(row != r for _, r in found):
                found.append((num.start, row))
    return [row for _, row in sorted(found, key=lambda f: f[0])], used_lead  # in the order the text gives them


def _instrument_name(m: re.Match[str]) -> str:
    return INSTRUMENTS[int((m.lastgroup or "i0")[1:])][1]


@functools.lru_cache(maxsize=512)
def _instrument_spans(sentence: str) -> tuple[tuple[int, int, str], ...]:
    """Every instrument (or PREM) a sentence names, in order, as (start, end, name). Cached: the passage
    reader (which instrument did this sentence name?) and the sentence reader (its figures) both ask."""
    if not _has(sentence, _INSTRUMENT_STEMS):
        return ()
    return tuple((m.start(), m.end(), _instrument_name(m)) for m in _ANY_INSTRUMENT.finditer(sentence))


def _named_in(sentence: str) -> Named | None:
    """The last instrument (or PREM) a sentence names."""
    spans = _instrument_spans(sentence)
    if not spans:
        return None
    name = spans[-1][2]
    return (PREM if name == "PREM wijkverpleging" else CLIENT), name


_DIGIT = re.compile(r"\d")
_HEADER_YEARS = re.compile(r"^[^\d]*(?:\b20[0-3]\d\b[^\d]*){2,}$")
_GRADE_MEASURES = (TOTAAL, PREM, CLIENT)


_PROSE_WORDS = 8  # a shorter sentence is a list item or table line ("Waardering: 8,1"), which keeps the lead
_LEAD_REACH = 2  # prose sentences without a result a lead lasts ("De NPS meten we twee keer per jaar. ... De uitkomst was 41.")
_ONE_YEAR = re.compile(r"\b20[0-3]\d\b")
# a heading about what is to come: its year is no period of the results under it
_PLAN_HEADING = re.compile(r"vooruitblik|plan|doel|ambitie|begroting|agenda|koers|strategie|toekomst", re.I)
PassageIn = tuple[str, str] | tuple[str, str, Sequence[str]]


def _heading_year(heading: str) -> int | None:
    years = set(_ONE_YEAR.findall(heading))
    if len(years) != 1 or _PLAN_HEADING.search(heading) or re.search(r"\d", _ONE_YEAR.sub("", heading)):
        return None
    return int(years.pop())


def heading_context(heading_path: Sequence[str]) -> tuple[_Lead | None, int | None]:
    """(lead, year) of a passage's section: the measure its own heading names ("Resultaten ZorgkaartNederland",
    "NPS per locatie" - not per unit, see lead_in) and the year of the innermost heading that gives one
    ("Cliëntervaringen 2024"). Document titles ("Kwaliteitsbeeld 2024") say which report it is, not when a result was measured.
    """
    return _heading_context(tuple(str(h) for h in heading_path))


@functools.lru_cache(maxsize=1024)
def _heading_context(heading_path: tuple[str, ...]) -> tuple[_Lead | None, int | None]:
    """`heading_context`, read once per section: the passages of a section share its heading path."""
    lead: _Lead | None = None
    year: int | None = None
    own = True
    for raw in reversed(heading_path):
        heading = " ".join(raw.split())
        if not heading or len(heading) > MAX_HEADING_CHARS or is_document_title(heading):
            continue
        if own:
            lead, own = lead_in(heading), False
        if _ONE_YEAR.search(heading):
            year = _heading_year(heading)
            break
    if lead is not None and lead.year is None and year is not None:
        lead = _Lead(lead.kinds, lead.instrument, year)
    return lead, year


_CLIENT_HEADING = re.compile(r"cli[eë]nt\w*|\bbewoners?\b|\bverwanten\b|\bervaringen\b|tevredenheid|\bwat\s+vinden\b", re.I)


def _client_heading(heading_path: Sequence[str]) -> bool:
    """Whether the innermost heading that says whose experience a section is about says clients' ("Cliëntervaringen 2024",
    "Cliënttevredenheid"), not staff's ("Medewerkerstevredenheid")."""
    for raw in reversed(heading_path):
        heading = str(raw)
        if len(heading) > MAX_HEADING_CHARS or is_document_title(heading):
            continue
        if _STAFF.search(heading) or _STAFF_SURVEY.search(heading):
            return False
        if _CLIENT_HEADING.search(heading):
            return True
    return False


# the earlier value of the figure just reported: "Dat is iets lager dan in 2022 (8,1).", "Dat is hoger dan het jaar daarvoor (7,8)."
_COMPARED_BACK = re.compile(
    r"^(?:dat|dit|het|deze\s+\w+|daarmee\s+\w+\s+\w+)\b[^.;()]{0,40}?\b(?:hoger|lager|meer|minder|beter|slechter|gelijk)\b[^.;()]{0,15}?"
    r"\b(?:dan|aan|als)\s+(?:in\s+|over\s+)?(?:(?P<year>20[0-3]\d)|(?P<before>(?:het\s+)?jaar\s+(?:daarvoor|ervoor)|vorig(?:e)?\s+jaar"
    r"|een\s+jaar\s+eerder))\s*\(\s*(?P<sign>[-+−]\s?)?(?P<num>\d{1,3}(?:,\d{1,2})?)\s*(?P<pct>%|procent)?\s*\)",
    re.I,
)


def _compared_back(sentence: str, reported: list[Row]) -> list[Row]:
    """The earlier value a sentence gives for the one figure the sentence before reported, in its own year."""
    if len(reported) != 1 or "(" not in sentence:
        return []
    m = _COMPARED_BACK.match(sentence)
    if m is None:
        return []
    measure, _value, scale, instrument, period = reported[0]
    year = int(m.group("year")) if m.group("year") else (period - 1 if period is not None else None)
    value = float(m.group("num").replace(",", ".")) * (-1 if m.group("sign") and m.group("sign")[0] in "-−" else 1)
    fits = (
        bool(m.group("pct")) if scale == "%" else
        not m.group("pct") and (value.is_integer() if measure == NPS else "," in m.group("num") and 0 < value <= 10)
    )
    return [(measure, value, scale, instrument, year)] if fits and year is not None else []


_RESPONDENTS_REACH = 3  # sentences back


def _respondents_before(previous: list[tuple[str, Named | None]], instrument: str | None) -> int | None:
    """The respondents an earlier sentence of the passage without figures gives ("Van de 1.310 aangeschreven cliënten reageerden er 498.
    De NPS kwam uit op 51."), unless that sentence named another instrument (a PREM's respondents also answered its NPS)."""
    for sentence, named in reversed(previous[-_RESPONDENTS_REACH:]):
        n = _respondents(sentence)
        if n is not None:
            other = named[1] if named else None
            return n if other in (None, instrument) or (instrument is None and other == "PREM wijkverpleging") else None
    return None


def _item_year(sentence: str, words: int) -> int | None:
    """The year of a heading-like line inside a passage ("Cliëntervaringen 2024", "Resultaten ZorgkaartNederland 2024:")."""
    if words > _PROSE_WORDS or sentence[-1] in ".!?":
        return None
    return _heading_year(sentence)


def _merged(lead: _Lead | None, new: _Lead | None, context_year: int | None) -> _Lead | None:
    """A newly named measure added to a live lead: "Net Promoter Score" above "... of zij ons aanbevelen. De uitkomst was +45." """
    if new is None:
        return lead
    kinds = new.kinds | lead.kinds if lead is not None else new.kinds
    instrument = new.instrument or (lead.instrument if lead is not None else None)
    return _Lead(kinds, instrument, new.year or context_year)


class _Leads:
    """The live lead of a passage. Sentences that may name a measure are read for it only when a later sentence needs it."""

    __slots__ = ("context_year", "lead", "pending")

    def __init__(self, lead: _Lead | None, context_year: int | None) -> None:
        self.lead, self.context_year = lead, context_year
        self.pending: list[str] = []

    def live(self) -> bool:
        return self.lead is not None or bool(self.pending)

    def add(self, sentence: str) -> None:
        self.pending.append(sentence)

    def clear(self) -> None:
        self.lead, self.pending = None, []

    def get(self) -> _Lead | None:
        for sentence in self.pending:
            self.lead = _merged(self.lead, lead_in(sentence), self.context_year)
        self.pending = []
        return self.lead


_NUMBER_CELL = re.compile(r"[-+−]?\s?\d[\d.,]*\s?%?")
_TOTAL_ROW = re.compile(
    r"(?:totaal|gemiddeld(?:e)?|organisatie(?:breed)?|overall|alle\s+\w+|(?:de\s+)?(?:hele|gehele)\s+organisatie)(?:\s+\w+)?", re.I
)
_COUNT_HEADER = re.compile(r"n|aantal(?:\s+\w+)?|respondenten|waarderingen|reacties", re.I)


@dataclass(frozen=True)
class _Header:
    """A table's header row that names measures ("Locatie | NPS | n"): its cells, and per column after the first
    whether it names a measure (`lead_in`) and whether it is a count of respondents; read once for all rows under it."""

    cells: list[str]
    measure: list[bool]
    count: list[bool]


def _header(cells: list[str]) -> _Header | None:
    """The header of the rows below, when `cells` hold no number and name a measure after the first column."""
    if len(cells) < 2 or any(_NUMBER_CELL.fullmatch(c) for c in cells):
        return None
    measure = [lead_in(c) is not None for c in cells[1:]]
    if not any(measure):
        return None
    return _Header(cells, measure, [bool(_COUNT_HEADER.fullmatch(h)) for h in cells[1:]])


def _row_reading(header: _Header, cells: list[str]) -> str | None:
    """A data row under a header row that names measures ("Locatie | NPS" / "Totaal | 38", "Jaar | NPS" / "2024 | 41") as
    the sentence it stands for ("NPS: 38", "NPS 2024: 41"); None for a row of one unit (a location, a team), whose
    figures are not the organisation's."""
    label = cells[0]
    if _ONE_YEAR.fullmatch(label):
        prefix = f" {label}:"
    elif _TOTAL_ROW.fullmatch(label):
        prefix = ":"
    else:
        return None
    columns = list(zip(header.cells[1:], header.measure, header.count, cells[1:], strict=True))
    count = next((c for _h, _m, is_count, c in columns if is_count and c.isdigit()), None)
    parts = [
        f"{h}{prefix} {c}" + (f" (n={count})" if count else "")
        for h, is_measure, is_count, c in columns
        if _NUMBER_CELL.fullmatch(c) and not is_count and is_measure
    ]
    return "; ".join(parts) or None


def _readings(text: str) -> list[tuple[str, str]]:
    """(sentence to read, quote) of a passage: its sentences and table lines, with a row under a header row of measures
    read as the sentence it stands for (quoted as the row)."""
    if "|" not in text:
        return [(s, s) for s in split_sentences(text)]
    out: list[tuple[str, str]] = []
    header: _Header | None = None
    for line in text.splitlines():
        cells = [" ".join(c.split()) for c in line.split("|")] if "|" in line else []
        if header is not None and len(cells) == len(header.cells):
            reading = _row_reading(header, cells)
            if reading is not None:
                out.append((reading, " ".join(line.split())))
                continue
        elif not cells:
            header = None
        else:
            header = _header(cells) or header
        out.extend((s, s) for s in split_sentences(line))
    return out


def find_figures(passages: Iterable[PassageIn]) -> list[dict[str, object]]:
    """Rows of the `figures` table for (passage id, text[, heading path]) tuples; duplicates within a document dropped.

    The heading path, when given, is read for the measure a section is about and the year it reports on
    (`heading_context`). A figure repeats another when measure, instrument and value agree and the periods do too
    (or one of them is unknown). A client grade without instrument that a named measure of the
    document also reports ("Cliënten geven ons een 8,7" above "de PREM: gemiddeld een 8,7") is that one.
    """
    rows: list[dict[str, object]] = []
    seen: dict[tuple[str, str | None, float], set[int | None]] = {}
    for passage in passages:
        passage_id, text = passage[0], passage[1]
        if not _DIGIT.search(text):  # every figure is written with digits
            continue
        headings = passage[2] if len(passage) > 2 else ()
        lead, context_year = heading_context(headings) if headings else (None, None)
        if not _has(text, _TRIGGER_STEMS) and not (lead is not None and _has(text, _RESULT_STEMS)):  # ... next to a measure
            continue
        named_passage = _has(text, _INSTRUMENT_STEMS)
        header_years: list[int] = []
        client_passage = (bool(_CLIENT.search(text)) or _client_heading(headings)) and not _STAFF_SURVEY.search(text)
        earlier: Named | None = None
        leads = _Leads(lead, context_year)
        lead_age = 0
        previous: list[tuple[str, Named | None]] = []  # earlier sentences with digits, for the respondents of a figure
        last: list[Row] = []  # what the sentence before reported
        for sentence, quote in _readings(text):
            named = _named_in(sentence) if named_passage else None
            if _HEADER_YEARS.match(sentence) and not _has(sentence, _TRIGGER_STEMS):
                header_years = [int(y) for y in re.findall(r"\b20[0-3]\d\b", sentence)]
                continue
            words = word_count(sentence)
            has_digit = bool(_DIGIT.search(sentence))
            year = _item_year(sentence, words) if has_digit else None
            context_year = leads.context_year = year or context_year
            found: list[Row] = []
            used = False
            if (
                has_digit
                and year is None
                and (_has(sentence, _TRIGGER_STEMS) or (leads.live() and _has(sentence, _RESULT_STEMS)))
            ):
                found, used = _read_sentence(sentence, header_years, client_passage, earlier, leads.get if leads.live() else None)
            earlier = named or earlier
            # the lead for the sentences after this one
            if not found:
                if _has(sentence, _LEAD_STEMS):
                    leads.add(sentence)
                    lead_age = 0
                elif words > _PROSE_WORDS:
                    lead_age += 1
                    if lead_age > _LEAD_REACH:
                        leads.clear()
            elif words > _PROSE_WORDS or (used and sentence[-1] in ".!?"):
                leads.clear()  # reported: a later "de score" is about something else
            back = not found and bool(last) and has_digit
            if back:
                found = _compared_back(sentence, last)
            last = found
            respondents = _respondents(sentence) if found else None
            # the respondents of a sentence answered for its latest figure, not for an earlier year's value
            latest = {(m, i): max((p or 9999 for m2, _, _, i2, p in found if (m2, i2) == (m, i))) for m, _, _, i, _ in found}
            for measure, value, scale, instrument, told in found:
                period = context_year if told is None else told
                periods = seen.setdefault((measure, instrument, value), set())
                if period in periods or (periods and (period is None or None in periods)):
                    continue
                periods.add(period)
                fig = FoundFigure(
                    measure=measure,
                    value=value,
                    scale=scale,
                    quote=quote,
                    passage_id=passage_id,
                    instrument=instrument,
                    period=period,
                    respondents=None
                    if back or (told or 9999) < latest[(measure, instrument)]
                    else respondents if respondents is not None else _respondents_before(previous, instrument),
                )
                rows.append(fig.as_row())
            if has_digit and not found:  # who took part is told before the figures; a figure's own "n" may be one unit's
                previous.append((sentence, named))
    reported = {(r["value"], r["scale"]) for r in rows if r["measure"] in _GRADE_MEASURES and (r["instrument"] or r["measure"] == TOTAAL)}
    return [r for r in rows if not (r["measure"] == CLIENT and r["instrument"] is None and (r["value"], r["scale"]) in reported)]
