"""What evaluation and validation return: results, reasons and validation errors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, Literal, TypeVar

from .json_values import JsonValue

if TYPE_CHECKING:
    from .document import FlagDocument

__all__ = [
    "ErrorKind",
    "EvaluationReason",
    "EvaluationResult",
    "ReasonKind",
    "ValidationError",
    "ValidationResult",
]

ReasonKind = Literal["OFF", "TARGET_MATCH", "RULE_MATCH", "FALLTHROUGH", "PREREQUISITE_FAILED", "ERROR"]
ErrorKind = Literal["FLAG_NOT_FOUND", "WRONG_TYPE", "MALFORMED_FLAG", "CLIENT_NOT_READY"]
"""``CLIENT_NOT_READY`` is never produced by ``evaluate``: the client uses it before any
document arrived."""

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class EvaluationReason:
    """Why a value was served. ``rule_id`` is set on ``RULE_MATCH``, ``prerequisite_key`` on
    ``PREREQUISITE_FAILED``, ``error_kind`` on ``ERROR``; ``in_experiment`` is true only when the
    variation came from a running experiment's rollout (an exposure is due)."""

    kind: ReasonKind
    rule_id: str | None = None
    error_kind: ErrorKind | None = None
    prerequisite_key: str | None = None
    in_experiment: bool = False

    def to_json(self) -> dict[str, JsonValue]:
        """The reason as the other SDKs write it: camelCase, absent fields left out."""
        json: dict[str, JsonValue] = {"kind": self.kind}
        if self.rule_id is not None:
            json["ruleId"] = self.rule_id
        if self.error_kind is not None:
            json["errorKind"] = self.error_kind
        if self.prerequisite_key is not None:
            json["prerequisiteKey"] = self.prerequisite_key
        if self.in_experiment:
            json["inExperiment"] = True
        return json


@dataclass(frozen=True, slots=True)
class EvaluationResult(Generic[T]):
    """A flag's value for a context. ``variation_index`` and ``variation_key`` are ``None`` when
    the caller's default was served.

    Results (and the values in them) may be shared between calls: never mutate ``value``.
    """

    value: T
    variation_index: int | None
    variation_key: str | None
    reason: EvaluationReason

    def to_json(self) -> dict[str, JsonValue]:
        """The result as the other SDKs write it (camelCase keys)."""
        return {
            "value": self.value,  # type: ignore[dict-item]
            "variationIndex": self.variation_index,
            "variationKey": self.variation_key,
            "reason": self.reason.to_json(),
        }


@dataclass(frozen=True, slots=True)
class ValidationError:
    """One reason a document was refused, at a JSON Pointer into it
    (``/flags/new-checkout/rules/2/clauses/0/op``)."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path or '/'}: {self.message}"


@dataclass(frozen=True, slots=True)
class ValidationResult:
    """``ok`` with the compiled ``document`` to evaluate, or not ``ok`` with ``errors``."""

    ok: bool
    document: FlagDocument | None = None
    errors: tuple[ValidationError, ...] = ()
