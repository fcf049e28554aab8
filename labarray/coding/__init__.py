"""labarray.coding: CF conventions as composable coders (``decode_cf``/``encode_cf``).

Importing the package registers the built-in coders (their modules end with
``register_coder(...)``).
"""

from labarray.coding import strings as _strings  # noqa: F401  (registers the text coders)
from labarray.coding import times as _times  # noqa: F401  (registers the time coders)
from labarray.coding import variables as _variables  # noqa: F401  (registers mask/scale/... coders)
from labarray.coding.conventions import (
    VariableCoder,
    cf_encoder,
    decode_cf,
    decode_cf_variables,
    encode_cf,
    list_coders,
    register_coder,
)

__all__ = ["VariableCoder", "cf_encoder", "decode_cf", "decode_cf_variables", "encode_cf", "list_coders",
           "register_coder"]
