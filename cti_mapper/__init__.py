"""cti_mapper: ATT&CK labels for every sentence of a threat report, on crossrank's core.

Names are re-exported lazily so that ``import cti_mapper`` (and ``cti-map --help``) does not
load torch; ``from cti_mapper import read_report`` works as usual.
"""

from __future__ import annotations

from core.lazy import lazy_exports

_EXPORTS = {
    # ingestion
    "Document": "cti_mapper.reports",
    "ReportError": "cti_mapper.reports",
    "Sentence": "cti_mapper.reports",
    "read_report": "cti_mapper.reports",
    # catalog
    "AttackCatalog": "cti_mapper.attack",
    "AttackObject": "cti_mapper.attack",
    "CatalogError": "cti_mapper.attack",
    "UnknownAttackIdError": "cti_mapper.attack",
    "load_catalog": "cti_mapper.attack",
    # mapping
    "LabelMatch": "cti_mapper.mapping",
    "Mapper": "cti_mapper.mapping",
    "SentenceMapping": "cti_mapper.mapping",
    # outputs
    "MappedReport": "cti_mapper.export",
    "build_report": "cti_mapper.export",
    "to_csv": "cti_mapper.export",
    "to_json": "cti_mapper.export",
    "to_navigator": "cti_mapper.export",
    "to_stix": "cti_mapper.export",
    "write_atomic": "cti_mapper.export",
    "to_html": "cti_mapper.html_report",
    "ResultError": "cti_mapper.results",
    "load_result": "cti_mapper.results",
    # many reports (in-process or on Ray)
    "BatchOptions": "cti_mapper.batch",
    "MapperSpec": "cti_mapper.batch",
    "run_batch": "cti_mapper.batch",
    # evaluation
    "EvaluationDataError": "cti_mapper.evaluation",
    "LabelledText": "cti_mapper.evaluation",
    "evaluate_mapper": "cti_mapper.evaluation",
    "load_labelled_texts": "cti_mapper.evaluation",
    "ranking_metrics": "cti_mapper.evaluation",
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, __all__)
