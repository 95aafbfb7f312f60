"""Compare the convenants of two or more regions: a model every comparison output renders from.

Articles, bijlagen and the overwegingen and slot are aligned by clause id; an article that one
region's manifest lists and another's does not is "only in" the regions that have it. Within an
article, leden (and the sections of a bijlage) are aligned by lid id; a lid whose id has no
counterpart is paired with the most similar unpaired lid of the same article in the other
region(s) when their word-level similarity is at least ``LID_SIMILAR``, else it stays "only
in" its region. Paired leden are compared line by line and word by word with the same differ
as the renvooi (generator.redline), on the canonical text (generator.canonical).

Lid and article numbers and the article heading's separator are not part of the comparison:
"Artikel 25. Toepasselijk recht" with an unnumbered lid is identical to "Artikel 25:
Toepasselijk recht" with lid 25.1. Regional terms ({{zvh}}, {{tactisch_overleg}}) are part of
the text; a variant whose only differences are the regions' term values is flagged as such.

The first region given is the reference: the other regions' texts are diffed against it.
The "regions" may as well be one region at several points in time (a version, a date, a
revision: generator.commands.compare_points); the comparison is keyed by their labels.

The package: ``alignment`` pairs what corresponds (keys in reading order, leden by id or by
text, lines word by word), ``model`` holds the Comparison and builds it.
"""

from .alignment import LID_SIMILAR
from .model import (ABSENT, CELL_WORDS, IDENTICAL, PARTIAL, SHARED, VARIANT, ArticleComparison,
                    Comparison, LidRow, compare_documents, percent)

__all__ = ["ABSENT", "CELL_WORDS", "IDENTICAL", "LID_SIMILAR", "PARTIAL", "SHARED", "VARIANT",
           "ArticleComparison", "Comparison", "LidRow", "compare_documents", "percent"]
