"""The pure normalisation pipeline: text in, values out.

Nothing in this package touches Kafka, Faust, prometheus, the environment or files.
Reference tables and the NER function arrive as values in :class:`Resources`.
"""

from wiredesk.normalize.pipeline import Resources, normalize

__all__ = ["Resources", "normalize"]
