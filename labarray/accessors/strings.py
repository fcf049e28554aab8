"""The ``.str`` accessor: vectorized string methods on DataArrays of ``str`` or ``bytes`` values.

Every method applies a plain Python string operation to each element (NumPy ``U``/``S`` or
object arrays; Dask arrays block by block) and returns a DataArray with the same coordinates,
name and attributes. String results keep the kind of the input (``str`` in, ``str`` out;
``bytes`` in, ``bytes`` out), predicates give ``bool`` and counts/positions ``int64``.
Methods that produce several values per element (``split``, ``partition``, ``extract``,
``get_dummies``) put them along a new dimension ``dim`` (or return lists in an object array
when ``dim=None``).

Arguments given as DataArrays (``cat``, ``format``, ``pad`` widths, ``repeat`` counts, ...) are
broadcast against the strings by dimension name through :func:`apply_ufunc`.

>>> import labarray as xr
>>> xr.DataArray(["Ab", "cd"], dims="x").str.upper().values
array(['AB', 'CD'], dtype='<U2')
"""

from __future__ import annotations

import codecs
import functools
import re
import textwrap
import unicodedata
from collections.abc import Callable, Hashable, Mapping
from typing import Any

import numpy as np

from labarray.compute.apply_ufunc import apply_ufunc
from labarray.parallel.chunkmanager import is_chunked_array

__all__ = ["StringAccessor", "string_accessor"]


def _is_array_arg(value: Any) -> bool:
    return hasattr(value, "dims") and hasattr(value, "variable")


def _as_result(out: np.ndarray, kind: str, like: np.dtype[Any]) -> np.ndarray:
    """Turn an object array of results into the output dtype."""
    if kind == "bool":
        return out.astype(bool)
    if kind == "int":
        return out.astype(np.int64)
    if kind == "str":
        if like.kind == "O":  # object input keeps object output, as pandas-backed strings do
            return out
        if out.size == 0:
            return out.astype(like if like.kind in "US" else str)
        first = out.flat[0]
        return out.astype(bytes if isinstance(first, bytes) else str)
    return out


def _elementwise(func: Callable[..., Any], kind: str, data: Any, *args: Any) -> Any:
    """Apply ``func(element, *arg_elements)`` over ``data`` (NumPy or Dask) and broadcast args."""

    def block(values: np.ndarray, *arrays: Any) -> np.ndarray:
        values = np.asarray(values)
        ufunc = np.frompyfunc(func, 1 + len(arrays), 1)
        out = np.asarray(ufunc(values, *arrays), dtype=object)
        return _as_result(out, kind, values.dtype)

    if is_chunked_array(data) or any(is_chunked_array(a) for a in args):
        from labarray.parallel.chunkmanager import dask_array

        if kind in ("str", "object"):
            # The width of the strings each block makes is unknown until it runs, and Dask
            # assembles blocks into the first block's dtype: fixed-width results of different
            # blocks would be truncated. Lazy string results are therefore object arrays.
            def lazy_block(values: np.ndarray, *arrays: Any) -> np.ndarray:
                return block(values, *arrays).astype(object)

            run, dtype = lazy_block, np.dtype(object)
        else:
            run, dtype = block, np.dtype(bool if kind == "bool" else np.int64)
        if args:  # broadcast the blocks of data and of the per-element arguments together
            return dask_array().core.elemwise(run, data, *args, dtype=dtype)
        return data.map_blocks(run, dtype=dtype)
    return block(data, *args)


class StringAccessor:
    """Vectorized string operations, available as ``DataArray.str``.

    Examples
    --------
    >>> import labarray as xr
    >>> da = xr.DataArray(["apple", "banana"], dims="fruit")
    >>> da.str.len().values
    array([5, 6])
    >>> da.str.startswith("b").values
    array([False,  True])
    """

    __slots__ = ("_obj",)

    def __init__(self, obj: Any) -> None:
        kind = obj.dtype.kind
        if kind not in "USO":
            raise AttributeError(
                f"'.str' accessor needs str, bytes or object values; the values of "
                f"{type(obj).__name__} {'' if obj.name is None else repr(obj.name) + ' '}have dtype {obj.dtype}"
            )
        self._obj = obj

    # ------------------------------------------------------------- machinery
    def _data(self) -> Any:
        variable = self._obj.variable
        return variable._data if is_chunked_array(variable._data) else variable.values

    def _wrap(self, data: Any) -> Any:
        variable = self._obj.variable.copy(deep=False, data=data)
        return self._obj._replace(variable)

    def _apply(self, func: Callable[..., Any], kind: str = "str", *args: Any) -> Any:
        """``func(element, *args)``; DataArray args are broadcast by name with apply_ufunc."""
        if any(_is_array_arg(a) for a in args):
            result = apply_ufunc(
                lambda v, *a: _elementwise(func, kind, v, *a),
                self._obj,
                *args,
                dask="allowed",
                keep_attrs=True,
            )
            return result
        return self._wrap(_elementwise(lambda v: func(v, *args), kind, self._data()))

    def _new_dim(
        self, parts: Callable[[Any], list[Any]], dim: Hashable, fill: Any, kind: str = "str", right: bool = False
    ) -> Any:
        """Expand each element into a list of values along the new dimension ``dim``
        (padded with ``fill`` at the end, or at the start with ``right=True``)."""
        if dim in self._obj.dims:
            raise ValueError(
                f"dimension {dim!r} already exists on the DataArray (dimensions: "
                f"{', '.join(map(str, self._obj.dims))}); choose a new name for dim"
            )
        values = np.asarray(self._obj.values)
        lists = [parts(v) for v in values.ravel()]
        width = max((len(p) for p in lists), default=0)
        out = np.empty((len(lists), width), dtype=object)
        out[...] = fill
        for i, p in enumerate(lists):
            if right:
                out[i, width - len(p) :] = p
            else:
                out[i, : len(p)] = p
        out = _as_result(out.reshape(values.shape + (width,)), kind, values.dtype)
        return self._expand(out, dim)

    def _expand(self, data: np.ndarray, dim: Hashable, coord: Any = None) -> Any:
        obj = self._obj
        coords = dict(obj._coords)
        new = type(obj)(data, dims=(*obj.dims, dim), coords=coords, name=obj.name, attrs=obj.attrs)
        if coord is not None:
            new = new.assign_coords({dim: coord})
        return new

    # ------------------------------------------------------------- indexing
    def len(self) -> Any:
        """Length of each string.

        Examples
        --------
        >>> import labarray as xr
        >>> xr.DataArray(["a", "abc"], dims="x").str.len().values
        array([1, 3])
        """
        return self._apply(len, "int")

    def __getitem__(self, key: int | slice) -> Any:
        if isinstance(key, slice):
            return self.slice(key.start, key.stop, key.step)
        return self.get(key)

    def get(self, i: int, default: str | bytes = "") -> Any:
        """Character at position ``i`` of each string (``default`` when out of range).

        Examples
        --------
        >>> import labarray as xr
        >>> xr.DataArray(["ab", "c"], dims="x").str.get(1).values
        array(['b', ''], dtype='<U1')
        """

        def get(s: Any, i: int) -> Any:
            try:
                return s[i]
            except IndexError:
                return default if isinstance(s, str) else (default.encode() if isinstance(default, str) else default)

        return self._apply(get, "str", i)

    def slice(self, start: int | None = None, stop: int | None = None, step: int | None = None) -> Any:
        """``s[start:stop:step]`` of each string.

        Examples
        --------
        >>> import labarray as xr
        >>> xr.DataArray(["abcd"], dims="x").str.slice(1, 3).values
        array(['bc'], dtype='<U2')
        """
        return self._apply(lambda s: s[start:stop:step], "str")

    def slice_replace(self, start: int | None = None, stop: int | None = None, repl: str | bytes = "") -> Any:
        """Replace ``s[start:stop]`` by ``repl``.

        Examples
        --------
        >>> import labarray as xr
        >>> xr.DataArray(["abcd"], dims="x").str.slice_replace(1, 3, "X").values
        array(['aXd'], dtype='<U3')
        """

        def replace(s: Any) -> Any:
            stop_ = stop
            if stop_ is None or (start is not None and stop_ < start and stop_ >= 0 and start >= 0):
                stop_ = len(s) if stop is None else start
            return s[:start] + repl + s[stop_:]

        return self._apply(replace, "str")

    # ------------------------------------------------------------- case and predicates
    def upper(self) -> Any:
        """Upper-case each string.

        Examples
        --------
        >>> import labarray as xr
        >>> xr.DataArray(["ab"], dims="x").str.upper().values
        array(['AB'], dtype='<U2')
        """
        return self._apply(lambda s: s.upper())

    def lower(self) -> Any:
        """Lower-case each string (``xr.DataArray(["AB"], dims="x").str.lower()`` gives ``"ab"``)."""
        return self._apply(lambda s: s.lower())

    def capitalize(self) -> Any:
        """First character upper case, the rest lower case."""
        return self._apply(lambda s: s.capitalize())

    def title(self) -> Any:
        """Title-case each string."""
        return self._apply(lambda s: s.title())

    def swapcase(self) -> Any:
        """Swap upper and lower case."""
        return self._apply(lambda s: s.swapcase())

    def casefold(self) -> Any:
        """Case-fold each string (aggressive lower case for caseless matching)."""
        return self._apply(lambda s: s.casefold())

    def normalize(self, form: str) -> Any:
        """Unicode normal form (``"NFC"``, ``"NFKC"``, ``"NFD"``, ``"NFKD"``) of each string."""
        if form not in ("NFC", "NFKC", "NFD", "NFKD"):
            raise ValueError(f"form must be one of 'NFC', 'NFKC', 'NFD', 'NFKD', got {form!r}")
        return self._apply(lambda s: unicodedata.normalize(form, s))  # type: ignore[arg-type]

    def _predicate(self, name: str) -> Any:
        return self._apply(lambda s: getattr(s, name)(), "bool")

    def isalnum(self) -> Any:
        """Whether every character is alphanumeric."""
        return self._predicate("isalnum")

    def isalpha(self) -> Any:
        """Whether every character is alphabetic.

        Examples
        --------
        >>> import labarray as xr
        >>> xr.DataArray(["ab", "a1"], dims="x").str.isalpha().values
        array([ True, False])
        """
        return self._predicate("isalpha")

    def isdecimal(self) -> Any:
        """Whether every character is a decimal digit."""
        return self._predicate("isdecimal")

    def isdigit(self) -> Any:
        """Whether every character is a digit."""
        return self._predicate("isdigit")

    def islower(self) -> Any:
        """Whether the cased characters are all lower case."""
        return self._predicate("islower")

    def isnumeric(self) -> Any:
        """Whether every character is numeric."""
        return self._predicate("isnumeric")

    def isspace(self) -> Any:
        """Whether every character is whitespace."""
        return self._predicate("isspace")

    def istitle(self) -> Any:
        """Whether the string is title-cased."""
        return self._predicate("istitle")

    def isupper(self) -> Any:
        """Whether the cased characters are all upper case."""
        return self._predicate("isupper")

    # ------------------------------------------------------------- searching
    def _regex(self, pat: Any, case: bool | None, flags: int) -> Any:
        if case is None:
            case = True
        if not case:
            flags |= re.IGNORECASE
        return re.compile(pat, flags=flags)

    def _regex_of(self, case: bool | None, flags: int) -> Callable[[Any], Any]:
        """A cached compiler of patterns that vary per element (a DataArray of patterns)."""
        return functools.lru_cache(maxsize=256)(lambda pat: self._regex(pat, case, flags))

    def count(self, pat: str | bytes, flags: int = 0, case: bool | None = None) -> Any:
        """Number of (non-overlapping) matches of the regular expression ``pat``.

        Examples
        --------
        >>> import labarray as xr
        >>> xr.DataArray(["banana"], dims="x").str.count("an").values
        array([2])
        """
        if _is_array_arg(pat):
            compile_ = self._regex_of(case, flags)
            return self._apply(lambda s, p: len(compile_(p).findall(s)), "int", pat)
        regex = self._regex(pat, case, flags)
        return self._apply(lambda s: len(regex.findall(s)), "int")

    def contains(self, pat: str | bytes, case: bool | None = None, flags: int = 0, regex: bool = True) -> Any:
        """Whether ``pat`` (a regular expression unless ``regex=False``) occurs in each string.

        Examples
        --------
        >>> import labarray as xr
        >>> xr.DataArray(["cat", "dog"], dims="x").str.contains("a.").values
        array([ True, False])
        """
        if _is_array_arg(pat):  # one pattern per element, broadcast by dimension name
            if regex:
                compile_ = self._regex_of(case, flags)
                return self._apply(lambda s, p: compile_(p).search(s) is not None, "bool", pat)
            if case is False:
                return self._apply(lambda s, p: p.lower() in s.lower(), "bool", pat)
            return self._apply(lambda s, p: p in s, "bool", pat)
        if regex:
            compiled = self._regex(pat, case, flags)
            return self._apply(lambda s: compiled.search(s) is not None, "bool")
        if case is False:
            return self._apply(lambda s: pat.lower() in s.lower(), "bool")
        return self._apply(lambda s: pat in s, "bool")

    def match(self, pat: str | bytes, case: bool | None = None, flags: int = 0) -> Any:
        """Whether the regular expression ``pat`` matches at the start of each string."""
        if _is_array_arg(pat):
            compile_ = self._regex_of(case, flags)
            return self._apply(lambda s, p: compile_(p).match(s) is not None, "bool", pat)
        compiled = self._regex(pat, case, flags)
        return self._apply(lambda s: compiled.match(s) is not None, "bool")

    def startswith(self, pat: str | bytes) -> Any:
        """Whether each string starts with ``pat``.

        Examples
        --------
        >>> import labarray as xr
        >>> xr.DataArray(["ab", "ba"], dims="x").str.startswith("a").values
        array([ True, False])
        """
        if _is_array_arg(pat):
            return self._apply(lambda s, p: s.startswith(p), "bool", pat)
        return self._apply(lambda s: s.startswith(pat), "bool")

    def endswith(self, pat: str | bytes) -> Any:
        """Whether each string ends with ``pat``."""
        if _is_array_arg(pat):
            return self._apply(lambda s, p: s.endswith(p), "bool", pat)
        return self._apply(lambda s: s.endswith(pat), "bool")

    def find(self, sub: str | bytes, start: int = 0, end: int | None = None, side: str = "left") -> Any:
        """Lowest (``side="left"``) or highest (``"right"``) index of ``sub``; -1 when absent.

        Examples
        --------
        >>> import labarray as xr
        >>> xr.DataArray(["banana"], dims="x").str.find("an").values
        array([1])
        """
        method = self._side_method(side, "find", "rfind")
        if _is_array_arg(sub):
            return self._apply(lambda s, b: getattr(s, method)(b, start, end), "int", sub)
        return self._apply(lambda s: getattr(s, method)(sub, start, end), "int")

    def rfind(self, sub: str | bytes, start: int = 0, end: int | None = None) -> Any:
        """Highest index of ``sub`` in each string, -1 when absent."""
        return self.find(sub, start, end, side="right")

    def index(self, sub: str | bytes, start: int = 0, end: int | None = None, side: str = "left") -> Any:
        """Like :meth:`find`, but raise ``ValueError`` when ``sub`` is absent."""
        method = self._side_method(side, "index", "rindex")

        def index(s: Any) -> int:
            try:
                return getattr(s, method)(sub, start, end)
            except ValueError as err:
                raise ValueError(f"substring {sub!r} not found in {s!r}") from err

        return self._apply(index, "int")

    def rindex(self, sub: str | bytes, start: int = 0, end: int | None = None) -> Any:
        """Like :meth:`rfind`, but raise ``ValueError`` when ``sub`` is absent."""
        return self.index(sub, start, end, side="right")

    @staticmethod
    def _side_method(side: str, left: str, right: str) -> str:
        if side not in ("left", "right"):
            raise ValueError(f"side must be 'left' or 'right', got {side!r}")
        return left if side == "left" else right

    # ------------------------------------------------------------- transforming
    def replace(
        self, pat: str | bytes, repl: Any, n: int = -1, case: bool | None = None, flags: int = 0, regex: bool = True
    ) -> Any:
        """Replace occurrences of ``pat`` by ``repl`` (a string or, with regex, a callable).

        Examples
        --------
        >>> import labarray as xr
        >>> xr.DataArray(["a-b-c"], dims="x").str.replace("-", "+", n=1).values
        array(['a+b-c'], dtype='<U5')
        """
        if not regex and (case is False or flags or callable(repl)):
            raise ValueError("case=False, flags and a callable repl need regex=True in str.replace")
        if _is_array_arg(pat) or _is_array_arg(repl):
            # patterns and/or replacements per element, broadcast by dimension name
            if regex:
                compile_ = self._regex_of(case, flags)
                count_ = 0 if n < 0 else n
                return self._apply(lambda s, p, r: compile_(p).sub(r, s, count=count_), "str", pat, repl)
            return self._apply(lambda s, p, r: s.replace(p, r, n), "str", pat, repl)
        if regex:
            compiled = self._regex(pat, case, flags)
            count = 0 if n < 0 else n
            return self._apply(lambda s: compiled.sub(repl, s, count=count), "str")
        return self._apply(lambda s: s.replace(pat, repl, n), "str")

    def strip(self, to_strip: str | bytes | None = None, side: str = "both") -> Any:
        """Remove leading and/or trailing characters (whitespace by default).

        Examples
        --------
        >>> import labarray as xr
        >>> xr.DataArray(["  a "], dims="x").str.strip().values
        array(['a'], dtype='<U1')
        """
        if side not in ("both", "left", "right"):
            raise ValueError(f"side must be 'both', 'left' or 'right', got {side!r}")
        name = {"both": "strip", "left": "lstrip", "right": "rstrip"}[side]
        return self._apply(lambda s: getattr(s, name)(to_strip), "str")

    def lstrip(self, to_strip: str | bytes | None = None) -> Any:
        """Remove leading characters (whitespace by default)."""
        return self.strip(to_strip, side="left")

    def rstrip(self, to_strip: str | bytes | None = None) -> Any:
        """Remove trailing characters (whitespace by default)."""
        return self.strip(to_strip, side="right")

    def pad(self, width: int | Any, side: str = "left", fillchar: str | bytes = " ") -> Any:
        """Pad each string to ``width`` on the left, right or both sides with ``fillchar``.

        Examples
        --------
        >>> import labarray as xr
        >>> xr.DataArray(["a"], dims="x").str.pad(3, side="both", fillchar="*").values
        array(['*a*'], dtype='<U3')
        """
        if side not in ("left", "right", "both"):
            raise ValueError(f"side must be 'left', 'right' or 'both', got {side!r}")
        if not _is_array_arg(fillchar) and len(fillchar) != 1:
            raise TypeError(f"fillchar must be a single character, got {fillchar!r}")
        name = {"left": "rjust", "right": "ljust", "both": "center"}[side]
        return self._apply(lambda s, w: getattr(s, name)(int(w), fillchar), "str", width)

    def center(self, width: int | Any, fillchar: str | bytes = " ") -> Any:
        """Pad both sides to ``width``."""
        return self.pad(width, side="both", fillchar=fillchar)

    def ljust(self, width: int | Any, fillchar: str | bytes = " ") -> Any:
        """Pad on the right to ``width`` (left-justify)."""
        return self.pad(width, side="right", fillchar=fillchar)

    def rjust(self, width: int | Any, fillchar: str | bytes = " ") -> Any:
        """Pad on the left to ``width`` (right-justify)."""
        return self.pad(width, side="left", fillchar=fillchar)

    def zfill(self, width: int | Any) -> Any:
        """Pad with zeros on the left to ``width`` (after a leading sign).

        Examples
        --------
        >>> import labarray as xr
        >>> xr.DataArray(["-7"], dims="x").str.zfill(4).values
        array(['-007'], dtype='<U4')
        """
        return self._apply(lambda s, w: s.zfill(int(w)), "str", width)

    def repeat(self, repeats: int | Any) -> Any:
        """Repeat each string ``repeats`` times."""
        return self._apply(lambda s, r: s * int(r), "str", repeats)

    def wrap(self, width: int, **kwargs: Any) -> Any:
        """Wrap long strings into lines of at most ``width`` characters (``textwrap`` options)."""
        wrapper = textwrap.TextWrapper(width=width, **kwargs)
        return self._apply(lambda s: "\n".join(wrapper.wrap(s)), "str")

    def __add__(self, other: Any) -> Any:
        return self.cat(other)

    def __mul__(self, num: int | Any) -> Any:
        return self.repeat(num)

    def __mod__(self, other: Any) -> Any:
        if isinstance(other, dict):
            return self._apply(lambda s: s % other, "str")
        if isinstance(other, tuple):
            return self._apply(lambda s, *a: s % a, "str", *other)
        return self._apply(lambda s, o: s % o, "str", other)

    def format(self, *args: Any, **kwargs: Any) -> Any:
        """``s.format(*args, **kwargs)`` on each string (DataArray arguments are broadcast).

        Examples
        --------
        >>> import labarray as xr
        >>> xr.DataArray(["{}-{x}"], dims="i").str.format(1, x=2).values
        array(['1-2'], dtype='<U3')
        """
        keys = list(kwargs)
        values = [kwargs[k] for k in keys]
        n = len(args)

        def fmt(s: Any, *a: Any) -> Any:
            return s.format(*a[:n], **dict(zip(keys, a[n:], strict=True)))

        return self._apply(fmt, "str", *args, *values)

    def cat(self, *others: Any, sep: str | bytes = "") -> Any:
        """Concatenate each string with the matching elements of ``others``, separated by ``sep``.

        Examples
        --------
        >>> import labarray as xr
        >>> a = xr.DataArray(["a", "b"], dims="x")
        >>> a.str.cat(xr.DataArray(["1", "2"], dims="x"), sep="-").values
        array(['a-1', 'b-2'], dtype='<U3')
        """
        if not others:
            return self._apply(lambda s: s, "str")
        return self._apply(lambda s, *o: sep.join((s, *(_text_like(s, v) for v in o))), "str", *others)

    def join(self, dim: Hashable | None = None, sep: str | bytes = "") -> Any:
        """Join the strings along ``dim`` with ``sep`` (the dimension is removed).

        Examples
        --------
        >>> import labarray as xr
        >>> xr.DataArray([["a", "b"], ["c", "d"]], dims=("x", "y")).str.join("y", sep="+").values
        array(['a+b', 'c+d'], dtype='<U3')
        """
        obj = self._obj
        if dim is None:
            if obj.ndim > 1:
                raise ValueError(
                    f"str.join needs dim= for a {obj.ndim}-D array; dimensions: {', '.join(map(str, obj.dims))}"
                )
            if obj.ndim == 0:
                return obj.copy()
            dim = obj.dims[0]
        if dim not in obj.dims:
            from labarray.utils.suggest import missing_names_message

            raise ValueError(missing_names_message("dimension", [dim], obj.dims, "the DataArray"))
        axis = obj.dims.index(dim)
        values = np.moveaxis(np.asarray(obj.values), axis, -1)
        flat = values.reshape(-1, values.shape[-1])
        joined = np.empty(flat.shape[0], dtype=object)
        for i, row in enumerate(flat):
            joined[i] = sep.join(row.tolist())
        data = _as_result(joined.reshape(values.shape[:-1]), "str", values.dtype)
        coords = {k: v for k, v in obj._coords.items() if dim not in v.dims}
        return type(obj)(data, dims=tuple(d for d in obj.dims if d != dim), coords=coords, name=obj.name, attrs=obj.attrs)

    # ------------------------------------------------------------- new dimension
    def split(self, dim: Hashable | None, sep: str | bytes | None = None, maxsplit: int = -1) -> Any:
        """Split each string on ``sep``; the parts go along the new dimension ``dim``.

        Shorter results are padded with empty strings; ``dim=None`` gives lists in an object array.

        Examples
        --------
        >>> import labarray as xr
        >>> xr.DataArray(["a,b", "c"], dims="x").str.split("part", sep=",").values
        array([['a', 'b'],
               ['c', '']], dtype='<U1')
        """
        return self._split(dim, sep, maxsplit, "split")

    def rsplit(self, dim: Hashable | None, sep: str | bytes | None = None, maxsplit: int = -1) -> Any:
        """Split from the right; shorter results are padded at the start (right-aligned)."""
        return self._split(dim, sep, maxsplit, "rsplit")

    def _split(self, dim: Hashable | None, sep: Any, maxsplit: int, how: str) -> Any:
        def parts(s: Any) -> list[Any]:
            return getattr(s, how)(sep, maxsplit)

        if dim is None:
            return self._apply(parts, "object")
        values = np.asarray(self._obj.values)
        empty = b"" if values.dtype.kind == "S" else ""
        return self._new_dim(parts, dim, empty, right=how == "rsplit")

    def partition(self, dim: Hashable | None, sep: str | bytes = " ") -> Any:
        """Split at the first ``sep`` into (before, sep, after) along the new dimension ``dim``."""
        if dim is None:
            return self._apply(lambda s: list(s.partition(sep)), "object")
        return self._new_dim(lambda s: list(s.partition(sep)), dim, "")

    def rpartition(self, dim: Hashable | None, sep: str | bytes = " ") -> Any:
        """Split at the last ``sep`` into (before, sep, after) along the new dimension ``dim``."""
        if dim is None:
            return self._apply(lambda s: list(s.rpartition(sep)), "object")
        return self._new_dim(lambda s: list(s.rpartition(sep)), dim, "")

    def extract(self, pat: str | bytes, dim: Hashable | None, case: bool | None = None, flags: int = 0) -> Any:
        """The groups of the first match of ``pat``, along the new dimension ``dim``.

        With ``dim=None`` the pattern must have exactly one group (no new dimension).

        Examples
        --------
        >>> import labarray as xr
        >>> xr.DataArray(["a1", "b22"], dims="x").str.extract(r"([a-z])(\\d+)", dim="g").values
        array([['a', '1'],
               ['b', '22']], dtype='<U2')
        """
        compiled = self._regex(pat, case, flags)
        if compiled.groups == 0:
            raise ValueError(f"the pattern {pat!r} has no capture groups; str.extract needs at least one")
        empty = pat[:0]

        def groups(s: Any) -> list[Any]:
            m = compiled.search(s)
            if m is None:
                return [empty] * compiled.groups
            return [g if g is not None else empty for g in m.groups()]

        if dim is None:
            if compiled.groups != 1:
                raise ValueError(
                    f"the pattern {pat!r} has {compiled.groups} groups; with dim=None str.extract needs exactly one"
                )
            return self._apply(lambda s: groups(s)[0], "str")
        return self._new_dim(groups, dim, empty)

    def extractall(
        self, pat: str | bytes, group_dim: Hashable, match_dim: Hashable, case: bool | None = None, flags: int = 0
    ) -> Any:
        """The groups of every match of ``pat``, along two new dimensions.

        ``group_dim`` (added first) indexes the capture groups and ``match_dim`` the successive
        matches; strings with fewer matches are padded with empty strings.

        Examples
        --------
        >>> import labarray as xr
        >>> r = xr.DataArray(["a1b2", "c3"], dims="x").str.extractall(r"([a-z])(\\d)", "group", "match")
        >>> r.dims, r.values[0].tolist()
        (('x', 'group', 'match'), [['a', 'b'], ['1', '2']])
        """
        if group_dim == match_dim:
            raise ValueError(
                f"group_dim and match_dim are both {group_dim!r}; give two different names for the new dimensions"
            )
        for what, name in (("group_dim", group_dim), ("match_dim", match_dim)):
            if name in self._obj.dims:
                raise ValueError(
                    f"{what}={name!r} already exists on the DataArray (dimensions: "
                    f"{', '.join(map(str, self._obj.dims))}); choose a new name"
                )
        compiled = self._regex(pat, case, flags)
        if compiled.groups == 0:
            raise ValueError(f"the pattern {pat!r} has no capture groups; str.extractall needs at least one")
        empty = pat[:0]
        values = np.asarray(self._obj.values)
        found = [
            [[g if g is not None else empty for g in m.groups()] for m in compiled.finditer(v)] for v in values.ravel()
        ]
        width = max((len(f) for f in found), default=0)
        out = np.empty((len(found), compiled.groups, width), dtype=object)
        out[...] = empty
        for i, matches in enumerate(found):
            for j, groups in enumerate(matches):
                out[i, :, j] = groups
        out = _as_result(out.reshape(values.shape + (compiled.groups, width)), "str", values.dtype)
        obj = self._obj
        return type(obj)(
            out, dims=(*obj.dims, group_dim, match_dim), coords=dict(obj._coords), name=obj.name, attrs=obj.attrs
        )

    def translate(self, table: Mapping[Any, Any]) -> Any:
        """Map characters through ``table`` (as made by ``str.maketrans``).

        Examples
        --------
        >>> import labarray as xr
        >>> xr.DataArray(["abc"], dims="x").str.translate(str.maketrans("a", "z")).values
        array(['zbc'], dtype='<U3')
        """
        if not isinstance(table, Mapping):
            raise TypeError(
                f"str.translate needs a mapping of characters, as made by str.maketrans; got {type(table).__name__}"
            )
        return self._apply(lambda s: s.translate(table), "str")

    def findall(self, pat: str | bytes, case: bool | None = None, flags: int = 0) -> Any:
        """All matches of ``pat`` in each string, as lists (object array)."""
        compiled = self._regex(pat, case, flags)
        return self._apply(lambda s: compiled.findall(s), "object")

    def get_dummies(self, dim: Hashable, sep: str | bytes = "|") -> Any:
        """Indicator of each label (strings split on ``sep``) along the new dimension ``dim``.

        Examples
        --------
        >>> import labarray as xr
        >>> d = xr.DataArray(["a|b", "c"], dims="x").str.get_dummies("label")
        >>> d.label.values.tolist(), d.values.tolist()
        (['a', 'b', 'c'], [[True, True, False], [False, False, True]])
        """
        values = np.asarray(self._obj.values)
        split = [set(v.split(sep)) - {sep[:0]} for v in values.ravel()]
        labels = sorted(set().union(*split)) if split else []
        out = np.array([[label in s for label in labels] for s in split], dtype=bool).reshape(values.shape + (len(labels),))
        if dim in self._obj.dims:
            raise ValueError(f"dimension {dim!r} already exists on the DataArray; choose a new name for dim")
        if values.dtype.kind in "US":
            coord = np.array(labels) if labels else np.array([], dtype=values.dtype)
        else:
            coord = np.array(labels, dtype=object)
        return self._expand(out, dim, coord=coord)

    # ------------------------------------------------------------- bytes
    def encode(self, encoding: str, errors: str = "strict") -> Any:
        """Encode strings to bytes.

        Examples
        --------
        >>> import labarray as xr
        >>> xr.DataArray(["é"], dims="x").str.encode("utf-8").values
        array([b'\\xc3\\xa9'], dtype='|S2')
        """
        codecs.lookup(encoding)
        return self._apply(lambda s: s.encode(encoding, errors), "str")

    def decode(self, encoding: str, errors: str = "strict") -> Any:
        """Decode bytes to strings."""
        codecs.lookup(encoding)
        return self._apply(lambda s: s.decode(encoding, errors), "str")


def _text_like(s: Any, value: Any) -> Any:
    if isinstance(s, bytes) and not isinstance(value, bytes):
        return str(value).encode()
    if isinstance(s, str) and not isinstance(value, str):
        return value.decode() if isinstance(value, bytes) else str(value)
    return value


def string_accessor(obj: Any) -> StringAccessor:
    """The ``.str`` accessor of a DataArray (``AttributeError`` for non-string dtypes)."""
    return StringAccessor(obj)
