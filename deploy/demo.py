"""`make demo`: the whole service on this machine, start to finish, in one command.

Starts a single-node Apache Kafka broker (deploy/kafka), starts `wiredesk worker`,
publishes every story in seeds/ with `wiredesk publish` (the plain-text seeds and the
agency-format documents in seeds/formats/, each with its content type; kills last, as a
desk would see them), then the plain-text story sequences of seeds/sequences/ one version
at a time (each version under a Kafka key of its own, or, for a folder named `*_one_key`,
all under one key), prints each event record as it arrives (`wiredesk tail`) with its
place in its story's history (the story keeper is on), shows a few lines of the worker's
/metrics, then stops all it started. Run through make, which creates the environment and
fetches the jars first.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SEQUENCES = SEEDS / "sequences"  # one folder a story, its versions in sending order
WIREDESK = [sys.executable, "-m", "wiredesk"]


def _kafkactl():  # type: ignore[no-untyped-def]
    """deploy/kafka/kafkactl is a package outside ``service``; import it by its folder."""
    sys.path.insert(0, str(REPO / "deploy" / "kafka"))
    import kafkactl

    return kafkactl


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=3) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def _wait_ready(url: str, worker: subprocess.Popen[bytes], log: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            print(log.read_text(errors="replace")[-3000:], file=sys.stderr)
            raise SystemExit("demo: the worker exited during start-up (its log is above)")
        try:
            if _get(url)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("demo: the worker did not become ready in time")


def _summary(line: str) -> str:
    record = json.loads(line)
    dateline = record.get("dateline") or {}
    place = (dateline.get("place") or {}).get("name", "-")
    country = (dateline.get("place") or {}).get("country_code") or "-"
    agencies = ",".join(a["code"] for a in record["agencies"]) or "-"
    story = record.get("story") or {}
    return (
        f"{record['headline'][:50]:<50} | {record.get('format', 'text'):<9}"
        f" v{story.get('version', 1)} {story.get('status', 'usable')[:6]}"
        f" | {place} {country} {dateline.get('date') or '-'}"
        f" | {agencies} | {len(record['entities'])} entities | {_history(record)}"
    )


def _history(record: dict[str, object]) -> str:
    lifecycle = record.get("lifecycle")
    if not isinstance(lifecycle, dict):
        return "-"
    text = f"{lifecycle['action']} #{lifecycle['sequence']}"
    if lifecycle.get("duplicate_of"):
        text += f" of {str(lifecycle['duplicate_of'])[:16]}"
    elif lifecycle.get("kills"):
        text += f" ({len(lifecycle['kills'])} taken down)"
    return text


def _in_story_order(seeds: Path) -> list[str]:
    """Every seed file but the sequences; in seeds/formats/ the kills after the versions
    they take down (the file names sort a kill before its story's versions)."""
    files = sorted(p for p in seeds.rglob("*") if p.is_file() and SEQUENCES not in p.parents)
    return [str(p) for p in sorted(files, key=lambda p: "kill" in p.stem)]


def _keeper_count(metrics_url: str) -> float:
    """Records the story keeper has handled (its actions counter, all actions)."""
    _, text = _get(metrics_url)
    return sum(
        float(line.rpartition(" ")[2])
        for line in text.splitlines()
        if line.startswith("wiredesk_lifecycle_actions_total{")
    )


async def _send(bootstrap: str, key: bytes, value: bytes) -> None:
    from aiokafka import AIOKafkaProducer

    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        headers = [("content-type", b"text/plain; charset=utf-8")]
        await producer.send_and_wait("wire.raw", value, key=key, headers=headers)
    finally:
        await producer.stop()


def _publish_sequences(bootstrap: str, metrics_url: str, done: float) -> None:
    """Each story's versions one at a time, each once the keeper handled the one before
    (versions under different keys land on different input partitions: waiting keeps
    them in the order a desk would receive them)."""
    for folder in sorted(p for p in SEQUENCES.iterdir() if p.is_dir()):
        for n, path in enumerate(sorted(p for p in folder.iterdir() if p.is_file())):
            key = folder.name if folder.name.endswith("_one_key") else f"{folder.name}-{n}"
            asyncio.run(_send(bootstrap, key.encode(), path.read_bytes()))
            done += 1
            deadline = time.monotonic() + 60
            while _keeper_count(metrics_url) < done and time.monotonic() < deadline:
                time.sleep(0.2)


def _show_record(record: dict[str, object]) -> None:
    entities = record.pop("entities")
    text = json.dumps(record, indent=2, ensure_ascii=False)
    body = str(record["body"])
    text = text.replace(json.dumps(body, ensure_ascii=False), json.dumps(body[:160] + " ..."))
    print(text[:-2] + ',\n  "entities": [')
    assert isinstance(entities, list)
    for entity in entities:
        print(f"    {json.dumps(entity, ensure_ascii=False)[:150]}")
    print("  ]\n}")


def main() -> int:
    kafkactl = _kafkactl()
    started = time.monotonic()
    seed_count = sum(1 for p in SEEDS.rglob("*") if p.is_file())
    with tempfile.TemporaryDirectory(prefix="wiredesk-demo-") as tmp:
        print(f"demo: starting Apache Kafka {kafkactl.kafka_version()} (KRaft, one node)")
        cluster = kafkactl.start_single(Path(tmp) / "kafka")
        worker = None
        try:
            web_port = kafkactl.free_ports(1)[0]
            env = {
                **os.environ,
                "WIREDESK_BROKER": cluster.bootstrap,
                "WIREDESK_WEB_PORT": str(web_port),
                "WIREDESK_WEB_HOST": "127.0.0.1",
                "WIREDESK_LOG_LEVEL": "WARNING",
                "WIREDESK_CONSUMER_GROUP": f"wiredesk-demo-{os.getpid()}",
                "WIREDESK_LIFECYCLE": "true",  # the story keeper (its folder is in tmp)
            }
            print(f"demo: broker at {cluster.bootstrap}; starting `wiredesk worker`")
            # Faust keeps an app data folder in the working folder: keep it in tmp.
            worker_log = Path(tmp) / "worker.log"
            with worker_log.open("wb") as log:
                worker = subprocess.Popen(
                    [*WIREDESK, "worker"], env=env, cwd=tmp, stdout=log, stderr=subprocess.STDOUT
                )
            _wait_ready(f"http://127.0.0.1:{web_port}/readyz", worker, worker_log)
            print(f"demo: worker ready; publishing {seed_count} stories from seeds/")
            first = _in_story_order(SEEDS)
            subprocess.run([*WIREDESK, "publish", *first], env=env, check=True)
            metrics_url = f"http://127.0.0.1:{web_port}/metrics"
            deadline = time.monotonic() + 120  # the keeper has the first ones, in any order
            while _keeper_count(metrics_url) < len(first) and time.monotonic() < deadline:
                time.sleep(0.5)
            print(f"demo: publishing the story sequences of {SEQUENCES.relative_to(REPO)}/")
            _publish_sequences(cluster.bootstrap, metrics_url, float(len(first)))
            print("demo: event records from wire.events as they arrive:\n")
            tail = subprocess.Popen(
                [*WIREDESK, "tail", "--max", str(seed_count), "--timeout", "60"],
                env=env,
                stdout=subprocess.PIPE,
                text=True,
            )
            assert tail.stdout is not None
            shown = 0
            seed_record = None
            for line in tail.stdout:
                shown += 1
                print(f"{shown:3d} {_summary(line)}")
                if seed_record is None and "efe-epa" in line:
                    seed_record = json.loads(line)
            tail.wait()
            print(f"\ndemo: {shown} of {seed_count} event records arrived. Excerpt of /metrics:")
            _, metrics = _get(f"http://127.0.0.1:{web_port}/metrics")
            wanted = (
                "wiredesk_stories_consumed_total",
                "wiredesk_events_produced_total",
                "wiredesk_dead_letters_total",
                "wiredesk_end_to_end_seconds_count",
                "wiredesk_consumer_lag",
                "wiredesk_lifecycle_stories",
                "wiredesk_lifecycle_actions_total",
                "wiredesk_ready",
                "faust_messages_received_total",
            )
            for line in metrics.splitlines():
                if line.startswith(wanted):
                    print("  " + line)
            if seed_record is not None:
                print("\ndemo: the seed story's event record (one entity a line):")
                _show_record(seed_record)
            return 0 if shown == seed_count else 1
        finally:
            if worker is not None and worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
                worker.wait(60)
            cluster.stop()
            print(f"demo: stopped the worker and the broker ({time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    sys.exit(main())
