"""One error model: every exception crossrank defines is a ``*Error`` under ``CrossrankError``."""

import importlib
import inspect
import pkgutil

import pytest

import core
import cti_mapper
import jobmatch
from core.errors import CrossrankError, DataError, ModelLoadError


def _library_modules():
    for package in (core, jobmatch, cti_mapper):
        yield package.__name__
        for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            if not info.name.endswith("__main__"):  # running it would start the CLI
                yield info.name


def _defined_exceptions():
    found = {}
    for name in _library_modules():
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, BaseException) and value.__module__ == name:
                found[f"{name}.{attr}"] = value
    return found


def test_every_exception_is_a_crossrank_error_named_error():
    found = _defined_exceptions()
    # Sanity: the walk reached both apps, so an empty result cannot pass.
    assert {"jobmatch.documents.InputError", "cti_mapper.attack.CatalogError"} <= set(found)
    for qualname, cls in found.items():
        assert cls.__name__.endswith("Error"), f"{qualname}: name it *Error"
        if not cls.__name__.startswith("_"):  # private control-flow signals stay internal
            assert issubclass(cls, CrossrankError), f"{qualname} does not derive from CrossrankError"


@pytest.mark.parametrize("cls", [ModelLoadError, DataError])
def test_core_errors_stay_value_errors(cls):
    # Callers that caught ValueError before the base class existed keep working.
    assert issubclass(cls, CrossrankError) and issubclass(cls, ValueError)
    assert core.CrossrankError is CrossrankError
