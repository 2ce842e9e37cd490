"""Event linking: where articles report events, and which real-world event each casualty figure belongs to.

Three pure stages, each a function of its arguments only:

* ``article_mentions(text, start, end, published, findings, sentences, source_id=, title_span=)``
  (mentions.py): one article's event mentions, its main event first (headline
  and lead), then the background events it tells; each with types, date,
  places, actors, the words that carried them, and its casualty figures with
  the basis of their assignment (clause, sentence, context, main).
* ``link_corpus(articles, curated)`` (cluster.py): every mention linked to a
  curated event, a machine event, or none; machine events with stable,
  readable ids; one ``LinkRecord`` per mention and per figure with its score
  and the evidence of date, place, type and actor.
* ``syndicated_copies(texts)`` (syndication.py): which source repeats which.

``curated_event`` (curated.py) turns a ``claimtrail.events.Event`` into the
``CuratedEvent`` that linking compares with.  All gazetteer use is in
places.py; all vocabulary in vocabulary.py.  The accuracy scorer and the
synthetic timing are developer tools (``python -m claimtrail.devtools.linking``).
"""

from .cluster import link_corpus
from .curated import curated_event
from .mentions import article_mentions
from .model import (
    ArticleMentions,
    CuratedEvent,
    DateRef,
    FeatureMatch,
    FigureAssignment,
    FigureRef,
    Linking,
    LinkRecord,
    MachineEvent,
    Mention,
    PlaceRef,
    Words,
)
from .syndication import Copy, SyndicationText, syndicated_copies, text_sketch

__all__ = [
    "ArticleMentions",
    "Copy",
    "CuratedEvent",
    "DateRef",
    "FeatureMatch",
    "FigureAssignment",
    "FigureRef",
    "LinkRecord",
    "Linking",
    "MachineEvent",
    "Mention",
    "PlaceRef",
    "SyndicationText",
    "Words",
    "article_mentions",
    "curated_event",
    "link_corpus",
    "syndicated_copies",
    "text_sketch",
]
