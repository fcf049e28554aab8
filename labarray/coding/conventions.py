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

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from labarray.dataarray import DataArray
from labarray.dataset import Dataset
from labarray.utils.suggest import did_you_mean
from labarray.utils.warnings import SerializationWarning, warn
from labarray.variable import Variable

__all__ = ["VariableCoder", "cf_encoder", "decode_cf", "decode_cf_variable", "decode_cf_variables", "encode_cf",
           "encode_cf_variable", "list_coders", "register_coder"]


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
    >>> "times" in list_coders()
    True
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
    ['dtype', 'characters', 'strings', 'unsigned', 'mask', 'scale', 'timedeltas', 'times', 'bools']
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


def decoder_choices(
    *,
    concat_characters: bool = True,
    mask_and_scale: bool = True,
    decode_times: Any = True,
    decode_timedelta: Any = None,
    use_cftime: bool | None = None,
) -> list[VariableCoder]:
    """The decoding coders selected by ``decode_cf``'s switches, in decoding order.

    Examples
    --------
    >>> [c.name for c in decoder_choices(mask_and_scale=False, decode_times=False)]
    ['dtype', 'characters', 'strings', 'bools']
    """
    for key, value in (("concat_characters", concat_characters), ("mask_and_scale", mask_and_scale)):
        if not isinstance(value, bool):
            raise TypeError(f"{key} must be True or False; got {value!r}")
    choices = _time_choices(decode_times, decode_timedelta, use_cftime)
    if not concat_characters:
        choices.update(characters=False, strings=False)
    if not mask_and_scale:
        choices.update(mask=False, scale=False, unsigned=False)
    return _coders({k: v for k, v in choices.items() if k in _REGISTRY})


_COORD_ATTRS_ALL = ("coordinates", "bounds", "grid_mapping", "cell_measures", "ancillary_variables", "climatology",
                    "geometry", "node_coordinates", "node_count", "part_node_count", "interior_ring")


def _referenced_names(attr: str, value: Any) -> list[str]:
    if not isinstance(value, str):
        return []
    if attr in ("cell_measures",):
        # "area: cell_area volume: vol" -> the names after each "key:"
        parts = value.replace(":", " : ").split()
        return [p for i, p in enumerate(parts) if i >= 2 and parts[i - 1] == ":"]
    if attr == "grid_mapping" and ":" in value:
        # extended form "crs: lat lon crs2: x y" -> the mapping names
        parts = value.replace(":", " : ").split()
        return [p for i, p in enumerate(parts) if i + 1 < len(parts) and parts[i + 1] == ":"]
    return value.split()


def _bounds_inherit_time_units(variables: Mapping[Hashable, Variable]) -> dict[Hashable, Variable]:
    """CF: a bounds variable (``time_bnds``) without its own ``units``/``calendar`` uses its
    parent's; copy them so the bounds decode to the same dates as the coordinate."""
    result = dict(variables)
    for var in variables.values():
        units = var.attrs.get("units")
        bounds = var.attrs.get("bounds", var.encoding.get("bounds"))
        if not (isinstance(units, str) and " since " in units and isinstance(bounds, str) and bounds in result):
            continue
        target = result[bounds]
        attrs = dict(target.attrs)
        attrs.setdefault("units", units)
        if "calendar" in var.attrs:
            attrs.setdefault("calendar", var.attrs["calendar"])
        if attrs != target.attrs:
            result[bounds] = target._replace(attrs=attrs)
    return result


def decode_cf_variables(
    variables: dict[Hashable, Variable],
    attributes: dict[Any, Any],
    *,
    concat_characters: bool = True,
    mask_and_scale: bool = True,
    decode_times: Any = True,
    decode_coords: bool | str = True,
    drop_variables: str | Iterable[Hashable] | None = None,
    use_cftime: bool | None = None,
    decode_timedelta: Any = None,
    strict_drop: bool = False,
) -> tuple[dict[Hashable, Variable], dict[Any, Any], set[Hashable]]:
    """Decode raw variables (as stored) into ``(variables, attributes, coordinate names)``.

    The one CF decoding path of labarray: :func:`decode_cf` and every IO engine go through it.
    Lazy data stays lazy. Each switch but ``decode_coords`` may also be a mapping
    ``{variable name: value}`` (variables not named get the default). ``decode_coords`` True promotes the names listed in each variable's
    (and the global) ``coordinates`` attribute to coordinates; ``"all"`` also those of
    ``bounds``, ``grid_mapping``, ``cell_measures`` and the other CF referencing attributes.
    The attributes used move to ``encoding``.

    Examples
    --------
    >>> import numpy as np
    >>> raw = {"a": Variable("x", np.array([1, 2]), {"coordinates": "lat"}), "lat": Variable("x", np.array([5, 6]))}
    >>> variables, attrs, coords = decode_cf_variables(raw, {})
    >>> sorted(coords), variables["a"].encoding["coordinates"]
    (['lat'], 'lat')
    """
    if decode_coords not in (True, False, "coordinates", "all"):
        raise ValueError(f"decode_coords must be True, False, 'coordinates' or 'all'; got {decode_coords!r}")
    switches = {"concat_characters": (concat_characters, True), "mask_and_scale": (mask_and_scale, True),
                "decode_times": (decode_times, True), "decode_timedelta": (decode_timedelta, None),
                "use_cftime": (use_cftime, None)}
    per_variable = any(isinstance(value, Mapping) for value, _ in switches.values())
    coders = None if per_variable else decoder_choices(**{k: v for k, (v, _) in switches.items()})
    drop = {drop_variables} if isinstance(drop_variables, str) else set(drop_variables or ())
    if strict_drop:
        missing = drop - set(variables)
        if missing:
            first = sorted(map(str, missing))[0]
            hint = did_you_mean(first, list(map(str, variables)))
            raise ValueError(f"cannot drop variable {first!r}: not found; variables: {', '.join(map(str, variables))}"
                             + (f"; {hint}" if hint else ""))
    attributes = dict(attributes)
    if decode_times is not False:
        variables = _bounds_inherit_time_units(variables)
    coord_names: set[Hashable] = set()
    decoded: dict[Hashable, Variable] = {}
    link_attrs: tuple[str, ...] = ("coordinates",) if decode_coords in (True, "coordinates") else (_COORD_ATTRS_ALL if decode_coords else ())
    for name, variable in variables.items():
        if name in drop:
            continue
        if coders is None:  # some switches are {variable name: value} mappings
            chosen = {k: (v.get(name, default) if isinstance(v, Mapping) else v) for k, (v, default) in switches.items()}
            var = decode_cf_variable(variable, decoder_choices(**chosen), name)
        else:
            var = decode_cf_variable(variable, coders, name)
        if link_attrs:
            attrs = dict(var.attrs)
            encoding = dict(var.encoding)
            for key in link_attrs:
                names = _referenced_names(key, attrs.get(key))
                present = [n for n in names if n in variables and n not in drop]
                if names and len(present) == len(names):
                    coord_names.update(present)
                    encoding[key] = attrs.pop(key)
                elif key == "coordinates" and present:
                    # as xarray: promote the variables that exist (model output often names
                    # ones written to another file); the full list moves to encoding
                    coord_names.update(present)
                    encoding[key] = attrs.pop(key)
            if attrs != var.attrs:
                var = var._replace(attrs=attrs, encoding=encoding)
        decoded[name] = var
    if decode_coords and isinstance(attributes.get("coordinates"), str):
        names = [n for n in attributes["coordinates"].split() if n in decoded]
        coord_names.update(names)
        del attributes["coordinates"]
    return decoded, attributes, coord_names


def cf_encoder(
    variables: dict[Hashable, Variable],
    attributes: dict[Any, Any],
    coord_names: Iterable[Hashable] = (),
) -> tuple[dict[Hashable, Variable], dict[Any, Any]]:
    """Encode variables for storage: every registered coder, plus ``coordinates`` attributes.

    Non-dimension coordinates are listed in the ``coordinates`` attribute of each data variable
    sharing their dimensions (or ``encoding["coordinates"]`` when given, or a ``coordinates``
    attribute set by the user, written as is; ``None`` in either writes no attribute); the rest
    in the global ``coordinates`` attribute, so :func:`decode_cf_variables` restores them.
    Variables named by ``bounds``, ``grid_mapping``, ... (attributes or encoding) are linked by
    those attributes only.

    Examples
    --------
    >>> import numpy as np
    >>> raw = {"a": Variable("x", np.array([1.0])), "lat": Variable("x", np.array([5.0]))}
    >>> variables, attrs = cf_encoder(raw, {}, coord_names={"lat"})
    >>> variables["a"].attrs["coordinates"]
    'lat'
    """
    coords = [k for k in variables if k in set(coord_names)]
    dims = {d for v in variables.values() for d in v.dims}
    variables, referenced = _restore_link_attrs(variables)
    # dimension coordinates need no link; bounds, grid mappings, ... are linked by their own attributes
    link = [k for k in coords if k not in dims and k not in referenced]
    attributes = dict(attributes)
    used: set[Hashable] = set()
    prepared: dict[Hashable, Variable] = {}
    for name, var in variables.items():
        in_attrs, in_encoding = "coordinates" in var.attrs, "coordinates" in var.encoding
        if in_attrs and in_encoding:
            raise ValueError(
                f"variable {name!r} has 'coordinates' both in .attrs and in .encoding; keep one "
                f"(e.g. del ds[{name!r}].attrs['coordinates'])"
            )
        attrs, encoding = dict(var.attrs), dict(var.encoding)
        explicit = attrs.pop("coordinates") if in_attrs else encoding.pop("coordinates", None)
        if (in_attrs or in_encoding) and explicit is None:
            names: list[Hashable] = []  # coordinates=None: write no attribute
        elif in_attrs:
            names = list(str(explicit).split())  # the user's attribute, written as given
        elif explicit is not None and [n for n in str(explicit).split() if n in variables]:
            # encoding (e.g. as read): keep its order, without the variables dropped since
            names = [n for n in str(explicit).split() if n in variables]
        elif name in coords:
            names = []
        else:
            names = [c for c in link if set(variables[c].dims) <= set(var.dims)]
        used.update(names)
        if names:
            attrs["coordinates"] = " ".join(map(str, names))
        if attrs != var.attrs or encoding != var.encoding:
            var = var._replace(attrs=attrs, encoding=encoding)
        prepared[name] = var
    leftover = [str(c) for c in link if c not in used]
    if leftover:
        if "coordinates" in attributes:
            warn(f"coordinates {', '.join(leftover)} are written as data variables: the dataset already has a "
                 f"global 'coordinates' attribute ({attributes['coordinates']!r})", category=SerializationWarning)
        else:
            attributes["coordinates"] = " ".join(leftover)
    _bounds_share_time_encoding(prepared)
    coders = _coders({})
    encoded = {k: encode_cf_variable(v, coders, k) for k, v in prepared.items()}
    return encoded, attributes


def _restore_link_attrs(variables: dict[Hashable, Variable]) -> tuple[dict[Hashable, Variable], set[str]]:
    """Write back the ``bounds``, ``grid_mapping``, ... attributes that decoding moved to
    ``encoding``; returns the variables and the names those attributes reference."""
    result: dict[Hashable, Variable] = {}
    referenced: set[str] = set()
    for name, var in variables.items():
        attrs = dict(var.attrs)
        encoding = dict(var.encoding)
        for key in _COORD_ATTRS_ALL[1:]:
            if key in encoding and key not in attrs:
                attrs[key] = encoding.pop(key)
            names = _referenced_names(key, attrs.get(key))
            referenced.update(n for n in names if n in variables)
        result[name] = var._replace(attrs=attrs, encoding=encoding) if attrs != var.attrs else var
    return result, referenced


def _bounds_share_time_encoding(variables: dict[Hashable, Variable]) -> None:
    """Dates of a bounds variable are written with its parent's ``units``/``calendar`` encoding
    (when the bounds have none of their own), so both hold the same kind of numbers."""
    for var in list(variables.values()):
        bounds = var.attrs.get("bounds", var.encoding.get("bounds"))
        if var.dtype.kind not in "MO" or not isinstance(bounds, str) or bounds not in variables:
            continue
        target = variables[bounds]
        if target.dtype.kind != var.dtype.kind or "units" in target.encoding or "units" not in var.encoding:
            continue
        encoding = dict(target.encoding)
        encoding["units"] = var.encoding["units"]
        if "calendar" in var.encoding:
            encoding.setdefault("calendar", var.encoding["calendar"])
        variables[bounds] = target._replace(encoding=encoding)


_THIS = "<this-array>"


def _rebuild(obj: Dataset | DataArray, variables: dict[Hashable, Variable],
             coord_names: set[Hashable] | None = None, attrs: dict[Any, Any] | None = None) -> Any:
    if isinstance(obj, DataArray):
        coords = {k: v for k, v in variables.items() if k is not _THIS}
        variable = variables[_THIS]
        result = DataArray(variable, coords=coords, dims=variable.dims, name=obj.name, attrs=dict(variable.attrs))
        result.encoding = dict(variable.encoding)
        return result
    names = set(obj._coord_names) | (coord_names or set())
    data_vars = {k: v for k, v in variables.items() if k not in names}
    coords = {k: v for k, v in variables.items() if k in names}
    dataset = Dataset(data_vars, coords=coords, attrs=dict(obj.attrs) if attrs is None else attrs)
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
    concat_characters: bool = True,
    mask_and_scale: bool = True,
    decode_times: Any = True,
    decode_coords: bool | str = True,
    drop_variables: str | Iterable[Hashable] | None = None,
    use_cftime: bool | None = None,
    decode_timedelta: Any = None,
) -> Any:
    """Decode the CF conventions of a Dataset or DataArray held in memory.

    Fill values and valid ranges become NaN, packed integers are unpacked
    (``scale_factor``/``add_offset``), character arrays joined into strings, times with
    ``units="<unit> since <date>"`` become datetime64 (or cftime dates, see ``use_cftime``),
    durations written with a ``dtype="timedelta64[..]"`` attribute timedelta64. The consumed
    attributes move to each variable's ``encoding``, so :func:`encode_cf` writes the same
    numbers back. Dask data is decoded lazily.

    Parameters
    ----------
    obj : Dataset or DataArray
    concat_characters : bool, default: True
        Join ``S1`` character arrays along their last dimension into strings.
    mask_and_scale : bool, default: True
        Apply ``_FillValue``/``missing_value``/``valid_*`` masking, ``_Unsigned`` and packing.
    decode_times : bool or CFDatetimeCoder, default: True
        Decode dates; a ``CFDatetimeCoder(use_cftime=...)`` gives the options.
    decode_coords : {True, False, "coordinates", "all"}, default: True
        Promote variables named in ``coordinates`` (and with "all", ``bounds``,
        ``grid_mapping``, ...) attributes to coordinates (Datasets only).
    drop_variables : str or iterable of str, optional
        Variables to leave out of the result.
    use_cftime : {None, True, False}, optional
        See :func:`labarray.coding.times.decode_cf_datetime`; None follows the option.
    decode_timedelta : bool, CFTimedeltaCoder or None, default: None
        None decodes durations marked with a timedelta64 ``dtype`` attribute (when
        ``decode_times`` is on); True also any variable whose ``units`` is a bare time unit
        ("hours"); False none.

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
    variables = _variables_of(obj)
    drop = {drop_variables} if isinstance(drop_variables, str) else set(drop_variables or ())
    missing = drop - set(variables)
    if missing:
        name = sorted(map(str, missing))[0]
        hint = did_you_mean(name, list(map(str, variables)))
        raise ValueError(f"cannot drop variable {name!r}: not found; variables: {', '.join(map(str, variables))}"
                         + (f"; {hint}" if hint else ""))
    if drop:
        obj = obj.drop_vars(list(drop))
        variables = _variables_of(obj)
    is_dataset = isinstance(obj, Dataset)
    decoded, attrs, coord_names = decode_cf_variables(
        variables, dict(obj.attrs) if is_dataset else {}, concat_characters=concat_characters,
        mask_and_scale=mask_and_scale, decode_times=decode_times,
        decode_coords=decode_coords if is_dataset else False, use_cftime=use_cftime,
        decode_timedelta=decode_timedelta)
    if not is_dataset:
        return _rebuild(obj, {k: decoded[k] for k in variables})
    return _rebuild(obj, decoded, coord_names, attrs)


def encode_cf(obj: Dataset | DataArray) -> Any:
    """Encode a Dataset or DataArray to its CF form (the inverse of :func:`decode_cf`).

    Dates become numbers with ``units``/``calendar`` attributes (taken from each variable's
    ``encoding`` when present, else chosen so that the numbers are exact integers), durations
    numbers with ``units`` and a ``dtype`` attribute; NaN becomes ``_FillValue``, values are
    packed when ``encoding`` has ``scale_factor``/``add_offset``, booleans become int8,
    text becomes bytes or characters as ``encoding`` says. Non-dimension coordinates stay
    coordinates (use :func:`cf_encoder` for the on-disk ``coordinates`` attributes).

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
