"""Read a job posting as people write it: sections, must-have groups, years, degree, sponsorship, workplace.

Sections are found by their headings, with or without a colon ("Required qualifications",
"Nice to have", "What you will do"); must-haves come from the requirement sections only, so a
skill named in the responsibilities or the company blurb is not a requirement. When a posting has
no requirement section, every line outside the nice-to-have, benefits and about sections counts.
"X or Y" (and "X/Y", "one of X, Y, Z") is one requirement met by either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jobmatch.skills import SkillVocabulary, load_vocabulary

_NICE = (
    r"nice[- ]to[- ]haves?|bonus(?: points)?|preferred|desirable|pluses|a plus|good to have|"
    r"would be (?:great|nice|a plus)|ideally|optional|extra credit|not required|we'?d love|brownie points|"
    r"it'?s a plus|additional(?: skills)?|great if|assets?|advantageous|what would be (?:nice|great)|"
    r"desired(?: skills| qualifications)?|good[- ]to[- ]haves?|nice[- ]to[- ]have skills"
)
_IGNORE = (
    r"benefits|perks|what we offer|we offer|about us|about the company|about (?!you\b)[A-Z][\w&]+$|compensation|salary|"
    r"pay(?: range)?|how to apply|to apply|equal opportunity|eeo|why join|why us|why you'?ll love|life at|"
    r"our values|who we are|the company|company|our team|the team|the offer|what'?s in it for you|location|"
    r"working here|diversity|application process|interview process"
)
_DUTIES = (
    r"(?:key |main |core |primary )?responsibilit\w*|what you(?:'ll| will) (?:be )?(?:do|doing|work on|working on|own|"
    r"build|building)|your role|essential (?:job )?(?:functions|duties)|key duties|"
    r"the role|about the role|"
    r"the job|day[- ]to[- ]day|duties|your mission|your impact|in this role|tasks|your tasks|role overview|"
    r"overview|summary|job summary|the opportunity|what the job involves|key accountabilities|you will|"
    r"description|job description|mission|the position|position summary|about the (?:job|position)"
)
_REQUIRED = (
    r"requirements?|required(?: qualifications| skills)?|(?:minimum|basic|essential|key) (?:qualifications|"
    r"requirements|skills)|qualifications|must[- ]haves?|must have|what you(?:'ll)? bring|you have|you bring|"
    r"what we(?:'re| are) looking for|about you|who you are|skills(?: (?:and|&) experience)?|experience|"
    r"essential|your profile|profile|what you need|you should have|what you(?:'ll)? need|we expect|"
    r"your skills|technical skills|competencies|candidate profile|ideal candidate|you are|you'?re|"
    r"mandatory(?: skills| requirements| qualifications)?|skills required|desired candidate profile|"
    r"who we(?:'re| are) looking for|education(?:al)?(?: requirements?| qualifications?)?|person specification"
)
_HEADING_WORDS = {
    "nice": re.compile(r"^(?:" + _NICE + r")\b", re.I),
    "ignore": re.compile(r"^(?:" + _IGNORE + r")\b", re.I),
    "duties": re.compile(r"^(?:" + _DUTIES + r")\b", re.I),
    "required": re.compile(r"^(?:" + _REQUIRED + r")\b", re.I),
}
_NICE_CUE = re.compile(
    r"\b(?:nice[- ]to[- ]have|a plus|is a plus|are a plus|plus\b(?! \d)|preferred|bonus|desirable|ideally|"
    r"advantage|advantageous|would be (?:great|nice|handy|useful)|good to have|not required|optional|welcome|"
    r"helpful|handy|(?:is|are)n'?t essential|not essential|non-essential|an asset|beneficial|(?<=\()nice(?=\))|"
    # "ESL certification or willingness to obtain it": wanted, but not a condition.
    r"or (?:the )?(?:willingness|ability|able|willing) to (?:obtain|get|gain|acquire|earn)|or working towards?)\b",
    re.I,
)
_BULLET = re.compile(r"^\s*(?:[-*•·‣▪–—]|\d+[.)])\s*")
_SPLIT_HEADING = re.compile(r"^\s*([^:\n]{2,45}?)\s*[:：]\s*(.*)$")


_LEAD_IN = [  # a sentence ending in ":" that introduces a list ("We are looking for a teacher who:")
    ("nice", re.compile(r"\b(?:nice to have|bonus|preferred|a plus|would be great|advantage)\b", re.I)),
    ("ignore", re.compile(r"\b(?:we offer|benefits|perks|what you get)\b", re.I)),
    ("required", re.compile(r"\b(?:looking for|we need|you(?:'ll| will)? need|you have|you bring|requirements?|"
                            r"qualifications|must[- ]haves?|ideal candidate|who you are|you should|we expect)\b",
                            re.I)),
    ("duties", re.compile(r"\b(?:you will|you'll|responsibilit\w+|your day|day to day)\b", re.I)),
]  # fmt: skip


_HEADING_PREFIX = re.compile(r"^(?:the |job |role |position |candidate |roles? (?:&|and) )+", re.I)
# Headings in any wording ("You'll stand out if", "Plus if you have", "Tech we use", "Where you'll work"):
# a key word anywhere in a short line that names no skill. Checked in this order, so "Preferred
# qualifications" is nice and "What you'll need" is required before "what you'll" reads as duties.
_HEADING_KEYWORDS = [
    ("nice", re.compile(
        r"\b(?:nice|bonus|preferred|desirable|desired|plus|pluses|stand out|even better|extra|great if|ideally|"
        r"assets?|advantage\w*|good to have|optional|love (?:it )?if|wish ?list|not required|would help)\b", re.I)),
    ("ignore", re.compile(
        r"\b(?:benefits|perks|offer|(?:tech(?:nology)? |our |the )?stack|tech(?:nology)? we use|tools (?:we|you'?ll) use|"
        r"what we use|salary|compensation|pay|how to apply|apply|hours|location|where you'?ll (?:work|be)|"
        r"small print|fine print|about (?:us|the company)|who we are|equal opportunit\w+|our values)\b", re.I)),
    ("required", re.compile(
        r"\b(?:requirements?|required|qualifications?|need|needed|must|must-haves?|you have|you bring|bring|"
        r"looking for|about you|who you are|skills|experience|profile|essential|mandatory|criteria|"
        r"competenc\w+|expect(?:ations)?|you'?ll have|you should)\b", re.I)),
    ("duties", re.compile(
        r"\b(?:responsibilit\w*|duties|tasks|day[- ]to[- ]day|what you'?ll (?:do|be doing|work on)|"
        r"in this role|the role|the job|your role|you will|you'?ll be|accountabilit\w+)\b", re.I)),
]  # fmt: skip


def _heading_kind(text: str, *, lead_in: bool = False, loose: bool = False) -> str | None:
    """The section kind of a heading text ("Required qualifications" -> "required"), else None.

    `loose` also accepts a key word anywhere ("You'll stand out if" -> "nice"), for short lines that
    name no skill.
    """
    words = re.sub(r"[#*_`]+", "", text).strip().strip(":").strip()
    if re.match(r"^preferred\b|^(?:bonus|nice|desirable|desired)", words, re.I):
        return "nice"
    for candidate in (words, _HEADING_PREFIX.sub("", words)):  # "Job Requirements", "Roles & Responsibilities"
        for kind in ("nice", "ignore", "duties", "required"):
            if _HEADING_WORDS[kind].match(candidate):
                return kind
    if lead_in:
        found = next((kind for kind, pattern in _LEAD_IN if pattern.search(words)), None)
        if found:
            return found
    if loose:
        return next((kind for kind, pattern in _HEADING_KEYWORDS if pattern.search(words)), None)
    return None


@dataclass(frozen=True)
class Line:
    """One content line of a posting with the section it sits in."""

    section: str  # "intro" | "required" | "nice" | "duties" | "ignore"
    text: str


def unwrap(text: str) -> str:
    """Join lines wrapped mid-sentence ("We are unable to offer\\nvisa sponsorship.") into one line."""
    text = re.sub(r"(?<=[^\s.:;!?])[ \t]*\n(?=[ \t]*[a-z(])", " ", text)
    # A long prose line cut mid-sentence before a capitalised word ("... all on\nGCP. You'd own ...").
    lines = text.split("\n")
    for i in range(len(lines) - 1, 0, -1):
        before, after = lines[i - 1], lines[i]
        if len(before) >= 70 and re.search(r"[a-z,]$", before) and re.match(r"[A-Z][\w.+#/-]*[ .,;:]", after):
            if not _BULLET.match(before) or len(after) < len(before):
                lines[i - 1 : i + 1] = [before + " " + after]
    text = "\n".join(lines)
    # A line that ends in "or", "and", "with", an open parenthesis or a comma goes on ("SAP or\nNetSuite").
    return re.sub(
        r"(\b(?:or|and|with|of|in|to|for|the|such as|including|e\.g\.)|[,(])[ \t]*\n(?=[ \t]*[A-Za-z(])", r"\1 ", text
    )


def sections(text: str, vocab: SkillVocabulary | None = None) -> list[Line]:
    """Split a posting into content lines labelled by section; headings with or without a colon.

    A short line without a skill (vocab: the shipped one by default) and without a full stop is a
    heading when a key word says its kind ("You'll need", "Even better if", "Tech we use").
    """
    vocab = vocab or load_vocabulary()
    text = unwrap(text)
    out: list[Line] = []
    section = "intro"
    lines = [line for line in text.splitlines() if line.strip()]
    opener: int | None = None  # indentation of an open "one of the following:" line
    for index, raw in enumerate(lines):
        stripped = re.sub(r"^#+\s*|\*\*|__", "", raw.strip()).strip()
        bulleted = bool(_BULLET.match(raw))
        indent = len(raw) - len(raw.lstrip())
        if opener is not None and bulleted and indent >= opener and out:
            # "Experience with one or more of the following:" and its bullets are one requirement.
            joined = out[-1].text + (" " if out[-1].text.endswith(":") else ", ") + _BULLET.sub("", raw).strip()
            out[-1] = Line(out[-1].section, joined)
            continue
        opener = None
        if stripped.endswith(":") and _ONE_OF.search(stripped) and vocab.mentions(stripped) == []:
            opener = indent + 1 if bulleted else indent
            out.append(Line(section, _BULLET.sub("", raw).strip()))
            continue
        inline = _SPLIT_HEADING.match(stripped)
        if not bulleted and inline and _heading_kind(inline.group(1)):
            section = _heading_kind(inline.group(1)) or section
            if inline.group(2).strip():
                out.append(Line(section, inline.group(2).strip()))
            continue
        words = stripped.rstrip(":").split()
        short = 0 < len(words) <= 6 and len(stripped) <= 50 and not stripped.endswith((".", ";", ","))
        if index > 0 and not bulleted and short:
            kind = _heading_kind(stripped)
            if kind:
                section = kind
                continue
        if index > 0 and not bulleted and stripped.endswith(":") and len(stripped) <= 80:
            kind = _heading_kind(stripped, lead_in=True)
            if kind:
                section = kind
                continue
        loose = 0 < len(words) <= 8 and len(stripped) <= 60 and not stripped.endswith((".", ";", ",", "!", "?"))
        if index > 0 and not bulleted and loose and not vocab.mentions(stripped):
            kind = _heading_kind(stripped, loose=True)
            if kind:
                section = kind
                continue
        out.append(Line(section, _BULLET.sub("", raw).strip()))
    return out


_OR = re.compile(r"^\s*(?:or|/|\|)\s*(?:an?\s+|the\s+)?$|^\s*\(\s*or\s+$", re.I)
_OXFORD_OR = re.compile(r"^\s*,\s*or\s+(?:an?\s+|the\s+)?$", re.I)
_COMMA = re.compile(r"^\s*,\s*$")
_ONE_OF = re.compile(r"\b(?:one of|any of|either|at least one of|one or more of)\b", re.I)


_ALSO_FINE = re.compile(
    r"\b(?:is|are|also|both|either (?:is|are)|would be)\s+(?:(?:also|both|equally)\s+)?(?:fine|ok|okay|acceptable|"
    r"good|great)\b|\bworks? (?:too|as well)\b|\bequally valid\b",
    re.I,
)
_PAREN_ALTERNATIVES = re.compile(r"\((?=[^)]*\bor\b)(?=[^)]*" + _ALSO_FINE.pattern + r")[^)]*\)", re.I)
# "1 year in a SOC, NOC or IT help desk role": the kind of job held before, not a skill to have.
_ROLE_PHRASE = re.compile(
    r"\b(?:in|as|from) an?\s+(?:[\w/+#.&-]+,?\s+){0,6}?(?:role|position|job|team|environment|setting)s?\b", re.I
)


# "A degree in statistics, mathematics or CS": the subjects of a degree are not skills to have.
_DEGREE_SUBJECTS = re.compile(
    r"\b(?:degree|bachelor'?s?|master'?s?|b\.?sc|m\.?sc|b\.?s\.?|m\.?s\.?|ph\.?d|diploma|qualification)"
    r"(?: of (?:science|arts))?(?:\s*\([^)]*\))?\s+(?:in|of)\s+"
    r"(?:(?=[^;:()]*\b(?:related|similar|equivalent|relevant)\b)[^;:()]*|[^;:().]*?\bor\b[^;:(),.]*)",
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


def _one_subject(phrase: str, vocab: SkillVocabulary) -> bool:
    """Whether every alternative of a degree's subjects names the same one skill ("mathematics or math education")."""
    subjects = re.split(r"\s*(?:,|\bor\b)\s*", re.split(r"\b(?:in|of)\s+", phrase, maxsplit=1)[-1])
    if re.search(r"\b(?:related|similar|equivalent|relevant)\b", phrase, re.I):
        return False
    names = [{name for name, _, _ in vocab.mentions(part)} for part in subjects if part.strip()]
    return all(len(found) == 1 for found in names) and len(set().union(*names)) == 1


def _skill_before(text: str, vocab: SkillVocabulary) -> bool:
    """Whether text ends in a skill and a category word ("... MLOps practices ")."""
    head = re.sub(r"\s*\w+\s*$", "", text)
    return any(end == len(head) for _, _, end in vocab.mentions(head))


def _in_role_phrase(clause: str, start: int, vocab: SkillVocabulary) -> bool:
    """Whether a mention names a previous job, a degree subject or an example rather than a requirement.

    Degree subjects that all name one skill ("a degree in mathematics or math education" for a maths
    teacher) are the job's own subject and stay.
    """
    for pattern in (_ROLE_PHRASE, _DEGREE_SUBJECTS, _EXAMPLES, _CATEGORY_EXAMPLES):
        for m in pattern.finditer(clause):
            if m.start() <= start < m.end():
                if pattern is _DEGREE_SUBJECTS and _one_subject(m.group(0), vocab):
                    continue
                if pattern is _CATEGORY_EXAMPLES and not _skill_before(clause[: m.start()], vocab):
                    continue
                return True
    return False


def skill_groups(text: str, vocab: SkillVocabulary) -> list[tuple[str, ...]]:
    """Requirement groups in one line: "Snowflake or BigQuery" -> [("Snowflake", "BigQuery")]; others alone.

    A list that ends in "or" ("GCP, AWS or Azure", "Python, Go, or Java") or follows "one of" is one
    group; inside a longer list "or" joins only its neighbours ("Python, Django or FastAPI, Docker");
    commas and "and" keep skills apart.
    """
    groups: list[list[str]] = []
    for clause in re.split(r"(?<=[.;!?])\s+|;", text):
        mentions = []
        for m in vocab.mentions(clause):
            if _in_role_phrase(clause, m[1], vocab):
                continue
            if mentions and mentions[-1][0] == m[0] and re.fullmatch(r"\s*\(\s*", clause[mentions[-1][2] : m[1]]):
                # "Vue.js (Vue 3)": one mention of the skill
                mentions[-1] = (m[0], mentions[-1][1], m[2])
            else:
                mentions.append(m)
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
                groups.extend(g for g in skill_groups(clause[: inner.start()], vocab))
                groups[-1] = [*groups[-1], *alternatives]
                groups.extend(skill_groups(clause[inner.end() :], vocab))
                continue
        one_of = _ONE_OF.search(clause)
        seps = []
        for previous, mention in zip(mentions, mentions[1:], strict=False):
            # "Vue.js (Vue 3) or React": an aside without skills does not break the "or".
            between = re.sub(r"\([^()]*\)|^\s*\)", " ", clause[previous[2] : mention[1]])
            if _OR.match(between) or _OXFORD_OR.match(between):
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
            whole = (one_of and one_of.start() < mentions[run[0]][1]) or (
                kinds and kinds[-1] == "or" and all(k == "comma" for k in kinds[:-1])
            )
            if whole:
                groups.append(list(dict.fromkeys(names)))
                continue
            current = [names[0]]
            for name, kind in zip(names[1:], kinds, strict=True):
                if kind == "or":
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
    r"(?!need|have|bring|be expected|ideally)\w+)|at [A-Z]\w+,? we\b|"
    r"[A-Z][\w&]*(?: [A-Z][\w&]*)* (?:makes|builds|runs|sells|helps|provides|serves)\b)"
)


_BACK_REFERENCE = re.compile(r"\b(?:them|it|these|those|this|either|any of them)\b", re.I)


def must_haves(text: str, vocab: SkillVocabulary) -> tuple[list[tuple[str, ...]], list[str]]:
    """(must-have groups, nice-to-have skills) of a posting, from its requirement sections."""
    lines = sections(text, vocab)
    has_required = any(line.section == "required" for line in lines)
    required: list[tuple[str, ...]] = []
    nice: list[str] = []
    for line in lines:
        if line.section in {"ignore", "duties"} or (line.section == "intro" and has_required):
            continue
        if line.section == "nice":
            nice.extend(s for s in vocab.extract(line.text) if s not in nice)
            continue
        parts = re.split(r"(?<=[.;!?])\s+", line.text)
        if any(_NICE_CUE.search(p) and _BACK_REFERENCE.search(p) and not vocab.mentions(p) for p in parts[1:]):
            # "We use Expo and Jest; experience with them helps but isn't essential": the cue is the line's.
            nice.extend(s for s in vocab.extract(line.text) if s not in nice)
            continue
        for part in parts:
            if not has_required and line.section == "intro" and _NOT_A_REQUIREMENT.match(part):
                if _NICE_CUE.search(part):
                    nice.extend(s for s in vocab.extract(part) if s not in nice)
                continue  # free-form posting: the company's stack and the duties are not requirements
            nice_paren = _NICE_PAREN.search(part)  # "Cisco routing (CCNA required, CCNP preferred)"
            # "CompTIA A+ (desirable)": a bare cue in brackets makes the whole line nice-to-have;
            # "Python (5+ years preferred)" keeps Python required.
            bare = nice_paren and not vocab.mentions(nice_paren.group(0)) and not re.search(r"\d", nice_paren.group(0))
            if nice_paren and not bare and _NICE_PAREN.sub(" ", part).strip():
                nice.extend(s for s in vocab.extract(nice_paren.group(0)) if s not in nice)
                part = _NICE_PAREN.sub(" ", part)
            if _NICE_CUE.search(part):
                nice.extend(s for s in vocab.extract(part) if s not in nice)
            elif required and _ALSO_FINE.search(part) and vocab.mentions(part) and not _PAREN_ALTERNATIVES.search(part):
                # "(we're on GCP; AWS or Azure is fine)": the alternatives widen the requirement before them.
                extra = [s for s in vocab.extract(part) if s not in required[-1]]
                required[-1] = (*required[-1], *extra)
            else:
                required.extend(g for g in skill_groups(part, vocab) if g not in required)
    if has_required and not required:  # requirements that only state years: fall back to the whole text
        return must_haves("\n".join(line.text for line in lines if line.section in {"duties", "intro"}), vocab)
    held = {s for group in required for s in group}
    # A skill in a group and alone ("Python" and "Python or Go") is a must-have on its own.
    singles = {group[0] for group in required if len(group) == 1}
    required = [g for g in required if len(g) == 1 or not (set(g) & singles)]
    return required, [s for s in nice if s not in held]


def requirement_text(text: str) -> str:
    """The lines of a posting that state requirements (requirement sections, or everything but the
    nice-to-have, duties and benefits sections when it has none)."""
    lines = sections(text)
    keep = {"required"} if any(line.section == "required" for line in lines) else {"required", "intro"}
    return "\n".join(line.text for line in lines if line.section in keep) or text


_SPONSOR_NO = re.compile(
    r"\b(?:no|without)\s+(?:visa\s+|immigration\s+)?sponsorship\b|\b(?:unable|not able|cannot|can't|can not|"
    r"will not|won't|do not|don't|does not|doesn't|are not able to|is not able to)\s+(?:to\s+)?(?:provide\s+|offer\s+)?"
    r"(?:visa\s+)?(?:sponsor|sponsorship)|\bsponsorship (?:is )?not (?:available|offered|provided|possible)\b|"
    r"\bnot (?:offer|provide)(?:ing)? (?:visa )?sponsorship\b|\bno visa support\b|"
    r"\bnot eligible for (?:visa |immigration |h-?1b )?sponsorship\b|\bsponsorship\s*:\s*(?:no|none|not)\b|"
    r"\bmust (?:already )?(?:be (?:legally )?(?:authori[sz]ed|eligible|entitled)|have (?:the )?(?:right|"
    r"authori[sz]ation|permission)) to work\b|\bright to work in [^.\n]{2,30} (?:is )?required\b|"
    r"\b(?:citizenship|citizens?) (?:is |are )?required\b|\bmust be an? [\w.]+ citizen\b|"
    r"\bwork (?:authori[sz]ation|permit) (?:is )?required\b|"
    r"\b(?:cannot|can't|can not|unable to|will not|won't|do not|don't) (?:[\w-]+ (?:or|and) )sponsor|"
    r"\b(?:eligibility|authori[sz]ation|entitlement|permission|(?:legal )?right) to work in [^.\n]{2,30}? (?:is )?"
    r"(?:required|essential|mandatory|a must)\b|\b(?:need|needs|required) to [^.\n]{0,40}\bhave (?:the |full )?"
    r"(?:right|authori[sz]ation|working rights) to work\b|\bmust have (?:full )?working rights\b|"
    r"\b(?:cannot|can't|can not|unable to|do not|don't|won't|will not) support (?:work permits?|visas?)\b|"
    r"\bonly [^.\n]{0,30}\b(?:citizens|permanent residents|PRs|green card holders)\b[^.\n]{0,20}\b(?:need|may|can|"
    r"should|will be considered|eligible|apply)|\b(?:citizens|permanent residents|PRs) only\b",
    re.I,
)
_SPONSOR_YES = re.compile(
    r"\b(?:we|will|can|happy to|able to|do|does)\s+(?:also\s+)?(?:gladly\s+)?sponsor\b|\bsponsorship (?:is )?"
    r"(?:available|offered|provided|possible|support)|\b(?:visa|relocation and visa|immigration) (?:support|"
    r"sponsorship) (?:is )?(?:available|offered|provided|included)|\boffer(?:s|ing)? (?:visa |h-?1b )?sponsorship\b|"
    r"\bvisa sponsorship (?:and|&) relocation\b|\bsponsor(?:s|ing)? (?:work )?visas\b|\bvisa support\b|"
    r"\b(?:we (?:can )?)?help with (?:the |your )?(?:visa|work permit)|"
    r"\b(?:can|will|happy to|able to) support (?:(?:your|the) )?(?:work permits?|visas?|visa applications?)\b|"
    r"\bwelcome applications? from [^.\n]{0,40}\b(?:need|needs|require|requires) (?:a )?(?:[\w-]+ ){0,2}visa",
    re.I,
)


_SPONSOR_MENTION = re.compile(
    r"\b(?:visa|h-?1b|blue card|work permit)\b[^.\n]{0,40}\bsponsor|\bsponsor\w*[^.\n]{0,40}\b(?:visa|blue card|h-?1b)",
    re.I,
)


def sponsorship(text: str) -> bool | None:
    """Whether the employer sponsors work visas: False when it says it cannot (or requires authorization)."""
    text = unwrap(text)
    if _SPONSOR_NO.search(text):
        return False
    if _SPONSOR_YES.search(text) or _SPONSOR_MENTION.search(text):
        return True
    return None


__all__ = ["Line", "unwrap", "must_haves", "requirement_text", "sections", "skill_groups", "sponsorship"]
