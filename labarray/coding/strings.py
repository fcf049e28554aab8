"""CF coders for text: character arrays <-> fixed-width bytes, bytes <-> str (``_Encoding``).

netCDF stores fixed-width strings as arrays of single characters (dtype ``S1``) with one more
dimension (``string<N>``). Decoding joins the characters along that last dimension
(``concat_characters``) into ``S<N>`` bytes; an ``_Encoding`` attribute (e.g. ``"utf-8"``)
turns the bytes into Python ``str`` objects. Variable-length strings (netCDF4 ``string``
type) need no coder: they arrive as object arrays of ``str``.

Encoding does the reverse: ``str`` data stays variable-length unless ``encoding["dtype"]`` is
``"S1"`` (then it is encoded with ``encoding["_Encoding"]``, default utf-8, and split into
characters); ``bytes`` data is always written as characters.

>>> import numpy as np
>>> from labarray.variable import Variable
>>> chars = CharacterArrayCoder().encode(Variable("x", np.array([b"ab", b"c"])))
>>> chars.dims, chars.dtype
(('x', 'string2'), dtype('S1'))
>>> CharacterArrayCoder().decode(chars).values
array([b'ab', b'c'], dtype='|S2')
"""

from __future__ import annotations

from collections.abc import Hashable
from functools import partial
from typing import Any

import numpy as np

from labarray.coding.conventions import VariableCoder, register_coder
from labarray.coding.lazy import is_lazy, lazy_elemwise, raw_data
from labarray.parallel.chunkmanager import is_chunked_array
from labarray.variable import Variable
from labarray.variable.indexing import (
    BasicIndexer,
    ExplicitlyIndexed,
    ExplicitlyIndexedNDArrayMixin,
    OuterIndexer,
    VectorizedIndexer,
)

__all__ = ["CharacterArrayCoder", "EncodedStringCoder", "bytes_to_char", "char_to_bytes"]


def char_to_bytes(arr: np.ndarray) -> np.ndarray:
    """Join an ``S1`` array along its last axis into ``S<N>`` strings.

    Examples
    --------
    >>> char_to_bytes(np.array([[b"a", b"b"], [b"c", b""]]))
    array([b'ab', b'c'], dtype='|S2')
    """
    arr = np.asarray(arr)
    size = arr.shape[-1]
    if size == 0:
        return np.zeros(arr.shape[:-1], dtype="S1")
    return np.ascontiguousarray(arr.astype("S1")).view(f"S{size}").reshape(arr.shape[:-1])


def bytes_to_char(arr: np.ndarray) -> np.ndarray:
    """Split an ``S<N>`` array into ``S1`` characters along a new last axis.

    Examples
    --------
    >>> bytes_to_char(np.array([b"ab", b"c"])).tolist()
    [[b'a', b'b'], [b'c', b'']]
    """
    arr = np.asarray(arr)
    if arr.dtype.kind != "S":
        raise TypeError(f"expected fixed-width bytes (dtype S); got {arr.dtype}")
    size = max(arr.dtype.itemsize, 1)
    return np.ascontiguousarray(arr.astype(f"S{size}")).reshape(arr.shape + (1,)).view("S1").reshape(arr.shape + (size,))


def _decode_bytes(block: np.ndarray, codec: str) -> np.ndarray:
    out = np.empty(block.shape, dtype=object)
    out.ravel()[:] = [b.decode(codec) for b in block.ravel()] if block.size else []
    return out


class _CharacterConcatArray(ExplicitlyIndexedNDArrayMixin):
    """A lazily indexed ``S1`` array seen as ``S<N>`` strings (last axis joined on read)."""

    __slots__ = ("array",)

    def __init__(self, array: Any) -> None:
        self.array = array

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(self.array.shape[:-1])

    @property
    def dtype(self) -> np.dtype[Any]:
        return np.dtype(f"S{max(self.array.shape[-1], 1)}")

    def get_duck_array(self) -> Any:
        return char_to_bytes(np.asarray(self.array.get_duck_array()))

    def _basic_get(self, key: tuple[Any, ...]) -> Any:
        return type(self)(self.array[BasicIndexer(key + (slice(None),))])

    def _outer_get(self, key: tuple[Any, ...]) -> Any:
        return type(self)(self.array[OuterIndexer(key + (slice(None),))])

    def _vectorized_get(self, key: tuple[Any, ...]) -> Any:
        return type(self)(self.array[VectorizedIndexer(key + (slice(None),))])


class CharacterArrayCoder(VariableCoder):
    """``S1`` character arrays with a trailing ``string<N>`` dimension <-> ``S<N>`` bytes.

    Examples
    --------
    >>> v = Variable(("x", "nchar"), np.array([[b"h", b"i"]]))
    >>> dec = CharacterArrayCoder().decode(v)
    >>> dec.dims, dec.values, dec.encoding["char_dim_name"]
    (('x',), array([b'hi'], dtype='|S2'), 'nchar')
    """

    name = "characters"

    def decode(self, variable: Variable, name: Hashable | None = None) -> Variable:
        if variable.dtype != np.dtype("S1") or variable.ndim == 0:
            return variable
        encoding = dict(variable.encoding)
        encoding["char_dim_name"] = variable.dims[-1]
        encoding.setdefault("dtype", np.dtype("S1"))
        data = raw_data(variable)
        if is_chunked_array(data):
            size = data.shape[-1]
            data = data.rechunk({data.ndim - 1: -1}).map_blocks(
                char_to_bytes, dtype=np.dtype(f"S{max(size, 1)}"), drop_axis=data.ndim - 1)
        elif is_lazy(data):
            data = _CharacterConcatArray(data)
        else:
            data = char_to_bytes(np.asarray(data))
        return Variable(variable.dims[:-1], data, variable.attrs, encoding)

    def encode(self, variable: Variable, name: Hashable | None = None) -> Variable:
        data = raw_data(variable)
        encoding = dict(variable.encoding)
        if variable.dtype.kind == "O" and not is_chunked_array(data):
            values = np.asarray(data)
            if values.size and all(isinstance(v, bytes) for v in values.ravel()):
                data = values.astype(bytes)
        if np.dtype(getattr(data, "dtype", variable.dtype)).kind != "S":
            if np.dtype(encoding.get("dtype", "O")) == np.dtype("S1") and variable.dtype.kind in "UO":
                raise ValueError(
                    f"variable {name!r} holds text; encode it to bytes first (EncodedStringCoder) or "
                    "drop encoding['dtype']='S1'"
                )
            return variable
        if encoding.get("dtype") is not None and np.dtype(encoding["dtype"]).kind == "S":
            encoding.pop("dtype")
        if is_chunked_array(data):
            data = data.compute()
        values = np.asarray(data)
        size = max(values.dtype.itemsize, 1)
        char_dim = encoding.pop("char_dim_name", None) or f"string{size}"
        if char_dim in variable.dims:
            raise ValueError(f"variable {name!r} already has a dimension {char_dim!r}; choose another "
                             "encoding['char_dim_name']")
        return Variable(variable.dims + (char_dim,), bytes_to_char(values), variable.attrs, encoding)


class EncodedStringCoder(VariableCoder):
    """Bytes with an ``_Encoding`` attribute <-> ``str`` objects.

    Examples
    --------
    >>> v = Variable("x", np.array(["é", "a"], dtype=object), encoding={"dtype": "S1"})
    >>> enc = EncodedStringCoder().encode(v)
    >>> enc.values, enc.attrs
    (array([b'\\xc3\\xa9', b'a'], dtype='|S2'), {'_Encoding': 'utf-8'})
    >>> EncodedStringCoder().decode(enc).values
    array(['é', 'a'], dtype=object)
    """

    name = "strings"

    def decode(self, variable: Variable, name: Hashable | None = None) -> Variable:
        if "_Encoding" not in variable.attrs or variable.dtype.kind != "S":
            return variable
        attrs = dict(variable.attrs)
        encoding = dict(variable.encoding)
        codec = attrs.pop("_Encoding")
        encoding["_Encoding"] = codec

        decode = partial(_decode_bytes, codec=codec)
        return Variable(variable.dims, lazy_elemwise(raw_data(variable), decode, np.dtype(object)), attrs, encoding)

    def encode(self, variable: Variable, name: Hashable | None = None) -> Variable:
        encoding = dict(variable.encoding)
        wanted = encoding.get("dtype")
        as_chars = wanted is not None and np.dtype(wanted) == np.dtype("S1")
        if variable.dtype.kind not in "UO" or not (as_chars or "_Encoding" in encoding):
            if variable.dtype.kind == "U" or variable.dtype.kind == "O":
                encoding.pop("_Encoding", None)
                return variable._replace(encoding=encoding) if encoding != variable.encoding else variable
            return variable
        data = raw_data(variable)
        if isinstance(data, ExplicitlyIndexed) or is_chunked_array(data):
            data = np.asarray(variable.values)
        values = np.asarray(data)
        if values.dtype.kind == "O" and values.size and all(isinstance(v, bytes) for v in values.ravel()):
            # bytes held as objects: already encoded, stored as they are (no _Encoding)
            encoding.pop("_Encoding", None)
            return Variable(variable.dims, values.astype(bytes), dict(variable.attrs), encoding)
        if values.dtype.kind == "O" and not all(isinstance(v, str) for v in values.ravel()):
            bad = next(v for v in values.ravel() if not isinstance(v, str))
            raise TypeError(f"variable {name!r} mixes str with {type(bad).__name__} values; cannot encode it as text")
        codec = encoding.pop("_Encoding", "utf-8")
        attrs = dict(variable.attrs)
        if "_Encoding" in attrs:
            raise ValueError(f"variable {name!r} has an '_Encoding' attribute; move it to .encoding['_Encoding']")
        attrs["_Encoding"] = codec
        encoded = np.array([s.encode(codec) for s in values.ravel()], dtype=bytes).reshape(values.shape) \
            if values.size else np.zeros(values.shape, dtype="S1")
        return Variable(variable.dims, encoded, attrs, encoding)


register_coder(CharacterArrayCoder, order=1)
register_coder(EncodedStringCoder, order=2)
