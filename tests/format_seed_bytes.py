"""The byte streams of the ANPA-1312 and IPTC 7901 seeds in ``seeds/formats/``.

These formats are control characters and 8-bit text (ISO-8859-1 in two of them), so they
are written here as Python bytes and checked in as the exact streams; a unit test
(``test_format_seeds.py``) fails when a committed file differs from what is here. Run
``python -m tests.format_seed_bytes`` to rewrite the files after changing one.

Every story is synthetic, written for wiredesk in the agencies' style.
"""

from __future__ import annotations

from pathlib import Path

SYN, SOH, STX, ETX, EOT, US, FF = b"\x16", b"\x01", b"\x02", b"\x03", b"\x04", b"\x1f", b"\x0c"
TEXT_FORMAT = b"\x13\x11"  # DC3 DC1: a text take

FORMATS = Path(__file__).resolve().parents[1] / "seeds" / "formats"


def _anpa(sequence: bytes, header: bytes, text: list[bytes], trailer: bytes, eol: bytes) -> bytes:
    lines = [line + eol for line in text]
    return (
        SYN + SYN + SOH + sequence + US + b"AAN--" + eol
        + header + eol
        + STX + b"".join(lines)
        + ETX + trailer + eol + FF + EOT
    )  # fmt: skip


ANPA_DENVER_2NDLD = _anpa(
    b"a0417",
    b"u a " + TEXT_FORMAT + b" BC-Denver-Cafe Fire,2ndLd-Writethru 07-14 0431",
    [
        b"BC-Denver-Cafe Fire,2ndLd-Writethru",
        "^Fire guts landmark Denver café; owner vows to rebuild<".encode("latin-1"),
        b"^Eds: Updates with fire department cause, paragraph 4; changes headline.<",
        "\tDENVER (AP) _ A fire early Sunday gutted the Café Rosé, a Capitol Hill coffee "
        "house".encode("latin-1"),
        b"that has served poets, lawmakers and night-shift nurses since 1962. No one was hurt.",
        "\tFirefighters found flames coming through the roof shortly after 4 a.m., Denver "
        "Fire Department spokesman Raúl Medina said.".encode("latin-1"),
        b"\tOwner Gloria Pacheco, who bought the cafe from its founder in 1994, stood across",
        b"the street as crews pulled down the sign. ``We will open again,'' she said.",
        b"\tThe fire department said Sunday afternoon that an electrical fault in a",
        b"storage room started the blaze.",
    ],
    b"AP-WF-07-14-13 1509GMT",
    b"\r\n",
)

ANPA_BOISE_SMOKE = _anpa(
    b"a0388",
    b"r n " + TEXT_FORMAT + b" BC-ID--Wildfire Smoke 08-21 0322",
    [
        b"BC-ID--Wildfire Smoke",
        b"^Smoke from Oregon fires closes Boise schools for a second day<",
        b"^Eds: Moved in advance for use in Idaho.<",
        b"\tBOISE, Idaho (AP) _ Smoke drifting east from wildfires in Oregon kept Boise",
        b"schools closed for a second day Tuesday as air quality readings stayed in the",
        b"unhealthy range.",
        b"\tThe Idaho Department of Environmental Quality said fine-particle levels were",
        b"about four times the federal standard in the Treasure Valley.",
        b"\tDistrict officials said classes would resume Wednesday if the air cleared.",
    ],
    b"AP-WF-08-21-13 1412GMT",
    b"\n",
)

ANPA_DENVER_KILL = _anpa(
    b"a0452",
    b"b a " + TEXT_FORMAT + b" BC-Denver-Cafe Fire,Kill 07-14 0061",
    [
        b"BC-Denver-Cafe Fire,Kill",
        b"^KILL: Denver cafe fire story<",
        b"\tDENVER (AP) _ Editors: Kill the BC-Denver-Cafe Fire story sent at 1509GMT.",
        b"It named the wrong owner. A corrected story will move shortly.",
    ],
    b"AP-WF-07-14-13 1542GMT",
    b"\r\n",
)


def _iptc7901(header: bytes, keyword: bytes, text: list[bytes], eol: bytes) -> bytes:
    return (
        SOH + header + eol + keyword + eol
        + STX + b"".join(line + eol for line in text)
        + ETX + eol + EOT
    )  # fmt: skip


IPTC7901_HAMBURG_LEAD = _iptc7901(
    b"eca062 4 wi 312",
    b"Germany/Transport/Port/",
    [
        b"1ST LEAD",
        b"Hamburg port handles more containers for the first time in three years =",
        b"",
        "   Hamburg (dpa) - Germany's largest port handled more containers in the first "
        "quarter than a year earlier, the first rise in three years, the port's marketing "
        "company said on Friday.".encode("latin-1"),
        "   Throughput rose 4.1 per cent to 1.98 million standard containers, helped by "
        "traffic with Asia and the Baltic. Managing director Jürgen Kröger said the "
        "deepening of the Elbe was paying off.".encode("latin-1"),
        b"",
        b"dpa kb mw",
        b"031430 GMT May 24",
    ],
    b"\r\n",
)

IPTC7901_MUNICH_BEER = _iptc7901(
    b"eca118 3 vm 254",
    b"Germany/Bavaria/Oktoberfest/",
    [
        b"Oktoberfest beer price passes 15 euros for the first time =",
        b"",
        b"   Munich (dpa) - A litre of beer at Munich's Oktoberfest will cost up to 15.30 "
        b"euros this year, the first time the price has passed 15 euros, the city said on "
        b"Thursday.",
        "   The festival on the Theresienwiese opens on September 21. Economic affairs "
        "officer Clemens Bäumler said the rise was smaller than inflation.".encode(),
        b"",
        b"dpa lb xy",
        b"251012 GMT Jul 24",
    ],
    b"\n",
)

IPTC7901_HAMBURG_KILL = _iptc7901(
    b"eca071 1 wi 40",
    b"Germany/Transport/Port/",
    [
        b"KILL KILL KILL",
        b"Hamburg port handles more containers for the first time in three years =",
        b"",
        b"   Hamburg (dpa) - The story eca062 is withdrawn. It gave the wrong quarter.",
        b"A corrected version follows.",
        b"",
        b"dpa kb mw",
        b"031512 GMT May 24",
    ],
    b"\r\n",
)

SEED_BYTES: dict[str, bytes] = {
    "anpa_ap_denver_cafe_2ndld.anpa": ANPA_DENVER_2NDLD,
    "anpa_ap_boise_smoke.tst": ANPA_BOISE_SMOKE,
    "anpa_ap_denver_cafe_kill.anpa": ANPA_DENVER_KILL,
    "iptc7901_dpa_hamburg_port_lead.7901": IPTC7901_HAMBURG_LEAD,
    "iptc7901_dpa_munich_beer.7901": IPTC7901_MUNICH_BEER,
    "iptc7901_dpa_hamburg_port_kill.7901": IPTC7901_HAMBURG_KILL,
}


def main() -> None:
    for name, data in SEED_BYTES.items():
        (FORMATS / name).write_bytes(data)
        print(f"wrote seeds/formats/{name} ({len(data)} bytes)")


if __name__ == "__main__":
    main()
