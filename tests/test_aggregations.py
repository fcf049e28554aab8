from __future__ import annotations

import dataclasses
import inspect
import math
import statistics
import warnings
from typing import Any

import numpy as np
import pytest

from labarray.aggregations import (
    AGGREGATIONS,
    CUMULATIVE,
    DEFAULT_METHODS,
    ENGINES,
    REDUCTIONS,
    Aggregation,
    apply_aggregation,
    get_aggregation,
    inject_aggregations,
    isnull,
    register_engine,
)

# --- an independent reference: plain Python over each reduced slice -----------------------------


def _ref_1d(name: str, row: np.ndarray, skipna: bool, ddof: int) -> Any:
    nan = np.isnan(row)
    vals = [float(v) for v in row[~nan]] if skipna else [float(v) for v in row]
    has_nan = any(math.isnan(v) for v in vals)
    n = len(vals)
    if name == "count":
        return int((~nan).sum())
    if name == "any":
        return any(bool(v) for v in row)
    if name == "all":
        return all(bool(v) for v in row)
    if name in ("argmin", "argmax"):
        if not skipna and nan.any():
            return int(np.flatnonzero(nan)[0])
        valid = np.flatnonzero(~nan)
        pick = min if name == "argmin" else max
        best = pick(row[valid])
        return int(valid[np.flatnonzero(row[valid] == best)[0]])
    if name in ("first", "last"):
        ordered = [float(v) for v in (row if name == "first" else row[::-1])]
        if skipna:
            ordered = [v for v in ordered if not math.isnan(v)]
        return ordered[0] if ordered else math.nan
    if has_nan:
        return math.nan
    if name == "sum":
        return math.fsum(vals)
    if name == "prod":
        return math.prod(vals)
    if name == "mean":
        return math.fsum(vals) / n if n else math.nan
    if name in ("std", "var"):
        if n - ddof <= 0:
            return math.nan
        m = math.fsum(vals) / n
        var = math.fsum((v - m) ** 2 for v in vals) / (n - ddof)
        return math.sqrt(var) if name == "std" else var
    if name == "min":
        return min(vals) if n else math.nan
    if name == "max":
        return max(vals) if n else math.nan
    if name == "median":
        return statistics.median(vals) if n else math.nan
    raise AssertionError(name)


def reference(
    name: str, data: np.ndarray, axis: Any, skipna: bool | None, ddof: int = 0
) -> np.ndarray:
    if skipna is None:
        skipna = data.dtype.kind in "fc"
    axes = (
        tuple(range(data.ndim))
        if axis is None
        else tuple(a % data.ndim for a in np.atleast_1d(axis))
    )
    moved = np.moveaxis(data.astype(np.float64), axes, tuple(range(-len(axes), 0)))
    flat = moved.reshape(moved.shape[: data.ndim - len(axes)] + (-1,))
    out = np.empty(flat.shape[:-1], dtype=object)
    for idx in np.ndindex(out.shape):
        out[idx] = _ref_1d(name, flat[idx], skipna, ddof)
    return out


def nan_data() -> np.ndarray:
    rng = np.random.default_rng(1)
    x = rng.normal(size=(3, 4, 5)).round(2)
    x[rng.random(size=x.shape) < 0.3] = np.nan
    x[0, :, 0] = 1.0  # no NaN along axis 1 at [0, :, 0]
    x[1, 1:3, 2] = np.nan
    return x


def all_nan_slices() -> np.ndarray:
    x = nan_data()
    x[2, :, :] = np.nan
    x[:, :, 4] = np.nan
    return x


DATA = {
    "nan": nan_data,
    "all-nan": all_nan_slices,
    "int": lambda: np.random.default_rng(2).integers(-5, 6, size=(3, 4, 5)),
    "bool": lambda: np.random.default_rng(3).random(size=(3, 4, 5)) < 0.5,
    "float32": lambda: nan_data().astype(np.float32),
}
AXES = [None, -1, (0, 2), (1,)]


def _skip_unsupported(name: str, data_key: str, axis: Any, skipna: bool | None) -> None:
    agg = AGGREGATIONS[name]
    if agg.single_axis and isinstance(axis, tuple) and len(axis) > 1:
        pytest.skip("single-axis aggregation")
    if skipna is not None and not agg.supports_skipna:
        pytest.skip("no skipna")
    if agg.single_axis and data_key == "all-nan" and skipna is not False:
        pytest.skip("argmin of all-NaN slices raises (tested separately)")


@pytest.mark.parametrize("name", list(REDUCTIONS))
@pytest.mark.parametrize("data_key", list(DATA))
@pytest.mark.parametrize("axis", AXES)
@pytest.mark.parametrize("skipna", [None, True, False])
def test_every_row_matches_reference(
    name: str, data_key: str, axis: Any, skipna: bool | None
) -> None:
    _skip_unsupported(name, data_key, axis, skipna)
    data = DATA[data_key]()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no RuntimeWarning may leak
        actual = apply_aggregation(AGGREGATIONS[name], data, axis, skipna=skipna)
    expected = reference(name, data, axis, skipna)
    assert isinstance(actual, np.ndarray)
    assert actual.shape == expected.shape
    rtol = 1e-6 if data.dtype == np.float32 else 1e-12
    np.testing.assert_allclose(
        actual.astype(np.float64), expected.astype(np.float64), rtol=rtol, atol=1e-6
    )


@pytest.mark.parametrize("name", list(REDUCTIONS))
def test_every_row_keepdims(name: str) -> None:
    data = nan_data()
    axis = (1,) if AGGREGATIONS[name].single_axis else (0, 2)
    kept = apply_aggregation(name, data, axis, keepdims=True)
    plain = apply_aggregation(name, data, axis)
    expected_shape = tuple(1 if i in axis else s for i, s in enumerate(data.shape))
    assert kept.shape == expected_shape
    np.testing.assert_array_equal(kept.reshape(plain.shape), plain)


@pytest.mark.parametrize("name", list(REDUCTIONS))
@pytest.mark.parametrize("data_key", ["nan", "int", "float32"])
@pytest.mark.parametrize("axis", [None, 1, (0, 2)])
def test_every_row_dask_equals_numpy_and_stays_lazy(name: str, data_key: str, axis: Any) -> None:
    da = pytest.importorskip("dask.array")
    if AGGREGATIONS[name].single_axis and isinstance(axis, tuple):
        pytest.skip("single-axis aggregation")
    data = DATA[data_key]()
    lazy = apply_aggregation(name, da.from_array(data, chunks=2), axis, keepdims=axis == 1)
    assert isinstance(lazy, da.Array)
    eager = apply_aggregation(name, data, axis, keepdims=axis == 1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        computed = lazy.compute()
    assert computed.dtype == eager.dtype
    np.testing.assert_allclose(computed, eager, rtol=1e-6)


def test_dtype_rules() -> None:
    ints = np.arange(6, dtype=np.int32).reshape(2, 3)
    assert np.issubdtype(apply_aggregation("sum", ints, 0).dtype, np.integer)
    assert apply_aggregation("sum", ints > 2, 0).dtype == np.int64
    assert apply_aggregation("prod", ints > 2, 0).dtype == np.int64
    assert apply_aggregation("mean", ints, 0).dtype == np.float64
    assert apply_aggregation("median", ints, None).dtype == np.float64
    assert apply_aggregation("count", ints, 0).dtype == np.int64
    assert apply_aggregation("min", ints, 0).dtype == np.int32
    assert apply_aggregation("any", ints, 0).dtype == bool
    assert apply_aggregation("argmax", ints, 1).dtype == np.intp
    assert apply_aggregation("std", ints.astype(np.float32), 0).dtype == np.float32


def test_float32_is_accumulated_in_float64() -> None:
    data = np.array([1e8, 1.0, -1e8], dtype=np.float32)
    assert np.sum(data) == 0.0  # single precision loses the 1
    result = apply_aggregation("sum", data, None)
    assert result.dtype == np.float32 and result == 1.0
    assert apply_aggregation("mean", data, None) == np.float32(1 / 3)
    cum = apply_aggregation("cumsum", data, None)
    assert cum.dtype == np.float32 and cum[-1] == 1.0


def test_skipna_default_follows_dtype() -> None:
    data = np.array([1.0, np.nan, 2.0])
    assert apply_aggregation("sum", data, None) == 3.0
    assert np.isnan(apply_aggregation("sum", data, None, skipna=False))
    # ints cannot hold NaN: skipna changes nothing
    assert apply_aggregation("sum", np.array([1, 2]), None, skipna=True) == 3
    objects = np.array([1.0, None, 2.0], dtype=object)
    assert apply_aggregation("count", objects, None) == 2
    assert isnull(objects).tolist() == [False, True, False]


def test_min_count() -> None:
    data = np.array([[np.nan, np.nan, 1.0], [1.0, 2.0, 3.0]])
    np.testing.assert_array_equal(apply_aggregation("sum", data, 1, min_count=2), [np.nan, 6.0])
    np.testing.assert_array_equal(apply_aggregation("sum", data, 1, min_count=1), [1.0, 6.0])
    np.testing.assert_array_equal(apply_aggregation("prod", data, 1, min_count=4), [np.nan, np.nan])
    # without min_count an all-NaN sum is 0 (the table's fill_value)
    assert apply_aggregation("sum", np.array([np.nan]), None) == AGGREGATIONS["sum"].fill_value
    ints = np.arange(6).reshape(2, 3)
    kept = apply_aggregation("sum", ints, 1, min_count=3)
    assert np.issubdtype(kept.dtype, np.integer)  # ints promoted only when needed
    nulled = apply_aggregation("sum", ints, 1, min_count=4)
    assert nulled.dtype == np.float64 and np.isnan(nulled).all()
    assert apply_aggregation("sum", ints, None, min_count=6) == 15


def test_min_count_dask() -> None:
    da = pytest.importorskip("dask.array")
    data = np.array([[np.nan, np.nan, 1.0], [1.0, 2.0, 3.0]])
    lazy = apply_aggregation("sum", da.from_array(data, chunks=1), 1, min_count=2)
    assert isinstance(lazy, da.Array)
    np.testing.assert_array_equal(lazy.compute(), [np.nan, 6.0])
    ints = da.ones((2, 3), dtype=np.int64, chunks=1)
    assert apply_aggregation("sum", ints, 1, min_count=3).dtype == np.int64
    nulled = apply_aggregation("sum", ints, 1, min_count=4)
    assert isinstance(nulled, da.Array) and np.isnan(nulled.compute()).all()


def test_empty_reductions_follow_numpy_without_warnings() -> None:
    empty = np.zeros((0, 3))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_array_equal(apply_aggregation("sum", empty, 0), [0, 0, 0])
        np.testing.assert_array_equal(apply_aggregation("prod", empty, 0), [1, 1, 1])
        assert np.isnan(apply_aggregation("mean", empty, 0)).all()
        assert np.isnan(apply_aggregation("std", empty, None))
        assert np.isnan(apply_aggregation("median", empty, 0)).all()
        np.testing.assert_array_equal(apply_aggregation("count", empty, 0), [0, 0, 0])
        assert apply_aggregation("sum", empty, 1).shape == (0,)
        assert np.isnan(apply_aggregation("var", np.array([1.0]), None, ddof=1))
    with pytest.raises(ValueError, match="zero-size array"):
        apply_aggregation("min", empty, 0)


def test_argmin_all_nan_slice_raises() -> None:
    data = np.array([[np.nan, np.nan], [1.0, 0.0]])
    with pytest.raises(ValueError, match="All-NaN slice encountered in argmin"):
        apply_aggregation("argmin", data, 1)
    np.testing.assert_array_equal(apply_aggregation("argmax", data, 1, skipna=False), [0, 0])
    da = pytest.importorskip("dask.array")
    lazy = apply_aggregation("argmax", da.from_array(data, chunks=1), 1)
    with pytest.raises(ValueError, match="All-NaN slice encountered in argmax"):
        lazy.compute()


def test_datetime_reductions() -> None:
    times = np.array(["2000-01-01", "NaT", "2000-01-04", "2000-01-02"], dtype="M8[ns]")
    assert apply_aggregation("mean", times, None) == np.datetime64("2000-01-02T08:00", "ns")
    assert apply_aggregation("mean", times, None).dtype == times.dtype
    assert np.isnat(apply_aggregation("mean", times, None, skipna=False))
    assert apply_aggregation("median", times, None) == np.datetime64("2000-01-02", "ns")
    assert apply_aggregation("min", times, None) == np.datetime64("2000-01-01", "ns")
    assert apply_aggregation("max", times, None) == np.datetime64("2000-01-04", "ns")
    assert apply_aggregation("count", times, None) == 3
    assert apply_aggregation("argmin", times, None) == 0
    assert apply_aggregation("argmax", times, None) == 2
    assert apply_aggregation("argmin", times, None, skipna=False) == 1
    with pytest.raises(ValueError, match="All-NaN slice encountered in argmax"):
        apply_aggregation("argmax", np.array(["NaT"], dtype="M8[ns]"), None)
    assert np.isnat(apply_aggregation("mean", np.array(["NaT"], dtype="M8[s]"), None))
    # precision: a mean of nanosecond timestamps far from 1970 is exact
    close = np.array([1_700_000_000_000_000_001, 1_700_000_000_000_000_003], dtype="M8[ns]")
    assert apply_aggregation("mean", close, None).astype(np.int64) == 1_700_000_000_000_000_002
    deltas = np.array([1, 2, "NaT"], dtype="m8[s]")
    assert apply_aggregation("sum", deltas, None) == np.timedelta64(3, "s")
    assert apply_aggregation("sum", deltas, None, min_count=3).dtype == deltas.dtype
    assert np.isnat(apply_aggregation("sum", deltas, None, min_count=3))
    with pytest.raises(TypeError, match="cannot compute std of datetime64"):
        apply_aggregation("std", times, None)
    with pytest.raises(TypeError, match="cannot compute cumsum of datetime64"):
        apply_aggregation("cumsum", times, None)


def test_datetime_mean_dask_stays_lazy() -> None:
    da = pytest.importorskip("dask.array")
    times = np.array(["2000-01-01", "NaT", "2000-01-04", "2000-01-02"], dtype="M8[ns]")
    lazy = apply_aggregation("mean", da.from_array(times.reshape(2, 2), chunks=1), 1)
    assert isinstance(lazy, da.Array)
    np.testing.assert_array_equal(lazy.compute(), apply_aggregation("mean", times.reshape(2, 2), 1))


@pytest.mark.parametrize("name", list(CUMULATIVE))
@pytest.mark.parametrize("axis", [None, 0, (0, 1)])
@pytest.mark.parametrize("skipna", [None, False])
def test_cumulative_rows(name: str, axis: Any, skipna: bool | None) -> None:
    data = np.array([[1.0, np.nan, 2.0], [3.0, 4.0, np.nan]])
    nan_func = np.nancumsum if name == "cumsum" else np.nancumprod
    func = nan_func if skipna is None else (np.cumsum if name == "cumsum" else np.cumprod)
    expected = data
    for ax in range(data.ndim) if axis is None else np.atleast_1d(axis):
        expected = func(expected, axis=int(ax))
    np.testing.assert_array_equal(apply_aggregation(name, data, axis, skipna=skipna), expected)
    da = pytest.importorskip("dask.array")
    lazy = apply_aggregation(name, da.from_array(data, chunks=1), axis, skipna=skipna)
    assert isinstance(lazy, da.Array)
    np.testing.assert_array_equal(lazy.compute(), expected)


def test_bad_input() -> None:
    data = np.arange(6.0).reshape(2, 3)
    with pytest.raises(
        KeyError,
        match=r"unknown aggregation 'summ'; valid names are: sum, prod.*did you mean 'sum'",
    ):
        apply_aggregation("summ", data, None)
    with pytest.raises(KeyError, match="cumsum"):
        get_aggregation("nope")
    with pytest.raises(KeyError, match="unknown reduction 'cumsum'"):
        REDUCTIONS["cumsum"]
    with pytest.raises(TypeError, match="sum got an unexpected keyword argument 'ddof'"):
        apply_aggregation("sum", data, None, ddof=1)
    with pytest.raises(TypeError, match=r"mean does not support min_count.*sum, prod"):
        apply_aggregation("mean", data, None, min_count=1)
    with pytest.raises(TypeError, match="count does not support skipna"):
        apply_aggregation("count", data, None, skipna=True)
    with pytest.raises(ValueError, match="min_count must be a non-negative integer"):
        apply_aggregation("sum", data, None, min_count=-1)
    with pytest.raises(TypeError, match="ddof must be an integer"):
        apply_aggregation("std", data, None, ddof=0.5)
    with pytest.raises(ValueError, match=r"argmin reduces along one axis only, got axes \(0, 1\)"):
        apply_aggregation("argmin", data, (0, 1))
    with pytest.raises(ValueError, match="repeated axis"):
        apply_aggregation("sum", data, (1, -1))
    with pytest.raises(IndexError, match="axis 3 is out of bounds"):
        apply_aggregation("sum", data, 3)
    with pytest.raises(TypeError, match="axis must be None, an int or a tuple"):
        apply_aggregation("sum", data, "x")
    with pytest.raises(TypeError, match="cannot compute any of datetime64"):
        apply_aggregation("any", np.array(["2000"], dtype="M8[s]"), None)


def test_engine_registry_swaps_one_row() -> None:
    calls: list[str] = []

    def recording(agg: Aggregation, values: np.ndarray, axis: Any, skipna: bool, kw: dict) -> Any:
        calls.append(agg.name)
        return ENGINES["numpy"](agg, values, axis, skipna, kw)

    register_engine("recording-test", recording)
    try:
        row = dataclasses.replace(AGGREGATIONS["sum"], engine="recording-test")
        assert apply_aggregation(row, np.arange(4), None) == 6
        assert calls == ["sum"]
        missing = dataclasses.replace(AGGREGATIONS["sum"], engine="nonexistent")
        with pytest.raises(KeyError, match="engine 'nonexistent', which is not registered"):
            apply_aggregation(missing, np.arange(4), None)
        with pytest.raises(TypeError, match="must be callable"):
            register_engine("bad", 3)  # type: ignore[arg-type]
    finally:
        del ENGINES["recording-test"]


def test_table_is_complete_and_read_only() -> None:
    assert set(AGGREGATIONS) == set(REDUCTIONS) | set(CUMULATIVE)
    assert set(REDUCTIONS) == {
        "sum", "prod", "mean", "std", "var", "min", "max", "median", "count", "any", "all",
        "argmin", "argmax", "first", "last",
    }  # fmt: skip
    assert set(CUMULATIVE) == {"cumsum", "cumprod"}
    with pytest.raises(TypeError):
        AGGREGATIONS["sum"] = AGGREGATIONS["mean"]  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        AGGREGATIONS["sum"].name = "x"  # type: ignore[misc]
    assert "sum" in repr(AGGREGATIONS)


# --- generated methods -----------------------------------------------------------------------


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def _aggregate(self, name: str, dim: Any = None, **kwargs: Any) -> str:
        self.calls.append((name, {"dim": dim, **kwargs}))
        return name

    def argmin(self) -> str:  # defined in the body: not replaced
        return "own"


inject_aggregations(Recorder, rows=[*DEFAULT_METHODS, "argmin", "argmax"])

EXPECTED_KEYWORDS = {
    "count": ["keep_attrs", "keepdims"],
    "all": ["keep_attrs", "keepdims"],
    "any": ["keep_attrs", "keepdims"],
    "max": ["skipna", "keep_attrs", "keepdims"],
    "min": ["skipna", "keep_attrs", "keepdims"],
    "mean": ["skipna", "keep_attrs", "keepdims"],
    "median": ["skipna", "keep_attrs", "keepdims"],
    "prod": ["skipna", "min_count", "keep_attrs", "keepdims"],
    "sum": ["skipna", "min_count", "keep_attrs", "keepdims"],
    "std": ["skipna", "ddof", "keep_attrs", "keepdims"],
    "var": ["skipna", "ddof", "keep_attrs", "keepdims"],
    "cumsum": ["skipna", "keep_attrs"],
    "cumprod": ["skipna", "keep_attrs"],
    "argmax": ["skipna", "keep_attrs", "keepdims"],
}


@pytest.mark.parametrize("name", list(EXPECTED_KEYWORDS))
def test_generated_method_signature_and_call(name: str) -> None:
    method = getattr(Recorder, name)
    assert method.__name__ == name
    assert method.__qualname__ == f"Recorder.{name}"
    assert method.__module__ == __name__
    assert "this Recorder's data" in method.__doc__.splitlines()[0]
    assert "Returns\n-------\nRecorder\n" in method.__doc__
    assert f"obj.{name}(dim=" in method.__doc__
    params = inspect.signature(method).parameters
    assert list(params) == ["self", "dim", *EXPECTED_KEYWORDS[name], "kwargs"]
    assert params["dim"].default is None
    assert all(params[k].kind is inspect.Parameter.KEYWORD_ONLY for k in EXPECTED_KEYWORDS[name])
    obj = Recorder()
    assert getattr(obj, name)("x", extra=1) == name
    recorded_name, recorded = obj.calls[0]
    assert recorded_name == name
    defaults = {k: params[k].default for k in EXPECTED_KEYWORDS[name]}
    assert recorded == {"dim": "x", **defaults, "extra": 1}
    with pytest.raises(TypeError, match="positional argument"):
        getattr(obj, name)("x", "y")


def test_generated_methods_pass_arguments_through() -> None:
    obj = Recorder()
    obj.std(["x", "y"], skipna=False, ddof=1, keep_attrs=True, keepdims=True)
    assert obj.calls[-1] == (
        "std",
        {"dim": ["x", "y"], "skipna": False, "ddof": 1, "keep_attrs": True, "keepdims": True},
    )
    assert Recorder().argmin() == "own"


def test_inject_without_keep_attrs_and_custom_dim_doc() -> None:
    class Plain:
        def _aggregate(self, name: str, dim: Any = None, **kwargs: Any) -> Any:
            return apply_aggregation(name, np.array([[1.0, np.nan], [2.0, 4.0]]), None, **kwargs)

    inject_aggregations(Plain, rows=["sum", "mean"], keep_attrs=False, dim_doc="Custom dim text.")
    assert "keep_attrs" not in inspect.signature(Plain.sum).parameters
    assert "Custom dim text." in Plain.mean.__doc__
    assert Plain().sum() == 7.0
    assert Plain().sum(min_count=4).dtype == np.float64 and np.isnan(Plain().sum(min_count=4))
    assert not hasattr(Plain, "std")


def test_inject_bad_input() -> None:
    class NoAggregate:
        pass

    with pytest.raises(TypeError, match="NoAggregate must implement _aggregate"):
        inject_aggregations(NoAggregate)
    with pytest.raises(KeyError, match="unknown aggregation 'avg'; valid names are"):
        inject_aggregations(Recorder, rows=["avg"])


@pytest.mark.compat
def test_signatures_match_xarray() -> None:
    xr = pytest.importorskip("xarray")
    for name in DEFAULT_METHODS:
        ours = list(inspect.signature(getattr(Recorder, name)).parameters)
        theirs = list(inspect.signature(getattr(xr.DataArray, name)).parameters)
        assert [p for p in ours if p != "keepdims"] == theirs, name


@pytest.mark.compat
# (median is left out: xarray computes it through numbagg, whose first call compiles for ~30 s)
@pytest.mark.parametrize("name", ["sum", "mean", "std", "min", "count", "prod"])
@pytest.mark.parametrize("skipna", [None, False])
def test_values_match_xarray(name: str, skipna: bool | None) -> None:
    xr = pytest.importorskip("xarray")
    data = nan_data()
    kwargs = {} if name == "count" else {"skipna": skipna}
    theirs = getattr(xr.DataArray(data, dims=["a", "b", "c"]), name)(["a", "c"], **kwargs).values
    ours = apply_aggregation(name, data, (0, 2), **kwargs)
    np.testing.assert_allclose(ours, theirs)


@pytest.mark.parametrize(
    ("name", "expected"),
    [("sum", 3.0), ("prod", 2.0), ("mean", 1.5), ("min", 1.0), ("max", 2.0), ("count", 2)],
)
def test_object_data_with_none_and_nan(name: str, expected: float) -> None:
    data = np.array([1.0, None, 2.0, np.nan], dtype=object)
    assert apply_aggregation(name, data, None) == expected
    da = pytest.importorskip("dask.array")
    assert apply_aggregation(name, da.from_array(data, chunks=2), None).compute() == expected


@pytest.mark.parametrize("name", ["mean", "std", "var", "median", "min", "max", "sum"])
def test_dask_all_nan_and_empty_without_warnings(name: str) -> None:
    da = pytest.importorskip("dask.array")
    all_nan = da.from_array(np.full((3, 2), np.nan), chunks=1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = apply_aggregation(name, all_nan, 0).compute()
        expected = apply_aggregation(name, np.full((3, 2), np.nan), 0)
        np.testing.assert_array_equal(result, expected)
        if name not in ("min", "max"):
            empty = apply_aggregation(name, da.zeros((0, 3), chunks=2), 0).compute()
            np.testing.assert_array_equal(empty, apply_aggregation(name, np.zeros((0, 3)), 0))


# --- cftime dates and strings ---------------------------------------------------------------------


def _cftime_dates(calendar: str, n: int) -> np.ndarray:
    cftime = pytest.importorskip("cftime")
    return cftime.num2date(np.arange(n, dtype=float), "days since 2000-02-25 12:00", calendar)


@pytest.mark.parametrize("calendar", ["noleap", "360_day"])
def test_cftime_mean_median_min_max(calendar: str) -> None:
    dates = _cftime_dates(calendar, 8).reshape(2, 4)
    mean = apply_aggregation("mean", dates, axis=(1,))
    assert mean.dtype == object
    # the mean of 4 consecutive days is 1.5 days after the first, in the array's calendar
    assert [m - d for m, d in zip(mean, dates[:, 0], strict=True)] == [
        np.timedelta64(36, "h").item()
    ] * 2
    assert mean[0].calendar == dates[0, 0].calendar
    assert apply_aggregation("median", dates, axis=None) == apply_aggregation("mean", dates)
    assert apply_aggregation("min", dates, axis=(0,))[2] == dates[0, 2]
    assert apply_aggregation("max", dates) == dates[1, 3]
    assert apply_aggregation("argmax", dates, axis=(1,)).tolist() == [3, 3]
    assert apply_aggregation("first", dates, axis=(1,))[1] == dates[1, 0]
    assert apply_aggregation("count", dates, axis=(1,)).tolist() == [4, 4]
    assert apply_aggregation("mean", dates, axis=(1,), keepdims=True).shape == (2, 1)


def test_cftime_missing_dates() -> None:
    dates = _cftime_dates("noleap", 3).astype(object)
    values = np.array([[dates[0], None, dates[2]], [None, None, None]], dtype=object)
    mean = apply_aggregation("mean", values, axis=(1,))
    assert mean[0] == dates[1] and mean[1] is None
    assert apply_aggregation("max", values, axis=(1,), skipna=True)[0] == dates[2]
    assert apply_aggregation("mean", values, axis=(1,), skipna=False)[0] is None


def test_cftime_dask_matches_numpy() -> None:
    da = pytest.importorskip("dask.array")
    dates = _cftime_dates("360_day", 12).reshape(3, 4)
    lazy = da.from_array(dates, chunks=(1, 2))
    for name in ("mean", "median", "min", "max"):
        result = apply_aggregation(name, lazy, axis=(1,))
        assert hasattr(result, "dask")
        assert list(result.compute()) == list(apply_aggregation(name, dates, axis=(1,)))


@pytest.mark.parametrize("name", ["sum", "std", "var", "prod", "cumsum"])
def test_cftime_undefined_reductions_raise(name: str) -> None:
    dates = _cftime_dates("noleap", 3)
    with pytest.raises(TypeError, match=f"cannot compute {name} of cftime dates; reductions of dates are: .*mean"):
        apply_aggregation(name, dates, axis=0)


def test_strings_min_max() -> None:
    values = np.array([["b", "a"], ["c", "d"]])
    result = apply_aggregation("min", values, axis=(1,))
    assert result.dtype == object and result.tolist() == ["a", "c"]
    assert apply_aggregation("max", values) == "d"
    with pytest.raises(TypeError):
        apply_aggregation("mean", values)


def test_numeric_only_keeps() -> None:
    from labarray.aggregations import numeric_only_keeps

    dates = np.array(["2000-01-01"], dtype="M8[s]")
    assert numeric_only_keeps("sum", np.array([1])) and numeric_only_keeps("std", np.array([True]))
    assert numeric_only_keeps("mean", dates) and numeric_only_keeps("median", dates)
    assert not numeric_only_keeps("sum", dates) and not numeric_only_keeps("std", dates)
    assert numeric_only_keeps("sum", dates - dates) and not numeric_only_keeps("std", dates - dates)
    assert numeric_only_keeps(None, dates)  # reduce(func): any function
    cf = _cftime_dates("noleap", 2)
    assert numeric_only_keeps("mean", cf) and not numeric_only_keeps("sum", cf)
    assert not numeric_only_keeps("mean", np.array(["a"], dtype=object))
    assert not numeric_only_keeps("mean", np.array(["a"]))
