"""Fixtures shared by every test: no network, and tiny local models built from config."""

from __future__ import annotations

import copy
import shutil

import pytest


@pytest.fixture(autouse=True)
def _offline(monkeypatch, tmp_path_factory):
    """Tests never reach the Hub, and caches (ONNX exports) go to a temp folder."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    monkeypatch.setenv("CROSSRANK_CACHE", str(tmp_path_factory.getbasetemp() / "crossrank-cache"))


def _tiny_bert_config(num_labels: int | None = None):
    from transformers import BertConfig

    from core.paths import default_base_model_path

    config = BertConfig.from_pretrained(default_base_model_path())
    config.update(
        {"hidden_size": 32, "num_hidden_layers": 2, "num_attention_heads": 2, "intermediate_size": 64}
    )
    if num_labels is not None:
        config.num_labels = num_labels
    return config


@pytest.fixture(scope="session")
def tiny_reranker_path(tmp_path_factory):
    """A saved tiny BERT cross-encoder (2 layers, hidden 32) with the shipped tokenizer."""
    import torch
    from transformers import AutoTokenizer, BertForSequenceClassification

    from core.paths import default_base_model_path

    torch.manual_seed(0)
    path = tmp_path_factory.mktemp("tiny-reranker")
    BertForSequenceClassification(_tiny_bert_config(num_labels=1)).save_pretrained(path)
    AutoTokenizer.from_pretrained(default_base_model_path()).save_pretrained(path)
    return path


@pytest.fixture(scope="session")
def tiny_embedder_path(tmp_path_factory):
    """A saved tiny SentenceTransformer (tiny BERT + mean pooling) with the shipped tokenizer."""
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Pooling, Transformer
    from transformers import AutoTokenizer, BertModel

    from core.paths import default_base_model_path

    torch.manual_seed(0)
    bert_path = tmp_path_factory.mktemp("tiny-bert")
    BertModel(_tiny_bert_config()).save_pretrained(bert_path)
    AutoTokenizer.from_pretrained(default_base_model_path()).save_pretrained(bert_path)
    transformer = Transformer(str(bert_path))
    model = SentenceTransformer(modules=[transformer, Pooling(transformer.get_embedding_dimension(), "mean")])
    path = tmp_path_factory.mktemp("tiny-embedder")
    model.save(str(path))
    shutil.rmtree(bert_path)
    return path


@pytest.fixture(scope="session")
def _tiny_reranker_once(tiny_reranker_path):
    from core import load_reranker

    return load_reranker(tiny_reranker_path, backend="torch")


@pytest.fixture
def tiny_reranker(_tiny_reranker_once):
    """A fresh tiny Reranker per test: a deepcopy of the one loaded once per session."""
    return copy.deepcopy(_tiny_reranker_once)
