"""labarray.coding: CF conventions as composable coders (``decode_cf``/``encode_cf``).

Importing the package registers the built-in coders (their modules end with
``register_coder(...)``).
"""

from labarray.coding import times as _times  # noqa: F401  (registers the time coders)
from labarray.coding.conventions import decode_cf, encode_cf, list_coders, register_coder

__all__ = ["decode_cf", "encode_cf", "list_coders", "register_coder"]
