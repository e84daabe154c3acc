"""Work-arrangement wording: whether a posting is on-site, hybrid or remote, and what a résumé says of
remote work and relocation.

Read from the words people use ("mostly in our office", "remote Fridays", "not open to relocation"),
apart from where the place is (`jobmatch.places`), since a posting states each on its own.
"""

from __future__ import annotations

import re

_REMOTE_ONLY = re.compile(
    r"\bremote[- ]only\b|\bonly (?:open to |interested in |considering |seeking |(?:looking|searching|applying) for )?"
    r"(?:fully |100% )?remote\b|"
    r"\b(?:fully )?remote (?:roles?|positions?|work|opportunities) only\b|\bremote work only\b|"
    r"\bnot (?:open|available|willing) to (?:on-?site|office|hybrid)\b",
    re.I,
)
# Moving, said of a place: "open to moving to Zurich", "willing to move abroad" (not "moving into management").
_MOVE_SOMEWHERE = (
    r"mov(?:e|ing)\s+(?:house\b|home\b|(?-i:to\s+(?:the\s+)?[A-Z])|to\s+(?:another|a\s+(?:new|different))\s+(?:city|country|state|region|town)|abroad|overseas|interstate|anywhere|elsewhere|"
    r"(?:with)?in\s+(?:the\s+)?(?-i:[A-Z])|across\b|for\s+(?:the\s+right|a)\s+(?:role|job|position)|cities|countries)"
)
# Where a move would be to, after the word "relocation": "within Bavaria", "in the Nordics" (a narrow sidebar
# may wrap it onto three lines).
_SCOPE = r"(?:with)?in\s+[^.;:\n]{1,40}?(?:\n[^.;:\n]{1,40}?){0,2}\s+"
# Willing to move house, in Spanish, Portuguese, Italian and French: "dispuesta a trasladarme a otras regiones",
# "disponibilidad para cambio de residencia", "disposto a mudar de cidade", "disponibile a trasferirmi", "prête à
# déménager" (not a willingness to travel, "disponibilidad para viajar").
_ROMANCE_MOVE = (
    r"(?:(?:dispuest[oa]s?|disponibles?|disponibilidad(?:e)?|dispost[oa]s?|dispon[íi]vel|disponibile|disponibilit[àa]|"
    r"pr[êe]te?s?|dispos[ée]e?s?)\s+(?:\w+\s+)?(?:a|à|al|ao|para|de|di|per)\s+(?:(?:me|se|mi)\s+)?"
    r"(?:traslad\w*|reubica\w*|mud(?:ar|ar-me|arme|arse|ança)\b|"
    r"cambi(?:o|ar) de (?:ciudad|residencia|domicilio|pa[íi]s)|trasferi\w*|trasloc\w*|"
    r"d[ée]m[ée]nag\w*|relocali[sz]\w*)|\bmobilit[ée]\s+g[ée]ographique\b)"
)
_RELOCATE_NO = re.compile(
    r"\bnot open to (?:[\w-]+ ){1,3}(?:or|and) relocation\b|"
    r"\b(?:not|un)\s*(?:open|willing|able|available|looking)\s+to\s+relocat|\bno relocation\b|"
    # "not interested in moving away from West Texas", "not planning to relocate"
    r"\bnot (?:interested in|looking to|planning (?:to|on)|keen (?:to|on)) (?:mov(?:e|ing)|relocat\w*)\b|"
    r"\bcannot relocate\b|\bcan't relocate\b|\bwon't relocate\b|\bnot relocating\b|"
    # "not seeking relocation", "not considering a move"
    r"\bnot (?:seeking|considering|pursuing|wanting|after) (?:a\s+)?"
    r"(?:relocation|relocating|to relocate|a move|moving)\b|"
    r"\b(?:not|un)\s*(?:be\s+)?(?:open|willing|able|available|looking|in\s+a\s+position)\s+to\s+"
    + _MOVE_SOMEWHERE + r"|\bnot\s+in\s+a\s+position\s+to\s+relocat|"
    # a form's question and its answer: "Relocation: No", "Willing to relocate: No", "Open to relocation? no"
    r"\b(?:relocation|relocate|(?:willing|open|ready|able|available|prepared)\s+to\s+(?:relocat\w*|mov(?:e|ing)))\s*(?:[:|?]\s*)+"
    r"(?:no|not|none)\b|"
    # "Relocation is not possible", "relocation within Germany not an option"
    r"\brelocation\s+(?:" + _SCOPE + r")?(?:is\s+)?(?:not|no longer)\s+(?:possible|an option|considered)\b|"
    # staying where one lives: "I'm staying in the Leeds area", "planning to stay in Perth", "staying put"
    r"\b(?:I'm|I\s+am|I'll\s+be|I\s+will\s+be|(?:plan(?:ning)?|want(?:ing)?|intend(?:ing)?|prefer(?:ring)?)\s+to)"
    r"\s+stay(?:ing)?\s+(?:in|around|within|near|close\s+to)\s+(?:the\s+)?(?-i:[A-Z])|\bstaying\s+put\b|"
    # German: "Ein Umzug ist nicht geplant", "kein Umzug", "nicht umzugsbereit" (a sentence may wrap a line)
    r"\b(?:kein(?:en)?|nicht)\s+(?:\w+\s+){0,2}?(?:umzug|umzugsbereit|umziehen)\b|"
    r"\bumzug\b[^.]{0,60}?\b(?:nicht|ausgeschlossen)\b|"
    # Spanish, Portuguese, Italian, French: "no estoy dispuesta a trasladarme", "não tenho disponibilidade para mudar"
    r"\b(?:no|não|nao|non|pas)\s+(?:\w+\s+){0,3}?" + _ROMANCE_MOVE,
    re.I,
)
_RELOCATE_YES = re.compile(
    r"\b(?:seeking|looking for|targeting)\s+(?:\w+\s+){0,2}(?:roles?|positions?|jobs?|opportunities|work)\s+in\s+"
    r"(?:the\s+)?(?:USA|US|U\.S\.|UK|United|Canada|Germany|Europe|EU|Australia)\b|"
    r"\b(?:open|willing|happy|ready|able|available|plan(?:ning)?) to relocat|\bopen to relocation\b|"
    r"\b(?:open|willing|happy|ready|able|available|plan(?:ning)?) to " + _MOVE_SOMEWHERE + r"|"
    r"\bopen to (?:[\w-]+ ){1,3}(?:or|and) relocation\b|\brelocating to\b|\bwill relocate\b|"
    # an openness that goes on to a move: "open to roles across the region, including moving to Leeds"
    r"\b(?:open|willing|happy|ready|prepared)\s+to\b[^.;\n]{0,80}?\b(?:including|incl\.|even|also)\s+"
    r"(?:relocat\w*|" + _MOVE_SOMEWHERE + r")|"
    r"\brelocation:?\s*(?:yes|possible|ok)\b|"
    # a scope, then the word: "Relocation within Bavaria possible; not abroad" (any scope is open to relocation)
    r"\brelocation\s+" + _SCOPE + r"(?:is\s+)?(?:possible|an option|negotiable)\b|"
    # work in any place of a country: "ready to work in any city in the region", "willing to work anywhere in Canada"
    r"\b(?:open|willing|happy|ready|able|available|prepared)\s+to\s+work\s+(?:in\s+any\s+(?:city|town|location|"
    r"region|state|province|emirate|part)|anywhere\s+in)\b|"
    # posts, not a way of working, in any place: "open to teaching posts anywhere in the region", "willing to take
    # positions abroad" ("open to remote roles anywhere" is the way of working, not a move)
    r"\b(?:open|willing|happy|ready|available|prepared)\s+to\s+(?:(?!remote|hybrid|home|online)[\w-]+\s+){0,3}?"
    r"(?:roles?|posts?|positions?|jobs?|opportunities|placements?|assignments?|vacancies|offers?)\s+(?:anywhere|"
    r"in\s+any\s+(?:city|town|location|region|state|province|country|part)|abroad|overseas|"
    r"in\s+other\s+(?:cities|towns|countries|states|regions|provinces))\b|"
    # a posting the employer may send one to: "ready to be deployed to any county", "willing to be posted anywhere"
    r"\b(?:open|willing|happy|ready|able|available|prepared)\s+to\s+be\s+(?:deployed|posted|stationed|transferred|"
    r"relocated|placed)\s+(?:anywhere|(?:to|in)\s+any\s+(?:county|city|town|region|state|province|district|"
    r"emirate|prefecture|part|location|station|branch))\b|"
    # German: "Ein Umzug wäre denkbar", "umzugsbereit", "bereit umzuziehen" (its refusals are read first)
    r"\bumzug\b[^.]{0,60}?\b(?:denkbar|möglich|moeglich|vorstellbar|kein\s+problem|in\s+ordnung|infrage)\b|"
    r"\bumzugsbereit\b|\bbereitschaft\s+zum\s+umzug\b|\bbereit\W+(?:\w+\s+){0,3}?umzuziehen\b|"
    + _ROMANCE_MOVE,
    re.I,
)


def remote_only(text: str) -> bool:
    """True when a résumé says the person works remotely only."""
    return bool(_REMOTE_ONLY.search(" ".join(text.split())))  # a PDF's lines may break the phrase anywhere


def relocation(text: str) -> bool | None:
    """Whether a résumé says the person will relocate; None when it is silent."""
    if _RELOCATE_NO.search(text):
        return False
    if _RELOCATE_YES.search(text):
        return True
    return None


_NOT_REMOTE = re.compile(
    r"\b(?:no|not|non)[- ](?:fully[- ])?remote\b|\bno (?:fully )?remote (?:option|work)\b|"
    r"\bnot (?:a )?(?:fully )?remote\b|\bremote (?:work )?(?:is )?not (?:possible|available|an option)\b|"
    r"\bno remote\b|\bno (?:work(?:ing)? from home|wfh|home[- ]?working)\b|"
    # "it can't be done remotely", "it isn't suited to working from home"
    r"\b(?:can(?:no|')?t|cannot) be (?:done|performed|carried out) (?:remotely|from home)\b|"
    r"\b(?:is ?n[o']t|not) suit(?:ed|able) (?:to|for) (?:working from home|remote work(?:ing)?|home ?working)\b",
    re.I,
)
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri)(?:day)?s?"
_HYBRID = re.compile(
    # "mostly in our office (you can work from home on Fridays)", "office-based, remote on Mondays"
    r"\b(?:work(?:ing)? (?:from home|remotely)|wfh|remote(?:ly)?|home)\b (?:on |every )?" + _WEEKDAY + r"\b|"
    r"\b(?:mostly|most days|most of the week) (?:in|at|from) (?:the |our )?(?:\w+ )?(?:office|studio)\b|"
    # "hybride" (French), "híbrido" (Spanish, Portuguese)
    r"\bh[yií]brid[eo]?\b|\b(?:[1-4]|one|two|three|four)\s*(?:days?|x)\s*(?:a|per|/|each)?\s*week\b[^.\n]{0,40}"
    r"\b(?:office|on[- ]?site|in[- ]person)|\b(?:office|on[- ]?site|in[- ]person)\b[^.\n]{0,40}"
    r"\b(?:[1-4]|one|two|three|four)\s*(?:days?|x)\s*(?:a|per|/|each)?\s*(?:week|wk)|"
    r"\b(?:[1-4]|one|two|three|four) days? (?:a week )?(?:in|at) (?:the |our )?(?:office|studio)\b|"
    # "work from home two days a week", "two days of home office per week", "mobile working for up to 60 %"
    r"\b(?:work(?:ing)? from home|wfh|home ?working|remote(?:ly)?)\b[^.\n]{0,25}?\b(?:[1-4]|one|two|three|four)"
    r"\s+days?\s+(?:a|per|each|every)\s+week\b|"
    r"\b(?:[1-4]|one|two|three|four)\s+days?\s+(?:of\s+)?(?:home[- ]office|home[- ]working|remote work(?:ing)?)\b|"
    r"\bmobile (?:working|work)\b|"
    # the count before the home word: "one work-from-home day a week", "two remote days per week"
    r"\b(?:[1-4]|one|two|three|four)\s+(?:work[- ]from[- ]home|wfh|home[- ]?working|home[- ]office|remote|home)"
    r"\s+days?\b|"
    # home for the days not in the office: "works from home the rest of the week", "remote on the other days"
    r"\b(?:(?:work(?:s|ing)?\s+)?from home|remote(?:ly)?|wfh)\b[^.\n]{0,15}?\b(?:the\s+)?(?:rest of the week|"
    r"other (?:days|weekdays)|remaining days)\b|"
    # the office on set weekdays ("in our office on Tuesdays and Thursdays"): some days there, not all
    r"\b(?:office|on[- ]?site)\b[^.\n]{0,30}?\bon\s+(?:mon|tues?|wednes|thurs?|fri)days\b",
    re.I,
)
_ONSITE = re.compile(
    r"\bwork(?:ing)? from (?:the )?office\b|\bon[- ]?site\b|\bin[- ]office\b|\bin the office\b|\bin[- ]person\b|"
    # "a clinic-based role", "on-property", "presencial" (and its calques "presential", French "présentiel"): the
    # workplace itself, named as where the work is done
    # ("field based" says nothing of an office: the development gold leaves it null).
    r"\b(?:office|site|clinic|hospital|lab|laboratory|studio|store|shop|branch|depot|plant|warehouse|workshop|"
    r"campus|ward|property|practice)[- ]based\b|\bon[- ](?:property|premises?)\b|(?-i:\bWFO\b)|"
    r"\bpresen[ct]ial\b|\bpr[ée]sentiel\b|"
    # "shifts at our office in Reykjavik", "able to work at the Bang Na office" (not "send your CV to the
    # office"): the work itself at the office
    r"\b(?:work|working|based|shifts?|job|role|position)\b[^.\n]{0,60}?\bat (?:our|the) (?:[\w-]+\s+){0,3}?office\b|"
    # "Working model: At office", "Work setup: Office"
    r"\bwork(?:ing)?[- ](?:model|setup|set-up|mode|arrangement)\s*:\s*(?:at |in |from )?(?:the )?office\b",
    re.I,
)
_REMOTE = re.compile(
    # "ride to remote communities" is the field, not the arrangement; "remote-access gateways", "remote desktop",
    # "Remote Config" name a technology the job works on
    r"\b(?:fully |100% |completely )?remote\b(?! (?:communities|areas|villages|locations|regions|sites|islands))"
    r"(?![- ](?:access|desktop|config(?:uration)?|monitoring|sensing|diagnostics|management|login|connections?)\b)|"
    r"\bwork from (?:home|anywhere)\b|\bdistributed team\b",
    re.I,
)


# A task done at a site ("measure up on site", "inspect the work on site"): the site is a customer's or a building
# project, where a duty takes one, and says nothing of an office (working, being based or days on site still do).
_TASK_ON_SITE = re.compile(
    r"\b(?:survey|measur|inspect|follow|install|assess|supervis|commission|check|visit)\w*"
    r"(?:\s+(?:and\s+)?[\w-]+){0,3}?\s+on[- ]?site\b",
    re.I,
)


def workplace(text: str) -> str | None:
    """A posting's arrangement: "hybrid", "onsite" or "remote"; None when it says nothing."""
    cleaned = _TASK_ON_SITE.sub(" ", _NOT_REMOTE.sub(" ", text))
    if _HYBRID.search(cleaned):
        return "hybrid"
    remote = _REMOTE.search(cleaned)
    onsite = _ONSITE.search(cleaned)
    if remote and not onsite:
        return "remote"
    if onsite and not remote:
        return "onsite"
    if remote and onsite:
        # "Remote, with a yearly on-site week" vs "on-site; remote Fridays": the first said wins.
        return "remote" if remote.start() < onsite.start() else "onsite"
    return "onsite" if _NOT_REMOTE.search(text) else None


__all__ = ["relocation", "remote_only", "workplace"]
