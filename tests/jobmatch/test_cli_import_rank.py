import csv
import json

from click.testing import CliRunner
from jm_helpers import count, write_csv

from core.paths import shared_data_dir
from jobmatch.cli import cli

JOB = shared_data_dir() / "samples" / "job.txt"


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False, input=input)


def test_every_command_has_help():
    for name, command in cli.commands.items():
        assert command.help, name
        assert run(name, "--help").exit_code == 0


def test_import_rank_save_runs(cli_env, tmp_path):
    sample = shared_data_dir() / "samples" / "candidates.csv"
    result = run("import", str(sample))
    assert result.exit_code == 0, result.output
    assert "Imported 240" in result.output
    again = run("import", str(sample))
    assert "Imported 0" in again.output and "skipped 240" in again.output
    assert count(cli_env) == 240

    result = run("rank", "--job", str(JOB), "--top", "5", "--format", "json", "--save")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [r["rank"] for r in data["results"]] == [1, 2, 3, 4, 5]
    assert data["job"]["hard_requirements"]["work_authorization"] == "US"
    first = data["results"][0]
    assert set(first["reasons"]) >= {"matched_skills", "missing_required", "seniority", "blockers", "unknown"}
    blocked = [r["blocked"] for r in data["results"]]
    assert blocked == sorted(blocked)  # blocked candidates rank below the others

    runs = run("runs", "--format", "json")
    assert json.loads(runs.output)[0]["results"] == 5
    assert run("runs", "1").exit_code == 0

    table = run("rank", "--job", str(JOB), "--top", "3", "-f", "table")
    assert table.exit_code == 0 and "Senior Backend Engineer" in table.output
    piped = json.loads(run("rank", "--job", str(JOB), "--top", "3").output)  # not a terminal: JSON
    assert [r["name"] for r in piped["results"]] == [r["name"] for r in data["results"][:3]]
    rows = list(csv.reader(run("rank", "--job", str(JOB), "--top", "3", "--format", "csv").output.splitlines()))
    assert rows[0][0] == "rank" and len(rows) == 4


def test_rank_from_stdin_and_candidates_file(cli_env, tmp_path):
    people = tmp_path / "people.csv"
    write_csv(people, 4)
    assert run("list").exit_code == 0
    result = run(
        "rank",
        "--job",
        "-",
        "--candidates",
        str(people),
        "--format",
        "json",
        input="Senior Python developer, Django and PostgreSQL required.",
    )
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.output)["results"]) == 4
    assert count(cli_env) == 0  # nothing stored
    clash = run("rank", "--job", str(JOB), "--candidates", str(people), "--save")
    assert clash.exit_code == 2


def test_add_list_show_remove(cli_env, tmp_path):
    assert (
        run(
            "add",
            "--name",
            "Ada",
            "--email",
            "ada@example.com",
            "--role",
            "Data Engineer",
            "--skills",
            "Python, SQL, Spark",
        ).exit_code
        == 0
    )
    dup = run("add", "--name", "Ada L", "--email", "ADA@example.com", "--skills", "Python")
    assert dup.exit_code == 1 and "already stored" in dup.output
    resume = tmp_path / "bob.md"
    resume.write_text(
        "# Bob Stone\nbob@example.com\nSenior DevOps Engineer, 8 years of experience with k8s, "
        "Terraform and AWS. Holds an active Secret clearance.\n"
    )
    assert run("add", str(resume)).exit_code == 0
    listed = json.loads(run("list", "--format", "json").output)
    assert [c["name"] for c in listed] == ["Bob Stone", "Ada"]
    shown = json.loads(run("show", str(listed[0]["id"]), "--format", "json").output)
    assert shown["skills"] == ["Kubernetes", "Terraform", "AWS"] and shown["facts"]["clearance"] is True
    assert run("remove", str(listed[1]["id"])).exit_code == 0
    missing = run("show", "999")
    assert missing.exit_code == 1 and "no candidate #999" in missing.output
    assert count(cli_env) == 1


def test_import_folder_jsonl_and_pdf(cli_env, tmp_path):
    from fpdf import FPDF

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.jsonl").write_text(
        json.dumps({"name": "Cy", "skills": ["Rust", "Go"], "role": "Backend Developer"}) + "\n", encoding="utf-8"
    )
    (folder / "b.txt").write_text("Dee Park\nJunior QA Engineer: Selenium, Cypress, Jira.\n", encoding="utf-8")
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(0, 8, "Eve Moss\neve@example.com\nData Analyst with 3 years of experience in SQL and Tableau.")
    pdf.output(str(folder / "c.pdf"))
    result = run("import", str(folder))
    assert result.exit_code == 0, result.output
    assert "Imported 3" in result.output


def test_evaluate_both_formats(cli_env, tmp_path):
    data = tmp_path / "eval.jsonl"
    lines = [
        {
            "job": "Senior Python developer",
            "candidate": "Role: Backend Developer (Senior). Skills: Python.",
            "label": 0.9,
        },
        {"job": "Senior Python developer", "candidate": "Jo, a junior nurse.", "label": 0.0},
        {"job": "Senior Python developer", "candidate": "Role: Data Analyst (Junior). Skills: SQL.", "label": 0.3},
        {
            "job": "FPGA intern",
            "positives": ["Role: FPGA Engineer (Intern/Fresher). Skills: VHDL."],
            "negatives": ["Role: UX Designer (Senior). Skills: Figma.", "Sam knows Excel."],
        },
    ]
    data.write_text("\n".join(json.dumps(line) for line in lines))
    result = run("evaluate", str(data), "--format", "json")
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.output)
    assert {"eval_pearson", "eval_spearman", "eval_map", "eval_mrr@10", "eval_ndcg@10"} <= set(metrics)
