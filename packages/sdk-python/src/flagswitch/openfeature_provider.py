"""An OpenFeature provider backed by a FlagSwitch ``Client`` (``pip install flagswitch[openfeature]``).

>>> from openfeature import api                                        # doctest: +SKIP
>>> from flagswitch import Client
>>> from flagswitch.openfeature_provider import FlagSwitchProvider
>>> api.set_provider_and_wait(FlagSwitchProvider(Client("server-sdk-key", "https://flags.example.com")))  # doctest: +SKIP
>>> api.get_client().get_boolean_value("new-checkout", False, EvaluationContext("user-42"))  # doctest: +SKIP
True

The OpenFeature targeting key is the FlagSwitch context ``key``; attributes become context
attributes (a ``datetime`` becomes epoch milliseconds, which ``before`` / ``after`` compare).
Evaluations go through the client, so exposures of running experiments are recorded, and
``track`` records conversions.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from openfeature.evaluation_context import EvaluationContext
from openfeature.event import ProviderEventDetails
from openfeature.exception import ErrorCode, ProviderFatalError, ProviderNotReadyError
from openfeature.flag_evaluation import FlagMetadata, FlagResolutionDetails, FlagValueType, Reason
from openfeature.provider import AbstractProvider, Metadata
from openfeature.track import TrackingEventDetails

from .client import Client, FlagsChange
from .results import EvaluationResult

__all__ = ["FlagSwitchProvider"]

T = TypeVar("T")

_REASONS: dict[str, str] = {
    "OFF": Reason.DISABLED,
    "TARGET_MATCH": Reason.TARGETING_MATCH,
    "RULE_MATCH": Reason.TARGETING_MATCH,
    "FALLTHROUGH": Reason.DEFAULT,
    "PREREQUISITE_FAILED": "PREREQUISITE_FAILED",
    "ERROR": Reason.ERROR,
}
_ERROR_CODES: dict[str, ErrorCode] = {
    "FLAG_NOT_FOUND": ErrorCode.FLAG_NOT_FOUND,
    "WRONG_TYPE": ErrorCode.TYPE_MISMATCH,
    "MALFORMED_FLAG": ErrorCode.PARSE_ERROR,
    "CLIENT_NOT_READY": ErrorCode.PROVIDER_NOT_READY,
}


class FlagSwitchProvider(AbstractProvider):
    """Resolves OpenFeature flags with ``client``. ``initialize`` waits up to ``ready_timeout``
    seconds for the client's first document; ``shutdown`` closes the client unless
    ``close_client`` is false (a client shared with code outside OpenFeature)."""

    def __init__(self, client: Client, *, ready_timeout: float = 10.0, close_client: bool = True) -> None:
        super().__init__()
        self.client = client
        self.ready_timeout = ready_timeout
        self._close_client = close_client
        self._ready = False
        self._unsubscribe = client.on_change(self._changed)

    def get_metadata(self) -> Metadata:
        return Metadata(name="FlagSwitch")

    def initialize(self, evaluation_context: EvaluationContext) -> None:
        status = self.client.wait_until_ready(self.ready_timeout)
        if status != "failed":
            self._ready = True
            return
        if self.client.failure is not None:  # a refused SDK key: waiting will not help
            raise ProviderFatalError(f"FlagSwitch: {self.client.failure}")
        # Not fatal: the source keeps trying, and the first document makes the provider ready.
        raise ProviderNotReadyError(
            f"FlagSwitch has no flag document after {self.ready_timeout} s (see the flagswitch log)"
        )

    def shutdown(self) -> None:
        self._unsubscribe()
        if self._close_client:
            self.client.close()

    def track(
        self,
        tracking_event_name: str,
        evaluation_context: EvaluationContext | None = None,
        tracking_event_details: TrackingEventDetails | None = None,
    ) -> None:
        value = tracking_event_details.value if tracking_event_details is not None else None
        self.client.track(tracking_event_name, _context(evaluation_context), value)

    def resolve_boolean_details(
        self, flag_key: str, default_value: bool, evaluation_context: EvaluationContext | None = None
    ) -> FlagResolutionDetails[bool]:
        return self._resolve(flag_key, default_value, evaluation_context, _same_type(bool))

    def resolve_string_details(
        self, flag_key: str, default_value: str, evaluation_context: EvaluationContext | None = None
    ) -> FlagResolutionDetails[str]:
        return self._resolve(flag_key, default_value, evaluation_context, _same_type(str))

    def resolve_integer_details(
        self, flag_key: str, default_value: int, evaluation_context: EvaluationContext | None = None
    ) -> FlagResolutionDetails[int]:
        return self._resolve(flag_key, default_value, evaluation_context, _as_integer)

    def resolve_float_details(
        self, flag_key: str, default_value: float, evaluation_context: EvaluationContext | None = None
    ) -> FlagResolutionDetails[float]:
        return self._resolve(flag_key, default_value, evaluation_context, _as_float)

    def resolve_object_details(
        self,
        flag_key: str,
        default_value: Sequence[FlagValueType] | Mapping[str, FlagValueType],
        evaluation_context: EvaluationContext | None = None,
    ) -> FlagResolutionDetails[Sequence[FlagValueType] | Mapping[str, FlagValueType]]:
        return self._resolve(flag_key, default_value, evaluation_context, _as_object)

    def _resolve(
        self,
        flag_key: str,
        default: T,
        evaluation_context: EvaluationContext | None,
        convert: Any,
    ) -> FlagResolutionDetails[T]:
        result: EvaluationResult[Any] = self.client.variation_detail(flag_key, _context(evaluation_context), default)
        reason = result.reason
        if reason.kind == "ERROR":
            error_kind = reason.error_kind or "MALFORMED_FLAG"
            return FlagResolutionDetails(
                value=default,
                reason=Reason.ERROR,
                error_code=_ERROR_CODES.get(error_kind, ErrorCode.GENERAL),
                error_message=f'flag "{flag_key}": {error_kind}',
            )
        converted = convert(result.value)
        if converted is _MISMATCH:
            return FlagResolutionDetails(
                value=default,
                reason=Reason.ERROR,
                error_code=ErrorCode.TYPE_MISMATCH,
                error_message=f'flag "{flag_key}" served {type(result.value).__name__}, not {type(default).__name__}',
            )
        metadata: dict[str, bool | int | float | str] = {}
        if reason.rule_id is not None:
            metadata["ruleId"] = reason.rule_id
        if reason.prerequisite_key is not None:
            metadata["prerequisiteKey"] = reason.prerequisite_key
        if reason.in_experiment:
            metadata["inExperiment"] = True
        flag_metadata: FlagMetadata = metadata
        return FlagResolutionDetails(
            value=converted,
            reason=_REASONS.get(reason.kind, reason.kind),
            variant=result.variation_key,
            flag_metadata=flag_metadata,
        )

    def _changed(self, change: FlagsChange) -> None:
        details = ProviderEventDetails(flags_changed=sorted(change.flag_keys))
        if not self._ready:
            # The first document after initialize gave up waiting: the provider recovers.
            self._ready = True
            self.emit_provider_ready(details)
        else:
            self.emit_provider_configuration_changed(details)


class _Mismatch:
    pass


_MISMATCH = _Mismatch()


def _same_type(kind: type) -> Any:
    def convert(value: object) -> object:
        return value if isinstance(value, kind) else _MISMATCH

    return convert


def _as_integer(value: object) -> object:
    if isinstance(value, bool):
        return _MISMATCH
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return _MISMATCH


def _as_float(value: object) -> object:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return _MISMATCH
    as_float = float(value)
    return as_float if math.isfinite(as_float) else _MISMATCH


def _as_object(value: object) -> object:
    return value if isinstance(value, (dict, list)) else _MISMATCH


def _context(evaluation_context: EvaluationContext | None) -> dict[str, Any]:
    """The FlagSwitch context for an OpenFeature one: the targeting key is ``key``."""
    if evaluation_context is None:
        return {}
    context: dict[str, Any] = {name: _attribute(value) for name, value in evaluation_context.attributes.items()}
    if evaluation_context.targeting_key is not None:
        context["key"] = evaluation_context.targeting_key
    return context


def _attribute(value: object) -> object:
    if isinstance(value, datetime.datetime):
        moment = value if value.tzinfo is not None else value.replace(tzinfo=datetime.timezone.utc)
        return int(moment.timestamp() * 1000)
    return value
