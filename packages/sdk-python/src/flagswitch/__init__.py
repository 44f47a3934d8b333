"""FlagSwitch for Python: feature flags evaluated in-process, bit-for-bit with the TypeScript and
Go SDKs.

The evaluation layer is public and pure (no I/O): ``validate_document``, ``evaluate``,
``evaluate_all``, ``bucket`` and ``xxh32``. ``Client`` keeps a document up to date from the
FlagSwitch server (streaming, polling), a file or a bootstrap, and sends experiment events.

>>> import flagswitch
>>> with flagswitch.Client("server-sdk-key", "https://flags.example.com") as client:  # doctest: +SKIP
...     client.wait_until_ready(5)
...     client.bool_variation("new-checkout", {"key": "user-42"}, False)
"""

from .bucketing import bucket
from .client import Client, ClientStatus, FlagsChange
from .document import FlagDocument
from .evaluate import evaluate, evaluate_all
from .events import EventsConfig
from .json_values import JsonValue
from .patch import PatchResult, apply_delete, apply_patch
from .results import (
    ErrorKind,
    EvaluationReason,
    EvaluationResult,
    ReasonKind,
    ValidationError,
    ValidationResult,
)
from .validate import validate_document
from .version import SDK_VERSION as __version__
from .xxh32 import xxh32

__all__ = [
    "Client",
    "ClientStatus",
    "ErrorKind",
    "EvaluationReason",
    "EvaluationResult",
    "EventsConfig",
    "FlagDocument",
    "FlagsChange",
    "JsonValue",
    "PatchResult",
    "ReasonKind",
    "ValidationError",
    "ValidationResult",
    "__version__",
    "apply_delete",
    "apply_patch",
    "bucket",
    "evaluate",
    "evaluate_all",
    "validate_document",
    "xxh32",
]
