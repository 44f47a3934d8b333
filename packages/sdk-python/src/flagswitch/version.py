"""The SDK's own name and version, as sent with event batches."""

SDK_NAME = "flagswitch-python"
SDK_VERSION = "0.1.0"
