"""The analyst's loop: review cti-map's mappings in a browser, store decisions, learn from them.

``store`` (tables, engine), ``service`` (library functions), ``feedback`` (decisions to training
pairs and evaluation examples), ``app`` (FastAPI factory; needs the ``serve`` dependencies).
"""
