"""Skill vocabulary: canonical names, aliases, and normalisation of free-text skill mentions."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

# Fuzzy matching only for terms this long: short names ("C", "Go", "JS") must match an alias
# exactly, otherwise "C#" would drift to "C" and "Java" to "JavaScript".
FUZZY_MIN_LENGTH = 5
FUZZY_MIN_SCORE = 88.0
_LIST_SPLIT = re.compile(r"\s*(?:[,;|\n•·]|\s/\s|\band\b|\s&\s)\s*", re.IGNORECASE)
# A skill mention must not be glued to word characters or to the symbols that make
# another skill ("C" inside "C#", "C++", "Objective-C"; "R" in "R&D"); "Kafka-based" still counts.
# "Series C" is a funding round and "C of E" the Church of England, not the C language.
_BEFORE = r"(?<![\w\-.#+&])(?<!Series )(?<!Round )"
_AFTER = r"(?! of E\b)(?![\w+#&]|-(?!(?:based|powered|driven|native|first|heavy|centric|backed|style|like)\b)\w|\.\w)"
# "Class C", "grade C or above", "a Swiss work permit (B or C)": a letter that grades a licence, an exam or a permit,
# not the language.
_GRADE_BEFORE = re.compile(r"(?:\b(?i:class|grade|category|cat\.|type|level|band|tier|permit)|\(\s*[A-Z]\s+or)\s+$")
_GRADE_AFTER = re.compile(r"\s+(?i:class\b|or\s+(?:above|higher|better)\b)")
# "the rest of the week from home", "we'll fund the rest.", "data at rest": a one-word alias in lower case after
# "the" or "at", closing the phrase (punctuation, or a preposition or pronoun next), is the English word, not the
# skill ("the REST API", "the rest api layer" stay).
_ENGLISH_BEFORE = re.compile(r"\b(?:the|at)\s+$")
_ENGLISH_AFTER = re.compile(
    r"\s*(?:$|[.,;:!?)]|[-–—]\s|(?:of|in|at|from|on|to|is|are|was|were|split|we|you|and|or|with|for|by|if|here|there|"
    r"wherever|whenever)\b)"
)


def default_skills_path() -> Path:
    """Path of the shipped skills.json (shared_data/jobmatch/skills.json)."""
    from core.paths import shared_data_dir

    return shared_data_dir() / "jobmatch" / "skills.json"


@dataclass(frozen=True)
class SkillVocabulary:
    """Canonical skill names with their aliases."""

    __hash__ = object.__hash__  # identity: the dict fields are not hashable

    names: tuple[str, ...]
    aliases: dict[str, str] = field(repr=False)  # lower-case alias -> canonical name
    case_sensitive: dict[str, str] = field(repr=False)  # exact alias -> canonical name
    pattern: re.Pattern[str] = field(repr=False, compare=False, hash=False)
    # A skill whose name is also listed as an alias of another ("Postman" under "API Testing"): the tool
    # is one way of having the broader skill, so comparisons of skill lists may treat them as one.
    broader: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    # A specific tool whose name contains a broader skill's alias ("SAP Ariba", "Azure Data Factory"): the text
    # is read as the tool (longest match), and a profile that names the tool also has the broader skill.
    implies: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)
    # The lower-case words of the document a text comes from (see `in_context`); None: the text itself.
    context_words: frozenset[str] | None = field(default=None, repr=False, compare=False)
    # Skills used together, not instead of each other ("HTML" and "CSS", "C#" and ".NET"): "HTML/CSS" names both.
    companions: frozenset[frozenset[str]] = field(default=frozenset(), repr=False, compare=False)

    @classmethod
    def from_json(cls, path: str | Path) -> SkillVocabulary:
        """Load a vocabulary file: {"skills": [{"name", "aliases", "case_sensitive"?, "implies"?, "companions"?}]}."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            entries = data["skills"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"cannot read skill vocabulary {path}: {exc}") from None
        names, aliases, exact, implies, companions = [], {}, {}, {}, set()
        lower_names = {entry["name"].lower(): entry["name"] for entry in entries}
        broader = {}
        for entry in entries:
            for alias in entry.get("aliases", []):
                other = lower_names.get(alias.lower())
                if other and other != entry["name"]:
                    broader[other] = entry["name"]
        for entry in entries:
            name = entry["name"]
            names.append(name)
            aliases[name.lower()] = name
            for alias in entry.get("aliases", []):
                aliases.setdefault(alias.lower(), name)
            for alias in entry.get("case_sensitive", []):
                exact[alias] = name
            if entry.get("implies"):
                implies[name] = tuple(entry["implies"])
            companions.update(frozenset({name, other}) for other in entry.get("companions", []))
        # In running text, names that are also common words or letters ("C", "R", "Go",
        # "Swift") are only matched as written; in a skills list any case is fine.
        for name in names:
            if len(name) == 1:
                exact[name] = name
        ambiguous = {name.lower() for name in exact.values()}
        in_text = {alias: name for alias, name in aliases.items() if alias not in ambiguous}
        for key, named in (("implies", set().union(*implies.values())), ("companions", set().union(*companions))):
            unknown = named - set(names)
            if unknown:
                raise ValueError(f"cannot read skill vocabulary {path}: '{key}' names unknown skills {sorted(unknown)}")
        pattern = _mention_pattern(in_text, exact)
        return cls(tuple(names), aliases, exact, pattern, broader, implies, companions=frozenset(companions))

    def normalize(self, term: str) -> str | None:
        """Map one skill mention to its canonical name, or None when unknown.

        Exact alias first (case-insensitive, or as written for case-sensitive ones), then a
        fuzzy match for longer terms (typos like "Pytorch" or "Kubernets").
        """
        raw = term.strip().strip(".:()[]*-–\"'").strip()
        if not raw:
            return None
        if raw in self.case_sensitive:
            return self.case_sensitive[raw]
        key = re.sub(r"\s+", " ", raw.lower())
        if key in self.aliases:
            return self.aliases[key]
        if len(key) < FUZZY_MIN_LENGTH or not re.search(r"[a-z]", key):
            return None
        match = process.extractOne(key, list(self.aliases), scorer=fuzz.ratio, score_cutoff=FUZZY_MIN_SCORE)
        if match is None:
            return None
        candidate = match[0]
        # A fuzzy match must not add or drop the symbols that distinguish languages.
        if set(re.sub(r"[\w\s]", "", key)) != set(re.sub(r"[\w\s]", "", candidate)):
            return None
        return self.aliases[candidate]

    def normalize_list(self, text_or_terms: str | Iterable[str]) -> list[str]:
        """Normalise a comma/semicolon/pipe separated list (or an iterable) of skills, deduplicated."""
        terms = _LIST_SPLIT.split(text_or_terms) if isinstance(text_or_terms, str) else text_or_terms
        out: list[str] = []
        for term in terms:
            name = self.normalize(term) if term else None
            if name is None and term:
                # "Python (pandas, NumPy)" and similar: fall back to scanning the term.
                found = self.extract(term)
                out.extend(n for n in found if n not in out)
            elif name is not None and name not in out:
                out.append(name)
        return out

    def same_skill(self, name: str) -> str:
        """The skill a name counts as when comparing lists: a tool listed under a broader skill counts as that
        skill, whether the tool is a skill of its own ("Postman" -> "API Testing") or only an alias
        ("MLflow" -> "MLOps"); other names are themselves. Exact aliases only, never fuzzy."""
        name = self.exact_name(name)
        return self.broader.get(name, name)

    def exact_name(self, name: str) -> str:
        """The canonical name of a skill name or exact alias (never a fuzzy guess: a name one letter from a known
        skill may be another thing); any other name as it is."""
        if name in self.names:
            return name
        return self.case_sensitive.get(name) or self.aliases.get(re.sub(r"\s+", " ", name.strip().lower()), name)

    def used_together(self, first: str, second: str) -> bool:
        """Whether two skills are companions, named together rather than as a choice ("HTML/CSS")."""
        return frozenset({first, second}) in self.companions

    def with_implied(self, names: Iterable[str]) -> list[str]:
        """The names followed by the broader skills they imply ("SAP Ariba" -> also "SAP"), deduplicated."""
        out = list(dict.fromkeys(names))
        for name in list(out):
            out.extend(n for n in self.implies.get(name, ()) if n not in out)
        return out

    def extract(self, text: str) -> list[str]:
        """Find every known skill mentioned in free text, in order of first mention."""
        out: list[str] = []
        for name, _, _ in self.mentions(text):
            if name not in out:
                out.append(name)
        return out

    def in_context(self, document: str) -> SkillVocabulary:
        """This vocabulary reading short acronyms against a whole document (a posting, a résumé), so that
        mentions found in one of its lines judge an acronym by every word the document uses."""
        return replace(self, context_words=_words(document))

    def mentions(self, text: str) -> list[tuple[str, int, int]]:
        """Every skill mention as (canonical name, start, end), in text order (for "X or Y" groups).

        A short acronym is not read as the vocabulary's longer name when the document (see `in_context`;
        else the text) uses none of that name's words: "JCT and NEC contracts" in a quantity surveyor's
        posting or résumé is the NEC contract, not the National Electrical Code, while an electrician's
        says "electrical" somewhere. Two-letter ones ("ML") are too common to doubt.
        """
        out = []
        words = self.context_words
        for match in self.pattern.finditer(text):
            token = match.group(0)
            name = self.case_sensitive.get(token) or self.aliases.get(re.sub(r"\s+", " ", token.lower()))
            if not name:
                continue
            if len(token) == 1 and (
                _GRADE_BEFORE.search(text[max(0, match.start() - 12) : match.start()])
                or _GRADE_AFTER.match(text, match.end())
            ):
                continue
            if (
                token.isalpha()
                and token.islower()
                and _ENGLISH_BEFORE.search(text[max(0, match.start() - 6) : match.start()])
                and _ENGLISH_AFTER.match(text, match.end())
            ):
                continue
            long_words = _acronym_of(token, name)
            if long_words is not None:
                words = _words(text) if words is None else words
                if not any(w in words for w in long_words):
                    continue
            out.append((name, match.start(), match.end()))
        return out


def _words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z]+", text.lower()))


def _acronym_of(surface: str, name: str) -> tuple[str, ...] | None:
    """The long words (5+ letters, lower case) of the name a 3-5 letter acronym abbreviates, else None."""
    if not re.fullmatch(r"[A-Z]{3,5}", surface):
        return None
    words = re.findall(r"[A-Za-z]+", name)
    if "".join(w[0] for w in words).upper() != surface:
        return None
    return tuple(w.lower() for w in words if len(w) >= 5)


def _mention_pattern(aliases: dict[str, str], exact: dict[str, str]) -> re.Pattern[str]:
    # Longest first so "Node.js" wins over "Node" and "React Native" over "React".
    insensitive = sorted(aliases, key=len, reverse=True)
    sensitive = sorted(exact, key=len, reverse=True)
    parts = [r"(?i:" + "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in insensitive) + ")"]
    parts.append("|".join(re.escape(a) for a in sensitive))
    return re.compile(_BEFORE + "(?:" + "|".join(parts) + ")" + _AFTER)


@lru_cache(maxsize=4)
def load_vocabulary(path: str | Path | None = None) -> SkillVocabulary:
    """Load (once per path) the skill vocabulary; None is the shipped one."""
    return SkillVocabulary.from_json(path or default_skills_path())


__all__ = ["SkillVocabulary", "default_skills_path", "load_vocabulary"]
