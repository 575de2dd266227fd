"""Generic Dutch filler documents of the demo sites (not kwaliteitsbeelden).

Each filler is a short markdown-like body in the syntax of the demo reports, with
``{name}`` and ``{year}`` placeholders; the builder parses and renders it as a PDF. They
exist so that the crawler must choose the report among privacy statements, annual
accounts, brochures, vacancies and an old report.
"""

from __future__ import annotations

from kb.demo.content import FillerKind

FILLERS: dict[str, tuple[str, str]] = {
    "privacy": (
        "Privacyverklaring {name}",
        """# Privacyverklaring {name}

## Wie zijn wij

{name} verwerkt persoonsgegevens van cliënten, medewerkers, vrijwilligers en bezoekers van de website. In deze privacyverklaring leest u welke gegevens wij verwerken, waarom wij dat doen en welke rechten u heeft.

## Welke gegevens wij verwerken

- naam, adres, geboortedatum en burgerservicenummer
- gegevens over uw gezondheid die nodig zijn voor goede zorg
- contactgegevens van uw vertegenwoordiger of contactpersoon

## Uw rechten

U heeft het recht om uw gegevens in te zien, te laten corrigeren of te laten verwijderen. Een verzoek kunt u schriftelijk indienen bij onze functionaris gegevensbescherming. Wij reageren binnen vier weken.

## Bewaartermijn

Het medisch dossier bewaren wij twintig jaar, zoals de wet voorschrijft. Andere gegevens bewaren wij niet langer dan nodig.

## Klachten

Bent u het niet eens met de manier waarop wij met uw gegevens omgaan, dan kunt u een klacht indienen bij de Autoriteit Persoonsgegevens.
""",
    ),
    "jaarrekening": (
        "Jaarrekening {year} {name}",
        """# Jaarrekening {year}

## Balans per 31 december {year}

| Post | {year} | {prev} |
|---|---|---|
| Materiële vaste activa | 12.480.000 | 12.910.000 |
| Vorderingen | 2.315.000 | 2.104.000 |
| Liquide middelen | 4.870.000 | 4.120.000 |
| Eigen vermogen | 8.960.000 | 8.410.000 |

## Resultatenrekening

De opbrengsten uit zorgprestaties stegen met 4,1 procent. De personeelskosten stegen door de cao-verhoging en de inzet van personeel niet in loondienst. Het resultaat over {year} bedraagt 550.000 euro en is toegevoegd aan de bestemmingsreserve.

## Grondslagen

De jaarrekening is opgesteld volgens de Regeling verslaggeving WTZi en Titel 9 Boek 2 BW. Activa en passiva worden gewaardeerd tegen nominale waarde, tenzij anders vermeld.

## Controleverklaring

De accountant heeft bij deze jaarrekening een goedkeurende controleverklaring afgegeven.
""",
    ),
    "brochure": (
        "Welkom bij {name}",
        """# Welkom bij {name}

Fijn dat u kennismaakt met {name}. In deze folder leest u wat u van ons kunt verwachten.

## Wat wij bieden

- een vaste contactpersoon
- hulp bij wonen, dagbesteding en verzorging
- activiteiten met vrijwilligers

## Praktische informatie

Bezoek is altijd welkom. Parkeren kan gratis voor de deur. Heeft u vragen, bel dan met het cliëntenbureau op werkdagen tussen 9.00 en 17.00 uur.

## Klachten

Bent u ergens niet tevreden over, bespreek het dan eerst met de medewerker. Komt u er samen niet uit, dan kunt u contact opnemen met de onafhankelijke klachtenfunctionaris.
""",
    ),
    "vacatures": (
        "Werken bij {name}",
        """# Werken bij {name}

Wij zoeken collega's die het verschil willen maken.

## Openstaande vacatures

- Verzorgende IG, 24 tot 32 uur per week
- Verpleegkundige niveau 4 of 6, 28 tot 36 uur per week
- Helpende plus, 16 tot 24 uur per week
- Vrijwilligers voor activiteiten en maaltijden

## Wat wij bieden

Een salaris volgens de cao, een reiskostenvergoeding, een eigen opleidingsbudget en een team dat voor elkaar klaarstaat. Solliciteren kan via het formulier op onze website.
""",
    ),
    "oud-verslag": (
        "Kwaliteitsverslag {prev} {name}",
        """# Kwaliteitsverslag {prev}

## Inleiding

Dit is het kwaliteitsverslag van {name} over {prev}. Het is gemaakt volgens het kwaliteitskader dat toen gold.

## Terugblik

In {prev} stonden de gevolgen van het personeelstekort centraal. Wij startten met een leerprogramma voor nieuwe medewerkers en breidden de inzet van vrijwilligers uit.

## Cliëntervaringen

Cliënten waardeerden vooral de persoonlijke aandacht. Verbeterpunten waren de bereikbaarheid en de informatie bij wisselingen van medewerkers.

## Vooruitblik

Voor het volgende jaar kiezen wij voor minder registratie en meer tijd voor het gesprek met cliënten.
""",
    ),
}


def filler_text(kind: FillerKind, name: str, year: int) -> tuple[str, str]:
    """(title, markdown body) of a filler document for an organisation and report year."""
    title, body = FILLERS[kind]
    values = {"name": name, "year": str(year), "prev": str(year - 1)}
    return title.format(**values), body.format(**values)
