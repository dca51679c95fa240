"""Ralph's LRS app for the tests, with the file-system backend appending (5.1.0 writes once)."""

from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

from ralph.api import app  # noqa: E402  (the patch must come first)

__all__ = ["app"]
