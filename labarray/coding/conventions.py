"""CF conventions on in-memory objects: :func:`decode_cf` and :func:`encode_cf`.

Each convention is a *coder*: a :class:`VariableCoder` with ``encode(variable, name)`` and
``decode(variable, name)`` that returns the Variable unchanged when the convention does not
apply, and that keeps the round-trip rule ``decode(encode(v))`` identical to ``v``. Coders are
kept in a registry; built-in ones register themselves on the last line of their module
(``register_coder(CFDatetimeCoder, order=70)``) and run by ``order``: decoding in increasing
order (a mask coder, say at 10, before a scale coder at 20, before times at 60-70), encoding in
the reverse order.

>>> import numpy as np
>>> import labarray as la
>>> ds = la.Dataset({"t": ("t", np.array([0, 1]), {"units": "days since 2000-01-01"})})
>>> decode_cf(ds)["t"].dtype
dtype('<M8[ns]')
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Any

from labarray.dataarray import DataArray
from labarray.dataset import Dataset
from labarray.utils.suggest import did_you_mean
from labarray.variable import Variable

__all__ = ["VariableCoder", "decode_cf", "decode_cf_variable", "encode_cf", "encode_cf_variable",
           "list_coders", "register_coder"]


class VariableCoder:
    """Base class of the CF coders: ``encode`` and ``decode`` one Variable.

    Subclasses set ``name`` (the key used by :func:`decode_cf`'s options) and override both
    methods; each returns its input unchanged when its convention does not apply, moves the
    attributes it consumes on decoding into ``encoding`` and writes them back on encoding.
    """

    name: str = ""

    def encode(self, variable: Variable, name: Hashable | None = None) -> Variable:
        """The on-disk form of ``variable`` (unchanged when the convention does not apply)."""
        raise NotImplementedError(f"{type(self).__name__} does not implement encode()")

    def decode(self, variable: Variable, name: Hashable | None = None) -> Variable:
        """The in-memory form of ``variable`` (unchanged when the convention does not apply)."""
        raise NotImplementedError(f"{type(self).__name__} does not implement decode()")


@dataclass(frozen=True)
class _Entry:
    order: int
    coder: type[VariableCoder]


_REGISTRY: dict[str, _Entry] = {}


def register_coder(coder: type[VariableCoder], order: int) -> type[VariableCoder]:
    """Add a coder class to the registry, run at ``order`` (lower decodes first).

    Examples
    --------
    >>> sorted(list_coders())[:2]
    ['timedeltas', 'times']
    """
    if not (isinstance(coder, type) and issubclass(coder, VariableCoder)) or not coder.name:
        raise TypeError(f"a coder must be a VariableCoder subclass with a name; got {coder!r}")
    _REGISTRY[coder.name] = _Entry(order, coder)
    return coder


def list_coders() -> dict[str, type[VariableCoder]]:
    """The registered coders by name, in decoding order.

    Examples
    --------
    >>> list(list_coders())
    ['timedeltas', 'times']
    """
    return {k: e.coder for k, e in sorted(_REGISTRY.items(), key=lambda kv: kv[1].order)}


def _coders(choices: dict[str, Any]) -> list[VariableCoder]:
    """Instances of the registered coders, in decoding order; ``choices[name]`` is True/None
    (default instance), False (skip), or a ready instance."""
    unknown = set(choices) - set(_REGISTRY)
    if unknown:
        name = sorted(unknown)[0]
        hint = did_you_mean(name, list(_REGISTRY))
        raise ValueError(f"no CF coder named {name!r}; registered: {', '.join(_REGISTRY)}" + (f"; {hint}" if hint else ""))
    coders = []
    for key, coder_cls in list_coders().items():
        choice = choices.get(key, True)
        if choice is False:
            continue
        if isinstance(choice, VariableCoder):
            if not isinstance(choice, coder_cls):
                raise TypeError(f"the {key!r} coder must be a {coder_cls.__name__}; got {type(choice).__name__}")
            coders.append(choice)
        else:
            coders.append(coder_cls())
    return coders


def decode_cf_variable(variable: Variable, coders: Iterable[VariableCoder], name: Hashable | None = None) -> Variable:
    """Apply ``coders`` (in decoding order) to one Variable."""
    for coder in coders:
        variable = coder.decode(variable, name)
    return variable


def encode_cf_variable(variable: Variable, coders: Iterable[VariableCoder], name: Hashable | None = None) -> Variable:
    """Apply ``coders`` (given in decoding order) in reverse to one Variable."""
    for coder in reversed(list(coders)):
        variable = coder.encode(variable, name)
    return variable


def _time_choices(decode_times: Any, decode_timedelta: Any, use_cftime: bool | None) -> dict[str, Any]:
    registered = list_coders()
    CFDatetimeCoder, CFTimedeltaCoder = registered["times"], registered["timedeltas"]
    if use_cftime is not None and not isinstance(use_cftime, bool):
        raise TypeError(f"use_cftime must be True, False or None; got {use_cftime!r}")
    if isinstance(decode_times, CFDatetimeCoder):
        if use_cftime is not None:
            raise ValueError("pass use_cftime either to decode_cf or to the CFDatetimeCoder, not both")
        times: Any = decode_times
    elif isinstance(decode_times, bool):
        times = CFDatetimeCoder(use_cftime) if decode_times else False  # type: ignore[call-arg]
    else:
        raise TypeError(f"decode_times must be a bool or a CFDatetimeCoder; got {decode_times!r}")
    if isinstance(decode_timedelta, CFTimedeltaCoder):
        timedeltas: Any = decode_timedelta
    elif decode_timedelta is None:
        timedeltas = CFTimedeltaCoder() if decode_times is not False else False
    elif isinstance(decode_timedelta, bool):
        timedeltas = CFTimedeltaCoder(decode_via_units=True) if decode_timedelta else False  # type: ignore[call-arg]
    else:
        raise TypeError(f"decode_timedelta must be a bool, None or a CFTimedeltaCoder; got {decode_timedelta!r}")
    return {"times": times, "timedeltas": timedeltas}


_THIS = "<this-array>"


def _rebuild(obj: Dataset | DataArray, variables: dict[Hashable, Variable]) -> Any:
    if isinstance(obj, DataArray):
        coords = {k: v for k, v in variables.items() if k is not _THIS}
        variable = variables[_THIS]
        result = DataArray(variable, coords=coords, dims=obj.dims, name=obj.name, attrs=dict(variable.attrs))
        result.encoding = dict(variable.encoding)
        return result
    data_vars = {k: v for k, v in variables.items() if k not in obj._coord_names}
    coords = {k: v for k, v in variables.items() if k in obj._coord_names}
    dataset = Dataset(data_vars, coords=coords, attrs=dict(obj.attrs))
    dataset.encoding = dict(obj.encoding)
    return dataset


def _label(obj: Any, key: Hashable) -> Hashable | None:
    """The name used in messages: the DataArray's own name for its data."""
    return obj.name if key is _THIS else key


def _variables_of(obj: Any) -> dict[Hashable, Variable]:
    if isinstance(obj, DataArray):
        return {_THIS: obj.variable, **obj._coords}
    if isinstance(obj, Dataset):
        return dict(obj._variables)
    raise TypeError(f"expected a Dataset or a DataArray; got {type(obj).__name__}")


def decode_cf(
    obj: Dataset | DataArray,
    *,
    decode_times: Any = True,
    decode_timedelta: Any = None,
    use_cftime: bool | None = None,
    drop_variables: str | Iterable[Hashable] | None = None,
) -> Any:
    """Decode the CF conventions of a Dataset or DataArray held in memory.

    Times with ``units="<unit> since <date>"`` become datetime64 (or cftime dates, see
    ``use_cftime``); durations written with a ``dtype="timedelta64[..]"`` attribute become
    timedelta64. The consumed attributes move to each variable's ``encoding``, so
    :func:`encode_cf` writes the same numbers back. Dask data is decoded lazily.

    Parameters
    ----------
    obj : Dataset or DataArray
    decode_times : bool or CFDatetimeCoder, default: True
        Decode dates; a ``CFDatetimeCoder(use_cftime=...)`` gives the options.
    decode_timedelta : bool, CFTimedeltaCoder or None, default: None
        None decodes durations marked with a timedelta64 ``dtype`` attribute (when
        ``decode_times`` is on); True also any variable whose ``units`` is a bare time unit
        ("hours"); False none.
    use_cftime : {None, True, False}, optional
        See :func:`labarray.coding.times.decode_cf_datetime`; None follows the option.
    drop_variables : str or iterable of str, optional
        Variables to leave out of the result.

    Returns
    -------
    Dataset or DataArray
        Same type as ``obj``; dimension coordinates are re-indexed from the decoded values.

    Examples
    --------
    >>> import numpy as np
    >>> import labarray as la
    >>> ds = la.Dataset({"t": ("t", np.array([0, 31]), {"units": "days since 2000-01-01", "calendar": "noleap"})})
    >>> decode_cf(ds)["t"].dt.month.values.tolist()
    [1, 2]
    """
    coders = _coders(_time_choices(decode_times, decode_timedelta, use_cftime))
    variables = _variables_of(obj)
    drop = {drop_variables} if isinstance(drop_variables, str) else set(drop_variables or ())
    missing = drop - set(variables)
    if missing:
        name = sorted(map(str, missing))[0]
        hint = did_you_mean(name, list(variables))
        raise ValueError(f"cannot drop variable {name!r}: not found; variables: {', '.join(map(str, variables))}"
                         + (f"; {hint}" if hint else ""))
    if drop:
        obj = obj.drop_vars(list(drop))
        variables = _variables_of(obj)
    decoded = {k: decode_cf_variable(v, coders, _label(obj, k)) for k, v in variables.items()}
    return _rebuild(obj, decoded)


def encode_cf(obj: Dataset | DataArray) -> Any:
    """Encode a Dataset or DataArray to its CF form (the inverse of :func:`decode_cf`).

    Dates become numbers with ``units``/``calendar`` attributes (taken from each variable's
    ``encoding`` when present, else chosen so that the numbers are exact integers), durations
    numbers with ``units`` and a ``dtype`` attribute; missing times become ``_FillValue``.
    Dask data is computed.

    Examples
    --------
    >>> import pandas as pd
    >>> import labarray as la
    >>> ds = la.Dataset(coords={"t": pd.date_range("2000-01-01", periods=3, freq="6h")})
    >>> enc = encode_cf(ds)
    >>> enc["t"].values.tolist(), enc["t"].attrs["units"]
    ([0, 6, 12], 'hours since 2000-01-01 00:00:00')
    """
    variables = _variables_of(obj)
    coders = _coders({})
    encoded = {k: encode_cf_variable(v, coders, _label(obj, k)) for k, v in variables.items()}
    return _rebuild(obj, encoded)
