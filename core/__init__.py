"""crossrank core: load, fine-tune, run and evaluate cross-encoder rerankers.

Names are re-exported lazily, so ``import core`` (and a CLI's ``--help``) does not load torch;
``from core import load_reranker`` works as usual. Helpers the apps share (``core.files``,
``core.paths``, ``core.evaluation``'s metric maths) are imported from their modules.
"""

from __future__ import annotations

# First: sets OMP_WAIT_POLICY before anything loads torch (see core/threads.py).
from core import threads as _threads  # noqa: F401  isort: skip
from core.backends import BACKENDS
from core.errors import CrossrankError, DataError, ModelLoadError
from core.lazy import lazy_exports

_EXPORTS = {
    # load and score
    "Embedder": "core.model",
    "Reranker": "core.model",
    "default_backend": "core.model",
    "load_cross_encoder": "core.model",
    "load_embedder": "core.model",
    "load_reranker": "core.model",
    # rank and retrieve
    "RankedItem": "core.inference",
    "rank": "core.inference",
    "retrieve_and_rerank": "core.inference",
    "EmbeddingCache": "core.embedding_cache",
    "Retriever": "core.retrieval",
    "Shortlist": "core.retrieval",
    "cosine_retriever": "core.retrieval",
    "retrieve_then_rerank": "core.retrieval",
    "top_k_cosine": "core.retrieval",
    # data
    "Pair": "core.data",
    "RerankSample": "core.data",
    "load_pairs": "core.data",
    "save_pairs": "core.data",
    "split_pairs": "core.data",
    # train, evaluate, describe
    "RECIPES": "core.training",
    "Recipe": "core.training",
    "TrainResult": "core.training",
    "get_recipe": "core.training",
    "is_main_process": "core.training",
    "main_process_first": "core.training",
    "train": "core.training",
    "evaluate_correlation": "core.evaluation",
    "evaluate_reranking": "core.evaluation",
    "write_model_card": "core.card",
}

__all__ = [  # noqa: F822  the lazy names resolve through __getattr__
    "BACKENDS", "RECIPES", "CrossrankError", "DataError", "EmbeddingCache", "Embedder", "ModelLoadError", "Pair",
    "RankedItem", "Recipe", "RerankSample", "Reranker", "Retriever", "Shortlist", "TrainResult", "cosine_retriever",
    "default_backend", "evaluate_correlation", "evaluate_reranking", "get_recipe", "is_main_process",
    "load_cross_encoder", "load_embedder", "load_pairs", "load_reranker", "main_process_first", "rank",
    "retrieve_and_rerank", "retrieve_then_rerank", "save_pairs", "split_pairs", "top_k_cosine", "train",
    "write_model_card",
]


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, __all__)
