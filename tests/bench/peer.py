"""The consumer a team would write instead of wiredesk, as the bench's peer.

An aiokafka consumer, spaCy's ``nlp.pipe`` over each fetched batch, one JSON object of
entities per story out, offsets committed after the batch's sends are acknowledged. No
dateline, agency, entity merging or dead letters. Run by ``tests.bench.throughput``:

    python -m tests.bench.peer BOOTSTRAP INPUT OUTPUT GROUP MODEL
"""

from __future__ import annotations

import asyncio
import json
import sys

import spacy
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer


async def run(bootstrap: str, source: str, target: str, group: str, model: str) -> None:
    nlp = spacy.load(model, exclude=["tagger", "parser", "attribute_ruler", "lemmatizer"])
    consumer = AIOKafkaConsumer(
        source, bootstrap_servers=bootstrap, group_id=group,
        enable_auto_commit=False, auto_offset_reset="earliest",
    )  # fmt: skip
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await consumer.start()
    await producer.start()
    print("ready", flush=True)
    try:
        while True:
            batches = await consumer.getmany(timeout_ms=50, max_records=16)
            for messages in batches.values():
                stories = [json.loads(m.value) for m in messages]
                docs = nlp.pipe([s["text"] for s in stories])
                sends = [
                    await producer.send(target, key=m.key, value=json.dumps({
                        "id": s["id"], "entities": [[e.text, e.label_] for e in doc.ents],
                    }).encode())
                    for m, s, doc in zip(messages, stories, docs, strict=True)
                ]  # fmt: skip
                await asyncio.gather(*sends)
            if batches:
                await consumer.commit()
    finally:
        await producer.stop()
        await consumer.stop()


if __name__ == "__main__":
    asyncio.run(run(*sys.argv[1:6]))
