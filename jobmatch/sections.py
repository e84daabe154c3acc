"""A job posting's sections: headings in any wording, wrapped lines rejoined, each content line labelled.

Headings are found with or without a colon ("Required qualifications", "Nice to have", "What you
will do"), and in free wording when a short line names no skill ("You'll stand out if", "Tech we
use"): requirements, nice-to-haves, duties, and parts to ignore (benefits, the company's stack).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jobmatch.personspec import spell_out_markers
from jobmatch.skills import SkillVocabulary, load_vocabulary

ONE_OF = re.compile(r"\b(?:one of|any of|either|at least one of|one or more of)\b", re.I)

# "Desired Candidate Profile", "Preferred candidate profile": an Indian job board's (Naukri's) requirements heading.
_PROFILE = r" candidate profile"
_NICE = (
    r"nice[- ]to[- ]haves?|bonus(?: points)?|preferred(?!" + _PROFILE + r")|desirable|pluses|a plus|good to have|"
    r"would be (?:great|nice|a plus)|ideally|optional|extra credit|not required|we'?d love|brownie points|"
    r"it'?s a plus|additional(?: skills)?|great if|assets?|advantageous|what would be (?:nice|great)|"
    r"desired(?!" + _PROFILE + r")(?: skills| qualifications)?|good[- ]to[- ]haves?|nice[- ]to[- ]have skills|"
    r"meritorious|merits?|(?:highly|well) regarded|(?:an )?added advantages?|recommendations?|recommended"
)
_IGNORE = (
    r"benefits|perks|what we offer|we offer|about us|about the company|about (?!you\b)[A-Z][\w&]+$|compensation|salary|"
    r"pay(?: range)?|how to apply|to apply|equal opportunity|eeo|why join|why us|why work (?:with|for) us|"
    r"why you'?ll love|life at|"
    r"our values|who we are(?! looking)|the company|company|our team|the team|the offer|what'?s in it for you|location|"
    r"working here|diversity|application process|interview process|"
    # "Work arrangement", "The practicalities", "The boring-but-important bits", "The small print"
    r"work(?:ing)? arrangements?|working pattern|practicalities|logistics|the (?:[\w-]+ )?bits|"
    r"the (?:small|fine) print|"
    # "Our tooling: Actimize, Jira": the company's stack, which a new hire learns; "Method of Application"
    r"our (?:tools|tooling|stack|tech(?:nology)?(?: stack)?)|tools we use|method of application|package|"
    # A job board's facts about the job ("Industry Type: Media & Entertainment", "Role Category: Audio Production")
    r"industry(?: type)?|department|role category|functional area|employment type|"
    # "Enquiries: Ms N. Dlamini, tel. ...": whom to ask about the post
    r"enquiries|inquiries|contacts?(?: person| details| us)?$"
)
_DUTIES = (
    r"(?:key |main |core |primary )?responsibilit\w*|what you(?:'ll| will) (?:be )?(?:do|doing|work on|working on|own|"
    r"build|building)|your role|essential (?:job )?(?:functions|duties)|key duties|"
    r"the role|about the role|"
    r"the job|day[- ]to[- ]day|duties|your mission|your impact|in this role|tasks|your tasks|role overview|"
    r"overview|summary|job summary|the opportunity|what the job involves|key accountabilities|"
    r"you will(?! (?:have|bring|need|be able to (?:demonstrate|show|evidence)))|a day in the life|"
    r"description|job description|mission|the position|position summary|about the (?:job|position)|"
    # "Key performance areas", "Key result areas": public-sector postings' word for the duties
    r"key (?:performance|result) areas|kpas?\b"
)
_REQUIRED = (
    r"must$|requirements?|required(?: qualifications| skills)?|(?:minimum|basic|essential|key) (?:qualifications|"
    r"requirements|skills)|qualifications?|must[- ]haves?|must have|what you(?:'ll)? bring|you have|"
    r"you(?:'ll| will) have|you bring|"
    r"what we(?:'re| are) looking for|about you|who you are|skills(?: (?:and|&) experience)?|experience|"
    r"essential|your profile|profile|what you need|you should have|what you(?:'ll)? need|we expect|"
    r"your skills|technical skills|competencies|candidate profile|ideal candidate|you are|you'?re|"
    r"mandatory(?: skills| requirements| qualifications)?|skills required|(?:desired|preferred) candidate profile|"
    r"who we(?:'re| are) looking for|education(?:al)?(?: requirements?| qualifications?)?|person specification|"
    r"prerequisites|non-negotiables?|what it takes|is this you|your toolkit|"
    r"what makes you (?:a )?(?:great|good|strong)|(?:the )?essentials|"
    # "Special conditions", "Conditions of employment", "Pre-employment checks": conditions the appointment depends
    # on (a licence, a check the candidate holds), as public-sector postings list them after the selection criteria.
    r"special (?:conditions|requirements)|conditions of (?:employment|appointment|engagement)|"
    r"pre-?employment (?:checks|requirements|screening|conditions)|"
    # "You will be able to demonstrate:", "Applicants must be able to show": the evidence asked of the applicant.
    r"(?:you|applicants|candidates)(?:'ll| will| must| should)? (?:be able to )?(?:demonstrate|show|evidence)|"
    r"to be successful|what (?:are )?we(?:'re| are)? looking for|"
    # "What we ask", "What we need from you", "What we require of you": the employer's side of "what you bring".
    r"what we (?:ask|need|require|expect)(?: (?:for|of|from) you)?"
)
_HEADING_WORDS = {
    "nice": re.compile(r"^(?:" + _NICE + r")\b", re.I),
    "ignore": re.compile(r"^(?:" + _IGNORE + r")\b", re.I),
    "duties": re.compile(r"^(?:" + _DUTIES + r")\b", re.I),
    "required": re.compile(r"^(?:" + _REQUIRED + r")\b", re.I),
}
NICE_CUE = re.compile(
    # "Docker a plus", "Kafka, plus if you know Flink"; not the conjunction "Python, plus SQL", "plus 20 days' leave".
    r"\b(?:nice[- ]to[- ]have|a plus|is a plus|are a plus|"
    r"plus\b(?!\s+(?!(?:if|points?|for|when|but|though|too)\b)[\w$€£])|preferred|bonus|desirable|ideally|"
    r"advantage|advantageous|would be (?:great|nice|handy|useful)|good to have|not required|optional|welcome|"
    r"helpful|handy|(?:is|are)n'?t essential|not essential|non-essential|an asset|beneficial|(?<=\()nice(?=\))|"
    # "ESL certification or willingness to obtain it": wanted, but not a condition.
    r"or (?:the )?(?:willingness|ability|able|willing) to (?:obtain|get|gain|acquire|earn|learn)|"
    # "Sunrise experience highly regarded", "if you've used Maze, even better", "some SQL would also help"
    r"(?:highly|well) regarded|regarded favou?rably|even better|would (?:also |really )?help|"
    # "It'd be great if you have", "a qualified accountant would really stand out"
    r"'d be (?:great|nice|handy|useful)|would (?:also |really )?stand out|"
    # "OnCore knowledge desired", "counts in your favour", "extra points for", "would be valued"
    r"desired|appreciated|(?:would be|is|are) valued|in your favou?r|extra points|if possible|"
    r"or working towards?|training provided|we(?:'ll| will)? train|"
    # "membership of the PVG Scheme, which the council will arrange": the employer provides it
    r"which (?:we|the [a-z]+) will (?:arrange|provide|fund)|"
    r"within (?:\d+|one|two|three|six|twelve) (?:days|weeks|months|years?) of "
    r"(?:hire|hiring|start|starting|joining))\b",
    re.I,
)
# "(iii) Proficiency in Stata", "iv. Fluency in English", "(b) A valid licence": lists numbered in roman numerals
# or letters in brackets (common in East African, South Asian and public-sector postings) are bulleted lists too.
_NUMBERED = r"(?:\(?[ivx]{1,5}[.)]|\((?:[a-h]|\d{1,2})\))(?=\s)"
# "+ A full driving licence": a plus sign and a space opens a list item too ("+44 20 ..." is a phone number).
_BULLET = re.compile(r"^\s*(?:[-*•·‣▪–—●○◦✔✓➤►→⇒➔➜▸▹❯»]|->|=>|\+(?=\s)|\d+[.)]|" + _NUMBERED + r")\s*")
_MID_LABEL = re.compile(r"(?<=[a-z)]\s)((?:[A-Z][\w'’-]*)(?:\s[\w'’-]+){0,3})\s*:\s")
_SPLIT_HEADING = re.compile(r"^\s*([^:\n]{2,45}?)\s*[:：]\s*(.*)$")
# "Key Skills - Azure Data Factory, SQL": a heading word, a dash, then the content (not on the title line).
_DASH_HEADING = re.compile(r"^\s*([^:\n]{2,45}?)\s+[-–—]\s+(.*)$")
# "What we ask. A master's degree ...": a run-in heading, a short phrase closed by a full stop, opening a paragraph.
_RUN_IN_HEADING = re.compile(r"^\s*([A-Z][^.:\n]{1,30})\.\s+(?=[A-Z])(.*)$")


# "Location: Zurich", "Salary: $90,000": labels of one fact about the job, as a posting's header gives them.
_FACT_LABEL = re.compile(
    r"^(?:location|salary|pay(?: range)?|compensation|(?:work(?:ing)? )?arrangements?|employment type|"
    r"industry(?: type)?|department|role category|functional area)$",
    re.I,
)


_LEAD_IN = [  # a sentence ending in ":" that introduces a list ("We are looking for a teacher who:")
    ("nice", re.compile(r"\b(?:nice to have|bonus|preferred|a plus|would be (?:great|nice|helpful|useful|handy)|"
                        r"advantage|an? asset|desirable|a merit)\b", re.I)),
    ("ignore", re.compile(r"\b(?:we offer|benefits|perks|what you get)\b", re.I)),
    ("required", re.compile(r"\b(?:looking for|we need|you(?:'ll| will)? (?:need|have)|you bring|requirements?|"
                            r"qualifications|must[- ]haves?|ideal candidate|(?:successful|right|suitable) (?:candidate|"
                            r"applicant|person) (?:will|should|must) (?:have|need|bring|possess)|who you are|"
                            r"you should|"
                            r"we expect)\b",
                            re.I)),
    ("duties", re.compile(r"\b(?:you will|you'll|responsibilit\w+|your day|day to day)\b", re.I)),
]  # fmt: skip


# "Key Skills: SEO, Technical SEO, ...": a job board's tag list, which restates the requirements in single words
# ("Actix, TEMS" for "Actix or TEMS Discovery"); labelled "tags" beside a requirement section (see
# `jobmatch.postings.must_haves`), and a requirement section itself where the posting has no other.
_TAG_LIST = re.compile(r"^(?:key|top|primary|core)\s+skills?$", re.I)
_HEADING_PREFIX = re.compile(r"^(?:the |job |role |position |candidate |roles? (?:&|and) )+", re.I)
# Headings in any wording ("You'll stand out if", "Plus if you have", "Tech we use", "Where you'll work"):
# a key word anywhere in a short line that names no skill. Checked in this order, so "Preferred
# qualifications" is nice and "What you'll need" is required before "what you'll" reads as duties.
_HEADING_KEYWORDS = [
    ("nice", re.compile(
        r"\b(?:nice|bonus|preferred|desirable|desired|plus|pluses|stand out|even better|extras?|great if|ideally|"
        r"assets?|advantage\w*|good to have|optional|love (?:it )?if|wish ?list|not required|would help|"
        r"meritorious|merits?|appreciated|valued)\b", re.I)),
    ("ignore", re.compile(
        r"\b(?:benefits|perks|offer|(?:tech(?:nology)? |our |the )?stack|tech(?:nology)? we use|"
        r"tools (?:we|you'?ll) use|what we use|salary|compensation|pay|how to apply|apply|hours|location|"
        r"where you'?ll (?:work|be)|"
        r"small print|fine print|about (?:us|the company)|who we are|equal opportunit\w+|our values|"
        r"not (?:needed|necessary))\b", re.I)),  # "What's not needed": neither wanted nor a plus
    ("required", re.compile(
        r"\b(?:requirements?|required|qualifications?|need|needed|must|must-haves?|you have|you bring|bring|"
        r"looking for|about you|who you are|skills|experience|profile|essentials?|mandatory|criteria|background|"
        r"competenc\w+|expect(?:ations)?|you(?:'ll| will) have|you should|prerequisites|non-negotiables?|"
        r"what it takes|is this you|great fit|to be successful)\b", re.I)),
    ("duties", re.compile(
        r"\b(?:responsibilit\w*|duties|tasks|day[- ]to[- ]day|what you'?ll (?:do|be doing|work on)|"
        r"in this role|the role|the job|your role|you will|you'?ll be|accountabilit\w+)\b", re.I)),
]  # fmt: skip


def _heading_kind(text: str, *, lead_in: bool = False, loose: bool = False) -> str | None:
    """The section kind of a heading text ("Required qualifications" -> "required"), else None.

    `loose` also accepts a key word anywhere ("You'll stand out if" -> "nice"), for short lines that
    name no skill.
    """
    words = re.sub(r"[#*_`]+", "", text).replace("’", "'").strip().strip(":?").strip()
    if _TAG_LIST.match(words):
        return "tags"
    nice_label = r"^preferred\b(?!" + _PROFILE + r")|^(?:bonus|nice|desirable|desired)(?!" + _PROFILE + r")"
    if re.match(nice_label, words, re.I):
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


def _run_in_kind(text: str) -> str | None:
    """The section kind of a run-in heading: the whole phrase a heading's wording ("What we ask", "The team"), never
    a sentence that merely opens with a heading word ("Experience with Python is required")."""
    words = text.replace("’", "'").strip()
    for candidate in (words, _HEADING_PREFIX.sub("", words)):
        for kind in ("nice", "ignore", "duties", "required"):
            m = _HEADING_WORDS[kind].match(candidate)
            if m and m.end() == len(candidate):
                return kind
    return None


def _paragraph(content: str) -> bool:
    """Whether a heading's content is a paragraph of prose (several sentences or clauses), which the heading opens
    on its own line: the paragraphs after it are not under it, as the lines after a heading line are."""
    return len(content) >= 150 and bool(re.search(r"[.;]\s+\S", content))


@dataclass(frozen=True)
class Line:
    """One content line of a posting with the section it sits in."""

    section: str  # "intro" | "required" | "nice" | "duties" | "ignore" | "tags"
    text: str


_SENTENCE_END = re.compile(r"[A-Z](?:[\w+#/-]* ){0,2}[\w+#/-]*[.,;:](?:\s|$)")


# A line that ends a sentence another line began: a letter starts it and a full stop ends it.
_SENTENCE_TAIL = re.compile(r"^[ \t]*[^\W\d_][^\n]*[.!?][ \t]*$")


def rejoin_cut_prose(text: str) -> str:
    """Join a long prose line cut mid-sentence to the shorter line that ends it ("Ein Umzug in den Raum" + "Dresden
    wäre für mich denkbar."): a noun is capitalised in German, so the lower-case rule of `unwrap` leaves them
    apart. A contact line (an address, "|" or "·" between fields) is no prose; a line as long as the one before is
    a line of its own, not the rest of it.

    For a résumé's prose (`jobmatch.resumereaders`), not inside `unwrap`: a posting's list items without a full stop
    run to sixty characters too, so postings keep `unwrap`'s stricter rule for a capitalised word (the next line
    ends the sentence within three words)."""
    lines = text.split("\n")
    for i in range(len(lines) - 1, 0, -1):
        before, after = lines[i - 1].rstrip(), lines[i]
        prose = len(before) >= 60 and before[-1:].isalpha() and not re.search(r"@|[|·]|\S {2,}\S", before)
        if prose and len(after.strip()) < len(before) and _SENTENCE_TAIL.match(after):
            lines[i - 1 : i + 1] = [before + " " + after.strip()]
    return "\n".join(lines)


def unwrap(text: str) -> str:
    """Join lines wrapped mid-sentence ("We are unable to offer\\nvisa sponsorship.") into one line."""
    # A heading written in lower case ("about the role", "what we're looking for") stays on its own line.
    text = re.sub(
        # "ii. Manage the budget", "(iii) Stata": a numbered list item does not continue the line before.
        r"(?m)^([^\n]*?[^\s.:;!?])[ \t]*\n(?=[ \t]*(?!" + _NUMBERED + r")([a-z(][^\n]*))",
        lambda m: m.group(0) if _lower_heading(m.group(1)) or _lower_heading(m.group(2)) else m.group(1) + " ",
        text,
    )
    # A long prose line cut mid-sentence before a capitalised word ("... all on\nGCP. You'd own ...").
    lines = text.split("\n")
    for i in range(len(lines) - 1, 0, -1):
        before, after = lines[i - 1], lines[i]
        # Only when the next line finishes the sentence within three words: a heading ("Your profile")
        # after an unpunctuated bullet stays on its own.
        if len(before) >= 70 and re.search(r"[a-z,]$", before) and _SENTENCE_END.match(after):
            lines[i - 1 : i + 1] = [before + " " + after]
    text = "\n".join(lines)
    # A line that ends in "or", "and", "with", an open parenthesis or a comma goes on ("SAP or\nNetSuite").
    return re.sub(
        r"(?m)^([^\n]*?(?:\b(?:or|and|with|of|in|to|for|the|such as|including|e\.g\.)|[,(]))[ \t]*\n"
        r"(?=[ \t]*[A-Za-z(])",
        lambda m: m.group(0) if _lower_heading(m.group(1)) else m.group(1) + " ",
        text,
    )


# A sentence ends at . ; ! ? and a space, or at a line end, but not after a dotted abbreviation ("B.E.", "U.S.").
_SENTENCE_BREAK = re.compile(r"(?<=[.;!?])(?<![.\s][A-Z]\.)(?<!\.[A-Z][a-z]\.)\s+|\n")


def sentences(text: str) -> list[str]:
    """A posting's sentences and list items, wrapped lines rejoined ("B.Tech / B.E. in CS or equivalent." is one)."""
    return [s for s in _SENTENCE_BREAK.split(unwrap(text)) if s.strip()]


def _lower_heading(line: str) -> bool:
    """Whether a line is a heading written in lower case ("what we're looking for"), which nothing continues."""
    return line.strip() == line.strip().lower() and len(line.split()) <= 6 and bool(_heading_kind(line))


def sections(text: str, vocab: SkillVocabulary | None = None) -> list[Line]:
    """Split a posting into content lines labelled by section; headings with or without a colon.

    A short line without a skill (vocab: the shipped one by default) and without a full stop is a
    heading when a key word says its kind ("You'll need", "Even better if", "Tech we use").
    """
    vocab = vocab or load_vocabulary()
    if vocab.context_words is None:  # acronyms are read against the whole posting (`SkillVocabulary.mentions`)
        vocab = vocab.in_context(text)
    # "Higher Certificate in Food Premises Inspection (D)" under "E = essential, D = desirable": a nice-to-have.
    text = spell_out_markers(unwrap(text))
    out: list[Line] = []
    section = "intro"
    headed_at = -1  # the number of content lines when the last heading was read
    lines = [line for line in text.splitlines() if line.strip()]
    opener: int | None = None  # indentation of an open "one of the following:" line
    for index, raw in enumerate(lines):
        stripped = re.sub(r"^#+\s*|\*\*|__", "", raw.strip()).strip()
        bulleted = bool(_BULLET.match(raw)) and not re.match(r"\s*(?:\*\*|__)", raw)  # "**Requirements**" is bold
        indent = len(raw) - len(raw.lstrip())
        if opener is not None and bulleted and indent >= opener and out:
            # "Experience with one or more of the following:" and its bullets are one requirement.
            joined = out[-1].text + (" " if out[-1].text.endswith(":") else ", ") + _BULLET.sub("", raw).strip()
            out[-1] = Line(out[-1].section, joined)
            continue
        opener = None
        if stripped.endswith(":") and ONE_OF.search(stripped) and vocab.mentions(stripped) == []:
            opener = indent + 1 if bulleted else indent
            out.append(Line(section, _BULLET.sub("", raw).strip()))
            continue
        inline = _SPLIT_HEADING.match(stripped) or (index > 0 and _DASH_HEADING.match(stripped)) or None
        if not bulleted and inline and _heading_kind(inline.group(1)):
            kind = _heading_kind(inline.group(1)) or section
            content = inline.group(2).strip()
            if _paragraph(content):  # "What we need from you: solid rigging skills ...; a demo reel ...": this one
                out.append(Line(kind, content))
                continue
            if section == "intro" and content and _FACT_LABEL.match(inline.group(1).strip()):
                # "Location: Zurich" in the header: a fact about the job, not a heading over the paragraphs after it.
                out.append(Line(kind, content))
                continue
            section, headed_at = kind, len(out)
            # "Must-have skills: Appium, ... on real devices Good to have: XCUITest" (a wrapped line joined to the
            # next): the second label's content is its own kind; the lines after stay under the first.
            second = next((m for m in _MID_LABEL.finditer(content) if _heading_kind(m.group(1))), None)
            if second:
                out.append(Line(section, content[: second.start()].strip()))
                out.append(Line(_heading_kind(second.group(1)) or section, content[second.end() :].strip()))
            elif content:
                out.append(Line(section, content))
            continue
        run_in = _RUN_IN_HEADING.match(stripped) if not bulleted else None
        if run_in and _run_in_kind(run_in.group(1)):  # heads its own paragraph only
            out.append(Line(_run_in_kind(run_in.group(1)) or section, run_in.group(2).strip()))
            continue
        words = stripped.rstrip(":").split()
        short = 0 < len(words) <= 6 and len(stripped) <= 50 and not stripped.endswith((".", ";", ","))
        if index > 0 and not bulleted and short:
            kind = _heading_kind(stripped)
            if kind:
                section, headed_at = kind, len(out)
                continue
        if index > 0 and not bulleted and stripped.endswith(":") and len(stripped) <= 80:
            kind = _heading_kind(stripped, lead_in=True)
            if kind:
                section, headed_at = kind, len(out)
                continue
        # A heading in two languages ("Ce qu'on recherche / What we're looking for") reads by its last part.
        last = stripped.rstrip(":").split(" / ")[-1]
        if index > 0 and not bulleted and last != stripped.rstrip(":") and 0 < len(last.split()) <= 6:
            kind = _heading_kind(last, loose=True) if len(stripped) <= 80 and not vocab.mentions(stripped) else None
            if kind:
                section, headed_at = kind, len(out)
                continue
        loose = 0 < len(words) <= 8 and len(stripped) <= 60 and not stripped.endswith((".", ";", ",", "!"))
        # The first line under a heading is its content ("Nice to have" / "Trial experience"), unless its wording
        # alone (above) makes it a heading.
        loose = loose and headed_at != len(out)
        if index > 0 and not bulleted and loose and not vocab.mentions(stripped) and not re.search(r"\d", stripped):
            kind = _heading_kind(stripped, loose=True)
            # A heading by key word alone is short, unless it introduces nice-to-haves ("It would be great if
            # you also have"); "Valid driver's licence and experience" is a requirement line.
            if kind and (kind in {"nice", "ignore"} or len([w for w in words if w != "/"]) <= 6):
                section, headed_at = kind, len(out)
                continue
        out.append(Line(section, _BULLET.sub("", raw).strip()))
    if any(line.section == "required" for line in out):
        return out
    return [Line("required", line.text) if line.section == "tags" else line for line in out]


__all__ = ["Line", "NICE_CUE", "ONE_OF", "rejoin_cut_prose", "sections", "sentences", "unwrap"]
