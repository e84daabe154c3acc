"""Render a generated job spec as free text: short postings and long-form descriptions.

Long-form descriptions look like real postings (and like `shared_data/samples/job.txt`): a title,
a company paragraph, responsibilities that name part of the stack, a requirements section (skills
one per bullet or several per bullet, "X or Y" alternatives, years and hard requirements mixed
in), an optional nice-to-have section and a benefits/location paragraph, in varied order and
wording. The model must find the skills among that noise.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

INTROS = [
    "{company} is growing fast and we are hiring.",
    "Join {company}, a {domain} company trusted by thousands of customers.",
    "At {company} we build {domain} products used around the world.",
    "{company} ({domain}) is looking for new colleagues.",
    "We are a small, friendly {domain} startup.",
    "",
    "",
    "About us: {company} builds {domain} software.",
]
COMPANIES = [
    "Acme Corp",
    "Northwind",
    "Globex",
    "Initech",
    "Umbrella Labs",
    "Stark Systems",
    "Hooli",
    "Vandelay",
    "BlueOcean",
    "Nimbus Tech",
    "Quantix",
    "Helios Data",
    "Polaris Labs",
    "Redwood Digital",
    "Orbital",
]
DOMAINS = [
    "fintech",
    "healthcare",
    "e-commerce",
    "logistics",
    "automotive",
    "telecom",
    "energy",
    "media",
    "insurance",
    "gaming",
    "defense",
    "retail",
    "education",
]
BENEFITS = [
    "We offer flexible hours and a learning budget.",
    "Benefits: health insurance, 30 days of leave, gym.",
    "Competitive salary and stock options.",
    "Hybrid work, two days a week in the office.",
    "",
]
HARD = [
    "Active security clearance required.",
    "Must be authorized to work in the US; no visa sponsorship.",
    "A bachelor's degree in computer science or a related field is required.",
    "This position is on-site in Berlin.",
    "Candidates graduating in 2025 or 2026 are welcome to apply.",
    "US citizenship is required.",
    "",
    "",
    "",
    "",
]
REQ_HEADERS = ["Requirements:", "What you bring:", "Must have:", "You have:", "Required skills:", "Qualifications:"]
NICE_HEADERS = ["Nice to have:", "Bonus points:", "Preferred:", "Good to have:"]

_LONG_REQ_HEADERS = REQ_HEADERS + ["What we're looking for", "About you", "Must-haves", "Requirements"]
_LONG_NICE_HEADERS = NICE_HEADERS + ["Nice to have", "Bonus if you have", "It would be great if you know"]
_DUTY_HEADERS = ["What you will do", "Responsibilities:", "Your role", "The job", "What you'll work on:", "Day to day"]
_MISSIONS = [
    "build the {domain} platform behind our products",
    "scale the systems that power our {domain} business",
    "own key parts of our {domain} stack",
    "help us modernise our {domain} services",
    "ship features used by {n} customers",
]
_COMPANY_LINES = [
    "{company} is hiring a {title} to {mission}.",
    "{company}, a {domain} company with {n} customers, is looking for a {title} to {mission}.",
    "We are {company}. We need a {title} who will {mission}.",
    "As a {title} at {company} you will {mission}.",
]
_DUTIES_WITH = [
    "Design and run services built on {skills}",
    "Work day to day with {skills}",
    "Build and maintain systems using {skills}",
    "Own our {skills} setup",
    "Improve reliability and performance of our {skills} stack",
]
_DUTIES = [
    "Review code and mentor other engineers",
    "Collaborate with product, design and engineering teams",
    "Take part in the on-call rotation",
    "Write clear documentation and share knowledge",
    "Help plan the roadmap with the team",
    "Talk to customers to understand their needs",
]
_PERKS = [
    "Competitive salary, 401(k), learning budget.",
    "Remote-friendly; we meet twice a year.",
    "Hybrid: two days a week in our {city} office.",
    "25 days of paid leave, private health care and a yearly conference budget.",
    "Equity for everyone, parental leave, a new laptop of your choice.",
    "We are an equal opportunity employer and value diversity.",
    "Salary range: $120k-$160k depending on experience.",
    "Free lunch, bike leasing and a pet-friendly office in {city}.",
]
_CITIES = ["Austin", "Berlin", "London", "Toronto", "Lisbon", "Denver", "Munich", "Boston"]


def render_job(
    rng: random.Random,
    *,
    title: str,
    required: Sequence[str],
    nice: Sequence[str],
    experience: str,
    alternatives: dict[str, str],
    say: Callable[[str], str],
    long_form: bool,
) -> str:
    """Free text for a job: one of four short styles, or a long-form posting.

    Args:
        rng: the generator's random source.
        title: job title with its level words.
        required: must-have skills (canonical names).
        nice: nice-to-have skills.
        experience: a sentence about years of experience.
        alternatives: must-have skill -> a skill accepted instead ("Django or FastAPI").
        say: renders a canonical skill as written in the posting (alias, case).
        long_form: a long, sectioned posting rather than a short one.

    Returns:
        The job description.
    """
    fill = {"company": rng.choice(COMPANIES), "domain": rng.choice(DOMAINS)}
    req = [f"{say(s)} or {say(alternatives[s])}" if s in alternatives else say(s) for s in required]
    nice_said = [say(s) for s in nice]
    if long_form:
        return _long_form(rng, title, req, nice_said, experience, fill)
    intro = rng.choice(INTROS).format(**fill)
    style = rng.randrange(4)
    if style == 0:  # bulleted posting
        lines = [title, intro, rng.choice(REQ_HEADERS)] + [f"- {s}" for s in req] + [f"- {experience}"]
        if nice_said:
            lines += [rng.choice(NICE_HEADERS)] + [f"- {s}" for s in nice_said]
        lines += [rng.choice(HARD), rng.choice(BENEFITS)]
    elif style == 1:  # prose
        lines = [
            f"{intro} We are looking for a {title} to join our team. You will work with {join(req, rng)}. {experience}"
        ]
        if nice_said:
            lines.append(f"Experience with {join(nice_said, rng)} is a plus.")
        lines.append(rng.choice(HARD))
    elif style == 2:  # terse one-liner
        lines = [
            f"{title} - must know {', '.join(req)}"
            + (f"; {', '.join(nice_said)} nice to have." if nice_said else ".")
            + f" {experience}"
        ]
    else:  # responsibilities first, skills later
        lines = [
            f"Position: {title}",
            intro,
            "Responsibilities:",
            f"- Design, build and maintain {fill['domain']} systems",
            "- Collaborate with product and engineering teams",
            f"Skills required: {', '.join(req)}.",
            experience,
        ]
        if nice_said:
            lines.append(f"Preferred: {', '.join(nice_said)}.")
        lines.append(rng.choice(BENEFITS))
    return "\n".join(line for line in lines if line).strip()


def _long_form(rng: random.Random, title: str, req: list[str], nice: list[str], experience: str, fill: dict) -> str:
    fill = dict(fill, title=title, n=rng.choice(["3,000", "40,000", "2 million", "500"]), city=rng.choice(_CITIES))
    fill["mission"] = rng.choice(_MISSIONS).format(**fill)
    company = rng.choice(_COMPANY_LINES).format(**fill)
    # Responsibilities name part of the stack (as real postings do), the rest stays generic.
    in_duties = rng.sample(req, k=min(len(req), rng.randint(0, 3)))
    duties = [rng.choice(_DUTIES_WITH).format(skills=join(in_duties, rng))] if in_duties else []
    duties += rng.sample(_DUTIES, k=rng.randint(1, 3))
    rng.shuffle(duties)
    # Requirements: one skill per bullet, or grouped several per bullet; years and blockers mixed in.
    if rng.random() < 0.5:
        skill_bullets = req
    else:
        skill_bullets, rest = [], list(req)
        while rest:
            k = rng.randint(2, 4)
            skill_bullets.append(", ".join(rest[:k]))
            rest = rest[k:]
        if rng.random() < 0.4:
            skill_bullets = [f"Solid experience with {b}" for b in skill_bullets]
    hard = [h for h in rng.sample(HARD, k=2) if h]
    requirements = skill_bullets + hard
    requirements.insert(rng.randrange(len(requirements) + 1), experience)
    bullet = rng.choice(["- ", "* ", "• "])
    sections = [
        [rng.choice(_DUTY_HEADERS)] + [bullet + d for d in duties],
        [rng.choice(_LONG_REQ_HEADERS)] + [bullet + r for r in requirements],
    ]
    if nice:
        if rng.random() < 0.6:
            sections.append([rng.choice(_LONG_NICE_HEADERS)] + [bullet + ", ".join(nice)])
        else:
            sections.append([rng.choice(_LONG_NICE_HEADERS)] + [bullet + s for s in nice])
    if rng.random() < 0.2:  # duties after requirements
        sections[0], sections[1] = sections[1], sections[0]
    perks = " ".join(p.format(**fill) for p in rng.sample(_PERKS, k=rng.randint(1, 3)))
    blocks = [title, company] + ["\n".join(section) for section in sections] + [perks]
    return "\n\n".join(blocks)


def join(items: Sequence[str], rng: random.Random) -> str:
    """Join items as prose: 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + rng.choice([" and ", " & ", ", "]) + items[-1]


__all__ = ["BENEFITS", "COMPANIES", "DOMAINS", "HARD", "INTROS", "NICE_HEADERS", "REQ_HEADERS", "join", "render_job"]
