"""AnnoCTR (real CTI reports with ATT&CK-linked mentions) as sentences, documents and pairs.

AnnoCTR (Lange et al., LREC-COLING 2024; CC BY-SA 4.0) links technique, tactic, malware, tool and
group mentions of 120 reports to ATT&CK. A mention's sentence is ``context_left + mention +
context_right``; its label is the ATT&CK URL, mapped to today's ID through the catalog
(``revoked-by``). Sentences of the same reports that carry no mention at all are the
"no-behaviour" sentences: attribution, history, opinion, boilerplate, captions.

Layout of an unpacked corpus: ``splits.tsv``, ``text/<doc>.txt``, ``linking_mitre_only/<doc>.json``.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from core.errors import CrossrankError
from cti_mapper.attack import AttackCatalog, UnknownAttackIdError

logger = logging.getLogger(__name__)

__all__ = [
    "ANNOCTR_CITATION",
    "AnnoCtrError",
    "AnnotatedReport",
    "Mention",
    "annotated_sentences",
    "link_to_id",
    "load_annoctr",
    "unannotated_sentences",
]

SPLITS = ("train", "dev", "test", "ext")
# How a model card credits the data it was trained on (the licence travels with derived models).
ANNOCTR_CITATION = (
    "**AnnoCTR** (Lange et al., \"AnnoCTR: A Dataset for Detecting and Linking Entities, Tactics, and "
    "Techniques in Cyber Threat Reports\", LREC-COLING 2024; © Robert Bosch GmbH; CC BY-SA 4.0)"
)
_LINK_RE = re.compile(r"attack\.mitre\.org/(techniques|software|tactics|groups)/([A-Z]+\d+)(?:/(\d{3}))?")


class AnnoCtrError(CrossrankError, ValueError):
    """An AnnoCTR folder that is missing files or holds unreadable annotations."""


@dataclass(frozen=True)
class Mention:
    """One linked mention: its sentence, surface text, entity type and live ATT&CK ID (or None)."""

    sentence: str
    mention: str
    entity_type: str  # TECHNIQUE, TACTIC, MALWARE, TOOL, GROUP, CON
    attack_id: str | None  # None: not an ATT&CK object, or deprecated since annotation


@dataclass(frozen=True)
class AnnotatedReport:
    """One report: its name, split, raw text and linked mentions (empty for ``ext``)."""

    name: str
    split: str
    text: str
    mentions: tuple[Mention, ...]

    def gold(self, kinds: Iterable[str] = ("technique",), catalog: AttackCatalog | None = None) -> set[str]:
        """Live IDs mentioned in the report, of the given label kinds (ID prefix if no catalog)."""
        wanted = set(kinds)
        out = set()
        for m in self.mentions:
            if m.attack_id is None:
                continue
            kind = catalog.get(m.attack_id).kind if catalog is not None else _kind_of(m.attack_id)
            if kind in wanted:
                out.add(m.attack_id)
        return out


def _kind_of(attack_id: str) -> str:
    if attack_id.startswith("TA"):
        return "tactic"
    return {"T": "technique", "S": "software", "G": "group"}.get(attack_id[0], "other")


def link_to_id(url: str) -> str | None:
    """``https://attack.mitre.org/techniques/T1021/003`` -> ``T1021.003`` (None: not ATT&CK)."""
    match = _LINK_RE.search(url or "")
    if not match:
        return None
    return f"{match.group(2)}.{match.group(3)}" if match.group(3) else match.group(2)


def _read_jsonl_objects(path: Path) -> list[dict]:
    """Objects of a JSON Lines file whose objects may also share a line."""
    text = path.read_text(encoding="utf-8")
    decoder, i, out = json.JSONDecoder(), 0, []
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            return out
        try:
            obj, i = decoder.raw_decode(text, i)
        except json.JSONDecodeError as exc:
            raise AnnoCtrError(f"{path.name}: bad JSON at character {i} ({exc.msg})") from None
        out.append(obj)


def _live_id(raw: str | None, catalog: AttackCatalog) -> str | None:
    if raw is None:
        return None
    try:
        live = catalog.resolve(raw)
    except UnknownAttackIdError:
        return None
    return live if catalog.is_active(live) else None


def load_annoctr(
    root: str | Path, catalog: AttackCatalog, *, splits: Sequence[str] = ("train", "dev", "test")
) -> list[AnnotatedReport]:
    """Read the reports of ``splits`` from an unpacked AnnoCTR folder.

    Args:
        root: folder holding ``splits.tsv``, ``text/`` and ``linking_mitre_only/``.
        catalog: maps the annotated ATT&CK URLs to live IDs (revoked ones to their replacement).
        splits: which splits to read (``train``, ``dev``, ``test``, ``ext``).

    Raises:
        AnnoCtrError: a missing file, an unknown split or bad annotations.
    """
    root = Path(root)
    bad = set(splits) - set(SPLITS)
    if bad:
        raise AnnoCtrError(f"unknown AnnoCTR split(s) {sorted(bad)}: use {', '.join(SPLITS)}")
    split_file = root / "splits.tsv"
    if not split_file.is_file():
        raise AnnoCtrError(f"{root}: no splits.tsv (unpack annoctr.tar.xz there first)")
    reports, dropped = [], 0
    for line in split_file.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        name, _, split = line.partition("\t")
        if split.strip() not in splits:
            continue
        text_path = root / "text" / f"{name}.txt"
        if not text_path.is_file():
            raise AnnoCtrError(f"{text_path}: missing report text")
        mentions = []
        link_path = root / "linking_mitre_only" / f"{name}.json"
        for row in _read_jsonl_objects(link_path) if link_path.is_file() else []:
            sentence = (row.get("_context_left", "") + row["mention"] + row.get("_context_right", "")).strip()
            live = _live_id(link_to_id(row.get("label_link", "")), catalog)
            dropped += live is None and "attack.mitre.org" in row.get("label_link", "")
            mentions.append(Mention(" ".join(sentence.split()), row["mention"], row["entity_type"], live))
        reports.append(AnnotatedReport(name, split.strip(), text_path.read_text(encoding="utf-8"),
                                       tuple(mentions)))
    if dropped:
        logger.info("%d AnnoCTR mention(s) link to ATT&CK objects deprecated since annotation", dropped)
    return reports


def annotated_sentences(
    report: AnnotatedReport, catalog: AttackCatalog, kinds: Iterable[str] = ("technique", "software")
) -> list[tuple[str, tuple[str, ...]]]:
    """``(sentence, live IDs of kinds)`` per annotated sentence, labels merged per sentence."""
    wanted, merged = set(kinds), {}
    for m in report.mentions:
        labels = merged.setdefault(m.sentence, [])
        if m.attack_id and catalog.get(m.attack_id).kind in wanted and m.attack_id not in labels:
            labels.append(m.attack_id)
    return [(s, tuple(ids)) for s, ids in merged.items() if ids]


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def unannotated_sentences(report: AnnotatedReport, sentences: Sequence[str], *, min_words: int = 5) -> list[str]:
    """Sentences (split by the mapper's reader) that overlap no annotated mention's sentence.

    A report sentence counts as annotated when it contains a mention with its nearby context,
    or is contained in an annotated sentence (the two splitters cut differently).
    """
    cores, whole = [], []
    for m in report.mentions:
        key_sentence = _key(m.sentence)
        whole.append(key_sentence)
        at = key_sentence.find(_key(m.mention))
        mention_key = _key(m.mention)
        cores.append(key_sentence[max(0, at - 15): at + len(mention_key) + 15] if at >= 0 else mention_key)
    out = []
    for text in sentences:
        if len(text.split()) < min_words:
            continue
        key = _key(text)
        if not key or any(c and c in key for c in cores) or any(key in w for w in whole):
            continue
        out.append(text)
    return out
