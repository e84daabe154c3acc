"""Read candidate files (CSV, JSONL, .txt/.md, PDF, .docx) and import them in one transaction."""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.files import parse_jsonl
from jobmatch import pgvector_store
from jobmatch.db import Candidate, natural_key, normalize_email
from jobmatch.documents import InputError, decode_text, document_text, docx_text, pdf_text, read_text
from jobmatch.embeddings import EmbeddingError
from jobmatch.parsing import CandidateProfile, parse_candidate
from jobmatch.resumes import find_phone
from jobmatch.years import MAX_YEARS

logger = logging.getLogger(__name__)

TEXT_FIELDS = ("summary", "profile", "resume", "text", "experience")
KNOWN_COLUMNS = {
    "name",
    "email",
    "phone",
    "location",
    "role",
    "title",
    "seniority",
    "level",
    "years",
    "years_experience",
    "skills",
    "degree",
    "graduation_year",
    "work_authorization",
    "clearance",
    *TEXT_FIELDS,
}
FACT_COLUMNS = ("degree", "graduation_year", "work_authorization", "clearance", "location")
PROFILE_SUFFIXES = {".txt", ".md", ".markdown"}
SUPPORTED_SUFFIXES = {".csv", ".jsonl", ".pdf", ".docx", *PROFILE_SUFFIXES}
ProgressCallback = Callable[[str, int, int], None]


@dataclass(frozen=True)
class CandidateRecord:
    """One candidate as read from a file, before parsing."""

    name: str
    source: str
    text: str = ""
    email: str | None = None
    phone: str | None = None
    role: str | None = None
    seniority: str | None = None
    years: float | None = None
    skills: str | None = None
    facts: dict = field(default_factory=dict)

    def profile(self) -> CandidateProfile:
        """Parse this record into a CandidateProfile."""
        return parse_candidate(
            self.text, role=self.role, seniority=self.seniority, years=self.years, skills=self.skills, facts=self.facts
        )


@dataclass(frozen=True)
class ImportResult:
    """What an import did."""

    added: int
    skipped: int
    ids: tuple[int, ...]


def read_candidates(path: str | Path) -> list[CandidateRecord]:
    """Read candidate records from a file or (recursively) a folder of supported files."""
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
        if not files:
            raise InputError(f"{path} has no candidate files ({', '.join(sorted(SUPPORTED_SUFFIXES))})")
        return [record for file in files for record in read_candidates(file)]
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path)
    if suffix == ".jsonl":
        return _read_jsonl(path)
    if suffix == ".pdf":
        return [_profile_record(pdf_text(path), str(path))]
    if suffix == ".docx":
        return [_profile_record(docx_text(path), str(path))]
    if suffix in PROFILE_SUFFIXES:
        return [_profile_record(read_text(path), str(path))]
    raise InputError(f"{path}: unsupported file type; use {', '.join(sorted(SUPPORTED_SUFFIXES))}")


def record_from_fields(row: dict, where: str) -> CandidateRecord:
    """Build a record from a CSV/JSON row or CLI flags; unknown keys are rejected."""
    unexpected = sorted(k for k in row if k not in KNOWN_COLUMNS)
    if unexpected:
        raise InputError(
            f"{where}: unexpected column(s) {', '.join(unexpected)}; known: {', '.join(sorted(KNOWN_COLUMNS))}"
        )
    values = {k: _field_text(k, v, where) for k, v in row.items()}
    skills = values.get("skills")
    text = "\n".join(values[k] for k in TEXT_FIELDS if values.get(k))
    name = values.get("name") or ""
    if not name:
        raise InputError(f"{where}: the name is empty")
    years_raw = values.get("years") or values.get("years_experience")
    try:
        years = float(years_raw) if years_raw not in (None, "") else None
    except ValueError:
        raise InputError(f"{where}: years {years_raw!r} is not a number") from None
    if years is not None and not 0 <= years <= MAX_YEARS:  # also refuses nan and inf
        raise InputError(f"{where}: years {years_raw!r} is not between 0 and {MAX_YEARS}")
    facts = {k: values[k] for k in FACT_COLUMNS if values.get(k)}
    return CandidateRecord(
        name=name,
        source=where,
        text=text,
        email=values.get("email") or None,
        phone=values.get("phone") or None,
        role=values.get("role") or values.get("title") or None,
        seniority=values.get("seniority") or values.get("level") or None,
        years=years,
        skills=skills or None,
        facts=facts,
    )



def _field_text(key: str, value, where: str) -> str | None:
    """A CSV/JSON value as text: numbers become text, skills may be a list, nothing else nests."""
    if value is None:
        return None
    if key == "skills" and isinstance(value, list):
        if any(isinstance(item, (list, dict, bool)) or item is None for item in value):
            raise InputError(f"{where}: skills must be a list of words, like [\"Python\", \"SQL\"]")
        return ", ".join(str(item).strip() for item in value if str(item).strip())
    if isinstance(value, bool) or isinstance(value, (list, dict)):
        kind = {bool: "true/false", list: "a list", dict: "an object"}[type(value)]
        raise InputError(f"{where}: {key} is {kind}; it must be text" +
                           (" or a list of skills" if key == "skills" else ""))
    return str(value).strip()


def _read_csv(path: Path) -> list[CandidateRecord]:
    text = read_text(path)
    try:
        reader = csv.DictReader(io.StringIO(text))
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
        reader.fieldnames = header
        rows = list(reader)
    except csv.Error as exc:
        raise InputError(f"{path}: not a valid CSV file ({exc})") from None
    if "name" not in header:
        raise InputError(f"{path}: missing column 'name' (columns: {', '.join(header) or 'none'})")
    if not ({"skills", "role", "title"} | set(TEXT_FIELDS)) & set(header):
        raise InputError(f"{path}: needs a 'skills', 'role' or profile text column ({', '.join(TEXT_FIELDS)})")
    records = []
    for number, row in enumerate(rows, start=2):
        if None in row:
            raise InputError(f"{path}:{number}: more values than columns")
        if not any((v or "").strip() for v in row.values()):
            continue
        records.append(record_from_fields(row, f"{path}:{number}"))
    if not records:
        raise InputError(f"{path} has a header but no candidates")
    return records


def _read_jsonl(path: Path) -> list[CandidateRecord]:
    records = []
    for where, row in parse_jsonl(read_text(path).splitlines(), str(path), InputError):
        records.append(record_from_fields(row, where))
    if not records:
        raise InputError(f"{path} has no candidates")
    return records


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _profile_record(text: str, where: str) -> CandidateRecord:
    """A free-form résumé: the first line is the name (or 'Name: ...'), contacts found by pattern."""
    lines = [line.strip().lstrip("#*- ").strip() for line in text.splitlines() if line.strip()]
    if not lines:
        raise InputError(f"{where} is empty")
    first = re.sub(r"^name\s*:\s*", "", lines[0], flags=re.I)
    name = re.split(r"\s+[|–—-]\s+|,", first)[0].strip()[:200] or Path(where).stem
    email = _EMAIL.search(text)
    phone = find_phone(text)
    return CandidateRecord(
        name=name,
        source=where,
        text=text,
        email=email.group(0) if email else None,
        phone=phone,
    )


def candidate_key(record: CandidateRecord, profile: CandidateProfile) -> str:
    """Natural key of a record: normalised email, else a content hash."""
    return natural_key(record.email, record.name, record.text, profile.skills)


def find_duplicates(keys: Sequence[str], records: Sequence[CandidateRecord]) -> None:
    """Raise InputError naming the first pair of records in one import with the same key."""
    seen: dict[str, int] = {}
    for index, key in enumerate(keys):
        if key in seen:
            first = records[seen[key]]
            raise InputError(
                f"duplicate candidate: {records[index].source} repeats {first.source} "
                f"({first.name}); remove one and import again"
            )
        seen[key] = index


def encode_embedding(vector: np.ndarray) -> bytes:
    """Store an embedding as little-endian float16 bytes."""
    return np.asarray(vector, dtype="<f2").tobytes()


def import_candidates(
    session: Session,
    records: Sequence[CandidateRecord],
    *,
    embedder,
    on_progress: ProgressCallback | None = None,
    batch_size: int = 256,
) -> ImportResult:
    """Parse, embed and add records; the caller's transaction makes it all or nothing.

    Records whose natural key is already stored are skipped; two records with the same key in
    one import raise InputError before anything is written.

    Args:
        session: an open session; commit happens in the caller (`with session.begin()`).
        records: records from `read_candidates` or `record_from_fields`.
        embedder: a core.Embedder for the retrieval embeddings.
        on_progress: called as (phase, done, total) with phase "embed" or "store".
        batch_size: rows per embedding batch and per flush.

    Returns:
        ImportResult with counts and the new ids.
    """
    progress = on_progress or (lambda *_: None)
    profiles = [record.profile() for record in records]
    keys = [candidate_key(r, p) for r, p in zip(records, profiles, strict=True)]
    find_duplicates(keys, records)
    existing: set[str] = set()
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        existing.update(session.scalars(select(Candidate.natural_key).where(Candidate.natural_key.in_(chunk))))
    todo = [i for i, key in enumerate(keys) if key not in existing]
    # 1. Embed first: the slow part, done before any row is written.
    vectors = []
    for start in range(0, len(todo), batch_size):
        batch = [profiles[i].card for i in todo[start : start + batch_size]]
        vectors.append(embedder.encode(batch))
        progress("embed", min(start + batch_size, len(todo)), len(todo))
    matrix = np.concatenate(vectors) if vectors else np.zeros((0, 0), dtype=np.float32)
    # 2. Store in batches inside the caller's transaction; on PostgreSQL with pgvector the vectors
    #    also go to its table, and a table created by this import gets its HNSW index after the load.
    new_vector_table = None
    if todo:
        try:
            new_vector_table = pgvector_store.prepare_import(session.connection(), matrix.shape[1])
        except EmbeddingError as exc:
            raise InputError(str(exc)) from None
    rows: list[Candidate] = []
    pending: list[Candidate] = []
    for n, i in enumerate(todo):
        pending.append(_row(records[i], profiles[i], keys[i], matrix[n], embedder.name))
        if len(pending) == batch_size or n == len(todo) - 1:
            session.add_all(pending)
            session.flush()
            if new_vector_table is not None:
                done = matrix[n + 1 - len(pending) : n + 1]
                pgvector_store.write_vectors(session.connection(), [row.id for row in pending], done)
            rows += pending
            pending = []
            progress("store", n + 1, len(todo))
    if new_vector_table:
        pgvector_store.create_index(session.connection())
    logger.info("imported %d candidates, skipped %d already stored", len(todo), len(records) - len(todo))
    return ImportResult(len(todo), len(records) - len(todo), tuple(row.id for row in rows))


def store_candidates(
    engine,
    records: Sequence[CandidateRecord],
    *,
    embedder,
    on_progress: ProgressCallback | None = None,
    attempts: int = 3,
) -> ImportResult:
    """Import records in one transaction, retrying when a concurrent import got there first.

    Two imports of the same file at once both see the candidates as new; the one that commits
    second hits the unique natural key (or SQLite's stale-snapshot "locked"). Retrying
    re-reads what is stored, so those candidates are skipped instead of failing the import.

    Args:
        engine: an initialised engine.
        records: records from `read_candidates` or `record_from_fields`.
        embedder: a core.Embedder for the retrieval embeddings.
        on_progress: see `import_candidates`.
        attempts: transactions to try before giving up.
    """
    from sqlalchemy.exc import IntegrityError, OperationalError

    for attempt in range(1, attempts + 1):
        try:
            with Session(engine) as session, session.begin():
                return import_candidates(session, records, embedder=embedder, on_progress=on_progress)
        except (IntegrityError, OperationalError) as exc:
            message = str(getattr(exc, "orig", exc))
            conflict = isinstance(exc, IntegrityError) and "natural_key" in message
            if attempt == attempts or not (conflict or "locked" in message or "busy" in message):
                raise
            logger.info("a concurrent import stored some of these candidates; retrying (%d)", attempt)
    raise AssertionError("unreachable")  # pragma: no cover


def _row(record: CandidateRecord, profile: CandidateProfile, key: str, vector: np.ndarray, model: str) -> Candidate:
    facts = {k: v for k, v in vars(profile.facts).items() if v is not None}
    return Candidate(
        natural_key=key,
        name=record.name,
        email=normalize_email(record.email) or record.email,
        phone=record.phone,
        role=profile.role,
        family=profile.family,
        seniority=None if profile.seniority is None else int(profile.seniority),
        years=profile.years,
        skills=list(profile.skills),
        facts=_jsonable(facts),
        profile_text=record.text,
        card=profile.card,
        source=record.source,
        embedding=encode_embedding(vector),
        embedding_model=model,
    )


def _jsonable(facts: dict) -> dict:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in facts.items()}


__all__ = [
    "CandidateRecord",
    "ImportResult",
    "InputError",
    "KNOWN_COLUMNS",
    "decode_text",
    "document_text",
    "docx_text",
    "encode_embedding",
    "find_duplicates",
    "import_candidates",
    "read_candidates",
    "read_text",
    "record_from_fields",
    "store_candidates",
]
