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

__all__ = ["CharacterArrayCoder", "EncodedStringCoder", "UnserializableObjectError", "bytes_to_char",
           "char_to_bytes", "check_text_objects", "objects_to_numbers", "objects_to_text"]


class UnserializableObjectError(ValueError, TypeError):
    """An object array holds values that no file format can store (dicts, lists, mixed types ...).

    A ValueError (as xarray raises it) and a TypeError (the values are of the wrong type).
    """


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, (float, np.floating)) and bool(np.isnan(value)))


def check_text_objects(values: Any, name: Hashable | None, target: str = "the file") -> None:
    """Raise :class:`UnserializableObjectError` unless the object array ``values`` holds only
    text (``str`` or ``bytes``) and missing entries (None/NaN).

    Examples
    --------
    >>> check_text_objects(np.array(["a", None], dtype=object), "v")
    >>> check_text_objects(np.array([{}], dtype=object), "v", "Zarr")
    Traceback (most recent call last):
    ...
    labarray.coding.strings.UnserializableObjectError: cannot serialize arbitrary Python objects: variable 'v' holds Python objects of type dict; Zarr stores numbers, dates and text only: convert it (e.g. .astype(str)) first
    """
    flat = np.asarray(values).ravel()
    bad = next((v for v in flat if not isinstance(v, (str, bytes)) and not _is_missing(v)), None)
    if bad is None:
        return
    kinds = {type(v) for v in flat if not _is_missing(v)}
    mixed = len(kinds) > 1 and kinds != {str, bytes}
    found = f"of type {type(bad).__name__}"
    if mixed:
        found += f" (mixed types: {', '.join(sorted(k.__name__ for k in kinds))})"
    numeric = all(isinstance(k, type) and issubclass(k, (int, float, complex, np.number)) for k in kinds)
    raise UnserializableObjectError(
        f"cannot serialize arbitrary Python objects: variable {name!r} holds Python objects {found}; "
        f"{target} stores numbers, dates and text only: convert it "
        f"(e.g. .astype({'float' if numeric else 'str'})) first"
    )


def objects_to_numbers(values: Any) -> np.ndarray | None:
    """Numbers held in an object array as an array of their own dtype (float64 with NaN where
    entries are None/NaN and the numbers are not floats), as xarray writes them; None when the
    present values are not all numbers of one type (text, mixed types, other objects).

    Examples
    --------
    >>> objects_to_numbers(np.array([1, None], dtype=object))
    array([ 1., nan])
    >>> objects_to_numbers(np.array([True, False], dtype=object))
    array([ True, False])
    >>> objects_to_numbers(np.array(["a", 1], dtype=object)) is None
    True
    """
    values = np.asarray(values)
    flat = values.ravel()
    missing = np.fromiter((_is_missing(v) for v in flat), bool, flat.size)
    present = flat[~missing]
    kinds = {type(v) for v in present}
    if len(kinds) != 1 or not issubclass(kinds.pop(), (int, float, complex, np.bool_, np.number)):
        return None
    dtype = np.asarray(present[0]).dtype
    if missing.any() and dtype.kind not in "fc":
        dtype = np.dtype("float64")
    out = np.full(flat.shape, np.nan, dtype) if missing.any() else np.empty(flat.shape, dtype)
    out[~missing] = present.astype(dtype)
    return out.reshape(values.shape)


def objects_to_text(block: Any, name: Hashable | None = None, target: str = "the file") -> np.ndarray:
    """An object array of text as a NumPy ``str`` array, missing entries (None/NaN) as empty
    strings (text formats have no missing value); other objects raise
    :class:`UnserializableObjectError` naming ``name``.

    Examples
    --------
    >>> objects_to_text(np.array(["a", None], dtype=object))
    array(['a', ''], dtype='<U1')
    """
    values = np.asarray(block)
    check_text_objects(values, name, target)
    if values.size == 0:
        return values.astype(str)
    flat = values.ravel()
    text = [v.decode("utf-8") if isinstance(v, bytes) else ("" if _is_missing(v) else v) for v in flat]
    return np.array(text, dtype=str).reshape(values.shape)


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
