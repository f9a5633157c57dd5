"""Bench rows: NER per language (``--only languages``; no broker).

1. Stories per second of offline ``normalize_batch`` (batches of 16, the worker's default)
   for each served language, with every language loaded (``WIREDESK_LANGUAGES`` at its
   default), on synthetic stories in that agency's style (English: the seeds);
2. start-up and resident memory of a fresh process that loads the worker's resources
   (``load_resources`` as ``wiredesk worker`` calls it) and normalises each language's
   stories once: with English alone, with each model-backed language added alone, and
   with all the languages served. Each runs in its own process, so the model caches of
   one do not help the next.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import UTC, datetime

from tests.conftest import SEEDS
from wiredesk.models import Envelope
from wiredesk.normalize.language import SERVED
from wiredesk.normalize.pipeline import Resources, StoryInput, normalize_batch

BATCH = 16
WHEN = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)

# Synthetic stories, two per language, in each agency's style.
STORIES: dict[str, tuple[str, ...]] = {
    "fr": (
        "Macron reçoit Merz à l'Élysée\n\nPARIS, 6 octobre 2026 (AFP) - Le président Emmanuel "
        "Macron a reçu mardi le chancelier allemand Friedrich Merz pour évoquer la guerre en "
        "Ukraine, a annoncé la présidence. Les deux dirigeants se retrouveront ensuite à "
        "Marseille avec la présidente de la Commission européenne Ursula von der Leyen.",
        "Grève à la SNCF\n\nLYON, 3 mars 2026 (AFP) - Le trafic ferroviaire était très perturbé "
        "lundi entre Lyon et Grenoble en raison d'une grève à la SNCF, a indiqué la CGT dans un "
        "communiqué. Le ministre des Transports Philippe Tabarot a appelé au dialogue.",
    ),
    "es": (
        "Petro recibe a Guterres\n\nBogotá, 14 feb (EFE).- El presidente de Colombia, Gustavo "
        "Petro, se reunió este martes en Bogotá con el secretario general de la ONU, António "
        "Guterres, y con representantes del Banco Mundial para hablar de la paz en el Cauca.",
        "Sube el precio del aceite\n\nMadrid, 3 mar (EFECOM).- El precio del aceite de oliva "
        "subió un 4 % en febrero, según datos del Ministerio de Agricultura, mientras Andalucía "
        "y Castilla-La Mancha esperan una cosecha mayor que la de 2025.",
    ),
    "de": (
        "Regierung beschließt Hilfen\n\nBerlin (dpa) - Die Bundesregierung hat am Dienstag in "
        "Berlin neue Hilfen für Landwirte beschlossen. Bundeskanzler Friedrich Merz sagte, "
        "Deutschland und Frankreich wollten mit der NATO zusammenarbeiten.",
        "Hochwasser in Bayern\n\nMünchen (dpa) - Nach tagelangem Regen sind in Bayern mehrere "
        "Flüsse über die Ufer getreten. In Regensburg und Passau wurden Straßen gesperrt, "
        "teilte das Innenministerium in München mit.",
    ),
    "pt": (
        "Bolsa de Seul fecha em queda\n\nLisboa, 12 mar (Lusa) - A Bolsa de Seul fechou hoje "
        "em queda de 2%, enquanto o Banco Central Europeu manteve os juros em Frankfurt. Os "
        "investidores em Lisboa e em Madrid aguardam os dados dos Estados Unidos.",
        "Governo anuncia investimento\n\nBrasília, 9 set (EFE).- O governo brasileiro anunciou "
        "nesta terça-feira em Brasília um investimento em portos no Rio de Janeiro e em "
        "Santos, segundo o Ministério dos Transportes.",
    ),
    "it": (
        "Il governo approva la manovra\n\n(ANSA) - ROMA, 22 MAR - Il governo ha approvato "
        "oggi a Roma la manovra. La presidente del Consiglio ha detto che l'Italia e la "
        "Germania lavoreranno con l'Unione europea e con la Banca d'Italia.",
        "Design week a Milano\n\n(ANSA) - MILANO, 14 APR - Si apre oggi a Milano la settimana "
        "del design, con espositori da Torino, Parigi e Tokyo e un afflusso atteso di 300.000 "
        "visitatori, secondo gli organizzatori.",
    ),
    "no": (
        "Regjeringen legger fram budsjett\n\nOslo (NTB): Regjeringen la tirsdag fram "
        "statsbudsjettet i Oslo. Statsministeren sa at Norge og Sverige vil samarbeide med EU "
        "og NATO om forsvaret i nord.",
        "Storm i Bergen\n\nBergen (NTB): Stormen førte til stengte veier i Bergen og Trondheim "
        "natt til onsdag, opplyser politiet. Flere fly fra Stavanger ble innstilt.",
    ),
}


def english_stories() -> tuple[str, ...]:
    return tuple(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))[:16])


def language_rate(resources: Resources, texts: tuple[str, ...], copies: int) -> float:
    items = [
        StoryInput(Envelope(id=f"lang-{c}-{i}", text=text), received_at=WHEN)
        for c in range(copies)
        for i, text in enumerate(texts)
    ]
    normalize_batch(items[:BATCH], resources)  # warm up
    start = time.perf_counter()
    for i in range(0, len(items), BATCH):
        normalize_batch(items[i : i + BATCH], resources)
    return len(items) / (time.perf_counter() - start)


# Run in a fresh interpreter: the load (after the interpreter and wiredesk's imports) and
# the resident memory once every language's stories went through the pipeline.
_PROBE = """
import json, sys, time
t0 = time.perf_counter()
from wiredesk.resources import load_resources
from tests.bench.languages import STORIES, english_stories, language_rate
t1 = time.perf_counter()
resources = load_resources(languages=sys.argv[1].split(","))
t2 = time.perf_counter()
for texts in (english_stories(), *STORIES.values()):
    language_rate(resources, texts, 1)
rss = max(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmRSS"))
print(json.dumps({"imports": t1 - t0, "load": t2 - t1, "rss_mb": rss / 1024}))
"""


def probe(languages: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", _PROBE, languages],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def languages_rows(copies: int = 10) -> None:
    from wiredesk.resources import load_resources

    print(f"NER per language (offline normalize_batch, batches of {BATCH}, all languages "
          "loaded; synthetic stories):", flush=True)  # fmt: skip
    resources = load_resources(languages=SERVED)
    texts = {"en": english_stories(), **STORIES}
    for language in SERVED:
        ner = "model" if language in ("en", "fr", "es") else "reference tables"
        rate = language_rate(resources, texts[language], copies)
        print(f"  {language:<3} {ner:<17} {rate:7.1f} stories/s", flush=True)
    print("start-up and memory of a fresh process (load_resources, then every "
          "language's stories once):", flush=True)  # fmt: skip
    for languages in ("en", "en,fr", "en,es", "en,de,pt,it,no", ",".join(SERVED)):
        got = probe(languages)
        print(f"  {languages:<22} imports {got['imports']:5.2f} s   load {got['load']:5.2f} s"
              f"   resident {got['rss_mb']:6.0f} MB", flush=True)  # fmt: skip
