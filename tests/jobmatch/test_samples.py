"""The sample candidate rows behind shared_data/samples/candidates.csv."""

import csv

from core.paths import shared_data_dir
from jobmatch.samples import sample_candidate_rows, write_sample_candidates


def test_shipped_sample_csv_is_reproducible(tmp_path):
    shipped = shared_data_dir() / "samples" / "candidates.csv"
    with open(shipped, newline="", encoding="utf-8") as handle:
        assert list(csv.DictReader(handle)) == sample_candidate_rows(240, 7)
    assert write_sample_candidates(tmp_path / "c.csv", n=5) == 5
    assert (tmp_path / "c.csv").read_text(encoding="utf-8").count("\n") == 6
