"""wiredesk: agency wire stories from Kafka in, normalised event records out.

The public API is what this module exports (``__all__``, guarded by a test); every other
module is private by convention and may change without notice::

    from wiredesk import Envelope, load_resources, normalize

    resources = load_resources()  # once per process: reference tables and the NER model
    record = normalize(Envelope(text="Tokyo chips\\n\\nTOKYO, Oct 6 (Reuters) - ..."), resources)
    print(record.dateline, record.agencies, record.entities)

The streaming worker (``wiredesk worker``) and the command line are the other faces;
``python -m wiredesk --help`` lists the commands.
"""

from wiredesk.errors import ErrorCode, InfrastructureError, Stage, StoryError, WiredeskError
from wiredesk.models import (
    SCHEMA_VERSION,
    Agency,
    Byline,
    CodedEvent,
    Dateline,
    Entity,
    Envelope,
    EventActor,
    EventRecord,
    Lifecycle,
    Mention,
    Note,
    Place,
    RecordWarning,
    Story,
    StoryMeta,
    WarningCode,
)
from wiredesk.normalize import Resources, normalize
from wiredesk.resources import load_resources

__version__ = "0.3.0"

__all__ = [
    "SCHEMA_VERSION",
    "Agency",
    "Byline",
    "CodedEvent",
    "Dateline",
    "Entity",
    "Envelope",
    "ErrorCode",
    "EventActor",
    "EventRecord",
    "InfrastructureError",
    "Lifecycle",
    "Mention",
    "Note",
    "Place",
    "RecordWarning",
    "Resources",
    "Stage",
    "Story",
    "StoryError",
    "StoryMeta",
    "WarningCode",
    "WiredeskError",
    "__version__",
    "load_resources",
    "normalize",
]
