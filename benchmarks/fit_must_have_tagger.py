"""Does a token tagger fine-tuned to mark must-have and nice-to-have names in the whole posting carry to unseen writers?

The three learned pieces before it (fit_group_filter.py, fit_must_have_reader.py, fit_must_have_crossencoder.py)
decided over the parser's candidates. This one reads the whole posting and marks spans itself: BIO tags over
MUST / NICE / O, `AutoModelForTokenClassification` on the embedded offline MiniLM-L6 base (`core.paths.
default_base_model_path`), windows of 256 tokens 192 apart (62 overlap; a token's probabilities are averaged over
its windows), AdamW lr 5e-5 with 10 % warm-up, batch 8, 3 epochs, seed 42, 2 CPU threads.

Labels: every occurrence in the posting of a gold must-have (MUST) or nice-to-have (NICE) name, found verbatim
(case-insensitive, word-bounded) or as a vocabulary mention of the same skill (`vocab.same_skill`); overlaps go to
the longest. ALL occurrences are tagged, not only those in requirement-like lines: the gold says which names, not
which mention, and choosing the mention by the parser's sections would teach the parser's own section mistakes.
Gold names placed: 2,178 of 2,222 (98 %) over the 339 study postings.

Systems: (1) the parser as is (`jobmatch.postings.must_haves`); (2) the tagger alone: runs of tokens with
p(MUST) >= t as spans, a span read as its canonical vocabulary name (else the names inside it, else as written),
neighbouring spans joined into one group where `jobmatch.alternatives.joins_choices` joins the text between them;
(3) the parser's groups whose best name has p(MUST) >= t_keep (a name's p: the highest mean p(MUST) over its
occurrences; a group none of whose names can be placed is kept), plus the tagger's MUST names at t_add that no
parser group holds, as single groups. t for (2) and (t_keep, t_add) for (3) are chosen on the leave-one-batch-out
scores only (for (3) as in fit_must_have_crossencoder.py: among the pairs that lose lists right on no held-out
group, the most pooled lists right, then recall + precision; (0, 2) is the parser itself).

Protocol: STUDY = dev_postings 1-3 (fit only) and dev_postings4 a-f, g, h-j, k-l, m, n (K01-K239); leave one of the
six out. Then one fit on all study data and the check batches o (K240-K255), p (K256-K271), w (K272-K287) and ac
(K288-K303, merged from branch batch-ac) measured once with the frozen thresholds, summary lines only.

    PYTHONPATH=.:benchmarks HF_HUB_OFFLINE=1 python benchmarks/fit_must_have_tagger.py [--study-only]
        [--cache F] [--scores F] [--folds a-f,...] [--epochs N]

Measured on branch tagger14 (main 8d047d7 + batch-ac). 2 CPU cores shared with another engineer: 172-276 s a fold
(435 s before windows of like length were batched together), 242 s the full fit; 23 min the six folds.

What the tagger learned: where a NAME is, not whether it is asked for. Held-out token AUC of p(MUST): 0.946 for
MUST tokens against every other token, 0.479 for MUST against NICE tokens (chance). Held-out AUC of a parser
group's p(MUST): 0.659 (911 groups, 804 gold; the cross-encoder read 0.68, the frozen filter 0.78). p(MUST) is
as high on nice-to-have names as on must-haves (mean 0.44 and 0.42), so the tagger alone finds few lists at any t
(pooled 0/239 at 0.3 with recall 0.568, precision 0.218), and every (t_keep, t_add) that lets it change the
parser's answer loses pooled lists right (keep at 0.05: 132; 0.1: 124; 0.2: 100; add at 0.7: 85; at 0.5: 11).
The rule picks t_keep 0, t_add 0.9, which adds nothing on the study batches: the parser itself.
Headroom: with the gold labels as the tagger's probabilities the same decoding gives (2) 158/239 and (3) 183/239
(t_keep 0.5 with the adds; 166 without): the decoding is not what limits it.

| batch | postings | (1) parser: right, recall, precision | (2) tagger alone (t 0.7) | (3) (1) x tagger (0, 0.9) |
| --- | --- | --- | --- | --- |
| a-f (held out) | 87 | 62/87, 0.940, 0.927 | 1/87, 0.033, 0.104 | 62/87, 0.940, 0.927 |
| g (held out) | 16 | 9/16, 0.873, 0.821 | 0/16, 0.063, 0.222 | 9/16, 0.873, 0.821 |
| h-j (held out) | 72 | 41/72, 0.891, 0.878 | 0/72, 0.000, 0.000 | 41/72, 0.891, 0.878 |
| k-l (held out) | 32 | 15/32, 0.841, 0.804 | 0/32, 0.034, 0.143 | 15/32, 0.841, 0.804 |
| m (held out) | 16 | 5/16, 0.822, 0.860 | 0/16, 0.044, 0.182 | 5/16, 0.822, 0.860 |
| n (held out) | 16 | 8/16, 0.891, 0.831 | 0/16, 0.055, 0.273 | 8/16, 0.891, 0.831 |
| pooled (held out) | 239 | 140/239, 0.901, 0.882 | 1/239, 0.027, 0.133 | 140/239, 0.901, 0.882 |
| o (check) | 16 | 3/16, 0.848, 0.709 | 0/16, 0.076, 0.278 | 3/16, 0.848, 0.709 |
| p (check) | 16 | 1/16, 0.660, 0.538 | 1/16, 0.038, 0.118 | 1/16, 0.660, 0.538 |
| w (check) | 16 | 1/16, 0.719, 0.651 | 0/16, 0.053, 0.176 | 1/16, 0.719, 0.651 |
| ac (check) | 16 | 2/16, 0.596, 0.548 | 1/16, 0.018, 0.100 | 2/16, 0.596, 0.548 |
| pooled (check) | 64 | 7/64, 0.712, 0.617 | 2/64, 0.047, 0.177 | 7/64, 0.712, 0.617 |

Not shipped: neither (2) nor (3) beats (1) on o, p, w and ac. (3) is (1) on every check batch; (2) loses lists
right on o, w and ac, ties p (1/16), and its recall and precision are far below (1) everywhere. No weights are
written. Size, had it shipped: the study postings use 6,905 of the 30,522 word pieces; a vocabulary pruned to them
leaves 13.6 M parameters, 27 MB in fp16 (over the ~25 MB bound), 14 MB in int8 (under), at the cost of [UNK] for
word pieces no study posting used.

Variant: context labels (`--labels requirement-lines`; branch tagger14b, main 431e90d). Every-mention labels made
the tag a property of the name; these label a gold name's mention MUST or NICE only where the posting asks for it,
read from cue words, not the parser's sections: a line asks when it, or the nearest heading above it (a short
non-bullet line, or one ending in ":"), holds must / required / requires / requirement(s) / essential / mandatory /
you have / you'll need / you will need / qualification(s) / nice / bonus / preferred / preferably / desirable /
plus / advantage(ous) / ideally. A name with no mention in an asking line keeps its one mention nearest a cue
word; every other mention is O. Coverage: 2,104 of the 2,222 study gold names labelled (95 %; 1,422 in an asking
line, 682 by the nearest cue; 74 stand in postings with no cue word, 44 cannot be placed); 2,186 labelled mentions
where every-mention labelled 2,701. Same model, windows, 3 epochs (5 did not fit the 40-minute box: 168-223 s a
fold at 3, 2 cores), thresholds and protocol as above; 21 min the six folds, 230 s the full fit.

It learned the same thing: held-out token AUC of p(MUST) 0.948 for MUST tokens against the rest, 0.467 for MUST
against NICE tokens (chance, as before); a parser group's p(MUST) 0.654 (911 groups, 804 gold). Every (t_keep,
t_add) that changes the parser's answer loses pooled lists right (keep at 0.05: 126; 0.1: 109; 0.2: 91; add at
0.7: 131; at 0.5: 31), the tagger alone finds 1/239 at best (0.7; at 0.3 recall 0.499, precision 0.224), and the
rule again picks t_keep 0, t_add 0.9: the parser itself on every study batch.

| batch | postings | (1) parser: right, recall, precision | (2) tagger alone (t 0.7) | (3) (1) x tagger (0, 0.9) |
| --- | --- | --- | --- | --- |
| a-f (held out) | 87 | 62/87, 0.940, 0.927 | 1/87, 0.005, 0.200 | 62/87, 0.940, 0.927 |
| g (held out) | 16 | 9/16, 0.873, 0.821 | 0/16, 0.000, 0.000 | 9/16, 0.873, 0.821 |
| h-j (held out) | 72 | 41/72, 0.891, 0.878 | 0/72, 0.000, 1.000 | 41/72, 0.891, 0.878 |
| k-l (held out) | 32 | 15/32, 0.841, 0.804 | 0/32, 0.000, 0.000 | 15/32, 0.841, 0.804 |
| m (held out) | 16 | 5/16, 0.822, 0.860 | 0/16, 0.022, 0.500 | 5/16, 0.822, 0.860 |
| n (held out) | 16 | 8/16, 0.891, 0.831 | 0/16, 0.018, 1.000 | 8/16, 0.891, 0.831 |
| pooled (held out) | 239 | 140/239, 0.901, 0.882 | 1/239, 0.004, 0.211 | 140/239, 0.901, 0.882 |
| o (check) | 16 | 3/16, 0.848, 0.709 | 0/16, 0.030, 0.400 | 3/16, 0.848, 0.709 |
| p (check) | 16 | 1/16, 0.660, 0.538 | 0/16, 0.000, 0.000 | 1/16, 0.660, 0.538 |
| w (check) | 16 | 1/16, 0.719, 0.651 | 0/16, 0.035, 0.400 | 1/16, 0.719, 0.651 |
| ac (check) | 16 | 2/16, 0.596, 0.548 | 1/16, 0.018, 0.333 | 2/16, 0.596, 0.548 |
| pooled (check) | 64 | 7/64, 0.712, 0.617 | 1/64, 0.021, 0.357 | 7/64, 0.712, 0.617 |

Not shipped: (3) is (1) on every check batch, and (2) loses lists right on all four (o 0 vs 3, p 0 vs 1, w 0 vs 1,
ac 1 vs 2) with recall far below (1); against the every-mention tagger, (2) finds fewer (pooled 1/64 against 2/64).
No weights are written. Labelling the mention where it is asked for did not teach must against nice: both labellings
end at chance (0.479, 0.467).
"""

from __future__ import annotations

import pickle
import random
import re
import time
from pathlib import Path

import reader_groups
from fit_must_have_crossencoder import STUDY, postings
from reader_groups import cell

import jobmatch.postings as postings_module
from jobmatch.alternatives import joins_choices
from jobmatch.documents import document_text
from jobmatch.evaluation import _groups
from jobmatch.skills import load_vocabulary

CHECK = {"o": (240, 255), "p": (256, 271), "w": (272, 287), "ac": (288, 303)}  # measured once, summary lines only
LABELS = ("O", "B-MUST", "I-MUST", "B-NICE", "I-NICE")
WINDOW = 256  # tokens a window, [CLS] and [SEP] included
STEP = 192  # a window starts this many tokens after the last: 62 tokens of overlap
EPOCHS = 3
LEARNING_RATE = 5e-5
BATCH = 8
SEED = 42
T_KEEP = (0.0, 0.05, 0.1, 0.2, 0.3, 0.5)  # 0.0: keep every parser group
T_ADD = (0.5, 0.7, 0.9, 2.0)  # 2.0: add nothing
T_ALONE = (0.3, 0.5, 0.7)


def _flat(items) -> list[str]:
    return [n for i in items or [] for n in ([i] if isinstance(i, str) else i)]


def _word_bounded(name: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w])" + re.escape(name).replace(r"\ ", r"\s+") + r"(?![\w])", re.I)


def occurrences(text: str, names: list[str], vocab) -> dict[str, list[tuple[int, int]]]:
    """Where each name stands in the text: its vocabulary mentions (any alias of the same skill) and its verbatim,
    word-bounded, case-insensitive occurrences; keyed by the name as given."""
    keys = {vocab.same_skill(n).casefold(): n for n in names}
    found: dict[str, list[tuple[int, int]]] = {n: [] for n in names}
    for name, start, end in vocab.in_context(text).mentions(text):
        key = vocab.same_skill(name).casefold()
        if key in keys:
            found[keys[key]].append((start, end))
    for name in names:
        found[name].extend(m.span() for m in _word_bounded(name).finditer(text))
    return found


def gold_spans(text: str, gold: dict, vocab, *, context: bool = False) -> tuple[list[tuple[int, int, str]], int, int]:
    """Every occurrence of a gold must-have (MUST) or nice-to-have (NICE) name, overlaps resolved longest first;
    with how many of the gold names (must-haves and nice-to-haves) could be placed (labelled, with `context`:
    only the mentions `context_spans` keeps)."""
    must, nice = _flat(gold.get("must_have")), _flat(gold.get("nice_to_have"))
    must_keys = {vocab.same_skill(n).casefold() for n in must}
    nice = [n for n in nice if vocab.same_skill(n).casefold() not in must_keys]
    spans = []
    for kind, names in (("MUST", must), ("NICE", nice)):
        where = occurrences(text, names, vocab)
        spans.extend((s, e, kind, kind + name) for name, v in where.items() for s, e in v)
    if context:
        spans = context_spans(text, spans)
    placed = len({span[3] for span in spans})
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0]), s[2] != "MUST"))
    kept: list[tuple[int, int, str]] = []
    for span in spans:
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span[:3])
    return kept, placed, len(must) + len(nice)


# --labels requirement-lines: a mention is labelled only where the posting asks for it. "Asking" is read from plain
# cue words, not from the parser's sections, so that the parser's section mistakes are not taught back to it.
ASK_CUE = re.compile(
    r"\b(?:must|required|requires?|requirements?|essential|mandatory|you\s+have|you(?:'|\u2019)?ll\s+need|"
    r"you\s+will\s+need|qualifications?|nice|bonus|preferred|preferably|desirable|plus|advantage(?:ous)?|ideally)\b",
    re.I,
)
BULLET = re.compile(r"^\s*(?:[-*\u2022\u2013\u00b7]|\d+[.)])\s")


def _is_heading(line: str) -> bool:
    """A short non-bullet line that ends in a colon or has no sentence end: a section heading."""
    stripped = line.strip()
    if not stripped or BULLET.match(line):
        return False
    return stripped.endswith(":") or (len(stripped.split()) <= 6 and not stripped.endswith((".", "!", "?")))


def asking_lines(text: str) -> list[tuple[int, int]]:
    """Character ranges of the lines that ask for something: the line holds a cue word, or the nearest heading
    above it (itself included) does. A heading's own text counts as its section's."""
    ranges, heading_asks, start = [], False, 0
    for line in text.splitlines(keepends=True):
        end = start + len(line)
        if _is_heading(line):
            heading_asks = bool(ASK_CUE.search(line))
        if heading_asks or ASK_CUE.search(line):
            ranges.append((start, end))
        start = end
    return ranges


def context_spans(text: str, spans: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    """Keep a gold name's mentions that stand in an asking line; a name with none keeps its one mention nearest a
    cue word (any line). Spans come in as gold_spans makes them, with the name they belong to as a 4th item."""
    lines = asking_lines(text)
    cues = [m.start() for m in ASK_CUE.finditer(text)]
    kept, by_name = [], {}
    for span in spans:
        by_name.setdefault(span[3], []).append(span)
    for mentions in by_name.values():
        asked = [m for m in mentions if any(a <= m[0] < b for a, b in lines)]
        if not asked and cues:
            asked = [min(mentions, key=lambda m: min(abs(m[0] - c) for c in cues))]
        kept.extend(asked)
    return sorted(kept)


def tokenized(text: str, tokenizer) -> tuple[list[int], list[tuple[int, int]]]:
    enc = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
    return enc["input_ids"], enc["offset_mapping"]


def token_labels(offsets, spans) -> list[int]:
    labels, inside = [], {}
    for a, _ in offsets:
        span = next((s for s in spans if s[0] <= a < s[1]), None)
        if span is None:
            labels.append(0)
            continue
        first = span not in inside
        inside[span] = True
        labels.append(LABELS.index(("B-" if first else "I-") + span[2]))
    return labels


def windows(n: int) -> list[tuple[int, int]]:
    size = WINDOW - 2
    starts = list(range(0, max(n - size, 0) + 1, STEP))
    if starts[-1] + size < n:
        starts.append(n - size)
    return [(s, min(s + size, n)) for s in starts]


def build(path_rows, cache: Path | None, *, context: bool = False) -> list[dict]:
    """Per posting: batch, gold, text, tokens, offsets, token labels, the parser's groups; cached."""
    if cache and cache.is_file():
        return pickle.loads(cache.read_bytes())
    from transformers import AutoTokenizer

    from core.paths import default_base_model_path

    tokenizer = AutoTokenizer.from_pretrained(str(default_base_model_path()))
    vocab = load_vocabulary()
    items = []
    for batch, path, gold in path_rows:
        text = document_text(path)
        ids, offsets = tokenized(text, tokenizer)
        spans, placed, total = gold_spans(text, gold, vocab, context=context)
        groups, _ = postings_module.must_haves(text, vocab.in_context(text))
        items.append(
            {
                "batch": batch,
                "gold": gold,
                "text": text,
                "ids": ids,
                "offsets": offsets,
                "labels": token_labels(offsets, spans),
                "placed": (placed, total),
                "parser": [list(g) for g in groups],
            }
        )
    if cache:
        cache.write_bytes(pickle.dumps(items))
    return items


def _window_batches(items, tokenizer, *, with_labels: bool):
    rows = []
    for index, item in enumerate(items):
        for s, e in windows(len(item["ids"])):
            ids = [tokenizer.cls_token_id, *item["ids"][s:e], tokenizer.sep_token_id]
            labels = [-100, *item["labels"][s:e], -100] if with_labels else None
            rows.append((index, s, ids, labels))
    return rows


def _padded(rows, pad_id: int):
    import torch

    width = max(len(r[2]) for r in rows)
    ids = torch.full((len(rows), width), pad_id)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    labels = torch.full((len(rows), width), -100)
    for i, (_, _, row_ids, row_labels) in enumerate(rows):
        ids[i, : len(row_ids)] = torch.tensor(row_ids)
        mask[i, : len(row_ids)] = 1
        if row_labels is not None:
            labels[i, : len(row_labels)] = torch.tensor(row_labels)
    return ids, mask, labels


def fit(train: list[dict], *, epochs: int = EPOCHS):
    """The MiniLM-L6 base with a fresh token-classification head, fine-tuned on the train postings' windows."""
    import torch
    from transformers import AutoModelForTokenClassification, AutoTokenizer, get_linear_schedule_with_warmup

    from core.paths import default_base_model_path

    base = str(default_base_model_path())
    random.seed(SEED)
    torch.manual_seed(SEED)
    tokenizer = AutoTokenizer.from_pretrained(base)
    model = AutoModelForTokenClassification.from_pretrained(
        base, num_labels=len(LABELS), id2label=dict(enumerate(LABELS)), label2id={k: i for i, k in enumerate(LABELS)}
    )
    rows = _window_batches(train, tokenizer, with_labels=True)
    n_batches = (len(rows) + BATCH - 1) // BATCH
    steps = epochs * n_batches
    optimizer = torch.optim.AdamW(model.parameters(), lr=LEARNING_RATE, weight_decay=0.01)
    schedule = get_linear_schedule_with_warmup(optimizer, int(0.1 * steps), steps)
    model.train()
    order = random.Random(SEED)
    for _ in range(epochs):
        order.shuffle(rows)
        # Windows of like length batched together (within runs of 8 batches) pad less: about a third less time.
        runs = [sorted(rows[i : i + 8 * BATCH], key=lambda r: len(r[2])) for i in range(0, len(rows), 8 * BATCH)]
        batches = [run[i : i + BATCH] for run in runs for i in range(0, len(run), BATCH)]
        order.shuffle(batches)
        for batch in batches:
            ids, mask, labels = _padded(batch, tokenizer.pad_token_id)
            loss = model(input_ids=ids, attention_mask=mask, labels=labels).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
    model.eval()
    return model, tokenizer


def score(model, tokenizer, items: list[dict]) -> None:
    """Write per-token label probabilities (averaged over the windows that hold the token) into item["probs"]."""
    import numpy as np
    import torch

    rows = _window_batches(items, tokenizer, with_labels=False)
    sums = [np.zeros((len(i["ids"]), len(LABELS))) for i in items]
    counts = [np.zeros(len(i["ids"])) for i in items]
    with torch.no_grad():
        for i in range(0, len(rows), 32):
            chunk = rows[i : i + 32]
            ids, mask, _ = _padded(chunk, tokenizer.pad_token_id)
            probs = torch.softmax(model(input_ids=ids, attention_mask=mask).logits, -1).numpy()
            for (index, start, row_ids, _), p in zip(chunk, probs, strict=True):
                n = len(row_ids) - 2
                sums[index][start : start + n] += p[1 : 1 + n]
                counts[index][start : start + n] += 1
    for item, s, c in zip(items, sums, counts, strict=True):
        item["probs"] = s / np.maximum(c, 1)[:, None]


# ---- decoding -------------------------------------------------------------------------------------------------


def _must(probs):
    return probs[:, 1] + probs[:, 2]


def must_spans(item: dict, threshold: float) -> list[tuple[int, int]]:
    """Character spans of runs of tokens with p(MUST) >= threshold; a token whose B-MUST outweighs its I-MUST
    starts a new span, and a word piece never does."""
    probs, offsets, text = item["probs"], item["offsets"], item["text"]
    must = _must(probs)
    spans: list[list[int]] = []
    previous = False
    for k, (a, b) in enumerate(offsets):
        if must[k] < threshold:
            previous = False
            continue
        piece = k > 0 and offsets[k - 1][1] == a and text[a - 1 : a].isalnum()
        if previous and (piece or probs[k, 2] >= probs[k, 1]):
            spans[-1][1] = b
        else:
            spans.append([a, b])
        previous = True
    return [(a, b) for a, b in spans]


def names_of(span_text: str, vocab) -> list[str]:
    """A tagged span as names: its canonical vocabulary name, else the vocabulary names inside it, else as written."""
    raw = span_text.strip(" \t\n.,;:()[]*-–\"'")
    if not raw:
        return []
    name = vocab.normalize(raw)
    if name:
        return [name]
    return vocab.extract(raw) or [raw]


def tagger_groups(item: dict, threshold: float, vocab) -> list[list[str]]:
    """(2) the tagger alone: MUST spans as names, neighbours joined as choices where the parser's "X or Y" reading
    joins them (`jobmatch.alternatives.joins_choices`)."""
    text = item["text"]
    groups: list[list[str]] = []
    last_end = None
    for a, b in must_spans(item, threshold):
        names = names_of(text[a:b], vocab)
        if not names:
            continue
        if groups and last_end is not None and joins_choices(text[last_end:a]):
            groups[-1].extend(n for n in names if n not in groups[-1])
        else:
            groups.append(names)
        last_end = b
    out, seen = [], set()
    for g in groups:
        key = next(iter(_groups([g])))
        if key not in seen:
            seen.add(key)
            out.append(g)
    return out


def name_must(item: dict, name: str, vocab) -> float | None:
    """The highest mean p(MUST) over the name's occurrences in the posting; None when it cannot be placed."""
    where = occurrences(item["text"], [name], vocab)[name]
    if not where:
        return None
    must = _must(item["probs"])
    best = 0.0
    for s, e in where:
        inside = [k for k, (a, _) in enumerate(item["offsets"]) if s <= a < e]
        if inside:
            best = max(best, float(must[inside].mean()))
    return best


def annotate(item: dict, vocab) -> None:
    """Precompute, for the threshold sweep: each parser group's best p(MUST) (1.0 when none of its names can be
    placed), and the tagger's MUST names at each add threshold that no parser group holds."""
    scores = []
    for group in item["parser"]:
        found = [p for p in (name_must(item, n, vocab) for n in group) if p is not None]
        scores.append(max(found) if found else 1.0)
    item["group_p"] = scores
    held = {vocab.same_skill(n).casefold() for g in item["parser"] for n in g}
    item["adds"] = {}
    for t in T_ADD:
        extra = []
        for g in tagger_groups(item, t, vocab) if t <= 1 else []:
            for n in g:
                key = vocab.same_skill(n).casefold()
                if key not in held and key not in {vocab.same_skill(x).casefold() for x in extra}:
                    extra.append(n)
        item["adds"][t] = extra
    item["alone"] = {t: tagger_groups(item, t, vocab) for t in T_ALONE}


def combined(item: dict, t_keep: float, t_add: float) -> list[list[str]]:
    """(3) the parser's groups the tagger reads as MUST (p >= t_keep), plus its MUST names no group holds."""
    kept = [g for g, p in zip(item["parser"], item["group_p"], strict=True) if p >= t_keep]
    return kept + [[n] for n in item["adds"][t_add]]


def tally(items: list[dict], system) -> tuple[int, int, float, float]:
    return reader_groups.list_tally([(i["gold"], [tuple(g) for g in system(i)]) for i in items])


def parser_system(item):
    return item["parser"]


def choose(study: list[dict]) -> tuple[float, float]:
    """(t_keep, t_add) on the held-out study scores, by `reader_groups.choose_thresholds`; (0, 2) is the parser."""
    return reader_groups.choose_thresholds(
        study, STUDY, [(k, a) for k in T_KEEP for a in T_ADD], combined, parser_system, default=(0.0, 2.0)
    )


def choose_alone(study: list[dict]) -> float:
    return max(T_ALONE, key=lambda t: (lambda r: (r[0], r[2] + r[3]))(tally(study, lambda i: i["alone"][t])))


def table_rows(items, groups, chosen, t_alone, label):
    for b in groups:
        sub = items if b == "pooled" else [i for i in items if i["batch"] == b]
        print(
            f"| {b} ({label}) | {len(sub)} | {cell(tally(sub, parser_system))} "
            f"| {cell(tally(sub, lambda i: i['alone'][t_alone]))} "
            f"| {cell(tally(sub, lambda i: combined(i, *chosen)))} |",
            flush=True,
        )


def main() -> None:
    parser = reader_groups.fold_arguments(__doc__.splitlines()[0], STUDY, cached="postings")
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument(
        "--labels",
        choices=("every-mention", "requirement-lines"),
        default="every-mention",
        help="label every mention of a gold name, or only its mentions in lines that ask for it",
    )
    args = parser.parse_args()
    context = args.labels == "requirement-lines"

    import torch

    torch.set_num_threads(2)
    vocab = load_vocabulary()
    started = time.perf_counter()
    items = build(postings(STUDY, older=True), args.cache, context=context)
    placed = sum(i["placed"][0] for i in items), sum(i["placed"][1] for i in items)
    tokens = sum(len(i["ids"]) for i in items)
    n_windows = sum(len(windows(len(i["ids"]))) for i in items)
    print(
        f"{len(items)} study postings ({time.perf_counter() - started:.0f} s to parse), {tokens} tokens, "
        f"{n_windows} windows; gold names placed {placed[0]}/{placed[1]}",
        flush=True,
    )

    # 1. Leave one dev_postings4 batch group out.
    if args.scores and args.scores.is_file():
        items = pickle.loads(args.scores.read_bytes())
    for held in args.folds.split(","):
        test = [i for i in items if i["batch"] == held]
        if not test or all("probs" in i for i in test):
            continue
        started = time.perf_counter()
        model, tokenizer = fit([i for i in items if i["batch"] != held], epochs=args.epochs)
        score(model, tokenizer, test)
        print(f"fold {held}: {time.perf_counter() - started:.0f} s", flush=True)
        if args.scores:  # after each fold, so that a stopped run resumes
            args.scores.write_bytes(pickle.dumps(items))
    study = [i for i in items if i["batch"] in STUDY]
    if any("probs" not in i for i in study):
        print("not every fold ran; stopping")
        return
    for item in study:
        annotate(item, vocab)
    from sklearn.metrics import roc_auc_score

    labels = [next(iter(_groups([g]))) in _groups(i["gold"].get("must_have")) for i in study for g in i["parser"]]
    auc = roc_auc_score(labels, [p for i in study for p in i["group_p"]])
    print(f"held-out AUC of a parser group's p(MUST): {auc:.3f} ({len(labels)} groups, {sum(labels)} gold)")
    import numpy as np

    tags = np.concatenate([np.array(i["labels"]) for i in study])
    must = np.concatenate([_must(i["probs"]) for i in study])
    is_must, is_nice = np.isin(tags, (1, 2)), np.isin(tags, (3, 4))
    named = is_must | is_nice
    print(
        f"held-out token AUC of p(MUST): MUST vs the rest {roc_auc_score(is_must, must):.3f}, "
        f"MUST vs NICE {roc_auc_score(is_must[named], must[named]):.3f}"
    )
    chosen, t_alone = choose(study), choose_alone(study)
    print(f"chosen on leave-one-batch-out: t_keep {chosen[0]}, t_add {chosen[1]}; tagger alone at {t_alone}")
    print("\n| batch | postings | (1) parser | (2) tagger alone | (3) parser kept by tagger + tagger adds |")
    print("| --- | --- | --- | --- | --- |")
    table_rows(study, (*STUDY, "pooled"), chosen, t_alone, "held out")
    print("\nother thresholds, pooled held-out (right, recall, precision):")
    for t in T_ALONE:
        print(f"  tagger alone at {t}: {cell(tally(study, lambda i, t=t: i['alone'][t]))}")
    for t_keep in T_KEEP:
        cells = "; ".join(f"add>={t}: {cell(tally(study, lambda i, k=t_keep, a=t: combined(i, k, a)))}" for t in T_ADD)
        print(f"  t_keep {t_keep}: {cells}")
    if args.study_only:
        return

    # 2. One fit on all study data; the check batches once, summary lines only.
    checks = build(postings(CHECK, older=False), None, context=context)
    started = time.perf_counter()
    model, tokenizer = fit(items, epochs=args.epochs)
    print(f"\nfull fit: {time.perf_counter() - started:.0f} s", flush=True)
    score(model, tokenizer, checks)
    for item in checks:
        annotate(item, vocab)
    table_rows(checks, CHECK, chosen, t_alone, "check")
    table_rows(checks, ("pooled",), chosen, t_alone, "check")


if __name__ == "__main__":
    main()
