"""Every schema component name in /api/openapi.json stands for exactly one class.

ninja names a component after the pydantic class (or enum), so two modules that each define,
say, ``PageOut`` would silently share one component, and one endpoint would be documented with
the other's shape. This walks every operation's body, query and response types and fails when
two different classes would take one component name.
"""

from __future__ import annotations

import enum
import typing
from collections import defaultdict
from typing import Any

from pydantic import BaseModel

from herningmodel.api import api


def _classes_in(annotation: Any, found: set[type], seen: set[int]) -> None:
    if id(annotation) in seen:
        return
    seen.add(id(annotation))
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        found.add(annotation)
        return
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        found.add(annotation)
        for field in annotation.model_fields.values():
            _classes_in(field.annotation, found, seen)
        return
    for arg in typing.get_args(annotation):
        _classes_in(arg, found, seen)


def classes_by_component_name() -> dict[str, set[type]]:
    api.get_openapi_schema()  # binds the routers' operations
    found: set[type] = set()
    seen: set[int] = set()
    for _prefix, router in api._routers:
        for path_operation in router.path_operations.values():
            for operation in path_operation.operations:
                models = list(operation.models) + [
                    m for m in operation.response_models.values() if m is not None
                ]
                for model in models:  # ninja's wrappers: QueryParams, BodyParams, responses
                    for field in model.model_fields.values():
                        _classes_in(field.annotation, found, seen)
    by_name: dict[str, set[type]] = defaultdict(set)
    for cls in found:
        by_name[cls.__name__].add(cls)
    return by_name


def test_the_walk_finds_the_schemas_components() -> None:
    components = set(api.get_openapi_schema()["components"]["schemas"])
    assert {"ErrorOut", "CaseOut", "TeamOverviewOut"} <= components
    assert components <= set(classes_by_component_name())


def test_every_component_name_maps_to_one_class() -> None:
    components = set(api.get_openapi_schema()["components"]["schemas"])
    clashes = {
        name: sorted(f"{c.__module__}.{c.__qualname__}" for c in classes)
        for name, classes in classes_by_component_name().items()
        if name in components and len(classes) > 1
    }
    assert not clashes, f"one component name, several classes: {clashes}"
