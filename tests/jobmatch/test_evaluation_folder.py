"""`jobmatch evaluate` on a judged folder: metric maths, field comparison, the CLI table."""

import json

import pytest
from click.testing import CliRunner

from jobmatch.cli import cli
from jobmatch.evaluation import compare_fields, evaluate_folder, field_accuracy, read_eval_folder
from jobmatch.importing import InputError

POSTING = """Backend Engineer
Acme, Denver, CO (hybrid, two days a week in the office)
Requirements
- 5+ years of backend development
- Python, PostgreSQL
- Django or FastAPI
We sponsor H-1B visas.
"""
RESUMES = {
    "R1-strong.txt": "Ana Ruiz\nDenver, CO | ana@example.com\nSenior Backend Engineer, 2016-present. Python, Django, "
    "PostgreSQL.\nB.S. Computer Science, 2015\n",
    "R2-partial.txt": "Bo Li\nBoulder, CO | bo@example.com\nBackend developer, 2019-present. Python and Flask.\n",
    "R3-other.txt": "Cy Dee\nAustin, TX | cy@example.com\nRegistered nurse, 2012-present. Critical care.\n",
}


def make_folder(tmp_path, grades=(3, 1, 0)):
    folder = tmp_path / "eval"
    (folder / "postings").mkdir(parents=True)
    (folder / "resumes").mkdir()
    (folder / "postings" / "P01-backend.txt").write_text(POSTING, encoding="utf-8")
    lines = ["posting,resume,grade,blockers,note"]
    for (name, text), grade in zip(RESUMES.items(), grades, strict=True):
        (folder / "resumes" / name).write_text(text, encoding="utf-8")
        lines.append(f"P01-backend.txt,{name},{grade},,n")
    (folder / "judgments.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    gold = [
        {"file": "postings/P01-backend.txt", "kind": "posting",
         "must_have": ["Python", "PostgreSQL", ["Django", "FastAPI"]], "nice_to_have": [], "min_years": 5,
         "degree": None, "sponsorship": True, "workplace": "hybrid", "location": "Denver"},
        {"file": "resumes/R1-strong.txt", "kind": "resume", "degree": "bachelor", "years": 10.9, "authorization": None,
         "location": "Denver", "remote_only": False, "relocation": None},
    ]  # fmt: skip
    (folder / "fields.jsonl").write_text("".join(json.dumps(g) + "\n" for g in gold), encoding="utf-8")
    return folder


def test_field_accuracy_on_a_small_folder(tmp_path):
    evalset = read_eval_folder(make_folder(tmp_path))
    assert evalset.judgments["P01-backend.txt"]["R1-strong.txt"] == 3
    metrics, misses = field_accuracy(evalset)
    assert metrics["fields_must_have"] == 1.0 and metrics["fields_degree"] == 1.0
    assert metrics["fields_all"] == 1.0 and misses == []


def test_compare_fields_tolerates_a_year_and_reads_groups_as_sets():
    gold = {"kind": "resume", "degree": "master", "years": 6.0, "authorization": "authorized", "location": "Leeds",
            "remote_only": False, "relocation": None}  # fmt: skip
    found = {"degree": "master", "years": 6.9, "authorization": None, "location": "leeds", "remote_only": False,
             "relocation": None}  # fmt: skip
    assert compare_fields(gold, found) == {"degree": True, "years": True, "authorization": False, "location": True}
    posting = {"kind": "posting", "must_have": [["BigQuery", "Snowflake"], "SQL"], "min_years": 3, "degree": None,
               "sponsorship": None, "workplace": "remote", "location": None}  # fmt: skip
    mine = {"must_have": ["SQL", ["Snowflake", "BigQuery"]], "min_years": 5.0, "degree": None, "sponsorship": None,
            "workplace": "remote", "location": None}  # fmt: skip
    assert compare_fields(posting, mine) == {
        "degree": True, "years": False, "authorization": True, "location": True, "must_have": True
    }  # fmt: skip


def test_compare_fields_reads_must_have_names_without_case():
    posting = {"kind": "posting", "must_have": ["Harbour Pilots Board registration", "SQL"], "min_years": None,
               "degree": None, "sponsorship": None, "workplace": None, "location": None}  # fmt: skip
    same = {**posting, "must_have": ["Harbour Pilots Board Registration", "sql"]}
    other = {**posting, "must_have": ["Harbour Pilots Board", "SQL"]}
    assert compare_fields(posting, same)["must_have"]
    assert not compare_fields(posting, other)["must_have"]


class LikesThirdBest:
    """A fake reranker that prefers the nurse: the legacy score follows it, the combined score does not."""

    def predict(self, pairs, batch_size=32, activation=None):
        return [0.95 if "Critical Care" in card else 0.4 for _, card in pairs]


def test_combined_score_beats_the_model_alone(tmp_path):
    table, _ = evaluate_folder(
        make_folder(tmp_path), {"old": (LikesThirdBest(), "legacy"), "new": (LikesThirdBest(), "combined")}
    )
    assert table["new"]["ndcg@10"] == pytest.approx(1.0) and table["new"]["map"] == pytest.approx(1.0)
    assert table["old"]["ndcg@10"] < 0.8 and table["old"]["map"] == pytest.approx(0.5)


def test_bad_folder_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="judgments.csv is missing"):
        read_eval_folder(tmp_path)
    folder = make_folder(tmp_path)
    (folder / "resumes" / "R3-other.txt").unlink()
    with pytest.raises(InputError, match="R3-other.txt does not exist"):
        read_eval_folder(folder)


def test_cli_evaluate_folder(cli_env, tmp_path, tiny_reranker_path):
    folder = make_folder(tmp_path)
    result = CliRunner().invoke(
        cli,
        ["evaluate", str(folder), "--baseline-model", str(tiny_reranker_path), "--format", "json"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    table = json.loads(result.output)
    assert set(table) == {"baseline model, old score", "current model, old score", "current model, combined score"}
    assert table["current model, combined score"]["ndcg@10"] == pytest.approx(1.0)
    text = CliRunner().invoke(cli, ["evaluate", str(folder), "-f", "table"], catch_exceptions=False)
    assert (
        text.exit_code == 0
        and "NDCG@10" in text.output
        and "current model, combined score" in text.output
        and "1 postings" in text.output
    )
    clash = CliRunner().invoke(cli, ["evaluate", str(folder / "judgments.csv"), "--misses", str(tmp_path / "m.jsonl")])
    assert clash.exit_code == 2


def test_split_keeps_the_named_postings_and_documents(tmp_path):
    from jobmatch.evaluation import select_split

    folder = make_folder(tmp_path)
    (folder / "postings" / "P02-other.txt").write_text(POSTING, encoding="utf-8")
    with (folder / "judgments.csv").open("a", encoding="utf-8") as out:
        out.write("P02-other.txt,R1-strong.txt,2,,n\nP02-other.txt,R3-other.txt,0,,n\n")
    evalset = read_eval_folder(folder)
    with pytest.raises(InputError, match="no splits.json"):
        select_split(evalset, "held_out")
    splits = {"held_out": {"postings": ["P02", "P09"], "resumes": ["R2", "R3"]}}
    (folder / "splits.json").write_text(json.dumps(splits), encoding="utf-8")
    held = select_split(evalset, "held_out")
    assert set(held.judgments) == {"P02-other.txt"} and set(held.judgments["P02-other.txt"]) == {
        "R1-strong.txt",
        "R3-other.txt",
    }
    assert held.gold == {}  # gold exists only for P01 and R1, both outside the split
    with pytest.raises(InputError, match="no split 'nope'.*known: held_out"):
        select_split(evalset, "nope")
    table, _ = evaluate_folder(folder, {"new": (LikesThirdBest(), "combined")}, split="held_out")
    assert table["new"]["postings"] == 1.0


def test_cli_split_on_a_file_is_a_usage_error(cli_env, tmp_path):
    folder = make_folder(tmp_path)
    clash = CliRunner().invoke(cli, ["evaluate", str(folder / "judgments.csv"), "--split", "held_out"])
    assert clash.exit_code == 2 and "--split" in clash.output
