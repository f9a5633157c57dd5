"""Run a real Apache Kafka broker (KRaft, no Docker) on loopback.

The broker jars come from Maven Central (``pom.xml`` in ``deploy/kafka``, copied into
``deploy/kafka/lib``). A small package in four parts:

* :mod:`.jars`: the pinned version, fetching the jars, java and the class path
  (standard library only: ``make kafka-jars`` runs before the virtual environment exists);
* :mod:`.node`: one broker JVM, its readiness probe (aiokafka, imported when used) and
  loopback ports;
* :mod:`.cluster`: building, formatting, starting and stopping one node or several;
* :mod:`.cli`: ``python3 deploy/kafka/kafkactl up|down|status|fetch``.

Tests, the demo and the bench import it by its folder, as before:
``sys.path.insert(0, "<repo>/deploy/kafka")`` then ``import kafkactl``, and use
:func:`start_single` / :func:`start_cluster`.
"""

from .cluster import (
    NODE_MARKER,
    STATE_FILE,
    Cluster,
    SecureListener,
    new_cluster_id,
    start_cluster,
    start_single,
)
from .jars import (
    KAFKA_DIR,
    LIB_DIR,
    LOG4J_CONFIG,
    POM,
    REPO_ROOT,
    KafkaCtlError,
    fetch_jars,
    jars_present,
    kafka_version,
)
from .node import (
    DEFAULT_START_TIMEOUT,
    DEFAULT_STOP_TIMEOUT,
    HOST,
    JVM_FLAGS,
    READY_LOG_LINE,
    BrokerInfo,
    ClusterMetadata,
    Node,
    ProbeError,
    free_ports,
    port_is_free,
    probe,
    stop_nodes,
)

__all__ = [
    "DEFAULT_START_TIMEOUT",
    "DEFAULT_STOP_TIMEOUT",
    "HOST",
    "JVM_FLAGS",
    "KAFKA_DIR",
    "LIB_DIR",
    "LOG4J_CONFIG",
    "NODE_MARKER",
    "POM",
    "READY_LOG_LINE",
    "REPO_ROOT",
    "STATE_FILE",
    "BrokerInfo",
    "Cluster",
    "ClusterMetadata",
    "KafkaCtlError",
    "Node",
    "ProbeError",
    "SecureListener",
    "fetch_jars",
    "free_ports",
    "jars_present",
    "kafka_version",
    "new_cluster_id",
    "port_is_free",
    "probe",
    "start_cluster",
    "start_single",
    "stop_nodes",
]
