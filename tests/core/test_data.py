import json

import pytest

from core import DataError, Pair, load_pairs, save_pairs, split_pairs


def test_jsonl_and_csv_round_trip(tmp_path):
    pairs = [Pair("job a", "Role: Dev. Skills: C#", 0.9), Pair("job b", "Role: Nurse, RN", 0.1)]
    for name in ("pairs.jsonl", "pairs.csv"):
        path = save_pairs(pairs, tmp_path / name)
        assert load_pairs(path) == pairs


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"sentence_0": "a", "label": 1}\n', "missing column(s) sentence_1"),
        ('{"sentence_0": "a", "sentence_1": "b", "label": "high"}\n', "is not a number"),
        ("not json\n", "invalid JSON"),
        ("\n", "no pairs found"),
    ],
)
def test_bad_jsonl_names_the_problem(tmp_path, content, message):
    path = tmp_path / "bad.jsonl"
    path.write_text(content)
    with pytest.raises(DataError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_pairs(path)


def test_bad_csv_and_missing_file(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("query,doc,label\na,b,1\n")
    with pytest.raises(DataError, match="missing column"):
        load_pairs(path)
    with pytest.raises(DataError, match="not found"):
        load_pairs(tmp_path / "nope.jsonl")
    (tmp_path / "x.txt").write_text("a")
    with pytest.raises(DataError, match="unsupported"):
        load_pairs(tmp_path / "x.txt")


def test_split_is_deterministic_and_keeps_groups_apart():
    pairs = [Pair(f"q{i % 10}", f"d{i}", float(i % 2)) for i in range(100)]
    train_a, val_a = split_pairs(pairs, val_fraction=0.2, seed=42, group_key=lambda p: p.sentence_0)
    train_b, val_b = split_pairs(pairs, val_fraction=0.2, seed=42, group_key=lambda p: p.sentence_0)
    assert (train_a, val_a) == (train_b, val_b)
    assert len(train_a) + len(val_a) == 100
    assert {p.sentence_0 for p in train_a}.isdisjoint({p.sentence_0 for p in val_a})
    assert len({p.sentence_0 for p in val_a}) == 2
    _, val_other_seed = split_pairs(pairs, val_fraction=0.2, seed=7, group_key=lambda p: p.sentence_0)
    assert json.dumps(sorted({p.sentence_0 for p in val_other_seed})) != "" and val_other_seed
