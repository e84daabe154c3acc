"""`jobmatch requirements` shows what was read from a job; `rank --requirements CARD` ranks by the corrected card."""

import csv
import json

import pytest
from click.testing import CliRunner
from jm_helpers import write_csv

from core.paths import shared_data_dir
from jobmatch.cli import cli

JOB = shared_data_dir() / "samples" / "job.txt"  # Python, Django or FastAPI, ...; no sponsorship; hybrid in Austin
STACK = "Python, Django, PostgreSQL, REST APIs, Docker"
STAYS = "Backend engineer. Not willing to relocate."


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False, input=input)


@pytest.fixture
def people(tmp_path):
    """Five senior backend developers who differ in one thing each."""
    rows = [
        ("Ada", STACK + ", Kafka", "Austin", ""),
        ("Bo", STACK + ", Kubernetes, AWS, Terraform", "Austin", ""),  # every nice-to-have, no Kafka
        ("Cy", STACK, "Austin", "needs sponsorship"),
        ("Dee", STACK, "Denver", ""),
        ("Eve", "Python, Django, PostgreSQL, REST APIs", "Austin", ""),  # no Docker
    ]
    path = tmp_path / "people.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "email", "role", "seniority", "years", "skills", "summary", "location",
                         "work_authorization"])
        for name, skills, city, auth in rows:
            writer.writerow([name, f"{name.lower()}@example.com", "Backend Developer", "Senior", 8, skills, STAYS,
                             city, auth])
    return path


def card_file(tmp_path, card, name="card.json"):
    path = tmp_path / name
    path.write_text(json.dumps(card), encoding="utf-8")
    return path


def parsed_card():
    result = run("requirements", "--job", str(JOB))  # not a terminal: JSON
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def ranking(people, *extra):
    result = run("rank", "--job", str(JOB), "--candidates", str(people), "-f", "json", *extra)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    return data, {r["name"]: r for r in data["results"]}


def test_requirements_shows_what_was_read(cli_env, tmp_path):
    card = parsed_card()
    assert card["must_have"] == ["Python", ["Django", "FastAPI"], "PostgreSQL", "REST APIs", "Docker"]
    assert (card["min_years"], card["sponsorship"], card["workplace"], card["location"]) == (5.0, False, "hybrid",
                                                                                              "Austin")
    table = run("requirements", "--job", str(JOB), "-f", "table")
    assert table.exit_code == 0 and "Django or FastAPI" in table.output and "not offered" in table.output
    assert "--requirements card.json" in table.output
    out = tmp_path / "card.json"
    assert run("requirements", "--job", str(JOB), "-o", str(out)).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8")) == card  # -o's .json suffix: the card
    piped = run("requirements", "--job", "-", "-f", "json", input=JOB.read_text(encoding="utf-8"))
    assert json.loads(piped.stdout) == card


def test_the_card_written_and_passed_back_ranks_exactly_as_without_it(cli_env, tmp_path):
    card = run("requirements", "--job", str(JOB), "-o", str(tmp_path / "card.json"))
    assert card.exit_code == 0
    pool = shared_data_dir() / "samples" / "candidates.csv"  # 240: retrieval, then the reranker
    plain = json.loads(run("rank", "--job", str(JOB), "--candidates", str(pool), "--top", "100", "-f", "json").stdout)
    carded = run("rank", "--job", str(JOB), "--candidates", str(pool), "--top", "100", "-f", "json",
                 "--requirements", str(tmp_path / "card.json"))
    assert carded.exit_code == 0, carded.output
    carded = json.loads(carded.stdout)
    assert carded["results"] == plain["results"] and len(plain["results"]) == 100
    assert any(r["blocked"] for r in plain["results"])  # the hard requirements took part
    assert plain["job"]["requirements_from"] == "parser" and carded["job"]["requirements_from"] == "card"
    assert carded["job"]["requirements_card"]["edited"] == []


def test_an_added_must_have_moves_down_who_lacks_it(cli_env, tmp_path, people):
    before, by_name = ranking(people)
    assert by_name["Bo"]["rank"] < by_name["Ada"]["rank"]  # Bo has every nice-to-have
    card = parsed_card()
    card["must_have"].append("Kafka")
    after, edited = ranking(people, "--requirements", str(card_file(tmp_path, card)))
    assert edited["Ada"]["rank"] < edited["Bo"]["rank"]
    assert edited["Bo"]["reasons"]["missing_required"] == ["Kafka"]
    assert edited["Ada"]["reasons"]["missing_required"] == []
    assert after["job"]["requirements_card"] == {"path": str(tmp_path / "card.json"), "edited": ["must_have"]}
    assert "Kafka" not in before["job"]["must_have"] and "Kafka" in after["job"]["must_have"]


def test_a_must_have_moved_to_nice_to_have_stops_counting_as_missing(cli_env, tmp_path, people):
    _, by_name = ranking(people)
    assert by_name["Eve"]["reasons"]["missing_required"] == ["Docker"]
    card = {"must_have": ["Python", ["Django", "FastAPI"], "PostgreSQL", "REST APIs"],
            "nice_to_have": ["Kubernetes", "AWS", "Terraform", "Docker"]}  # only these two fields: the rest as read
    _, edited = ranking(people, "--requirements", str(card_file(tmp_path, card)))
    assert edited["Eve"]["reasons"]["missing_required"] == []
    assert "Docker" in edited["Eve"]["reasons"]["missing_nice_to_have"]
    assert edited["Eve"]["reasons"]["must_have_coverage"] == 1.0


def test_sponsorship_and_office_city_edits_change_who_is_blocked(cli_env, tmp_path, people):
    _, by_name = ranking(people)
    assert {n for n, r in by_name.items() if r["blocked"]} == {"Cy", "Dee"}  # needs a visa; in Denver, staying
    _, sponsored = ranking(people, "--requirements", str(card_file(tmp_path, {"sponsorship": True})))
    assert {n for n, r in sponsored.items() if r["blocked"]} == {"Dee"}
    _, moved = ranking(people, "--requirements", str(card_file(tmp_path, {"location": "Denver"})))
    assert {n for n, r in moved.items() if r["blocked"]} == {"Ada", "Bo", "Cy", "Eve"}
    _, remote = ranking(people, "--requirements", str(card_file(tmp_path, {"workplace": "remote"})))
    assert {n for n, r in remote.items() if r["blocked"]} == {"Cy"}


def test_table_and_csv_say_the_card_was_used(cli_env, tmp_path, people):
    card = str(card_file(tmp_path, {"sponsorship": True}))
    args = ("rank", "--job", str(JOB), "--candidates", str(people), "--requirements", card)
    table = run(*args, "-f", "table")
    assert table.exit_code == 0 and f"Requirements from card {card} (edited: sponsorship" in table.output
    rows = list(csv.DictReader(run(*args, "-f", "csv").stdout.splitlines()))
    assert len(rows) == 5 and {r["requirements_from"] for r in rows} == {f"card:{card}"}
    plain = list(csv.DictReader(run("rank", "--job", str(JOB), "--candidates", str(people), "-f", "csv").stdout
                                .splitlines()))
    assert {r["requirements_from"] for r in plain} == {"parser"}
    assert "Requirements from card" not in run("rank", "--job", str(JOB), "--candidates", str(people), "-f",
                                               "table").output


def test_save_stores_the_ranking_by_the_card(cli_env, tmp_path):
    seed = tmp_path / "seed.csv"
    write_csv(seed, 3)  # Python, Django, Postgres
    assert run("import", str(seed)).exit_code == 0
    card = str(card_file(tmp_path, {"must_have": ["Python", "Rust"]}))
    result = run("rank", "--job", str(JOB), "--requirements", card, "--save", "-f", "json")
    assert result.exit_code == 0, result.output
    assert "Saved run #1" in result.output
    saved = json.loads(run("runs", "1", "-f", "json").stdout)
    assert [r["reasons"]["missing_required"] for r in saved["results"]] == [["Rust"]] * 3


def test_a_saved_run_records_the_card_it_ranked_by(cli_env, tmp_path, monkeypatch):
    seed = tmp_path / "seed.csv"
    write_csv(seed, 3)
    assert run("import", str(seed)).exit_code == 0
    read = parsed_card()
    (tmp_path / "cards").mkdir()
    card_file(tmp_path / "cards", {"must_have": ["Python", "Rust"], "sponsorship": True, "degree": "master",
                                   "title": read["title"]})  # the title as read: not an edit
    monkeypatch.chdir(tmp_path)  # a relative card path is recorded in full
    assert run("rank", "--job", str(JOB), "--requirements", "cards/card.json", "--save", "-f", "json").exit_code == 0

    record = json.loads(run("runs", "1", "-f", "json").stdout)["requirements"]
    assert record["from"] == "card" and record["path"] == str(tmp_path / "cards" / "card.json")
    assert record["edited"] == ["must_have", "sponsorship", "degree"]
    assert record["parsed"] == {"must_have": read["must_have"], "sponsorship": False, "degree": read["degree"]}
    # The requirements ranked by, not the file: offering sponsorship also dropped the authorization condition.
    assert read["work_authorization"] == "US"
    assert record["card"] == read | {"must_have": ["Python", "Rust"], "sponsorship": True, "degree": "master",
                                     "work_authorization": None}

    table = run("runs", "1", "-f", "table").output
    assert f"Requirements: from card {tmp_path / 'cards' / 'card.json'} (edited: must_have, sponsorship, degree)" \
        in table
    assert "must-have: Python, Rust\n" in table and "degree: master; sponsorship: offered" in table
    assert "workplace: hybrid; office: Austin" in table
    listed = run("runs", "-f", "json")
    assert [r["requirements_from"] for r in json.loads(listed.stdout)] == ["card"]


def test_a_run_saved_without_a_card_records_the_parsers_reading(cli_env, tmp_path):
    seed = tmp_path / "seed.csv"
    write_csv(seed, 3)
    assert run("import", str(seed)).exit_code == 0
    assert run("rank", "--job", str(JOB), "--save", "-f", "json").exit_code == 0
    assert run("rank", "--job", str(JOB), "--save", "-f", "json", "--requirements",
               str(card_file(tmp_path, {}))).exit_code == 0  # an empty card: ranked by the card, nothing edited

    parser, unchanged = (json.loads(run("runs", n, "-f", "json").stdout)["requirements"] for n in ("1", "2"))
    assert parser == {"from": "parser", "card": parsed_card()}
    assert unchanged == {"from": "card", "path": str(tmp_path / "card.json"), "edited": [], "parsed": {},
                         "card": parsed_card()}
    table = run("runs", "1", "-f", "table").output
    assert "Requirements: from the parser\n" in table
    assert "must-have: Python, Django or FastAPI, PostgreSQL, REST APIs, Docker" in table
    assert "years: 5; degree: " in table and "sponsorship: not offered" in table
    assert "(edited: nothing)" in run("runs", "2", "-f", "table").output
    listed = run("runs", "-f", "table").output
    assert "Requirements" in listed and "parser" in listed and "card" in listed
    assert [r["requirements_from"] for r in json.loads(run("runs", "-f", "json").stdout)] == ["card", "parser"]


def assert_one_line_failure(result, needle):
    assert result.exit_code == 1
    assert needle in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (None, "cannot read"),
        ("", "card.json is empty"),
        ("{not json", "is not JSON"),
        ('["Python"]', "must be a JSON object of fields, not a list"),
        ('{"must_haves": ["Python"]}', "unknown requirements card field 'must_haves'; allowed: title, seniority,"),
        ('{"degree": "phd2"}', 'degree must be one of "associate", "bachelor", "master", "phd" or null, not "phd2"'),
        ('{"min_years": "x"}', 'min_years must be a number of years from 0 to 70 or null, not "x"'),
        ('{"must_have": ["Python", ""]}', "must_have[1] is empty"),
        ('{"workplace": "office"}', "workplace must be one of"),
    ],
)
def test_bad_cards_fail_in_one_line(cli_env, tmp_path, people, content, needle):
    card = tmp_path / "card.json"
    if content is not None:
        card.write_text(content, encoding="utf-8")
    result = run("rank", "--job", str(JOB), "--candidates", str(people), "--requirements", str(card))
    assert_one_line_failure(result, needle)
