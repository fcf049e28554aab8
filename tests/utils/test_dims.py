"""Tests of labarray.utils.dims."""

from __future__ import annotations

import pytest

from labarray.utils.dims import (
    check_dims_exist,
    drop_missing_dims,
    either_dict_or_kwargs,
    infer_transpose_order,
    parse_dims,
)
from labarray.utils.warnings import LabarrayWarning

DIMS = ("time", "lat", "lon")


class TestEitherDictOrKwargs:
    def test_forms(self) -> None:
        assert either_dict_or_kwargs(None, {"x": 1}, "isel") == {"x": 1}
        assert either_dict_or_kwargs({"x": 1}, {}, "isel") == {"x": 1}
        assert either_dict_or_kwargs(..., {"y": 2}, "isel") == {"y": 2}

    def test_not_a_mapping(self) -> None:
        with pytest.raises(
            TypeError, match=r"first argument to \.sel must be a dictionary, got list"
        ):
            either_dict_or_kwargs([1], {}, "sel")

    def test_both(self) -> None:
        with pytest.raises(ValueError, match=r"both keyword and positional arguments to \.isel"):
            either_dict_or_kwargs({"x": 1}, {"y": 1}, "isel")


class TestCheckDimsExist:
    def test_ok(self) -> None:
        check_dims_exist(["lat"], DIMS)

    def test_missing(self) -> None:
        with pytest.raises(
            ValueError,
            match=r"dimension 'lta' not found in Dataset; existing dimensions: time, lat, lon; did you mean 'lat'\?",
        ):
            check_dims_exist(["lta"], DIMS, "Dataset")

    def test_missing_is_also_a_key_error(self) -> None:
        # xarray raises KeyError for some methods and ValueError for others: both must work
        with pytest.raises(KeyError, match=r"^dimension 'lta' not found"):
            check_dims_exist(["lta"], DIMS)


class TestDropMissingDims:
    def test_raise(self) -> None:
        with pytest.raises(ValueError, match=r"dimension 'tim' not found.*did you mean 'time'"):
            drop_missing_dims(["tim", "lat"], DIMS, "raise")
        with pytest.raises(KeyError, match=r"dimension 'tim' not found"):
            drop_missing_dims({"tim": 0}, DIMS, "raise")

    def test_warn(self) -> None:
        with pytest.warns(LabarrayWarning, match=r"dimension 'tim' not found.*\(ignored\)"):
            assert drop_missing_dims(["tim", "lat"], DIMS, "warn") == ["lat"]

    def test_ignore_list_and_mapping(self) -> None:
        assert drop_missing_dims(["tim", "lat", "lon"], DIMS, "ignore") == ["lat", "lon"]
        out = drop_missing_dims({"tim": 1, "lon": 2}, DIMS, "ignore")
        assert out == {"lon": 2}
        assert isinstance(out, dict)

    def test_nothing_missing_is_identity(self) -> None:
        assert drop_missing_dims(("lon", "time"), DIMS, "raise") == ["lon", "time"]

    def test_bad_policy(self) -> None:
        with pytest.raises(
            ValueError, match=r"missing_dims must be one of 'raise', 'warn', 'ignore'; got 'drop'"
        ):
            drop_missing_dims(["lat"], DIMS, "drop")  # type: ignore[arg-type]


class TestParseDims:
    @pytest.mark.parametrize("dim", [None, ...])
    def test_all(self, dim: object) -> None:
        assert parse_dims(dim, DIMS) == DIMS

    def test_single_string(self) -> None:
        assert parse_dims("lat", DIMS) == ("lat",)

    def test_list(self) -> None:
        assert parse_dims(["lon", "time"], DIMS) == ("lon", "time")

    def test_ellipsis_in_list(self) -> None:
        assert parse_dims(["lon", ...], DIMS) == ("lon", "time", "lat")

    def test_tuple_dim_name(self) -> None:
        dims = (("a", "b"), "c")
        assert parse_dims(("a", "b"), dims) == (("a", "b"),)
        assert parse_dims(("c",), dims) == ("c",)

    def test_non_string_hashable(self) -> None:
        assert parse_dims(1, (0, 1)) == (1,)

    def test_missing(self) -> None:
        with pytest.raises(ValueError, match=r"dimension 'lonn' not found.*did you mean 'lon'"):
            parse_dims("lonn", DIMS)

    def test_missing_unchecked(self) -> None:
        assert parse_dims("lonn", DIMS, check_exists=False) == ("lonn",)


class TestInferTransposeOrder:
    def test_empty_reverses(self) -> None:
        assert infer_transpose_order([], DIMS) == ("lon", "lat", "time")

    def test_full(self) -> None:
        assert infer_transpose_order(["lat", "lon", "time"], DIMS) == ("lat", "lon", "time")

    @pytest.mark.parametrize(
        ("requested", "expected"),
        [
            (["lon", ...], ("lon", "time", "lat")),
            ([..., "time"], ("lat", "lon", "time")),
            (["lon", ..., "time"], ("lon", "lat", "time")),
            ([...], DIMS),
        ],
    )
    def test_ellipsis(self, requested: list[object], expected: tuple[str, ...]) -> None:
        assert infer_transpose_order(requested, DIMS) == expected

    def test_two_ellipses(self) -> None:
        with pytest.raises(ValueError, match=r"ellipsis \(\.\.\.\) may appear at most once"):
            infer_transpose_order([..., "lat", ...], DIMS)

    def test_incomplete(self) -> None:
        with pytest.raises(
            ValueError, match=r"transpose needs every dimension.*missing: \['lon'\].*Add '\.\.\.'"
        ):
            infer_transpose_order(["time", "lat"], DIMS)

    def test_duplicate(self) -> None:
        with pytest.raises(ValueError, match=r"dimensions given more than once in transpose"):
            infer_transpose_order(["lat", "lat", ...], DIMS)

    def test_unknown_raise(self) -> None:
        with pytest.raises(ValueError, match=r"dimension 'lonn' not found.*did you mean 'lon'"):
            infer_transpose_order(["lonn", ...], DIMS)

    def test_unknown_ignore(self) -> None:
        assert infer_transpose_order(["zz", "lon", ...], DIMS, missing_dims="ignore") == (
            "lon",
            "time",
            "lat",
        )

    def test_unknown_warn(self) -> None:
        with pytest.warns(LabarrayWarning, match="zz"):
            out = infer_transpose_order(["lon", "lat", "time", "zz"], DIMS, missing_dims="warn")
        assert out == ("lon", "lat", "time")


@pytest.mark.compat
def test_missing_dimension_error_types_match_xarray() -> None:
    xr = pytest.importorskip("xarray")
    import numpy as np

    import labarray as la

    for mod in (la, xr):
        da = mod.DataArray(np.zeros((2, 3)), dims=("lat", "lon"))
        with pytest.raises(KeyError, match="lonn"):
            da.stack(s=("lat", "lonn"))  # xarray: KeyError
        with pytest.raises(ValueError, match="'x'"):
            da.transpose("lat", "x")  # xarray: ValueError
