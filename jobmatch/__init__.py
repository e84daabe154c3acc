"""jobmatch: a candidate pool in a database, ranked against job descriptions by a cross-encoder.

Names are re-exported lazily so that ``import jobmatch`` (and ``jobmatch --help``) loads neither
SQLAlchemy nor torch; ``from jobmatch import Pool`` works as usual.
"""

from __future__ import annotations

from core.lazy import lazy_exports

_EXPORTS = {
    "AlreadyStoredError": "jobmatch.pool",
    "Candidate": "jobmatch.db",
    "CandidateProfile": "jobmatch.parsing",
    "CandidateRecord": "jobmatch.importing",
    "DatabaseError": "jobmatch.db",
    "ImportResult": "jobmatch.importing",
    "InputError": "jobmatch.importing",
    "Job": "jobmatch.db",
    "JobProfile": "jobmatch.parsing",
    "Match": "jobmatch.matching",
    "MatchError": "jobmatch.matching",
    "Pool": "jobmatch.pool",
    "RankingResult": "jobmatch.db",
    "RankingRun": "jobmatch.db",
    "Seniority": "jobmatch.parsing",
    "SkillVocabulary": "jobmatch.skills",
    "import_candidates": "jobmatch.importing",
    "init_db": "jobmatch.db",
    "load_vocabulary": "jobmatch.skills",
    "make_engine": "jobmatch.db",
    "parse_candidate": "jobmatch.parsing",
    "parse_job": "jobmatch.parsing",
    "profile_from_text": "jobmatch.parsing",
    "rank_profiles": "jobmatch.matching",
    "rank_stored": "jobmatch.matching",
    "read_candidates": "jobmatch.importing",
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, __all__)
