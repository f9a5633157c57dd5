"""The broker's jars: the Kafka version pinned in pom.xml, fetched by Maven into lib/.

Standard library only: ``make kafka-jars`` runs this with the system Python before the
project's virtual environment exists.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

# Paths are derived from this file's location (deploy/kafka/kafkactl/), never hard-coded.
KAFKA_DIR = Path(__file__).resolve().parent.parent
REPO_ROOT = KAFKA_DIR.parent.parent
LIB_DIR = KAFKA_DIR / "lib"
POM = KAFKA_DIR / "pom.xml"
LOG4J_CONFIG = KAFKA_DIR / "log4j2.properties"


class KafkaCtlError(RuntimeError):
    """Any failure to fetch, format, start, probe or stop a broker."""


def say(msg: str) -> None:
    print(f"kafkactl: {msg}", file=sys.stderr, flush=True)


def kafka_version() -> str:
    """The Kafka version pinned in pom.xml (property ``kafka.version``)."""
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    node = ET.parse(POM).getroot().find("m:properties/m:kafka.version", ns)
    if node is None or not node.text:
        raise KafkaCtlError(f"no <kafka.version> property in {POM}")
    return node.text.strip()


def jars_present() -> bool:
    """True when lib/ holds the broker jar of the version pinned in pom.xml."""
    return (LIB_DIR / f"kafka_2.13-{kafka_version()}.jar").is_file()


def fetch_jars(force: bool = False) -> Path:
    """Fill lib/ with the broker's runtime jars via Maven; return lib/.

    Does nothing when lib/ already holds the pinned version.  A lib/ holding
    another version is wiped first, so two versions never share a class path.
    A second fetch on the same machine is served from ~/.m2 without network.
    """
    if jars_present() and not force:
        return LIB_DIR
    mvn = shutil.which("mvn")
    if mvn is None:
        raise KafkaCtlError("mvn not found on PATH (install Maven, e.g. apt-get install maven)")
    if LIB_DIR.exists():
        say(f"removing stale {LIB_DIR.name}/ (does not match kafka {kafka_version()})")
        shutil.rmtree(LIB_DIR)
    cmd = [mvn, "-B", "-q", "-Dstyle.color=never", "-f", str(POM), "package"]
    say(f"fetching Kafka {kafka_version()} jars: {' '.join(cmd)}")
    t0 = time.monotonic()
    res = subprocess.run(
        cmd, check=False, cwd=KAFKA_DIR, stdin=subprocess.DEVNULL, capture_output=True, text=True
    )
    if res.returncode != 0 or not jars_present():
        raise KafkaCtlError(
            f"maven failed (exit {res.returncode}):\n{res.stdout[-4000:]}\n{res.stderr[-4000:]}"
        )
    say(f"{len(list(LIB_DIR.glob('*.jar')))} jars in {LIB_DIR} ({time.monotonic() - t0:.1f}s)")
    return LIB_DIR


def java() -> str:
    java_home = os.environ.get("JAVA_HOME")
    if java_home and (Path(java_home) / "bin" / "java").is_file():
        return str(Path(java_home) / "bin" / "java")
    found = shutil.which("java")
    if found is None:
        raise KafkaCtlError("java not found (Kafka 4.x needs Java 17 or newer)")
    return found


def classpath() -> str:
    # The JVM expands the trailing '*' itself; no shell involved.
    return str(LIB_DIR) + os.sep + "*"
