"""Probe: a linear adapter on frozen all-MiniLM-L6-v2 vectors, trained from the shipped vectors alone.

A cheap stand-in for fine-tuning the bi-encoder (which did not fit on 2 starved CPU cores): a
384x384 map W (initialised to the identity, pulled towards it by ``reg``) is applied to sentence,
label-text and example vectors. It is trained with a softmax over every live label, from the
example sentences of ``shared_data/cti/exemplars.npz`` (AnnoCTR train mentions, ATT&CK procedure
examples) to the shipped label vectors (``label-embeddings-*.npz``): no transformer pass but the
evaluation sentences'. Prints first-stage recall@k (label text; label text or example) on AnnoCTR
``dev`` for each ``REG:EPOCHS``; ``--split test --load W.npy`` measures a chosen W once.

Run: ``python benchmarks/probe_cti_linear_adapter.py --annoctr /tmp/annoctr 0.001:5 0.0001:10 --save-dir DIR``
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import torch  # noqa: E402

KS = (10, 16, 32, 50)


def train_adapter(examples: np.ndarray, labels: np.ndarray, rows, cols, reg: float, epochs: int) -> np.ndarray:
    """W minimising softmax cross-entropy of example -> its label over all labels, + reg * |W - I|^2."""
    torch.manual_seed(0)
    ex, lab, eye = torch.tensor(examples), torch.tensor(labels), torch.eye(labels.shape[1])
    w = torch.nn.Parameter(eye.clone())
    opt = torch.optim.Adam([w], lr=1e-3)
    gen, target = torch.Generator().manual_seed(0), torch.tensor(cols)
    for _ in range(epochs):
        perm = torch.randperm(len(rows), generator=gen)
        for b in range(0, len(rows), 256):
            idx = perm[b : b + 256]
            a = torch.nn.functional.normalize(ex[rows[idx]] @ w.T, dim=1)
            logits = a @ torch.nn.functional.normalize(lab @ w.T, dim=1).T / 0.05
            loss = torch.nn.functional.cross_entropy(logits, target[idx]) + reg * ((w - eye) ** 2).sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
    return w.detach().numpy()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annoctr", type=Path, required=True)
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--load", type=Path, default=None, help="evaluate this saved W (.npy) only")
    parser.add_argument("--save-dir", type=Path, default=None, help="save each trained W here")
    parser.add_argument("settings", nargs="*", default=["0.001:5"], help="REG:EPOCHS to train and compare")
    args = parser.parse_args()

    import core
    from cti_mapper.annoctr import annotated_sentences, load_annoctr
    from cti_mapper.attack import load_catalog
    from cti_mapper.candidates import LabelIndex
    from cti_mapper.exemplars import ExemplarIndex, default_exemplars_path
    from cti_mapper.mapping import Mapper
    from cti_mapper.report_eval import CachedEmbedder, first_stage_recall

    catalog = load_catalog(None)
    embedder = CachedEmbedder(core.load_embedder())
    examples = ExemplarIndex.load(default_exemplars_path(), embedder)
    base = Mapper(catalog, None, embedder, exemplars=examples)  # the shipped label vectors
    pairs = [(e, base._pos[i]) for e, ids in enumerate(examples.labels) for i in ids if i in base._pos]
    rows, cols = np.array([e for e, _ in pairs]), np.array([c for _, c in pairs])
    reports = sorted(load_annoctr(args.annoctr, catalog, splits=(args.split,)), key=lambda r: r.name)
    mentions = [s for r in reports for s in annotated_sentences(r, catalog, ("technique",))]

    def recall(w: np.ndarray) -> dict:
        def adapt(x):
            y = np.atleast_2d(x) @ w.T
            return (y / np.linalg.norm(y, axis=1, keepdims=True)).astype(np.float32)

        class Adapted:
            name = "adapter"

            def encode(self, texts, batch_size=64, **_):
                return adapt(embedder.encode(texts, batch_size=batch_size))

        index = LabelIndex(base.labels, adapt(base.index.embeddings))
        adapted = ExemplarIndex(examples.texts, examples.labels, examples.sources, adapt(examples.embeddings), "a")
        out = {}
        for name, ex in (("label text", None), ("label text + examples", adapted)):
            m = first_stage_recall(Mapper(catalog, None, Adapted(), label_index=index, exemplars=ex), mentions, KS)
            out[name] = {k: round(v, 3) for k, v in m.items() if k.startswith("recall")}
        return out

    print(f"AnnoCTR {args.split}: {len(mentions)} technique sentences; {len(pairs)} training pairs")
    if args.load:
        print(args.load.name, json.dumps(recall(np.load(args.load))), flush=True)
        return
    print("identity", json.dumps(recall(np.eye(base.index.embeddings.shape[1], dtype=np.float32))), flush=True)
    for setting in args.settings:
        reg, epochs = float(setting.split(":")[0]), int(setting.split(":")[1])
        w = train_adapter(examples.embeddings, base.index.embeddings, rows, cols, reg, epochs)
        print(f"reg={reg} epochs={epochs}", json.dumps(recall(w)), flush=True)
        if args.save_dir:
            args.save_dir.mkdir(parents=True, exist_ok=True)
            np.save(args.save_dir / f"W-{reg}-{epochs}.npy", w)


if __name__ == "__main__":
    main()
