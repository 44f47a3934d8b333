"""Collecting validation problems, each at a JSON Pointer (RFC 6901) into the document."""

from __future__ import annotations

from .results import ValidationError

__all__ = ["ProblemList", "pointer"]


class ProblemList:
    __slots__ = ("errors",)

    def __init__(self) -> None:
        self.errors: list[ValidationError] = []

    def add(self, path: str, message: str) -> None:
        self.errors.append(ValidationError(path, message))

    @property
    def count(self) -> int:
        return len(self.errors)

    @property
    def is_empty(self) -> bool:
        return not self.errors


def pointer(path: str, key: str | int) -> str:
    """``path`` extended by one object key or array index, escaped as JSON Pointer requires."""
    if isinstance(key, int):
        return f"{path}/{key}"
    return f"{path}/{key.replace('~', '~0').replace('/', '~1')}"
