"""Typed errors the apps map to one-line CLI messages."""


class ModelLoadError(ValueError):
    """A model could not be loaded: wrong path, not a model, or not reachable offline."""


class DataError(ValueError):
    """A dataset file is missing, malformed or empty."""
