"""A short feedback fine-tune of the shipped reranker: feedback pairs (train.db) + replayed catalog pairs.

The same pairs as `cti-map train --feedback` (``feedback_pairs``), but 12 steps and no regenerated
catalog data, so it fits a contended 2-core machine. The shipped threshold is kept, so before and
after are compared at the same threshold.

Usage, after ``python benchmarks/demo_review_feedback.py mapped.json OUT_DIR``:

    python benchmarks/demo_review_tune.py OUT_DIR          # writes OUT_DIR/tuned
    cti-map evaluate --feedback OUT_DIR/heldout.db --model OUT_DIR/tuned -f json
"""

from __future__ import annotations

import dataclasses
import json
import lzma
import random
import shutil
import sys
import time

import torch

import core
from core.data import Pair, RerankSample
from core.paths import shared_data_dir
from cti_mapper.attack import load_catalog
from cti_mapper.review.feedback import feedback_pairs, load_feedback
from cti_mapper.review.store import make_engine
from cti_mapper.training import THRESHOLD_FILE, default_model_path


def main() -> None:
    out_dir = sys.argv[1]
    torch.set_num_threads(2)
    catalog = load_catalog()
    feedback = feedback_pairs(load_feedback(make_engine(f"sqlite:///{out_dir}/train.db")), catalog, repeat=4)
    with lzma.open(shared_data_dir() / "cti" / "train.jsonl.xz", "rt", encoding="utf-8") as fh:
        replay = [Pair(**json.loads(line)) for line in fh]
    random.Random(42).shuffle(replay)
    pairs = feedback + replay[:192 - len(feedback)]  # 12 steps of 16
    held = load_feedback(make_engine(f"sqlite:///{out_dir}/heldout.db"))
    evals = [RerankSample(f.text, [catalog.get(i).label for i in f.positives],
                          [catalog.get(i).label for i in f.negatives if catalog.get(i).kind != "tactic"])
             for f in held if f.positives and f.negatives]
    recipe = dataclasses.replace(core.get_recipe("cti"), epochs=1, eval_every_epochs=1.0, bf16=False)
    start = time.time()
    result = core.train(recipe, pairs, evals, f"{out_dir}/tuned", base_model=default_model_path(),
                        half_precision=True)
    shutil.copy(default_model_path() / THRESHOLD_FILE, f"{out_dir}/tuned/{THRESHOLD_FILE}")
    print(f"{len(feedback)} feedback + {len(pairs) - len(feedback)} replay pairs, {time.time() - start:.0f} s",
          result.metrics)


if __name__ == "__main__":
    main()
