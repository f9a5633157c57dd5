"""The entities stage: NER spans in, one canonical entity per real-world thing out.

The stage (:func:`extract_entities`, in :mod:`.stage`) runs these steps in order, each in
its own module:

1. :mod:`.spans`: the model's spans cleaned (trimmed, split, dropped); 1b :mod:`.canonical`:
   each span's name as a reader would write it;
2. :mod:`.labels`: labels the model got wrong, read from where a span stands;
3. and 4. :mod:`.groups`: spans grouped by the thing they name, then labelled and coded
   (3b :mod:`.context`: a place name read with the story's evidence; 4b :mod:`.aliases`:
   acronyms and tickers joined to their entity);
5. :mod:`.mentions`: mentions the model missed, found by searching the text.

:mod:`.names` holds the person-name rules the steps share, :mod:`.lookups` the story's
look-ups in the reference tables (:mod:`wiredesk.normalize.tables`).
"""

from wiredesk.normalize.entities.stage import extract_entities

__all__ = ["extract_entities"]
