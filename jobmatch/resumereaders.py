"""Learned readers of what a résumé says of relocation and of the right to work, for wordings the rules have not seen.

The rules (`arrangement.relocation`, `workrights.authorization`) read "open to relocation", "not willing to relocate",
"requires H-1B sponsorship", "UK citizen". Each new writer says it another way, and in another language: "Umzug
nicht geplant", "not looking to move interstate", "Stamp 1G, applying for a Critical Skills permit", "Iqama
transferable". Where the rules say nothing, a résumé's sentences that may speak of moving or of visas, permits,
citizenship and residence go to a reader (a `LinearReader` over the shipped sentence embeddings) that labels
each one; the rules' answer, where there is one, always stands.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from jobmatch.readers import Embed, LinearReader, installed_reader
from jobmatch.sections import rejoin_cut_prose, sentences

RELOCATION_READER = "relocation"  # shared_data/jobmatch/readers/relocation.npz (benchmarks/fit_resume_readers.py)
AUTHORIZATION_READER = "authorization"  # shared_data/jobmatch/readers/authorization.npz (the same script)

# Broad on purpose: the reader has learned to say `other` of "open to feedback" and a move between teams; a
# hyphenated "-based" ("choice-based letting", "cloud-based") says how a thing works, never where a person lives.
# English, German, Dutch, French, Spanish, Portuguese, Italian and the Nordic languages.
_RELOCATION_CUE = re.compile(
    r"\b(?:relocat\w*|mov(?:e|es|ed|ing)|commut\w*|(?<!-)based|open to|willing|interstate|abroad|overseas|"
    r"anywhere|mobil(?:e|ity|ité|idad|idade|ità)|travel\w*|fly[- ]in|fifo|rotation|"
    r"\w*umz(?:ug|ieh|uzieh)\w*|umgezogen|local (?:roles|positions|jobs|opportunities)|ortsgebunden|ortswechsel|"
    r"standort\w*|wohnort\w*|"
    r"verhuiz\w*|verhuizing|d[ée]m[ée]nag\w*|mudanza|mudar\w*|mudança|reubica\w*|traslad\w*|"
    r"trasfer\w*|transferencia|cambi\w* de (?:ciudad|domicilio|residencia|pa[íi]s)|mudan[çc]a de cidade|"
    r"disponib\w*|flytt\w*|muutta\w*|bosatt|stationed|location)\b",
    re.I,
)
_AUTHORIZATION_CUE = re.compile(
    r"\b(?:visas?|permits?|sponsor\w*|citizen\w*|nationals?|nationalit\w*|residen\w*|right[ -]to[ -]work|"
    r"work(?:ing)? rights|authori[sz]\w*|eligib\w*|entitled|stamp|iqama|passports?|green[- ]card|blue card|"
    r"pr|h-?1b|opt|ead|immigra\w*|naturali[sz]\w*|settled|leave to remain|"
    r"aufenthalt\w*|arbeitserlaubnis|staatsangeh\w*|niederlassung\w*|staatsb[üu]rger\w*|"
    r"nationaliteit|verblijfs\w*|werkvergunning|tewerkstelling\w*|"
    r"nationalit[ée]|titre de s[ée]jour|permis|autorisation de travail|citoyen\w*|carte de r[ée]sident|"
    r"nacionalidad|nacionalidade|ciudadan\w*|cidadania|permiso\w*|autoriza\w*|residencia|resid[êe]ncia|visado|visto|"
    r"patroc\w*|visum|blaue karte|(?:employment|work|s) pass|"
    r"nazionalit[àa]|cittadinanza|permesso|"
    r"medborgar\w*|statsborger\w*|uppeh[åa]llstillst[åa]nd|arbetstillst[åa]nd|oppholdstillatelse|"
    r"arbeidstillatelse|opholdstilladelse|arbejdstilladelse|oleskelulupa|ty[öo]lupa|kansalai\w*)\b",
    re.I,
)


def _cue_sentences(text: str, cue: re.Pattern) -> list[str]:
    return [s.strip(" \t-*•·–—>|") for s in sentences(rejoin_cut_prose(text)) if cue.search(s)]


# A sentence about the way of working ("Open to remote or hybrid roles in the UK") says nothing of moving unless it
# also names a move: the card's relocation is a statement about relocating, of any scope.
_ARRANGEMENT = re.compile(
    r"\b(?:remote\w*|hybrid\w*|on-?site|in[- ]office|home ?office|telework\w*|télétravail)\b", re.I
)
_MOVE = re.compile(
    r"\b(?:relocat\w*|mov(?:e|es|ed|ing)|\w*umz(?:ug|ieh|uzieh)\w*|umgezogen|verhuiz\w*|d[ée]m[ée]nag\w*|mudanza|"
    r"mudar\w*|mudança|reubica\w*|traslad\w*|flytt\w*|muutta\w*|interstate|abroad|overseas|anywhere)\b",
    re.I,
)


def relocation_cues(text: str) -> list[str]:
    """The résumé's sentences that may say whether the person would move: relocate, move, commute, based, open to;
    not one that only speaks of remote, hybrid or on-site work."""
    return [s for s in _cue_sentences(text, _RELOCATION_CUE) if not (_ARRANGEMENT.search(s) and not _MOVE.search(s))]


# Wordings of a cue word that say nothing of the right to work: a licence to practise ("authorised fish health
# biologist", "authorisation as a pharmacist", "authorized signatory"), not "authorized to work" or "authorized for
# employment".
_PROFESSIONAL_AUTHORISATION = re.compile(
    r"\bauthori[sz]ations?\s+as\b|\bauthori[sz]ed\s+(?!(?:to|for|in|by|under|with|and|or|work\w*|employ\w*)\b)(?=[^\W\d_])",
    re.I,
)
# A sentence that tells of a stay in the past ("Worked there on a youth mobility visa (2018-2020)", "Lived in Doha
# on a family visa"): the visa was for then and there, and says nothing of the person's right to work now.
_PAST_STAY = re.compile(r"^(?:worked|lived|studied|spent|travell?ed|volunteered|interned)\b", re.I)


# A passport's details in a personal-data list ("Passport : Available", "Passport No.: K1234567", "Passport details:
# valid until 2031"): a travel document held, which names no country the person may work in.
_PASSPORT_DETAILS = re.compile(
    r"^\W*passport\b[^:|\n]{0,20}[:|]\s*(?:available|yes|valid|held|holding|ready|(?=[A-Z]{0,2}\d))", re.I
)


def _speaks_of_work_rights(sentence: str) -> bool:
    return not _PAST_STAY.match(sentence) and not _PASSPORT_DETAILS.match(sentence) and bool(
        _AUTHORIZATION_CUE.search(_PROFESSIONAL_AUTHORISATION.sub(" ", sentence))
    )


def authorization_cues(text: str) -> list[str]:
    """The résumé's sentences that may say whether the person may work: visas, permits, citizenship, residence;
    not a licence to practise, nor a stay told in the past tense."""
    return [s for s in _cue_sentences(text, _AUTHORIZATION_CUE) if _speaks_of_work_rights(s)]


def _labels(cues: Sequence[str], reader: LinearReader, embed: Embed | None, threshold: float | None) -> set[str]:
    least = reader.threshold if threshold is None else threshold
    return {label for label, p in reader.read(list(cues), embed=embed) if p >= least}


def read_relocation(
    cues: Sequence[str], reader: LinearReader, *, embed: Embed | None = None, threshold: float | None = None
) -> bool | None:
    """The rules' order over a reader's sentence labels: any `not_open` gives False, else any `open` True, else None.

    Args:
        cues: the résumé's relocation cue sentences (`relocation_cues`).
        reader: a reader with the labels open, not_open and other.
        embed: the sentence embedder; the shipped MiniLM by default.
        threshold: the probability a sentence's label needs; the reader's own (chosen when it was fitted) by default.
    """
    found = _labels(cues, reader, embed, threshold)
    if "not_open" in found:
        return False
    return True if "open" in found else None


def read_authorization(
    cues: Sequence[str], reader: LinearReader, *, embed: Embed | None = None, threshold: float | None = None
) -> str | None:
    """The rules' order over a reader's sentence labels: any `needs_sponsorship` wins, else any `authorized`.

    Args:
        cues: the résumé's authorization cue sentences (`authorization_cues`).
        reader: a reader with the labels authorized, needs_sponsorship and other.
        embed: the sentence embedder; the shipped MiniLM by default.
        threshold: the probability a sentence's label needs; the reader's own (chosen when it was fitted) by default.
    """
    found = _labels(cues, reader, embed, threshold)
    if "needs_sponsorship" in found:
        return "needs_sponsorship"
    return "authorized" if "authorized" in found else None


def reader_relocation(text: str) -> bool | None:
    """The shipped reader's relocation for a résumé; None without cue sentences or reader.

    Called only where the rules say nothing. The reader (and the embedder behind it) loads only for text with
    cue sentences, and not at all where no reader ships (a slim install keeps the rules' answer).
    """
    cues = relocation_cues(text)
    reader = installed_reader(RELOCATION_READER) if cues else None
    return read_relocation(cues, reader) if reader else None


def reader_authorization(text: str) -> str | None:
    """The shipped reader's "authorized" or "needs_sponsorship" for a résumé; None without cue sentences or reader.

    Called only where the rules say nothing; loads like `reader_relocation`.
    """
    cues = authorization_cues(text)
    reader = installed_reader(AUTHORIZATION_READER) if cues else None
    return read_authorization(cues, reader) if reader else None


__all__ = [
    "AUTHORIZATION_READER",
    "RELOCATION_READER",
    "authorization_cues",
    "read_authorization",
    "read_relocation",
    "reader_authorization",
    "reader_relocation",
    "relocation_cues",
]
