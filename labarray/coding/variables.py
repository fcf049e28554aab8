"""CF coders for numbers: fill values and valid ranges, packing, ``_Unsigned``, booleans, dtypes.

Decoding runs in increasing ``order`` and encoding in reverse:

=====  ==============  ================================================================
order  coder           decodes
=====  ==============  ================================================================
0      ``dtype``       records the on-disk dtype in ``encoding["dtype"]``; encoding casts
                       back to it (rounding floats going to integers)
5      ``unsigned``    ``_Unsigned="true"`` on signed integers -> unsigned (and back)
10     ``mask``        ``_FillValue``/``missing_value`` and values outside ``valid_range``/
                       ``valid_min``/``valid_max`` -> NaN
20     ``scale``       ``scale_factor``/``add_offset`` packing
80     ``bools``       integers with ``dtype="bool"`` -> bool
=====  ==============  ================================================================

Unpacked floats follow the CF rule: the type of ``scale_factor``/``add_offset``, i.e. float32
when those attributes are float32 and the packed integers have at most 16 bits (or are
float32 themselves), float64 otherwise. Every decoding step is lazy on file-backed and Dask data.

>>> import numpy as np
>>> from labarray.variable import Variable
>>> v = Variable("x", np.array([0, 10, -1], "i2"),
...              {"_FillValue": np.int16(-1), "scale_factor": np.float32(0.5)})
>>> dec = CFScaleOffsetCoder().decode(CFMaskCoder().decode(v))
>>> dec.values, dec.dtype
(array([ 0.,  5., nan], dtype=float32), dtype('float32'))
"""

from __future__ import annotations

from collections.abc import Hashable
from functools import partial
from typing import Any

import numpy as np

from labarray.coding.conventions import VariableCoder, register_coder
from labarray.coding.lazy import lazy_elemwise, raw_data
from labarray.parallel.chunkmanager import is_chunked_array
from labarray.utils.warnings import SerializationWarning, warn
from labarray.variable import Variable

__all__ = ["BooleanCoder", "CFMaskCoder", "CFScaleOffsetCoder", "NativeDtypeCoder", "UnsignedIntegerCoder",
           "default_fill_values", "unpacked_float_dtype"]


def _where(name: Hashable | None) -> str:
    return f" of variable {name!r}" if name is not None else ""


def _scalar(value: Any) -> Any:
    """An attribute value as a NumPy scalar (netCDF attributes may be 1-element arrays)."""
    arr = np.asarray(value)
    return arr.reshape(-1)[0] if arr.size == 1 else arr


def _is_time_like(attrs: dict[Any, Any]) -> bool:
    units = attrs.get("units")
    if isinstance(units, str) and " since " in units.lower():
        return True
    return str(attrs.get("dtype", "")).startswith("timedelta64")


# decoding steps are module-level functions bound with functools.partial, so that lazily
# decoded (file-backed) variables can be pickled with the standard pickle module
def _view_as(block: np.ndarray, dtype: np.dtype[Any]) -> np.ndarray:
    return block.view(dtype)


def _cast(block: np.ndarray, dtype: np.dtype[Any]) -> np.ndarray:
    return block.astype(dtype)


def _mask_block(block: np.ndarray, fills: tuple[Any, ...], low: Any, high: Any, target: np.dtype[Any]) -> np.ndarray:
    missing = np.isin(block, np.asarray(fills, dtype=block.dtype)) if fills else np.zeros(block.shape, bool)
    if low is not None:
        missing |= block < low
    if high is not None:
        missing |= block > high
    out = block.astype(target, copy=True)
    out[missing] = np.nan
    return out


def _unpack_block(block: np.ndarray, scale: Any, offset: Any, target: np.dtype[Any]) -> np.ndarray:
    out = block.astype(target, copy=True)
    if scale is not None:
        out *= target.type(scale)
    if offset is not None:
        out += target.type(offset)
    return out


def unpacked_float_dtype(packed: np.dtype[Any], scale_factor: Any = None, add_offset: Any = None) -> np.dtype[Any]:
    """The float dtype of unpacked (or masked) values of the ``packed`` dtype.

    Examples
    --------
    >>> unpacked_float_dtype(np.dtype("i2"), np.float32(0.1))
    dtype('float32')
    >>> unpacked_float_dtype(np.dtype("i2"), 0.1)
    dtype('float64')
    >>> unpacked_float_dtype(np.dtype("i4"))
    dtype('float64')
    """
    packed = np.dtype(packed)
    attrs = [np.asarray(v).dtype for v in (scale_factor, add_offset) if v is not None]
    small = (packed.kind == "f" and packed.itemsize <= 4) or (packed.kind in "iub" and packed.itemsize <= 2)
    if attrs and not all(a.kind == "f" and a.itemsize <= 4 for a in attrs):
        return np.dtype("float64")  # float64 attributes (or integer offsets) ask for float64
    return np.dtype("float32") if small else np.dtype("float64")


def default_fill_values(variable: Variable) -> Variable:
    """``variable`` with ``encoding["_FillValue"] = NaN`` when it holds floats stored as floats and
    names no fill value of its own (what netCDF writers do so that NaN reads back as missing).
    Variables read from a file without a fill value (their encoding has ``"source"`` and
    ``"dtype"``) keep having none, so a round trip adds no attribute (NaN stays NaN in floats).

    Examples
    --------
    >>> default_fill_values(Variable("x", np.array([1.0]))).encoding
    {'_FillValue': nan}
    >>> default_fill_values(Variable("x", np.array([1.0]), encoding={"dtype": "int16"})).encoding
    {'dtype': 'int16'}
    """
    encoding = variable.encoding
    if variable.dtype.kind != "f" or any(k in encoding for k in ("_FillValue", "missing_value")):
        return variable
    if "_FillValue" in variable.attrs or "missing_value" in variable.attrs:
        return variable
    if np.dtype(encoding.get("dtype", variable.dtype)).kind != "f":
        return variable
    if "source" in encoding and "dtype" in encoding:
        return variable  # read from a file that had no fill value: write it back as it was
    return variable._replace(encoding={**encoding, "_FillValue": np.nan})


class NativeDtypeCoder(VariableCoder):
    """Record the stored dtype on decoding; cast back to ``encoding["dtype"]`` on encoding.

    Floats going to integers are rounded; values that do not fit the integer type raise.

    Examples
    --------
    >>> v = Variable("x", np.array([1.4, 2.6]), encoding={"dtype": "int16"})
    >>> NativeDtypeCoder().encode(v, "x").values
    array([1, 3], dtype=int16)
    """

    name = "dtype"

    def decode(self, variable: Variable, name: Hashable | None = None) -> Variable:
        if "dtype" in variable.encoding:
            return variable
        encoding = dict(variable.encoding)
        encoding["dtype"] = variable.dtype
        return variable._replace(encoding=encoding)

    def encode(self, variable: Variable, name: Hashable | None = None) -> Variable:
        if "dtype" not in variable.encoding:
            return variable
        encoding = dict(variable.encoding)
        try:
            dtype = np.dtype(encoding.pop("dtype"))
        except TypeError as err:
            raise ValueError(f"invalid encoding dtype{_where(name)}: {err}") from None
        current = variable.dtype
        if dtype == current or dtype.kind in "SUO" or current.kind in "SUOMmb" or dtype.kind == "b":
            return variable._replace(encoding=encoding)
        data = raw_data(variable)
        if current.kind == "f" and dtype.kind in "iu":
            def to_int(block: np.ndarray, dtype: np.dtype[Any] = dtype) -> np.ndarray:
                if np.isnan(block).any():
                    warn(f"variable {name!r} has NaN values but is encoded as {dtype} without a _FillValue; "
                         "they are written as 0 (set encoding['_FillValue'])", category=SerializationWarning)
                    block = np.nan_to_num(block, nan=0.0)
                block = np.rint(block)
                info = np.iinfo(dtype)  # type: ignore[type-var]  # an integer dtype here
                if block.size and (block.min() < info.min or block.max() > info.max):
                    raise ValueError(
                        f"the values{_where(name)} ({block.min()} .. {block.max()}, after packing) do not fit "
                        f"into the encoding dtype {dtype}: they would wrap around; choose a wider dtype or "
                        "another scale_factor/add_offset"
                    )
                return block.astype(dtype)

            data = data.map_blocks(to_int, dtype=dtype) if is_chunked_array(data) else to_int(np.asarray(data))
        elif current.kind in "iu" and dtype.kind in "iu" and not is_chunked_array(data):
            arr = np.asarray(data)
            info = np.iinfo(dtype)  # type: ignore[type-var]  # an integer dtype here
            if arr.size and (arr.min() < info.min or arr.max() > info.max):
                raise ValueError(
                    f"the values{_where(name)} ({arr.min()} .. {arr.max()}) do not fit into the "
                    f"encoding dtype {dtype}; choose a wider dtype"
                )
            data = arr.astype(dtype)
        else:
            data = data.astype(dtype)
        return Variable(variable.dims, data, variable.attrs, encoding)


class UnsignedIntegerCoder(VariableCoder):
    """``_Unsigned="true"`` marks signed integers that hold unsigned values (and ``"false"``
    the reverse); the data is reinterpreted (a view), fill values converted likewise.

    Examples
    --------
    >>> v = Variable("x", np.array([-1, 1], "i1"), {"_Unsigned": "true"})
    >>> UnsignedIntegerCoder().decode(v).values
    array([255,   1], dtype=uint8)
    """

    name = "unsigned"
    _FILL_KEYS = ("_FillValue", "missing_value", "valid_min", "valid_max", "valid_range")

    def decode(self, variable: Variable, name: Hashable | None = None) -> Variable:
        if "_Unsigned" not in variable.attrs:
            return variable
        attrs = dict(variable.attrs)
        encoding = dict(variable.encoding)
        flag = attrs.pop("_Unsigned")
        encoding["_Unsigned"] = flag
        unsigned = str(flag).lower() == "true"
        kind = variable.dtype.kind
        if kind not in "iu" or (kind == "u") == unsigned:
            if kind not in "iu":
                warn(f"variable {name!r} has _Unsigned={flag!r} but holds {variable.dtype} data; ignoring it", category=SerializationWarning)
            return variable._replace(attrs=attrs, encoding=encoding)
        target = np.dtype(f"{'u' if unsigned else 'i'}{variable.dtype.itemsize}")
        for key in self._FILL_KEYS:
            if key in attrs:
                attrs[key] = np.asarray(attrs[key], dtype=variable.dtype).view(target)
                attrs[key] = _scalar(attrs[key])
        data = lazy_elemwise(raw_data(variable), partial(_view_as, dtype=target), target)
        return Variable(variable.dims, data, attrs, encoding)

    def encode(self, variable: Variable, name: Hashable | None = None) -> Variable:
        flag = variable.encoding.get("_Unsigned")
        if flag is None:
            return variable
        encoding = dict(variable.encoding)
        encoding.pop("_Unsigned")
        attrs = dict(variable.attrs)
        unsigned = str(flag).lower() == "true"
        stored = np.dtype(encoding.get("dtype", variable.dtype))
        if stored.kind not in "iu":
            return variable._replace(encoding=encoding)
        size = stored.itemsize
        source = np.dtype(f"{'u' if unsigned else 'i'}{size}")
        target = np.dtype(f"{'i' if unsigned else 'u'}{size}")
        attrs["_Unsigned"] = "true" if unsigned else "false"
        for key in self._FILL_KEYS:
            if key in attrs:
                attrs[key] = _scalar(np.asarray(attrs[key]).astype(source).view(target))

        def reinterpret(block: np.ndarray) -> np.ndarray:
            if block.dtype.kind == "f":
                block = np.rint(block)
            return block.astype(source).view(target)

        encoding["dtype"] = target
        data = lazy_elemwise(raw_data(variable), reinterpret, target)
        return Variable(variable.dims, data, attrs, encoding)


def _fill_values(attrs: dict[Any, Any], dtype: np.dtype[Any]) -> list[Any]:
    fills: list[Any] = []
    for key in ("_FillValue", "missing_value"):
        if key in attrs:
            fills.extend(np.atleast_1d(np.asarray(attrs[key])).tolist())
    return list(dict.fromkeys(f for f in fills if isinstance(f, (int, float, np.number, bool))))


class CFMaskCoder(VariableCoder):
    """Missing values: ``_FillValue``, ``missing_value``, ``valid_range``/``valid_min``/``valid_max``.

    Decoding turns matching (or out-of-range) values into NaN (integers become floats) and
    moves the attributes to ``encoding``; encoding writes ``encoding["_FillValue"]`` (or
    ``missing_value``) in place of NaN; ``None`` means "no fill value". (File writers give
    floats a NaN ``_FillValue`` by default, see :func:`default_fill_values`.)

    Examples
    --------
    >>> v = Variable("x", np.array([1.0, -99.0]), {"missing_value": -99.0})
    >>> dec = CFMaskCoder().decode(v)
    >>> dec.values, dec.encoding["missing_value"]
    (array([ 1., nan]), -99.0)
    >>> CFMaskCoder().encode(dec).values
    array([  1., -99.])
    """

    name = "mask"
    _KEYS = ("_FillValue", "missing_value", "valid_range", "valid_min", "valid_max")

    def decode(self, variable: Variable, name: Hashable | None = None) -> Variable:
        if not any(k in variable.attrs for k in self._KEYS):
            return variable
        attrs = dict(variable.attrs)
        dtype = variable.dtype
        if dtype.kind not in "iufb" or (dtype.kind in "iu" and _is_time_like(attrs)):
            return variable  # strings keep their fill; integer times are masked by the time coder
        encoding = dict(variable.encoding)
        fills = _fill_values(attrs, dtype)
        for key in self._KEYS:
            if key in attrs:
                encoding[key] = attrs.pop(key)
        low, high = self._valid_bounds(encoding, attrs, dtype)
        scale, offset = attrs.get("scale_factor"), attrs.get("add_offset")
        target = dtype if dtype.kind == "f" and dtype.itemsize >= 4 else unpacked_float_dtype(dtype, scale, offset)
        real_fills = [f for f in fills if not (isinstance(f, float) and np.isnan(f))]
        if not real_fills and low is None and high is None:
            if target == dtype:
                return variable._replace(attrs=attrs, encoding=encoding)
            data = lazy_elemwise(raw_data(variable), partial(_cast, dtype=target), target)
            return Variable(variable.dims, data, attrs, encoding)
        mask = partial(_mask_block, fills=tuple(real_fills), low=low, high=high, target=target)
        return Variable(variable.dims, lazy_elemwise(raw_data(variable), mask, target), attrs, encoding)

    @staticmethod
    def _valid_bounds(encoding: dict[Any, Any], attrs: dict[Any, Any], dtype: np.dtype[Any]) -> tuple[Any, Any]:
        low = high = None
        if "valid_range" in encoding:
            rng = np.asarray(encoding["valid_range"]).reshape(-1)
            if rng.size == 2:
                low, high = rng[0], rng[1]
        if "valid_min" in encoding:
            low = _scalar(encoding["valid_min"])
        if "valid_max" in encoding:
            high = _scalar(encoding["valid_max"])
        scale, offset = attrs.get("scale_factor"), attrs.get("add_offset")
        if dtype.kind in "iu" and (scale is not None or offset is not None):
            # CF: bounds of the unpacked type are in unpacked units; convert them to packed ones
            unpacked = unpacked_float_dtype(dtype, scale, offset)
            s = float(_scalar(scale)) if scale is not None else 1.0
            o = float(_scalar(offset)) if offset is not None else 0.0
            low = (float(low) - o) / s if low is not None and np.asarray(low).dtype == unpacked else low
            high = (float(high) - o) / s if high is not None and np.asarray(high).dtype == unpacked else high
        return low, high

    def encode(self, variable: Variable, name: Hashable | None = None) -> Variable:
        encoding = dict(variable.encoding)
        attrs = dict(variable.attrs)
        dtype = variable.dtype
        for key in ("valid_range", "valid_min", "valid_max"):
            if key in encoding:
                attrs[key] = encoding.pop(key)
        if "_FillValue" in attrs and "_FillValue" in encoding:
            raise ValueError(
                f"variable {name!r} has a _FillValue both in its attrs and in its encoding; keep only "
                "the encoding one"
            )
        if "_FillValue" in attrs:
            encoding["_FillValue"] = attrs.pop("_FillValue")
        if dtype.kind not in "iuf":
            encoding.pop("_FillValue", None) if dtype.kind in "SUO" else None
            if "missing_value" in encoding:
                attrs["missing_value"] = encoding.pop("missing_value")
            if "_FillValue" in encoding:
                attrs["_FillValue"] = encoding.pop("_FillValue")
            return variable._replace(attrs=attrs, encoding=encoding)
        stored = np.dtype(encoding.get("dtype", dtype))
        if stored.kind in "iu" and str(encoding.get("_Unsigned", "")).lower() == "true":
            stored = np.dtype(f"u{stored.itemsize}")
        elif stored.kind in "iu" and str(encoding.get("_Unsigned", "")).lower() == "false":
            stored = np.dtype(f"i{stored.itemsize}")
        fill = encoding.pop("_FillValue", None)
        missing_value = encoding.pop("missing_value", None)
        if missing_value is not None:
            attrs["missing_value"] = self._as_stored(missing_value, stored, name, "missing_value")
        if fill is not None:
            attrs["_FillValue"] = self._as_stored(fill, stored, name, "_FillValue")
        replacement = fill if fill is not None else missing_value
        if replacement is None or dtype.kind != "f" or (isinstance(replacement, float) and np.isnan(replacement)):
            return Variable(variable.dims, raw_data(variable), attrs, encoding)
        value = np.asarray(_scalar(replacement)).astype(dtype)
        data = lazy_elemwise(raw_data(variable), lambda x: np.where(np.isnan(x), value, x), dtype)
        return Variable(variable.dims, data, attrs, encoding)

    @staticmethod
    def _as_stored(value: Any, stored: np.dtype[Any], name: Hashable | None, key: str) -> Any:
        arr = np.asarray(value)
        if arr.dtype.kind not in "iufcb" and stored.kind not in "SUO":
            raise TypeError(f"{key} {value!r}{_where(name)} must be a number to be stored as {stored}")
        if stored.kind in "iu":
            if arr.dtype.kind == "f" and not np.all(np.isfinite(arr)):
                raise ValueError(f"{key} {value!r}{_where(name)} cannot be stored in the integer dtype {stored}")
            info = np.iinfo(stored)
            if np.any(arr < info.min) or np.any(arr > info.max):
                raise ValueError(f"{key} {value!r}{_where(name)} does not fit into the stored dtype {stored}")
        return _scalar(arr.astype(stored))


class CFScaleOffsetCoder(VariableCoder):
    """Packing: ``unpacked = packed * scale_factor + add_offset``.

    Examples
    --------
    >>> v = Variable("x", np.array([0.0, 1.5]), encoding={"scale_factor": 0.5, "dtype": "i2"})
    >>> enc = CFScaleOffsetCoder().encode(v)
    >>> enc.values.tolist(), enc.attrs
    ([0.0, 3.0], {'scale_factor': 0.5})
    """

    name = "scale"

    def decode(self, variable: Variable, name: Hashable | None = None) -> Variable:
        attrs = dict(variable.attrs)
        if "scale_factor" not in attrs and "add_offset" not in attrs:
            return variable
        if variable.dtype.kind not in "iufb":
            return variable
        encoding = dict(variable.encoding)
        scale = _scalar(attrs.pop("scale_factor")) if "scale_factor" in attrs else None
        offset = _scalar(attrs.pop("add_offset")) if "add_offset" in attrs else None
        for key, value in (("scale_factor", scale), ("add_offset", offset)):
            if value is not None:
                encoding[key] = value
        packed = np.dtype(encoding.get("dtype", variable.dtype))
        target = unpacked_float_dtype(packed if packed.kind in "iufb" else variable.dtype, scale, offset)
        unpack = partial(_unpack_block, scale=scale, offset=offset, target=target)
        return Variable(variable.dims, lazy_elemwise(raw_data(variable), unpack, target), attrs, encoding)

    def encode(self, variable: Variable, name: Hashable | None = None) -> Variable:
        encoding = dict(variable.encoding)
        if "scale_factor" not in encoding and "add_offset" not in encoding:
            return variable
        if variable.dtype.kind not in "iuf":
            raise TypeError(f"cannot pack variable {name!r} with scale_factor/add_offset: its dtype is {variable.dtype}")
        attrs = dict(variable.attrs)
        scale = encoding.pop("scale_factor", None)
        offset = encoding.pop("add_offset", None)
        work = np.result_type(*(np.asarray(v).dtype for v in (scale, offset) if v is not None), np.float32)
        work = np.dtype("float64") if work.kind != "f" or variable.dtype == np.float64 else work
        if scale is not None:
            attrs["scale_factor"] = scale
        if offset is not None:
            attrs["add_offset"] = offset

        def pack(block: np.ndarray) -> np.ndarray:
            out = block.astype(work, copy=True)
            if offset is not None:
                out -= work.type(offset)
            if scale is not None:
                out /= work.type(scale)
            return out

        return Variable(variable.dims, lazy_elemwise(raw_data(variable), pack, work), attrs, encoding)


class BooleanCoder(VariableCoder):
    """Booleans are stored as int8 with the attribute ``dtype="bool"``.

    Examples
    --------
    >>> enc = BooleanCoder().encode(Variable("x", np.array([True, False])))
    >>> enc.values, enc.attrs
    (array([1, 0], dtype=int8), {'dtype': 'bool'})
    >>> BooleanCoder().decode(enc).values
    array([ True, False])
    """

    name = "bools"

    def decode(self, variable: Variable, name: Hashable | None = None) -> Variable:
        if variable.attrs.get("dtype") != "bool" or variable.dtype.kind not in "iub":
            return variable
        attrs = dict(variable.attrs)
        del attrs["dtype"]
        encoding = dict(variable.encoding)
        encoding.setdefault("dtype", variable.dtype)
        data = lazy_elemwise(raw_data(variable), partial(_cast, dtype=np.dtype(bool)), np.dtype(bool))
        return Variable(variable.dims, data, attrs, encoding)

    def encode(self, variable: Variable, name: Hashable | None = None) -> Variable:
        if variable.dtype != np.dtype(bool):
            return variable
        attrs = dict(variable.attrs)
        if "dtype" in attrs:
            raise ValueError(f"variable {name!r} holds booleans and has a 'dtype' attribute; remove the attribute")
        attrs["dtype"] = "bool"
        encoding = dict(variable.encoding)
        if np.dtype(encoding.get("dtype", "i1")).kind not in "iu":
            encoding.pop("dtype")
        data = lazy_elemwise(raw_data(variable), lambda x: x.astype("i1"), np.dtype("i1"))
        return Variable(variable.dims, data, attrs, encoding)


register_coder(NativeDtypeCoder, order=0)
register_coder(UnsignedIntegerCoder, order=5)
register_coder(CFMaskCoder, order=10)
register_coder(CFScaleOffsetCoder, order=20)
register_coder(BooleanCoder, order=80)
