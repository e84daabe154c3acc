"""A learned second opinion on the open-vocabulary must-haves: is this name a skill, or a weekday, a city, a salary?

`jobmatch.openvocab` proposes every name written as a name inside a requirement line ("Mockito", "TIA 942"),
and on fresh text it also proposes "Tuesdays", "Coahuila", "USD 2.5M" and "Kiswahili". Word lists tuned on one
batch miss the next writer's; a `LinearReader` over the name and its clause, fitted on the development
postings' names labelled from their gold (`benchmarks/fit_name_reader.py`), reads the ones the rules let
through. Only names the vocabulary does not know are read; a vocabulary skill is never dropped.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from jobmatch.credentials import CREDENTIAL_END, REGISTRATION
from jobmatch.readers import Embed, LinearReader, installed_reader

logger = logging.getLogger(__name__)

READER_NAME = "names"  # shared_data/jobmatch/readers/names.npz
NOT_SKILL = "not"
SKILL = "skill"
# A name is dropped when the reader reads it `not` with at least the reader's threshold (0.6, stored in names.npz;
# benchmarks/fit_name_reader.py says how it was chosen).
# Whether the reader sees the clause with the name ("Kestrel — <clause>") or the name alone; chosen there too.
WITH_CLAUSE = True

# (name, clause it was found in)
Proposal = tuple[str, str]
NameFilter = Callable[[Sequence[Proposal]], set[str]]


def reader_text(name: str, clause: str, *, with_clause: bool = WITH_CLAUSE) -> str:
    """What the reader embeds for one proposed name: the name, then (by default) the clause it stands in."""
    if not with_clause:
        return name
    return name + " — " + re.sub(r"\s+", " ", clause).strip()


def _bare(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text).strip().lower()


@dataclass(frozen=True)
class ReaderFilter:
    """The names a reader reads as `not` a skill with at least `threshold` probability (the reader's own unless
    given), in one `read` call."""

    reader: LinearReader
    threshold: float | None = None
    embed: Embed | None = None
    with_clause: bool = WITH_CLAUSE

    def __call__(self, proposals: Sequence[Proposal]) -> set[str]:
        """Names to drop: a name stays when any of its clauses reads as a skill (or below the threshold)."""
        # A bullet that is the name alone ("- FireHydrant") is the writer listing it: never dropped. The reader,
        # with no clause to go on, reads such names no better than chance. No change on batches a, f or h-j.
        proposals = list(dict.fromkeys(proposals))
        listed = {n for n, c in proposals if _bare(c) == _bare(n)}
        # A registration with a named body ("AHPRA Registration", see `jobmatch.credentials`) is read from the
        # clause's own words, and the reader, fitted on names as written, reads it no better than chance.
        listed |= {n for n, _ in proposals if n.endswith(REGISTRATION)}
        # So is a licence or certificate named with its credential word ("Chief Engineer Certificate of Competency").
        listed |= {n for n, _ in proposals if CREDENTIAL_END.search(n)}
        proposals = [(n, c) for n, c in proposals if n not in listed]
        if not proposals:
            return set()
        texts = [reader_text(n, c, with_clause=self.with_clause) for n, c in proposals]
        read = self.reader.read(texts, embed=self.embed)
        least = self.reader.threshold if self.threshold is None else self.threshold
        kept = {n for (n, _), (lab, p) in zip(proposals, read, strict=True) if lab != NOT_SKILL or p < least}
        dropped = {n for n, _ in proposals} - kept
        if dropped:
            logger.debug("open-vocabulary names read as not skills: %s", sorted(dropped))
        return dropped


def keep_all(proposals: Sequence[Proposal]) -> set[str]:
    """The rules' answer: drop nothing."""
    return set()


def without_dropped(groups: Sequence[Sequence[str]], dropped: set[str]) -> list[list[str]]:
    """The groups less the names the reader dropped; a choice group ("Proxmox or VMware", "BACP, or the Board of
    Counsellors") keeps every choice when any of them is kept, since the writer offers them as the same kind of thing
    and the reader, reading one name at a time, is surer of a familiar choice than of its rarer alternative. Three
    acronyms or more offered as choices ("a CFA, CAIA or FRM charter") are credentials or standards of one kind,
    kept whole: the reader reads a bare acronym no better than chance."""
    out = []
    for group in groups:
        kept = [name for name in group if name not in dropped]
        acronyms = len(group) > 2 and all(re.fullmatch(r"[A-Z][A-Z0-9&/-]+", name) for name in group)
        out.append(list(group) if (kept or acronyms) and len(group) > 1 else kept)
    return [group for group in out if group]


@lru_cache(maxsize=1)
def shipped_filter() -> NameFilter:
    """The shipped names reader as a filter, or `keep_all` when its weights are not installed (slim install)."""
    reader = installed_reader(READER_NAME)
    if reader is None:
        logger.info("no %s reader installed: open-vocabulary names are kept as the rules find them", READER_NAME)
        return keep_all
    return ReaderFilter(reader)


__all__ = ["NameFilter", "ReaderFilter", "keep_all", "reader_text", "shipped_filter", "without_dropped"]
