"""Synthetic wire ledes for the event coder: each of PLOVER's 16 types, and stories that are
no political event. Written for this project in agency style (facts may be real, the text
is ours). ``python -m tests.eval.events_wire`` prints what the coder makes of each;
``tests/unit/test_events.py`` checks them.

Each lede: (story text, the event type expected or None, actor countries expected among
the coded event's actors, recipient countries expected among its recipients).
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from typing import Final

RECEIVED_AT: Final = datetime(2024, 3, 14, 12, 0, tzinfo=UTC)  # a Thursday

Lede = tuple[str, str | None, tuple[str, ...], tuple[str, ...]]

EVENTS: Final[tuple[Lede, ...]] = (
    (
        "Kenya and Ethiopia sign border trade pact\n\nNAIROBI, March 14 (Reuters) - Kenya and "
        "Ethiopia agreed on Thursday to reopen two border crossings to traders and to set up a "
        "joint commission on cattle rustling, officials said.",
        "AGREE",
        ("KEN", "ETH"),
        (),
    ),
    (
        "Japan, Philippines to hold talks on coast guard cooperation\n\nTOKYO, March 14 (AP) — "
        "Japanese Foreign Minister Yoko Kamikawa will meet her Philippine counterpart in Manila "
        "next week to discuss maritime security, the ministry said on Thursday.",
        "AGREE",
        ("JPN",),
        (),
    ),
    (
        "Blinken meets Saudi crown prince\n\nRIYADH, March 13 (AFP) - U.S. Secretary of State "
        "Antony Blinken met Saudi Crown Prince Mohammed bin Salman in Riyadh on Wednesday to "
        "discuss a ceasefire in Gaza, the State Department said.",
        "CONSULT",
        ("USA", "SAU"),
        (),
    ),
    (
        "Scholz visits Beijing\n\nBEIJING, March 14 (dpa) - German Chancellor Olaf Scholz "
        "visited China on Thursday for talks on trade with President Xi Jinping.",
        "CONSULT",
        ("DEU",),
        ("CHN",),
    ),
    (
        "EU praises Moldova's reform drive\n\nBRUSSELS, March 14 (Reuters) - The European Union "
        "praised Moldova on Thursday for its judicial reforms and said accession talks could "
        "open this year.",
        "SUPPORT",
        ("IGO",),
        ("MDA",),
    ),
    (
        "Myanmar junta frees political prisoners in amnesty\n\nYANGON, March 14 (AFP) - "
        "Myanmar's military government released 300 political prisoners on Thursday under an "
        "amnesty marking a Buddhist holiday, state media said.",
        "RETREAT",
        ("MMR",),
        (),
    ),
    (
        "Colombia lifts curfew in Cauca\n\nBOGOTA, March 14 (EFE) - The Colombian government "
        "lifted the curfew imposed on three towns in Cauca province after a week of calm, the "
        "defence ministry said on Thursday.",
        "CONCEDE",
        ("COL",),
        (),
    ),
    (
        "Greece, Turkey share migration data\n\nATHENS, March 14 (Reuters) - Greek and Turkish "
        "coast guards shared intelligence on smuggling networks in the Aegean on Thursday, the "
        "Greek shipping ministry said.",
        "COOPERATE",
        ("GRC",),
        (),
    ),
    (
        "Japan sends relief to quake-hit Taiwan\n\nTOKYO, March 14 (Kyodo) - Japan sent "
        "emergency relief supplies to Taiwan on Thursday after a strong earthquake struck the "
        "island's east coast.",
        "AID",
        ("JPN",),
        ("TWN",),
    ),
    (
        "Israel pulls troops out of Khan Younis\n\nJERUSALEM, March 14 (AP) - Israel withdrew "
        "its troops from the southern Gaza city of Khan Younis on Thursday, the military said.",
        "RETREAT",
        ("ISR",),
        (),
    ),
    (
        "UN chief urges Sudan's warring sides to halt fighting\n\nUNITED NATIONS, March 14 "
        "(Reuters) - U.N. Secretary-General Antonio Guterres urged Sudan's army and the Rapid "
        "Support Forces on Thursday to stop the fighting during Ramadan.",
        "REQUEST",
        ("IGO",),
        ("SDN",),
    ),
    (
        "China accuses Philippines of provocation at Second Thomas Shoal\n\nBEIJING, March 14 "
        "(Reuters) - China accused the Philippines on Thursday of provocation after a "
        "collision between their coast guard ships.",
        "ACCUSE",
        ("CHN",),
        ("PHL",),
    ),
    (
        "Niger rejects U.S. military presence\n\nNIAMEY, March 14 (AFP) - Niger's military "
        "government rejected on Thursday an agreement allowing U.S. troops on its soil.",
        "REJECT",
        ("NER",),
        (),
    ),
    (
        "North Korea threatens Seoul over drills\n\nSEOUL, March 14 (Yonhap) - North Korea "
        "threatened on Thursday to respond to joint drills by South Korea and the United States "
        "with overwhelming force.",
        "THREATEN",
        ("PRK",),
        (),
    ),
    (
        "Farmers protest in Brussels\n\nBRUSSELS, March 14 (Reuters) - Thousands of farmers "
        "protested in Brussels on Thursday against European Union trade deals.",
        "PROTEST",
        (),
        (),
    ),
    (
        "Britain imposes sanctions on Russian officials\n\nLONDON, March 14 (Reuters) - Britain "
        "imposed sanctions on six Russian prison officials on Thursday over the death of "
        "opposition leader Alexei Navalny.",
        "SANCTION",
        ("GBR",),
        ("RUS",),
    ),
    (
        "Russia expels Moldovan diplomat\n\nMOSCOW, March 14 (TASS) - Russia expelled a "
        "Moldovan diplomat on Thursday in a tit-for-tat move, the foreign ministry said.",
        "SANCTION",
        ("RUS",),
        ("MDA",),
    ),
    (
        "Venezuela deploys troops to Guyana border\n\nCARACAS, March 14 (EFE) - Venezuela "
        "deployed troops to its border with Guyana on Thursday as a territorial dispute "
        "deepened.",
        "MOBILIZE",
        ("VEN",),
        (),
    ),
    (
        "Turkish police detain opposition activists\n\nISTANBUL, March 14 (Reuters) - Turkish "
        "police detained 30 opposition activists in Istanbul on Thursday ahead of local "
        "elections.",
        "COERCE",
        ("TUR",),
        (),
    ),
    (
        "Gunmen kill five soldiers in Mali\n\nBAMAKO, March 14 (AFP) - Gunmen attacked an army "
        "post in central Mali on Thursday, killing five soldiers, the army said.",
        "ASSAULT",
        (),
        (),
    ),
    (
        "Ukraine accuses Russia\n\nKYIV, March 14 (Reuters) - “Russia is committing war crimes "
        "against our people every day,” Ukrainian Foreign Minister Dmytro Kuleba said on "
        "Thursday.",
        "ACCUSE",
        ("UKR",),
        ("RUS",),
    ),
    (
        "Armenia, Azerbaijan to resume peace talks\n\nYEREVAN, March 14 (Reuters) - The foreign "
        "ministers of Armenia and Azerbaijan will meet in Berlin next month, Armenia's foreign "
        "ministry said on Thursday.",
        "AGREE",
        ("ARM",),
        (),
    ),
)

NON_EVENTS: Final[tuple[Lede, ...]] = (
    (
        "Acme Corp Q4 profit rises\n\nNEW YORK, March 14 (Reuters) - Acme Corp said on Thursday "
        "its fourth-quarter net profit rose 12 percent to $310 million on stronger sales.",
        None,
        (),
        (),
    ),
    (
        "Nikkei ends higher\n\nTOKYO, March 14 (Reuters) - Japan's Nikkei share average rose "
        "1.2 percent on Thursday, led by exporters as the yen weakened.",
        None,
        (),
        (),
    ),
    (
        "Wheat futures slip\n\nCHICAGO, March 14 (Reuters) - U.S. wheat futures fell on "
        "Thursday as rain in the Plains eased worries about the winter crop.",
        None,
        (),
        (),
    ),
    (
        "Brent crude steadies\n\nLONDON, March 14 (Reuters) - Brent crude futures held near $82 "
        "a barrel on Thursday as traders weighed U.S. stockpile data.",
        None,
        (),
        (),
    ),
    (
        "Real Madrid beat Leipzig\n\nMADRID, March 14 (AP) — Real Madrid beat RB Leipzig 1-0 on "
        "Wednesday to reach the Champions League quarter-finals.",
        None,
        (),
        (),
    ),
    (
        "Storm brings snow to the Alps\n\nGENEVA, March 14 (AFP) - Heavy snow fell across the "
        "Swiss and French Alps on Thursday, closing several mountain passes.",
        None,
        (),
        (),
    ),
    (
        "Minister speaks on economy\n\nCANBERRA, March 14 (AAP) - Australian Treasurer Jim "
        "Chalmers said on Thursday the economy was slowing but would avoid a recession.",
        None,
        (),
        (),
    ),
    (
        "President addresses nation\n\nMEXICO CITY, March 14 (Reuters) - Mexican President "
        "Andres Manuel Lopez Obrador said on Thursday that inflation was under control.",
        None,
        (),
        (),
    ),
    (
        "Gold hits record\n\nLONDON, March 14 (Reuters) - Gold prices hit a record high on "
        "Thursday as bets on U.S. rate cuts grew.",
        None,
        (),
        (),
    ),
    (
        "Airline orders jets\n\nDUBAI, March 14 (Reuters) - Emirates said on Thursday it had "
        "ordered 15 more wide-body jets to expand its fleet.",
        None,
        (),
        (),
    ),
    (
        "Bank keeps rates on hold\n\nFRANKFURT, March 14 (Reuters) - The European Central Bank "
        "kept interest rates unchanged on Thursday and said inflation was easing.",
        None,
        (),
        (),
    ),
    (
        "Company agrees to buy rival\n\nNEW YORK, March 14 (Reuters) - Acme Corp agreed on "
        "Thursday to buy rival Globex for $2 billion in cash.",
        None,
        (),
        (),
    ),
    (
        "Rupee weakens\n\nMUMBAI, March 14 (Reuters) - The Indian rupee weakened on Thursday as "
        "oil prices rose.",
        None,
        (),
        (),
    ),
    (
        "Heat wave grips Brazil\n\nSAO PAULO, March 14 (AP) — Temperatures topped 40 degrees "
        "Celsius in Rio de Janeiro on Thursday.",
        None,
        (),
        (),
    ),
    (
        "Tennis: Alcaraz advances\n\nINDIAN WELLS, March 14 (AP) — Carlos Alcaraz beat Alexander "
        "Zverev in straight sets on Thursday to reach the semi-finals.",
        None,
        (),
        (),
    ),
    (
        "Copper output rises\n\nSANTIAGO, March 14 (Reuters) - Chile's copper output rose 4 "
        "percent in February, the statistics agency said on Thursday.",
        None,
        (),
        (),
    ),
)

LEDES: Final = (*EVENTS, *NON_EVENTS)


def main() -> int:
    from wiredesk.models import Envelope
    from wiredesk.normalize.pipeline import normalize
    from wiredesk.resources import load_resources

    resources = load_resources()
    right = 0
    for text, expected, _actors, _recipients in LEDES:
        record = normalize(Envelope(text=text), resources, received_at=RECEIVED_AT)
        got = [(e.type, [a.country for a in e.actor], [a.country for a in e.recipient])
               for e in record.events]  # fmt: skip
        types = {e.type for e in record.events}
        ok = (expected in types) if expected else not types
        right += ok
        print(f"{'ok ' if ok else 'BAD'} {expected or '-':<10} {got}  {text.splitlines()[0]}")
    print(f"{right}/{len(LEDES)} as expected")
    return 0


if __name__ == "__main__":
    sys.exit(main())
