"""crossrank core: load, fine-tune, run and evaluate cross-encoder rerankers."""

# First: sets OMP_WAIT_POLICY before anything below loads torch (see core/threads.py).
from core import threads as _threads  # noqa: F401  isort: skip
from core.card import write_model_card
from core.data import Pair, RerankSample, load_pairs, save_pairs, split_pairs
from core.errors import DataError, ModelLoadError
from core.evaluation import (
    average_precision,
    correlation_metrics,
    evaluate_correlation,
    evaluate_reranking,
    mrr_at_k,
    ndcg_at_k,
    reranking_metrics,
)
from core.files import parse_jsonl, write_atomic
from core.inference import RankedItem, rank, retrieve_and_rerank, top_k_cosine
from core.model import (
    BACKENDS,
    Embedder,
    Reranker,
    default_backend,
    load_cross_encoder,
    load_embedder,
    load_reranker,
)
from core.paths import cache_dir, default_base_model_path, quiet_third_party_logs, shared_data_dir
from core.training import RECIPES, Recipe, TrainResult, get_recipe, is_main_process, main_process_first, train

__all__ = [
    "BACKENDS", "RECIPES", "DataError", "Embedder", "ModelLoadError", "Pair", "RankedItem", "Recipe",
    "RerankSample", "Reranker", "TrainResult", "average_precision", "cache_dir", "correlation_metrics",
    "default_backend", "default_base_model_path", "evaluate_correlation", "evaluate_reranking", "get_recipe",
    "is_main_process", "load_cross_encoder", "load_embedder", "load_pairs", "load_reranker",
    "main_process_first", "mrr_at_k", "ndcg_at_k", "parse_jsonl",
    "quiet_third_party_logs", "rank", "reranking_metrics", "retrieve_and_rerank", "save_pairs",
    "shared_data_dir", "split_pairs", "top_k_cosine", "train", "write_atomic", "write_model_card",
]
