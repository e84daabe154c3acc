"""Typed errors: one base the CLIs map to one-line messages, one ``*Error`` name per problem."""


class CrossrankError(Exception):
    """Base of every error crossrank raises on purpose: bad input, missing data, unloadable model.

    Anything else that escapes is a bug, so a CLI can catch this one class and let the rest show.
    """


class ModelLoadError(CrossrankError, ValueError):
    """A model could not be loaded: wrong path, not a model, or not reachable offline."""


class DataError(CrossrankError, ValueError):
    """A dataset file is missing, malformed or empty."""
