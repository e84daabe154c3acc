"""jobmatch: a candidate pool in a database, ranked against job descriptions by a cross-encoder."""

from jobmatch.db import Candidate, DatabaseError, Job, RankingResult, RankingRun, init_db, make_engine
from jobmatch.importing import CandidateRecord, ImportResult, InputError, import_candidates, read_candidates
from jobmatch.matching import Match, MatchError, rank_profiles, rank_stored
from jobmatch.parsing import CandidateProfile, JobProfile, Seniority, parse_candidate, parse_job, profile_from_text
from jobmatch.skills import SkillVocabulary, load_vocabulary

__all__ = [
    "Candidate",
    "CandidateProfile",
    "CandidateRecord",
    "DatabaseError",
    "ImportResult",
    "InputError",
    "Job",
    "JobProfile",
    "Match",
    "MatchError",
    "RankingResult",
    "RankingRun",
    "Seniority",
    "SkillVocabulary",
    "import_candidates",
    "init_db",
    "load_vocabulary",
    "make_engine",
    "parse_candidate",
    "parse_job",
    "profile_from_text",
    "rank_profiles",
    "rank_stored",
    "read_candidates",
]
