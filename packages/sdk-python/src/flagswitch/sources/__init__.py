"""Where flag documents come from: the FlagSwitch server (streaming or polling), a file, or a
fixed bootstrap document. Each delivers raw payloads to the client, which validates them."""

from .base import Source, SourceSink
from .bootstrap import BootstrapSource
from .file import FileSource
from .polling import PollingSource
from .streaming import StreamingSource

__all__ = ["BootstrapSource", "FileSource", "PollingSource", "Source", "SourceSink", "StreamingSource"]
