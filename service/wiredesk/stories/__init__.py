"""Cross-story bookkeeping: which place a record takes in its story's history.

Pure over a mapping, beside the core rather than inside it: the core normalises one story
at a time and never looks at another; this package compares a record with the stories
before it. The story keeper (:mod:`wiredesk.stream.keeper`) keeps the mapping in a Faust
table; ``wiredesk normalize`` keeps it in a dict.

- :mod:`.key`: the story key every version of one story shares;
- :mod:`.fingerprint`: the body's MinHash, for near-duplicates;
- :mod:`.history`: :func:`~.history.decide`, a record's action against its story's state,
  and the near-duplicate index;
- :mod:`.book`: :class:`~.book.StoryBook`, the three above over one mapping.
"""

from wiredesk.stories.book import StoryBook

__all__ = ["StoryBook"]
