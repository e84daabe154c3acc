"""Read a job posting as people write it: must-have groups and nice-to-haves (sponsorship: `jobmatch.sponsorship`).

Must-haves come from the requirement sections only (see `jobmatch.sections`), so a
skill named in the responsibilities or the company blurb is not a requirement. When a posting has
no requirement section, every line outside the nice-to-have, benefits and about sections counts.
"X or Y" (and "X/Y", "one of X, Y, Z") is one requirement met by either.
"""

from __future__ import annotations

import re

from jobmatch.alternatives import alternative_names, joins_choices, list_goes_on, repeated_in_aside
from jobmatch.clausecues import DEGREE_WORDS
from jobmatch.credentials import registering_body
from jobmatch.employerside import COMPANY_ASIDE, EMPLOYER_LINE
from jobmatch.fieldwords import WORKING_LANGUAGE, field_words, kind_of_tool, outside_brackets
from jobmatch.namereader import NameFilter, shipped_filter, without_dropped
from jobmatch.openvocab import EXAMPLE_CUE, LICENCE_CLASS, in_degree_sentence, named_mentions, names_in
from jobmatch.restatements import restates
from jobmatch.schooling import schooling_spans
from jobmatch.sections import NICE_CUE as _NICE_CUE
from jobmatch.sections import ONE_OF as _ONE_OF
from jobmatch.sections import Line, sections, unwrap
from jobmatch.skills import SkillVocabulary
from jobmatch.statements import stated_requirements
from jobmatch.taglists import restated
from jobmatch.worklanguage import office_languages

_COMMA = re.compile(r"^\s*[,|]\s*$")  # "Java | Spring Boot | AWS": a list, as with commas

_CATEGORY_AFTER_OR = re.compile(r"\bor (?:an?(?:y)? |the )?(?:comparable|similar|equivalent|other|another)\s+$", re.I)
_OR_EQUIVALENT = re.compile(r"\s*,?\s*(?:or|and/or)\s+(?:an?\s+)?(?:equivalent|similar|comparable|another)\b", re.I)
_ALSO_FINE = re.compile(
    r"\b(?:is|are|also|both|either (?:is|are)|would be)\s+(?:(?:also|both|equally)\s+)?(?:fine|ok|okay|acceptable|"
    r"good|great)\b|\bworks? (?:too|as well)\b|\bequally valid\b",
    re.I,
)
_PAREN_ALTERNATIVES = re.compile(r"\((?=[^)]*(?:" + _ALSO_FINE.pattern + r"))[^)]*\)", re.I)
# "1 year in a SOC, NOC or IT help desk role": the kind of job held before, not a skill to have.
_ROLE_PHRASE = re.compile(
    r"\b(?:in|as|from) an?\s+(?:[\w/+#.&-]+,?\s+){0,6}?(?:role|position|job|team|environment|setting)s?\b", re.I
)


# "A degree in statistics, mathematics or CS": the subjects of a degree are not skills to have. "BS" and "MS" in any
# case: the "in" or "of" that must follow them rules out "MS Excel".
_DEGREE_SUBJECTS = re.compile(
    r"\b(?:" + DEGREE_WORDS + r"|b\.?s\.?|m\.?s\.?|qualification)"
    r"(?: of (?:science|arts))?(?:\s*\([^)]*\))?(?:\s+or (?:higher|above))?\s+(?:in|of)\s+"
    r"(?:(?=[^;:()]*\b(?:related|similar|equivalent|relevant)\b)[^;:()]*|[^;:().]*?\bor\b[^;:(),.]*)",
    re.I,
)
# "BCom (Statistics / Economics)", "BSc (Hons) Mathematics or Physics": a degree's subjects in brackets or after it.
_DEGREE_BRACKET = re.compile(
    r"\b(?:b\.?\s?com|b\.?sc|b\.?a|b\.?eng|b\.?e|b\.?tech|b\.?s|m\.?sc|m\.?a|m\.?eng|m\.?tech|m\.?com|bba|mba|"
    r"degree|bachelor'?s?|master'?s?|diploma)\s*\([^)]*\)(?-i:(?:\s*(?:[A-Z][\w&]*|or|/)(?=\s|$))*)",
    re.I,
)
# "CI/CD (GitHub Actions, Bitrise or similar)", "observability tools (Prometheus, Datadog)": examples of the
# requirement before them, not requirements of their own.
_EXAMPLES = re.compile(
    r"\((?=[^)]*\b(?:or similar|or equivalent|etc|e\.g|such as|for example|i\.e)\b)[^)]*\)",
    re.I,
)
# "Observability tools (Prometheus, Datadog)", "MLOps practices (registry, CI/CD)": a skill, a category word,
# then examples. Without a skill before it ("an ERP system (SAP or NetSuite)") the parenthesis is the requirement.
_CATEGORY_WORDS = (
    "tools platforms frameworks systems technologies solutions practices principles concepts tooling system"
)
_CATEGORY_EXAMPLES = re.compile("(?:" + "|".join(f"(?<={w} )" for w in _CATEGORY_WORDS.split()) + r")\([^)]*\)", re.I)


_A_KIND_OF = re.compile(
    r"\b(?:an?|any|one)\s+(?:[\w/-]+\s+){0,3}(?:system|tool|platform|software|package|suite|solution|application|"
    r"app|product|database|language|framework|repository|provider)\s*,?\s*$",
    re.I,
)


def _one_subject(phrase: str, vocab: SkillVocabulary) -> bool:
    """Whether every alternative of a degree's subjects names the same one skill ("mathematics or math education")."""
    subjects = re.split(r"\s*(?:,|\bor\b)\s*", re.split(r"\b(?:in|of)\s+", phrase, maxsplit=1)[-1])
    if re.search(r"\b(?:related|similar|equivalent|relevant)\b", phrase, re.I):
        return False
    names = [{name for name, _, _ in vocab.mentions(part)} for part in subjects if part.strip()]
    return all(len(found) == 1 for found in names) and len(set().union(*names)) == 1


# Sentence and clause breaks; not after a dotted abbreviation that a lower-case word follows ("P.Eng. registration").
_SENTENCE_BREAK = re.compile(
    r";|(?<=[!?])\s+|(?<=\.)(?<!\.[A-Za-z]\.)(?<!\.[A-Za-z]{2}\.)(?<!\.[A-Za-z]{3}\.)\s+|(?<=\.)\s+(?![a-z])"
)


def _skill_before(text: str, vocab: SkillVocabulary) -> bool:
    """Whether text ends in a skill and a category word ("... MLOps practices ")."""
    head = re.sub(r"\s*\w+\s*$", "", text)
    return any(end == len(head) for _, _, end in vocab.mentions(head))


def _in_role_phrase(clause: str, start: int, vocab: SkillVocabulary) -> bool:
    """Whether a mention names a previous job, a degree subject or an example rather than a requirement.

    Degree subjects that all name one skill ("a degree in mathematics or math education" for a maths
    teacher) are the job's own subject and stay.
    """
    patterns = (_ROLE_PHRASE, _DEGREE_SUBJECTS, _DEGREE_BRACKET, _EXAMPLES, _CATEGORY_EXAMPLES, LICENCE_CLASS)
    for pattern in (*patterns, COMPANY_ASIDE):
        for m in pattern.finditer(clause):
            if m.start() <= start < m.end():
                if pattern is _DEGREE_SUBJECTS and _one_subject(m.group(0), vocab):
                    continue
                if pattern is _CATEGORY_EXAMPLES and not _skill_before(clause[: m.start()], vocab):
                    continue
                return True
    return any(s <= start < e for s, e in schooling_spans(clause))  # "Licenciatura in Education": a degree's


def skill_groups(text: str, vocab: SkillVocabulary, *, open_vocab: bool = False) -> list[tuple[str, ...]]:
    """Requirement groups in one line: "Snowflake or BigQuery" -> [("Snowflake", "BigQuery")]; others alone.

    A list that ends in "or" ("GCP, AWS or Azure", "Python, Go, or Java") or follows "one of" is one
    group; inside a longer list "or" joins only its neighbours ("Python, Django or FastAPI, Docker");
    commas and "and" keep skills apart. With ``open_vocab``, names the vocabulary does not know
    ("Mockito", "TIA 942", see `jobmatch.openvocab`) count as well, as written (so does an acronym the
    vocabulary declines to expand, see `SkillVocabulary.mentions`). A known skill after "including"/"such as"
    that follows another
    ("Modern CSS, including CSS-in-JS or Tailwind") is an example of it.
    """
    groups: list[list[str]] = []
    everything = vocab.mentions(text) + (named_mentions(text, vocab) if open_vocab else [])
    bodies = {name for name, start, end in everything if registering_body(text, start, end)}
    if len(bodies) == len({name for name, _, _ in everything}):  # "registered with the NMC" alone: the requirement
        bodies = set()
    for clause in _SENTENCE_BREAK.split(text):
        mentions = []
        found = vocab.mentions(clause)
        cue = EXAMPLE_CUE.search(clause)
        if cue and any(
            end <= cue.start() and re.fullmatch(r"\s*,?\s*", clause[end : cue.start()]) for *_, end in found
        ):
            found = [m for m in found if m[1] < cue.start()]
        elif cue and _A_KIND_OF.search(clause[: cue.start()]) and len([m for m in found if m[1] >= cue.end()]) == 1:
            # "an e-procurement system such as SAP Ariba": one example of the kind of tool asked for, not the tool.
            found = [m for m in found if m[1] < cue.start()]
        if open_vocab:
            found = sorted(found + named_mentions(clause, vocab), key=lambda m: m[1])
            found = sorted(found + alternative_names(clause, found), key=lambda m: m[1])
        for k, m in enumerate(found):
            if _in_role_phrase(clause, m[1], vocab) or _CATEGORY_AFTER_OR.search(clause[: m[1]]):
                continue  # "SAP or a comparable TMS": the kind of tool, not a second named one
            if m[0] in vocab.names and k + 1 < len(found) and kind_of_tool(clause, m[1], m[2], found[k + 1][1]):
                continue  # "Observability with OpenTelemetry": the tool is the requirement
            if mentions and restates(clause, mentions[-1], m):  # "Vue.js (Vue 3)", "Good Clinical Practice (GCP)"
                mentions[-1] = (mentions[-1][0], mentions[-1][1], m[2])
            elif not repeated_in_aside(clause, m, found):
                mentions.append(m)
        if not mentions:
            continue
        mentions = [m for m in mentions if m[0] not in bodies]
        if not mentions:
            continue
        if (
            groups and _ALSO_FINE.search(clause) and not _PAREN_ALTERNATIVES.search(clause)
        ):  # "we're on GCP; AWS or Azure is fine": one group
            groups[-1].extend(name for name, _, _ in mentions)
            continue
        inner = _PAREN_ALTERNATIVES.search(clause)
        if inner:  # "CSS (Tailwind or plain CSS both fine)": the parenthesis widens the skill before it
            head = [m for m in mentions if m[2] <= inner.start()]
            alternatives = [m[0] for m in mentions if inner.start() <= m[1] < inner.end()]
            if head and alternatives:
                before = skill_groups(clause[: inner.start()], vocab, open_vocab=open_vocab)
                groups.extend(before)
                groups[-1] = [*groups[-1], *alternatives]
                groups.extend(skill_groups(clause[inner.end() :], vocab, open_vocab=open_vocab))
                continue
        one_of = _ONE_OF.search(clause)
        seps = []
        for previous, mention in zip(mentions, mentions[1:], strict=False):
            # "Vue.js (Vue 3) or React", "ICPAU (CPA Uganda) or ACCA": an aside without skills does not break the "or".
            between = re.sub(r"\([^()]*\)|^[^()]*\)", " ", clause[previous[2] : mention[1]])
            # "Epic Beaker or Cerner": a product's own name before the "or" does not break it.
            if between.strip() == "/":  # "Agile/Scrum": a pair of neighbours, never the close of a list;
                seps.append("and" if vocab.used_together(previous[0], mention[0]) else "slash")  # "HTML/CSS": both
            elif joins_choices(between):
                seps.append("or")
            elif _COMMA.match(between) or (one_of and re.fullmatch(r"[\s,]*", between)):
                seps.append("comma")
            else:
                seps.append("other")
        runs: list[list[int]] = [[0]]
        run_seps: list[list[str]] = [[]]
        for i, sep in enumerate(seps, start=1):
            if sep == "other":
                runs.append([i])
                run_seps.append([])
            else:
                runs[-1].append(i)
                run_seps[-1].append(sep)
        for run, kinds in zip(runs, run_seps, strict=True):
            names = [mentions[i][0] for i in run]
            after = run[-1] + 1  # "A, B or C for tests, D": the list goes on, the "or" joins neighbours only
            goes_on = after < len(mentions) and list_goes_on(clause[mentions[after - 1][2] : mentions[after][1]])
            whole = (
                (one_of and one_of.start() < mentions[run[0]][1])
                or (kinds and kinds[-1] == "or" and all(k == "comma" for k in kinds[:-1]) and not goes_on)
                # "OSCP, CREST CRT or equivalent": a list closed by "or equivalent" is one requirement.
                or (kinds and all(k == "comma" for k in kinds) and _OR_EQUIVALENT.match(clause[mentions[run[-1]][2] :]))
            )
            if whole:
                groups.append(list(dict.fromkeys(names)))
                continue
            current = [names[0]]
            for name, kind in zip(names[1:], kinds, strict=True):
                if kind in {"or", "slash"}:
                    current.append(name)
                else:
                    groups.append(current)
                    current = [name]
            groups.append(current)
    out: list[tuple[str, ...]] = []
    for group in groups:
        group = list(dict.fromkeys(group))
        if tuple(group) not in out:
            out.append(tuple(group))
    return out


_NICE_PAREN = re.compile(r"\((?=[^)]*" + _NICE_CUE.pattern + r")[^)]*\)", re.I)
_NOT_A_REQUIREMENT = re.compile(
    r"^\W*(?:(?i:we(?:'re| are)\b(?! looking)|our\b|(?:[\w,-]+ ){0,4}?you(?:'d|'ll| will| would) "
    r"(?!need|have|bring|be expected|ideally|hold|possess|know|also (?:need|have|hold)|already|"
    # "You'll be confident running ETABS", "You'll fit if you have": what the person is, not what they will do.
    r"be (?:confident|comfortable|able|fluent|proficient|experienced|familiar|registered|licensed|qualified|"
    r"certified|skilled|at ease)|\w+ (?:well |right in |in )?if you)\w+)|at [A-Z]\w+,? we\b|"
    r"[A-Z][\w&]*(?: [A-Z][\w&]*)* (?:makes|builds|runs|sells|helps|provides|serves)\b)"
)


_BARE_CUE = re.compile(
    r"\(\s*(?:(?:highly|strongly|very)\s+)?(?:desirable|desired|preferred|nice(?: to have)?|a plus|optional|"
    r"(?:an? )?bonus|an? asset|ideally|appreciated|"
    r"an? advantage|advantageous|not required|not essential|welcome|training provided|"
    r"we(?:'ll| will) train(?: the right person| you)?)\s*\)",
    re.I,
)
# "Kubernetes in production, ideally with Helm", "SQL; Postgres preferably": a preference that opens a clause
# after a requirement is the clause's own, not the line's.
_PREFERENCE_TAIL = re.compile(
    r"(?:,|;|\s[-–—])\s*(?:and |but )?(?:ideally|preferably|bonus (?:points )?if|(?:a plus|even better) if)\b", re.I
)
# "no Finnish needed", "a degree is not necessary", "German isn't required": named to say it is not asked for.
_NOT_NEEDED = re.compile(
    r"\bno\s+(?:[\w+#.'-]+\s+){1,3}?(?:needed|required|necessary|expected)\b|"
    r"\b[\w+#.'-]+\s+(?:is|are)(?:\s+not|n't)\s+(?:needed|necessary)\b",
    re.I,
)
_BACK_REFERENCE = re.compile(r"\b(?:them|it|these|those|this|either|any of them)\b", re.I)


def must_haves(
    text: str, vocab: SkillVocabulary, *, name_filter: NameFilter | None = None
) -> tuple[list[tuple[str, ...]], list[str]]:
    """(must-have groups, nice-to-have skills) of a posting, from its requirement sections.

    Names the vocabulary does not know go, with their clause, through `name_filter` in one call, which
    says which to drop (default: the shipped names reader, see `jobmatch.namereader`; none when not installed).
    """
    if vocab.context_words is None:  # acronyms are read against the whole posting
        vocab = vocab.in_context(text)
    lines = sections(text, vocab)
    has_required = any(line.section == "required" for line in lines)
    lines = stated_requirements(lines)
    required: list[tuple[str, ...]] = []
    tagged: list[tuple[str, ...]] = []  # from a "Key Skills" tag list beside the requirement section
    nice: list[str] = []
    proposed: list[tuple[str, str]] = []  # (name outside the vocabulary, its clause)
    found_in: list[tuple[str, str]] = []  # (vocabulary skill, its clause)
    for line in lines:
        if line.section in {"ignore", "duties"} or (line.section == "intro" and has_required):
            continue
        if line.section == "nice":
            nice.extend(s for s in vocab.extract(line.text) if s not in nice)
            continue
        parts = _SENTENCE_BREAK.split(line.text.replace(";", "; "))
        if any(_NICE_CUE.search(p) and _BACK_REFERENCE.search(p) and not vocab.mentions(p) for p in parts[1:]):
            # "We use Expo and Jest; experience with them helps but isn't essential": the cue is the line's.
            nice.extend(s for s in vocab.extract(line.text) if s not in nice)
            continue
        for part in parts:
            if EMPLOYER_LINE.match(part):
                continue
            part = _NOT_NEEDED.sub(" ", part)
            working = WORKING_LANGUAGE.search(part)
            if working:  # "Very good German (our working language)": not a skill to have
                part = part[working.end() :]
            if not has_required and line.section == "intro" and _NOT_A_REQUIREMENT.match(part):
                if _NICE_CUE.search(part):
                    nice.extend(s for s in vocab.extract(part) if s not in nice)
                continue  # free-form posting: the company's stack and the duties are not requirements
            nice_paren = _NICE_PAREN.search(part)  # "Cisco routing (CCNA required, CCNP preferred)"
            # "CompTIA A+ (desirable)": a bare cue in brackets makes the whole line nice-to-have;
            # "Python (5+ years preferred)" keeps Python required.
            bare = nice_paren and _BARE_CUE.fullmatch(nice_paren.group(0))
            if nice_paren and not bare and _NICE_PAREN.sub(" ", part).strip():
                nice.extend(s for s in vocab.extract(nice_paren.group(0)) if s not in nice)
                part = _NICE_PAREN.sub(" ", part)
            head = part[: tail.start()] if (tail := _PREFERENCE_TAIL.search(part)) else ""  # a name or a skill before
            if tail and not _NICE_CUE.search(head) and (vocab.mentions(head) or named_mentions(head, vocab)):
                nice.extend(s for s in vocab.extract(part[tail.start() :]) if s not in nice)
                part = part[: tail.start()]
            if _NICE_CUE.search(part):
                nice.extend(s for s in vocab.extract(part) if s not in nice)
            elif required and _ALSO_FINE.search(part) and vocab.mentions(part) and not _PAREN_ALTERNATIVES.search(part):
                # "(we're on GCP; AWS or Azure is fine)": the alternatives widen the requirement before them.
                extra = [s for s in vocab.extract(part) if s not in required[-1]]
                required[-1] = (*required[-1], *extra)
            else:
                # Not the intro of a free-form posting (names of all kinds), nor a degree's subjects.
                named = line.section in {"required", "tags"} and not in_degree_sentence(part, line.text)
                groups = skill_groups(part, vocab, open_vocab=named)
                into = tagged if line.section == "tags" else required
                into.extend(g for g in groups if g not in into)
                proposed.extend((s, part) for g in groups for s in g if s not in vocab.names)
                found_in.extend((s, part) for g in groups for s in g if s in vocab.names)
    if has_required and not required and not tagged:  # requirements that only state years: fall back to the whole text
        rest = "\n".join(line.text for line in lines if line.section in {"duties", "intro"})
        return must_haves(rest, vocab, name_filter=name_filter)
    required.extend(g for g in tagged if g not in required and not restated(g, required))
    if proposed:  # "Tuesdays", "Coahuila", "USD 2.5M": what the reader reads as no skill goes
        dropped = (name_filter or shipped_filter())(proposed)
        required = without_dropped(required, dropped)
    # A name outside the vocabulary in the title ("iOS Engineer", "Nurse (MSK)") is the role; a longer name in its
    # brackets ("Animator (Toon Boom Harmony)") is a tool or credential asked for. "ML infrastructure" for an ML
    # Platform Engineer: the title's field; "Fluent Dutch" in Utrecht: the office's language (jobmatch.worklanguage).
    unknown, title = [s for g in required for s in g if s not in vocab.names], posting_title(text) or ""
    in_title = names_in(outside_brackets(title), unknown) | {s for s in names_in(title, unknown) if " " not in s}
    field = field_words(title, found_in, vocab) | office_languages(found_in + proposed, text)
    required = [g for g in ([s for s in group if s not in in_title | field] for group in required) if g]
    required = [tuple(g) for g in dict.fromkeys(tuple(g) for g in required)]
    held = {s for group in required for s in group}
    # A skill in a group and alone ("Python" and "Python or Go") is a must-have on its own.
    singles = {group[0] for group in required if len(group) == 1}
    required = [g for g in required if len(g) == 1 or not (set(g) & singles)]
    return required, [s for s in nice if s not in held]


def posting_title(text: str) -> str | None:
    """A posting's title: its first non-empty line when short (80 characters at most) and not a sentence
    (ending in "." or ":"), Markdown "#" removed; None otherwise."""
    first = next((line for line in text.splitlines() if line.strip()), "").strip().lstrip("#").strip()
    return first if 0 < len(first) <= 80 and not first.endswith((".", ":")) else None


def requirement_text(text: str) -> str:
    """The lines of a posting that state requirements (requirement sections, or everything but the
    nice-to-have, duties and benefits sections when it has none)."""
    lines = sections(text)
    keep = {"required"} if any(line.section == "required" for line in lines) else {"required", "intro"}
    return "\n".join(line.text for line in lines if line.section in keep) or text


__all__ = ["Line", "unwrap", "must_haves", "posting_title", "requirement_text", "sections", "skill_groups"]
