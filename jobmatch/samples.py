"""Sample candidate rows (the CSV in shared_data/samples/candidates.csv, and benchmark pools)."""

from __future__ import annotations

from pathlib import Path

from jobmatch.datagen import Generator
from jobmatch.jobtext import DOMAINS
from jobmatch.parsing import SENIORITY_LABELS, Seniority

_FIRST = [
    "Aisha",
    "Ben",
    "Carla",
    "Dmitri",
    "Elena",
    "Farid",
    "Grace",
    "Hiro",
    "Ines",
    "Jonas",
    "Kavya",
    "Liam",
    "Mei",
    "Nadia",
    "Omar",
    "Priya",
    "Quentin",
    "Rosa",
    "Sven",
    "Tariq",
    "Uma",
    "Victor",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zoe",
    "Arjun",
    "Beatriz",
    "Chen",
    "Diego",
    "Emeka",
    "Fatima",
    "Gabriel",
    "Hana",
    "Ivan",
    "Julia",
]
_LAST = [
    "Okafor",
    "Schmidt",
    "Rossi",
    "Ivanov",
    "Garcia",
    "Haddad",
    "Kim",
    "Tanaka",
    "Silva",
    "Berg",
    "Nair",
    "O'Brien",
    "Zhang",
    "Petrova",
    "Khan",
    "Sharma",
    "Dubois",
    "Moreno",
    "Larsen",
    "Aziz",
    "Patel",
    "Novak",
    "Liu",
    "Lopez",
    "Yilmaz",
    "Martin",
    "Mehta",
    "Costa",
    "Wang",
    "Fernandez",
    "Adeyemi",
    "Hassan",
]
_CITIES = ["Berlin", "Austin", "London", "Toronto", "Bangalore", "Denver", "Seattle", "Munich", "Lisbon", "Boston"]


def sample_candidate_rows(n: int = 240, seed: int = 7) -> list[dict]:
    """Varied candidate rows (CSV columns) across all families and levels, with free-text summaries.

    Some rows state hard facts (clearance, authorization, degree, graduation year, location) and
    some leave them out, so a ranking shows blockers and unknowns; a few are near-empty.
    """
    gen = Generator(seed)
    rng = gen.rng
    families = list(gen.roles.families)
    rows = []
    for i in range(n):
        family = (
            families[i % len(families)] if i % 5 else rng.choice(["fullstack", "backend", "frontend", "devops_cloud"])
        )
        info = gen.roles.families[family]
        level = Seniority(rng.choice([0, 1, 1, 2, 2, 2, 3, 3, 3, 4]))
        years = {0: 0, 1: rng.randint(1, 2), 2: rng.randint(3, 5), 3: rng.randint(6, 10), 4: rng.randint(10, 18)}[level]
        skills = rng.sample(info["core"], k=min(len(info["core"]), rng.randint(3, 7))) + rng.sample(info["extra"], k=2)
        if level == Seniority.LEAD:
            skills += rng.sample(list(gen.roles.management_skills), 2)
        cand = gen.candidate(family, level, skills)
        first, last = _FIRST[i % len(_FIRST)], _LAST[(i * 7 + i // len(_FIRST)) % len(_LAST)]
        name = f"{first} {last}"
        listed = [gen._say(s) for s in cand.skills]
        summary = [
            f"{SENIORITY_LABELS[level]} {cand.title}"
            + (
                f" with {years} year{'s' if years != 1 else ''} of experience."
                if years
                else ", recent graduate looking for a first role."
            )
        ]
        summary.append(f"Worked with {', '.join(listed[:3])} on {rng.choice(DOMAINS)} projects.")
        row = {
            "name": name,
            "email": f"{first}.{last}{i}@example.com".lower().replace("'", ""),
            "phone": "",
            "location": rng.choice(_CITIES) if rng.random() < 0.7 else "",
            "role": cand.title,
            "seniority": SENIORITY_LABELS[level],
            "years": str(years),
            "skills": ", ".join(listed),
            "summary": " ".join(summary),
            "degree": "",
            "graduation_year": "",
            "work_authorization": "",
            "clearance": "",
        }
        if rng.random() < 0.5:
            row["degree"] = rng.choice(
                [
                    "BSc Computer Science",
                    "MSc Computer Science",
                    "BEng Electrical Engineering",
                    "PhD Machine Learning",
                    "Bootcamp certificate",
                    "BA Mathematics",
                ]
            )
        if level <= Seniority.JUNIOR and rng.random() < 0.7:
            row["graduation_year"] = str(rng.choice([2022, 2023, 2024, 2025, 2026]))
        if rng.random() < 0.4:
            row["work_authorization"] = rng.choice(["US", "UK", "EU", "needs sponsorship", "US, Canada"])
        if family in ("security", "networking", "devops_cloud", "fpga_embedded") and rng.random() < 0.5:
            row["clearance"] = rng.choice(["Secret", "TS/SCI", "none"])
        if i % 60 == 59:  # a near-empty profile
            row.update(
                role="",
                seniority="",
                years="",
                skills=rng.choice(["", "Excel"]),
                summary="Looking for work.",
                degree="",
                graduation_year="",
            )
        rows.append(row)
    return rows


def write_sample_candidates(path: str | Path, n: int = 240, seed: int = 7) -> int:
    """Write `sample_candidate_rows` as a CSV file; returns the row count."""
    import csv

    rows = sample_candidate_rows(n, seed)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


__all__ = ["sample_candidate_rows", "write_sample_candidates"]
