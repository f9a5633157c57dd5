"""Hostile Kafka records, generated from a seed: what a broken or malicious producer sends.

:func:`records` returns ``count`` records (key, value, headers), the same ones for the same
seed and limit. Kinds, drawn at random with the weights of :data:`KINDS`:

* mutations of the seed stories and documents (``seeds/``, ``seeds/formats/``): truncated,
  bytes flipped, markup spliced in, punctuation repeated; sent with their content type, a
  wrong one or none, or wrapped in a JSON envelope;
* random bytes; valid text with invalid UTF-8 in it;
* JSON nested deeper than any reader allows, and JSON just under the size limit;
* values just over the worker's size limit (``WIREDESK_MAX_STORY_BYTES``);
* odd content-type headers (unknown, empty, binary, a charset that does not exist);
* XML with DTDs: entity bombs, external entities, nesting past libxml2's limits;
* empty values, null values, null and empty keys, whitespace only; and unchanged seeds.

No record carries a ``received_at`` of its own, so an event record's receive time is its
input record's timestamp: the test gives every record a distinct one to tell them apart.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable

from tests.conftest import SEED_DOCUMENTS
from tests.integration.faultkit import Message

CONTENT_TYPES = {
    ".xml": "application/xml",
    ".nitf": "application/nitf+xml",
    ".anpa": "text/vnd.iptc.anpa",
    ".tst": "text/vnd.iptc.anpa",
    ".7901": "text/vnd.iptc.7901",
    ".txt": "text/plain",
}
ODD_CONTENT_TYPES = [
    "application/octet-stream",
    "application/json; charset=ebcdic-xx",
    "text/plain; charset=no-such-charset",
    "text/vnd.iptc.anpa; charset=utf-32",
    "text/vnd.iptc.7901; charset=",
    "application/nitf+xml",
    "application/xml",
    "application/json",
    "TEXT/PLAIN; CHARSET=UTF-8",
    "",
    ";;;",
    "x" * 5_000,
    "\x00\x01\x02",
]
MARKUP = [b"<p>", b"</p>", b"<b>", b"<![CDATA[", b"]]>", b"&amp;", b"&#0;", b"&bogus;",
          b"<?xml version='1.0'?>", b"<!--", b"-->", b"<script>alert(1)</script>",
          b"\x16\x16\x01", b"\x01", b"\x02", b"\x03", b"{", b'"id":', b"\x00"]  # fmt: skip
PUNCTUATION = ["[", "$", "(", "-", ".", "*", "\u0301", "!?", "\u2014", "'"]
BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol">
<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<nitf><body><body.content><p>&lol9;</p></body.content></body></nitf>
"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE nitf [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<nitf><body><body.head><hedline><hl1>&xxe;</hl1></hedline></body.head></body></nitf>
"""
PARAMETER = b"""<?xml version="1.0"?>
<!DOCTYPE nitf [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>
<nitf/>
"""
PLAIN_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE nitf SYSTEM "nitf-3-6.dtd">
<nitf><body><body.head><hedline><hl1>Port reopens</hl1></hedline></body.head>
<body.content><p>LISBON (Reuters) - The port reopened on Tuesday.</p></body.content>
</body></nitf>
"""


def _seeds() -> list[tuple[str, bytes]]:
    return [(path.suffix, path.read_bytes()) for path in SEED_DOCUMENTS]


class Generator:
    def __init__(self, seed: int, max_bytes: int) -> None:
        self.rng = random.Random(seed)
        self.max_bytes = max_bytes
        self.seeds = _seeds()
        self.n = 0

    # ------------------------------------------------------------------ helpers
    def key(self) -> bytes | None:
        roll = self.rng.random()
        if roll < 0.15:
            return None
        if roll < 0.2:
            return b""
        if roll < 0.25:
            return self.rng.randbytes(self.rng.randrange(1, 64))
        return f"h-{self.n:05d}".encode()

    def seed(self) -> tuple[str, bytes]:
        return self.rng.choice(self.seeds)

    def truncate(self, data: bytes) -> bytes:
        return data[: self.rng.randrange(0, len(data) + 1)]

    def flip(self, data: bytes) -> bytes:
        out = bytearray(data)
        for _ in range(self.rng.randrange(1, 20)):
            if out:
                out[self.rng.randrange(len(out))] = self.rng.randrange(256)
        return bytes(out)

    def splice(self, data: bytes) -> bytes:
        out = data
        for _ in range(self.rng.randrange(1, 10)):
            at = self.rng.randrange(len(out) + 1)
            out = out[:at] + self.rng.choice(MARKUP) + out[at:]
        return out

    def punctuate(self, data: bytes) -> bytes:
        run = self.rng.choice(PUNCTUATION) * self.rng.randrange(10, 5_000)
        at = self.rng.randrange(len(data) + 1)
        return (data[:at] + run.encode() + data[at:])[: self.max_bytes]

    def envelope(self, text: str, **extra: object) -> bytes:
        return json.dumps({"id": f"h-{self.n:05d}", "text": text, **extra}).encode()

    # ------------------------------------------------------------------ kinds
    def mutated_seed(self) -> Message:
        suffix, data = self.seed()
        mutate: Callable[[bytes], bytes] = self.rng.choice(
            [self.truncate, self.flip, self.splice, self.punctuate]
        )
        value = mutate(data)
        roll = self.rng.random()
        if roll < 0.5:
            headers = [("content-type", CONTENT_TYPES.get(suffix, "text/plain").encode())]
        elif roll < 0.7:
            headers = []
        elif roll < 0.85:
            headers = [("content-type", self.rng.choice(ODD_CONTENT_TYPES).encode())]
        else:
            value = self.envelope(value.decode("utf-8", "replace"))
            headers = []
        return self.key(), value, headers

    def random_bytes(self) -> Message:
        return self.key(), self.rng.randbytes(self.rng.randrange(1, 4_096)), []

    def invalid_utf8(self) -> Message:
        _, data = self.seed()
        bad = self.rng.choice([b"\xff\xfe", b"\xc3\x28", b"\xc0\xaf", b"\xed\xa0\x80", b"\x80"])
        at = self.rng.randrange(len(data) + 1)
        value = data[:at] + bad + data[at:]
        labelled = self.rng.random() < 0.5
        headers = [("content-type", b"text/plain; charset=utf-8")] if labelled else []
        return self.key(), value, headers

    def deep_json(self) -> Message:
        depth = self.rng.randrange(65, min(50_000, self.max_bytes // 4))
        shape = self.rng.randrange(3)
        if shape == 0:
            value = b"[" * depth + b"]" * depth
        elif shape == 1:
            value = b'{"a":' * depth + b"1" + b"}" * depth
        else:  # an envelope with a deep field of its own
            value = (
                b'{"id":"h-' + f"{self.n:05d}".encode() + b'","text":"PARIS (AFP) - Deep.",'
                b'"x":' + b"[" * depth + b"]" * depth + b"}"
            )
        return self.key(), value, [("content-type", b"application/json")]

    def huge_json(self) -> Message:
        """JSON just under the limit: a long text, many fields, or a long flat array."""
        room = self.max_bytes - 200
        shape = self.rng.randrange(3)
        if shape == 0:
            words = "The council met again on Monday and voted. " * (room // 44)
            value = self.envelope("LONDON (Reuters) - " + words)
        elif shape == 1:
            fields = {f"f{i}": i for i in range(room // 14)}
            value = self.envelope("ROME (ANSA) - Many fields.", extra=fields)
        else:
            value = self.envelope("MADRID (EFE) - A long list.", numbers=list(range(room // 7)))
        return self.key(), value[: self.max_bytes], []

    def over_limit(self) -> Message:
        size = self.max_bytes + self.rng.choice([1, 2, 100, 4_096, self.max_bytes])
        _, data = self.seed()
        value = (data * (size // len(data) + 1))[:size]
        return self.key(), value, [("content-type", b"text/plain")]

    def odd_headers(self) -> Message:
        _, data = self.seed()
        headers = [("content-type", self.rng.choice(ODD_CONTENT_TYPES).encode())]
        roll = self.rng.random()
        if roll < 0.3:
            headers.append(("Content-Type", b"application/json"))
        elif roll < 0.5:
            headers = [("content-type", self.rng.randbytes(16))]
        elif roll < 0.6:
            headers.append(("\u00e9t\u00e9", b"\xff\xff"))
        return self.key(), data, headers

    def xml_attack(self) -> Message:
        roll = self.rng.randrange(5)
        if roll == 0:
            value = BOMB
        elif roll == 1:
            value = EXTERNAL
        elif roll == 2:
            value = PARAMETER
        elif roll == 3:
            value = PLAIN_DTD
        else:
            depth = self.rng.randrange(300, 5_000)
            value = b"<nitf>" + b"<p>" * depth + b"x" + b"</p>" * depth + b"</nitf>"
        content_type = self.rng.choice([b"application/xml", b"application/nitf+xml", b""])
        return self.key(), value, [("content-type", content_type)] if content_type else []

    def empty(self) -> Message:
        value = self.rng.choice([None, b"", b" ", b"\n\n\t ", b"\x00", b"{}", b"null", b"[]"])
        return self.key(), value, []

    def unchanged_seed(self) -> Message:
        suffix, data = self.seed()
        content_type = CONTENT_TYPES.get(suffix, "text/plain").encode()
        return self.key(), data, [("content-type", content_type)]

    def record(self) -> Message:
        kind = self.rng.choices(list(KINDS), weights=list(KINDS.values()))[0]
        key, value, headers = getattr(self, kind)()
        if key is None and value is None:  # aiokafka refuses to send a record with neither
            key = b""
        self.n += 1
        return key, value, headers


KINDS = {  # kind: weight
    "mutated_seed": 40,
    "random_bytes": 8,
    "invalid_utf8": 8,
    "deep_json": 6,
    "huge_json": 2,
    "over_limit": 6,
    "odd_headers": 10,
    "xml_attack": 6,
    "empty": 6,
    "unchanged_seed": 8,
}


def records(count: int, seed: int, max_bytes: int) -> list[Message]:
    generator = Generator(seed, max_bytes)
    return [generator.record() for _ in range(count)]
