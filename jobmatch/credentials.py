"""Credential names as a reader writes them down: the registration with a body, a licence or certificate with its
word, and the acronym beside a long name.

`jobmatch.openvocab` reads names word by word, so a credential comes out as the words that look like a name: the
body a registration is held with ("AHPRA", "Health Professions Council of South" where "Africa" is a place) or the
long form beside its acronym ("Regulatory Examination for Representatives (RE5)"). The development sets' gold
(written by nine writers) names them otherwise:

- a registration with a professional body is the registration, named by the body's acronym where the posting
  gives one ("Registration with the Allied Health Professions Council (AHPC)" -> "AHPC Registration", "registered
  with the SSSC" -> "SSSC Registration"), else by the body's name as written. A registered title or a licence the
  vocabulary knows ("registration with the NMC as a Registered Nurse") stays the vocabulary's credential;
- a long name with its acronym in brackets right after it is the acronym (7 names of 11 in batches a-m: "RE5",
  "CSOC", "A-EMCA", "NASENCO", "CCM", "IATA DGR", "WMO BIP-M"; "Canadian Electrical Code", "Single Touch Payroll",
  "Installation Electrician" and "Registered Building Inspector" kept the long form), keeping the acronyms that
  open the long name and are not part of the short one ("IATA Dangerous Goods Regulations (DGR)" -> "IATA DGR");
- a licence or certificate is named with its credential word ("Wireman's licence" -> "Wireman's Licence", "Chief
  Engineer Certificate of Competency", "Lift Technician certification"), and the words before it that belong to it,
  which a word-by-word reader drops at a sentence's start or beside a place; a brand written in CamelCase names the
  credential alone ("PV GreenCard certification" -> "PV GreenCard"). "Certificate III or IV in Individual Support"
  is two levels of one certificate, either of which is met.
"""

from __future__ import annotations

import re

from jobmatch import places

Mention = tuple[str, int, int]
REGISTRATION = " Registration"  # the word a registration's name ends in

# "registration with the", "Registered and in good standing with the", "registered by".
_REGISTERED_WITH = re.compile(
    r"\b(?i:registration|registered)(?i:\s+and\s+in\s+good\s+standing)?\s+(?i:with|by)\s+(?i:the\s+)?(?=[A-Z])"
)
# The body's name: capitalised words and the small words inside a name ("Colegio de Ingenieros del Perú",
# "Health Professions Council of South Africa"), ending in a capitalised word.
_BODY = re.compile(r"[A-Z][\w'’.&-]*(?: (?:(?:of|and|for|de|del|la|des|du|di|van|von) )*[A-Z][\w'’&-]*)*")
# An acronym in brackets: two capitals at least, no lower-case run ("(HPCSA)", "(GPhC)", "(A-EMCA)", "(RE5)").
_BRACKET_ACRONYM = re.compile(r"\s*\(([A-Z][A-Za-z0-9&/-]{1,9})\)")
# "..., or with ARDMS", "or the HCPC": a second body the registration may be held with instead.
_OR_BODY = re.compile(r",?\s+or\s+(?:with\s+|by\s+)?(?:the\s+)?(?=[A-Z])")
# The credential is the registered title: "as a Registered Nurse", "as Pr Eng".
_AS_TITLE = re.compile(r"\bas\s+(?:an?\s+)?$", re.I)
# "as Pr Eng", "as CA(SA)": a designation written without an article ("as a Professional Planner" is the job).
_DESIGNATION = re.compile(r"\s+as\s+[A-Z]")


# "Registered with ECSA as Pr Eng", "P.Eng. registration with APEGA", "registration as a nurse with the NMC",
# "Registered pharmacist with the General Pharmaceutical Council": the body a licence is held with.
_HELD_WITH = re.compile(
    r"\b(?:registered|registration(?:\s+as\s+an?(?:\s+[\w.-]+){1,3}?)?)\s+(?:with|by)\s+(?:the\s+)?$|"
    # "a Working with Children Check issued by the DHS": the body that issues a credential, as the one it is held with.
    r"\b(?:issued|granted)\s+by\s+(?:the\s+)?$",
    re.I,
)
_TITLE_WITH = re.compile(r"\bregistered\s+[\w-]+\s+with\s+(?:the\s+)?$", re.I)
_TITLE_BODY = re.compile(r"\bregistered\b[^.;\n]{0,40}\bwith\s+(?:an?\s+)?(?:active|current|valid|full\s+)?\s*$", re.I)
_ORGANISATION = re.compile(
    r"^(?:[A-Z][\w.&-]*\s+){0,3}(?:Council|Board|Institute|Association|Society|Commission|Authority|Registry|College|"
    r"Agency)\b"
)


# The word that makes a name a credential, as written after the name ("Class F licence", "MCC certificate").
_CREDENTIAL_WORD = re.compile(
    r"(?i:licen[cs]e|certificat(?:e|ion)(?:\s+of\s+competency)?|endorsement|type\s+rating|ticket)\b"
)
# Words before a credential word that qualify the holding, not the credential: "a current Class 2 licence".
# A name that ends in its credential word (see `credential_names`).
CREDENTIAL_END = re.compile(r" (?:Licen[cs]e|Certificat(?:e|ion)(?: of Competency)?|Endorsement|Type Rating|Ticket)$")
QUALIFIERS = set(
    "a an the any active current valid full clean relevant recognised recognized approved accredited required "
    "appropriate basic mandatory your own existing".split()
)
# A word that can be part of a credential's name: capitalised, an acronym or code ("A320", "6-20", "III", "F"),
# possessive ("Wireman's"); "of", "at" and "&" between such words.
_CREDENTIAL_PART = re.compile(r"(?:[A-Z][\w'’&]*|\d[\w./]*)(?:-[A-Z0-9][\w'’&./]*)*")  # not "BCA-recognised"
_LEVEL = re.compile(r"\bCertificate\s+((?:IV|V|I{1,3})(?:\s*(?:,|or|and|/)\s*(?:Certificate\s+)?(?:IV|V|I{1,3}))*)"
                    r"\s+in\s+([A-Z][\w-]*(?:\s+(?:and\s+|&\s+|of\s+)?[A-Z][\w-]*)*)")
_CAMEL = re.compile(r"[a-z][A-Z]")
# "TIA 942", "ISO 9001": a standard, certified to; "NR-11", "PL-300": a code that names the credential or its exam
# (the gold writes these codes bare: 5 of 5 in the development sets).
_STANDARD = re.compile(r"\s\d{3,}(?:[.:-]\d+)*$|^[A-Z]{1,5}-\d{2,5}$")


def _is_acronym(word: str) -> bool:
    return sum(c.isupper() for c in word) >= 2 and not re.search(r"[a-z]{2}", word)


def _initials_of(acronym: str, words: list[str]) -> bool:
    """Whether the acronym's letters run in order through the words, starting at the first word's initial
    ("NASENCO" in "National Award for SEN Coordination", "RE5" in "Regulatory Examination for Representatives")."""
    letters = [c.lower() for c in acronym if c.isalpha()]
    text = "".join(words).lower()
    if not letters or not words or letters[0] != text[0]:
        return False
    position = 0
    for letter in letters:
        position = text.find(letter, position) + 1
        if position == 0:
            return False
    return True


def _titled(clause: str, known: list[Mention], named: list[Mention]) -> bool:
    """Whether the clause names the registered title the vocabulary or a name gives: "Registered Nurse with active
    NMC registration", "registration with the NMC as a Registered Nurse", "Registered with ECSA as Pr Eng"."""
    return any(
        re.match(r"registered\b", clause[start:end], re.I) or _AS_TITLE.search(clause[:start])
        for _, start, end in known + named
    )


def registrations(clause: str, known: list[Mention], named: list[Mention]) -> list[Mention]:
    """Registrations with a body that the clause requires, as ("<ACR> Registration", start, end), the span covering
    the registration words and the body (so that names inside it give way to it).

    Args:
        clause: one requirement clause.
        known: the vocabulary's mentions in it (a vocabulary credential there wins).
        named: the open-vocabulary names in it.
    """
    if _titled(clause, known, named):
        return []
    out: list[Mention] = []
    for m in _REGISTERED_WITH.finditer(clause):
        body = _BODY.match(clause, m.end())
        if not body:
            continue
        end = body.end()
        bracket = _BRACKET_ACRONYM.match(clause, end)
        if bracket and _is_acronym(bracket.group(1)):
            name, end = bracket.group(1), bracket.end()
        else:
            name = body.group(0)
        if any(s < end and m.start() < e for _, s, e in known):  # "registered with the HCPC": the vocabulary's
            continue
        if any(e <= m.start() and not clause[e : m.start()].strip() for _, _, e in known + named):
            continue  # "EIT or P.Eng. registration with APEGA": the credential is named before the word
        if _DESIGNATION.match(clause, end):  # "Registered with ECSA as Pr Eng": the designation is the credential
            continue
        other = _OR_BODY.match(clause, end)
        second = other and _BODY.match(clause, other.end())
        if second and not any(s < second.end() and other.end() < e for _, s, e in known):
            # "registration with Sonography Canada, or with ARDMS": either body will do; the bodies are the choices.
            out += [(name, m.start(), end), _acronym_or_name(clause, second)]
            continue
        out.append((name + REGISTRATION, m.start(), end))
    return out


def _acronym_or_name(clause: str, body: re.Match) -> Mention:
    """A body as written, or as its acronym in brackets after it."""
    bracket = _BRACKET_ACRONYM.match(clause, body.end())
    if bracket and _is_acronym(bracket.group(1)):
        return (bracket.group(1), body.start(), bracket.end())
    return (body.group(0), body.start(), body.end())


def with_acronym(clause: str, mention: Mention) -> Mention:
    """The name at the acronym written right after it in brackets, when the acronym abbreviates it: "Construction
    Safety Orientation Course (CSOC)" -> "CSOC"; the acronyms opening the long name that are not the short one's
    stay ("IATA Dangerous Goods Regulations (DGR)" -> "IATA DGR")."""
    name, start, end = mention
    bracket = _BRACKET_ACRONYM.match(clause, end)
    if not bracket or not _is_acronym(bracket.group(1)):
        return mention
    acronym = bracket.group(1)
    words = name.split()
    if not _initials_of(acronym, words):
        # "Construction Safety Orientation Course (CSOC)": a common word opening the line is no name on its own
        # (see `jobmatch.openvocab`), yet the acronym says it opens this one.
        before = re.search(r"(?:[A-Z][\w'’-]* )+$", clause[:start])
        opening = before.group(0).split() if before else []
        for k in range(len(opening) - 1, -1, -1):
            if _initials_of(acronym, opening[k:] + words):
                return (acronym, before.start() + len(" ".join(opening[:k])) + (1 if k else 0), bracket.end())
    lead = 0
    while lead < len(words) - 1 and _is_acronym(words[lead]) and not _initials_of(acronym, words[lead:]):
        lead += 1
    if len(words) - lead < 2 or not _initials_of(acronym, words[lead:]):
        return mention
    return (" ".join([*words[:lead], acronym]), start, bracket.end())


def registering_body(clause: str, start: int, end: int) -> bool:
    """Whether the mention at start:end names the body a registration is held with, not a requirement of its own
    ("Registered Nurse with BLS" keeps BLS: after a title, only an organisation's name is a body; "Registered
    Nurse with active NMC registration": the body before "registration")."""
    before = clause[:start]
    return bool(
        _HELD_WITH.search(before)
        or (_TITLE_WITH.search(before) and _ORGANISATION.match(clause[start:]))
        or (_TITLE_BODY.search(before) and re.match(r"\s+registration\b", clause[end:], re.I))
    )


def _credential_levels(clause: str) -> list[Mention]:
    """"Certificate III or IV in Individual Support" -> one mention per level, joined by the clause's own "or"."""
    out: list[Mention] = []
    for m in _LEVEL.finditer(clause):
        field = re.sub(r"\s+", " ", m.group(2))
        for level in re.finditer(r"\b(?:IV|V|I{1,3})\b", m.group(1)):
            start = m.start() if not out or out[-1][2] <= m.start() else m.start(1) + level.start()
            end = m.end() if level.end() == len(m.group(1)) else m.start(1) + level.end()
            out.append((f"Certificate {level.group(0)} in {field}", start, end))
    return out


def credential_names(clause: str, known: list[Mention], is_place) -> list[Mention]:
    """Licences and certificates the clause names with their credential word, as (name, start, end).

    Args:
        clause: one requirement clause.
        known: the vocabulary's mentions in it ("RN licence", "first aid certificate" stay the vocabulary's).
        is_place: whether a word is a place; a place opens the name only when the credential word is capitalised
            ("Florida 6-20 All-Lines Adjuster License"), and is the holding's place otherwise ("Minnesota
            Journeyman Electrician license").
    """
    out = _credential_levels(clause)
    # An aside in brackets ("teaching license (Professional Educator License)") names what is before it again.
    asides = [m.span() for m in re.finditer(r"\([^()]*\)?", clause) if not re.match(r"\(\s*(?:and/)?or\s", m[0])]
    for head in _CREDENTIAL_WORD.finditer(clause):
        if any(s <= head.start() < e for s, e in asides) or any(s <= head.start() < e for _, s, e in out + known):
            continue
        proper = head.group(0)[0].isupper()
        words = list(re.finditer(r"\S+", clause[: head.start()]))
        begin = None
        for k in range(len(words) - 1, -1, -1):
            word = words[k].group(0)
            if k < len(words) - 1 and words[k].end() + 1 != words[k + 1].start():
                break
            if word.lower() in {"of", "at", "&"} and begin is not None and k > 0:
                continue
            if begin is None and re.fullmatch(r"\([A-Z][A-Z0-9&-]+\)", word):  # "cooperation (MCC) certificate"
                begin = k
                break
            if not _CREDENTIAL_PART.fullmatch(word) or word.lower() in QUALIFIERS:
                break
            if is_place(word.strip("'’")) and not proper:
                break
            begin = k
        if begin is None or words[begin].group(0).lower() in {"of", "at", "&"}:
            continue
        start = words[begin].start()
        if any(s < head.end() and start < e for _, s, e in known):
            continue  # "RN licence": the vocabulary's credential
        name = clause[start : head.start()].strip().strip("()")
        end = head.end()
        # "PV GreenCard certification": the brand is the name; "TIA 942", "NR-11 certification": the code is.
        if not _CAMEL.search(name) and not _STANDARD.search(name):
            name += " " + " ".join(w if w == "of" else w[:1].upper() + w[1:] for w in head.group(0).lower().split())
        subject = re.match(r"\s+in\s+[A-Z][\w&-]*(?:\s+[A-Z][\w&-]*)*", clause[end:]) if proper else None
        if subject:  # "ICA Advanced Certificate in AML": the subject is part of the name
            name, end = name + subject.group(0), end + subject.end()
        out.append((re.sub(r"\s+", " ", name), start, end))
    return sorted(out, key=lambda m: m[1])


def as_written(clause: str, known: list[Mention], named: list[Mention]) -> list[Mention]:
    """The open-vocabulary names of a clause with its credentials named as the gold names them: registrations
    replace the names inside them (the body), and long names take the acronym beside them."""
    found = registrations(clause, known, named)
    # The body named again ("(or holding a CORU recognition decision)") is the same registration.
    bodies = {name.removesuffix(REGISTRATION) for name, _, _ in found}
    kept = [m for m in named if not any(s <= m[1] < e for _, s, e in found) and m[0] not in bodies]
    kept = [with_acronym(clause, m) for m in kept]
    # A credential's name replaces the names inside it ("Engineer Certificate of Competency" in "Chief Engineer ...").
    credentials = [c for c in credential_names(clause, known, places.is_region) if not any(
        s < c[2] and c[1] < e for _, s, e in found)]
    kept = [m for m in kept if not any(s <= m[1] < e for _, s, e in credentials)]
    return sorted([*found, *credentials, *kept], key=lambda m: m[1])


__all__ = [
    "QUALIFIERS",
    "CREDENTIAL_END",
    "REGISTRATION",
    "as_written",
    "credential_names",
    "registering_body",
    "registrations",
    "with_acronym",
]
