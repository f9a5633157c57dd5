"""Political events in PLOVER: who did what to whom, where and when (issue 25).

Modules: ``lexicon`` (the trigger patterns per type, each tagged with its origin),
``tokens`` (words with offsets, the trigger matcher), ``actors`` (parties: countries,
organisations, people and sectors, read from the record's entities), ``sentences``
(which sentences are read, their place and date), ``countries`` (ISO alpha-2 -> alpha-3),
``stage`` (the stage function). See ``docs/events.md``.
"""

from wiredesk.normalize.events.stage import QUADS, code_events

__all__ = ["QUADS", "code_events"]
