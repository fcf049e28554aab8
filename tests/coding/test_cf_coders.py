"""CF coders: per-coder hypothesis round trips (decode(encode(v)) == v), laziness, bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import labarray as la
from labarray.coding import cf_encoder, decode_cf_variables, list_coders
from labarray.coding.conventions import _coders, decoder_choices, encode_cf_variable
from labarray.coding.lazy import LazilyDecodedArray, is_lazy, lazy_elemwise, lazy_sample, raw_data
from labarray.coding.strings import (
    CharacterArrayCoder,
    EncodedStringCoder,
    bytes_to_char,
    char_to_bytes,
)
from labarray.coding.variables import (
    BooleanCoder,
    CFMaskCoder,
    CFScaleOffsetCoder,
    NativeDtypeCoder,
    UnsignedIntegerCoder,
    unpacked_float_dtype,
)
from labarray.variable import Variable
from labarray.variable.indexing import (
    BasicIndexer,
    ExplicitlyIndexed,
    LazilyIndexedArray,
    OuterIndexer,
)

FAST = settings(max_examples=40, deadline=None)


def _full(coders, variable, name="v"):
    for coder in reversed(coders):
        variable = coder.encode(variable, name)
    encoded = variable
    for coder in coders:
        variable = coder.decode(variable, name)
    return encoded, variable


class CountingArray(ExplicitlyIndexed):
    """A file-like array that counts reads."""

    def __init__(self, values):
        self.values, self.shape, self.dtype, self.reads = values, values.shape, values.dtype, 0

    def __getitem__(self, key):
        self.reads += 1
        from labarray.variable.indexing import NumpyIndexingAdapter

        return np.asarray(NumpyIndexingAdapter(self.values)[key])

    def get_duck_array(self):
        return self[BasicIndexer((slice(None),) * len(self.shape))]


floats = hnp.arrays(np.float64, st.integers(1, 20), elements=st.floats(-1e6, 1e6) | st.just(np.nan))


@FAST
@given(floats, st.sampled_from([-9999.0, 1e20, -1.0]))
def test_mask_roundtrip(values, fill) -> None:
    values = np.where(values == fill, 0.0, values)
    v = Variable("x", values, {"units": "m"}, {"_FillValue": fill})
    encoded, decoded = _full([CFMaskCoder()], v)
    assert not np.isnan(encoded.values).any() and encoded.attrs["_FillValue"] == fill
    np.testing.assert_array_equal(decoded.values, values)
    assert decoded.attrs == {"units": "m"} and decoded.encoding["_FillValue"] == fill


@FAST
@given(hnp.arrays(np.int16, st.integers(1, 20)), st.sampled_from([0.5, 0.01, 2.0]), st.sampled_from([0.0, -3.0, 100.0]))
def test_scale_offset_roundtrip_of_packed_values(packed, scale, offset) -> None:
    """Packed integers survive decode -> encode exactly (the on-disk side of the round trip)."""
    raw = Variable("x", packed, {"scale_factor": scale, "add_offset": offset})
    coders = [NativeDtypeCoder(), CFMaskCoder(), CFScaleOffsetCoder()]
    decoded = raw
    for coder in coders:
        decoded = coder.decode(decoded)
    assert decoded.dtype == np.float64
    again = decoded
    for coder in reversed(coders):
        again = coder.encode(again)
    assert again.dtype == np.int16
    np.testing.assert_array_equal(again.values, packed)
    assert again.attrs == {"scale_factor": scale, "add_offset": offset}


@FAST
@given(hnp.arrays(np.float64, st.integers(1, 20), elements=st.floats(-300, 300, allow_nan=False)))
def test_scale_pack_roundtrip_within_precision(values) -> None:
    v = Variable("x", values, encoding={"dtype": np.dtype("int16"), "scale_factor": 0.01, "add_offset": 10.0})
    coders = [NativeDtypeCoder(), CFMaskCoder(), CFScaleOffsetCoder()]
    encoded, decoded = _full(coders, v)
    assert encoded.dtype == np.int16
    np.testing.assert_allclose(decoded.values, values, atol=0.005 + 1e-9)


@FAST
@given(hnp.arrays(np.uint8, st.integers(1, 20)))
def test_unsigned_roundtrip(values) -> None:
    v = Variable("x", values, encoding={"_Unsigned": "true", "dtype": np.dtype("int8")})
    encoded, decoded = _full([NativeDtypeCoder(), UnsignedIntegerCoder()], v)
    assert encoded.dtype == np.int8 and encoded.attrs["_Unsigned"] == "true"
    np.testing.assert_array_equal(decoded.values, values)
    assert decoded.dtype == np.uint8


@FAST
@given(hnp.arrays(np.bool_, st.integers(0, 20)))
def test_bool_roundtrip(values) -> None:
    encoded, decoded = _full([NativeDtypeCoder(), BooleanCoder()], Variable("x", values))
    assert encoded.dtype == np.int8 and encoded.attrs == {"dtype": "bool"}
    np.testing.assert_array_equal(decoded.values, values)
    assert decoded.dtype == bool and decoded.attrs == {}


@FAST
@given(st.lists(st.binary(min_size=0, max_size=6).map(lambda b: b.rstrip(b"\x00")), min_size=1, max_size=10))
def test_characters_roundtrip(items) -> None:
    values = np.array(items, dtype="S")
    encoded, decoded = _full([CharacterArrayCoder()], Variable("x", values))
    assert encoded.dtype == np.dtype("S1") and encoded.dims == ("x", f"string{max(values.dtype.itemsize, 1)}")
    assert decoded.dims == ("x",)
    assert decoded.values.tolist() == values.tolist()


@FAST
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                        max_size=5), min_size=1, max_size=8))
def test_encoded_strings_roundtrip(items) -> None:
    values = np.array(items, dtype=object)
    v = Variable("x", values, encoding={"dtype": np.dtype("S1")})
    encoded, decoded = _full([CharacterArrayCoder(), EncodedStringCoder()], v)
    assert encoded.dtype == np.dtype("S1") and encoded.attrs["_Encoding"] == "utf-8"
    assert decoded.values.tolist() == items


@FAST
@given(hnp.arrays(np.int64, st.integers(1, 10), elements=st.integers(-30000, 30000)))
def test_native_dtype_roundtrip(values) -> None:
    v = Variable("x", values, encoding={"dtype": np.dtype("int16")})
    encoded, decoded = _full([NativeDtypeCoder()], v)
    assert encoded.dtype == np.int16
    np.testing.assert_array_equal(decoded.values, values)


@FAST
@given(hnp.arrays(np.float32, st.integers(1, 10), elements=st.floats(-1e3, 1e3, width=32) | st.just(np.nan)))
def test_whole_pipeline_roundtrip(values) -> None:
    ds = la.Dataset({"v": ("x", values), "flag": ("x", values > 0)}, coords={"lat": ("x", np.arange(values.size))})
    variables, attrs = cf_encoder(dict(ds.variables), dict(ds.attrs), ds.coords)
    decoded, dattrs, coords = decode_cf_variables(variables, attrs)
    assert coords == {"lat"} and dattrs == {}
    np.testing.assert_array_equal(decoded["v"].values, values)
    assert decoded["v"].dtype == np.float32 and decoded["flag"].dtype == bool


def test_unpacked_float_dtype_rules() -> None:
    assert unpacked_float_dtype(np.dtype("i1")) == np.float32
    assert unpacked_float_dtype(np.dtype("i4")) == np.float64
    assert unpacked_float_dtype(np.dtype("f2")) == np.float32
    assert unpacked_float_dtype(np.dtype("i2"), np.float32(1), np.float32(2)) == np.float32
    assert unpacked_float_dtype(np.dtype("i4"), np.float32(1)) == np.float64
    assert unpacked_float_dtype(np.dtype("i2"), 1.0) == np.float64
    assert unpacked_float_dtype(np.dtype("i2"), None, 3) == np.float64


def test_mask_details() -> None:
    v = Variable("x", np.array([1, -5, 200, 3], "i2"), {"valid_min": np.int16(0), "valid_max": np.int16(100)})
    dec = CFMaskCoder().decode(v)
    np.testing.assert_array_equal(dec.values, [1.0, np.nan, np.nan, 3.0])
    assert dec.dtype == np.float32 and dec.encoding["valid_min"] == 0
    both = Variable("x", np.array([1.0, -1.0, -2.0]), {"_FillValue": -1.0, "missing_value": -2.0})
    np.testing.assert_array_equal(CFMaskCoder().decode(both).values, [1.0, np.nan, np.nan])
    times = Variable("t", np.array([0, -1]), {"units": "days since 2000-01-01", "_FillValue": -1})
    assert CFMaskCoder().decode(times) is times  # integer times are masked by the time coder
    none = Variable("x", np.array([1.0]), encoding={"_FillValue": None})
    assert "_FillValue" not in CFMaskCoder().encode(none).attrs
    with pytest.raises(ValueError, match="_FillValue nan of variable 'v' cannot be stored in the integer dtype int16"):
        CFMaskCoder().encode(Variable("x", np.array([1.0]), encoding={"_FillValue": np.nan, "dtype": "int16"}), "v")
    with pytest.raises(ValueError, match="_FillValue 70000 of variable 'v' does not fit into the stored dtype int16"):
        CFMaskCoder().encode(Variable("x", np.array([1.0]), encoding={"_FillValue": 70000, "dtype": "int16"}), "v")
    with pytest.raises(ValueError, match="has a _FillValue both in its attrs and in its encoding"):
        CFMaskCoder().encode(Variable("x", np.array([1.0]), {"_FillValue": 1.0}, {"_FillValue": 2.0}), "v")


def test_coder_errors() -> None:
    with pytest.raises(ValueError, match=r"values of variable 'v' .* do not fit into the encoding dtype int8"):
        NativeDtypeCoder().encode(Variable("x", np.array([1000]), encoding={"dtype": "int8"}), "v")
    with pytest.raises(ValueError, match="invalid encoding dtype of variable 'v'"):
        NativeDtypeCoder().encode(Variable("x", np.array([1]), encoding={"dtype": "nonsense"}), "v")
    with pytest.raises(TypeError, match="cannot pack variable 'v' with scale_factor/add_offset: its dtype is <U1"):
        CFScaleOffsetCoder().encode(Variable("x", np.array(["a"]), encoding={"scale_factor": 2.0}), "v")
    with pytest.raises(ValueError, match="holds booleans and has a 'dtype' attribute"):
        BooleanCoder().encode(Variable("x", np.array([True]), {"dtype": "x"}), "v")
    with pytest.raises(ValueError, match="already has a dimension 'string1'"):
        CharacterArrayCoder().encode(Variable(("x", "string1"), np.array([[b"a"]])), "v")
    with pytest.raises(TypeError, match="mixes str with int values"):
        EncodedStringCoder().encode(Variable("x", np.array(["a", 1], dtype=object), encoding={"dtype": "S1"}), "v")
    with pytest.raises(ValueError, match="has an '_Encoding' attribute"):
        EncodedStringCoder().encode(Variable("x", np.array(["a"]), {"_Encoding": "utf-8"}, {"dtype": "S1"}), "v")
    with pytest.raises(TypeError, match="expected fixed-width bytes"):
        bytes_to_char(np.array([1]))
    with pytest.raises(TypeError, match="mask_and_scale must be True or False"):
        decoder_choices(mask_and_scale="yes")
    with pytest.raises(ValueError, match="decode_coords must be True, False, 'coordinates' or 'all'"):
        decode_cf_variables({}, {}, decode_coords="some")
    with pytest.raises(ValueError, match="cannot drop variable 'b': not found"):
        decode_cf_variables({"a": Variable("x", [1])}, {}, drop_variables="b", strict_drop=True)
    with pytest.raises(ValueError, match=r"has 'coordinates' both in \.attrs and in \.encoding"):
        cf_encoder({"a": Variable("x", [1.0], {"coordinates": "c"}, {"coordinates": "c"}),
                    "c": Variable("x", [1])}, {}, ["c"])
    with pytest.warns(UserWarning, match="NaN values but is encoded as int16 without a _FillValue"):
        NativeDtypeCoder().encode(Variable("x", np.array([np.nan]), encoding={"dtype": "int16"}), "v")


def test_unsigned_flag_on_wrong_dtype_warns() -> None:
    with pytest.warns(UserWarning, match="has _Unsigned='true' but holds float64 data"):
        out = UnsignedIntegerCoder().decode(Variable("x", np.array([1.0]), {"_Unsigned": "true"}), "v")
    assert out.encoding["_Unsigned"] == "true" and out.attrs == {}
    signed = UnsignedIntegerCoder().decode(Variable("x", np.array([255], "u1"), {"_Unsigned": "false"}))
    assert signed.values.tolist() == [-1]


def test_decoding_is_lazy_and_reads_only_selection() -> None:
    backend = CountingArray(np.array([0, 10, -1, 30], "i2"))
    raw = Variable("x", LazilyIndexedArray(backend), {"_FillValue": np.int16(-1), "scale_factor": np.float32(0.5)})
    decoded, _, _ = decode_cf_variables({"v": raw}, {})
    v = decoded["v"]
    assert backend.reads == 0 and is_lazy(v._data) and v.dtype == np.float32
    part = v[1:3]
    assert backend.reads == 0
    np.testing.assert_array_equal(part.values, [5.0, np.nan])
    assert backend.reads == 1


def test_time_decoding_is_lazy() -> None:
    backend = CountingArray(np.arange(10))
    raw = Variable("t", LazilyIndexedArray(backend), {"units": "days since 2000-01-01"})
    decoded, _, _ = decode_cf_variables({"t": raw}, {})
    t = decoded["t"]
    assert backend.reads == 2  # first and last value, to learn the decoded type
    assert isinstance(t._data, LazilyDecodedArray) and t.dtype.kind == "M"
    assert str(t[3:5].values[0])[:10] == "2000-01-04"
    assert backend.reads == 3


def test_char_decoding_is_lazy() -> None:
    backend = CountingArray(np.array([[b"a", b"b"], [b"c", b""]]))
    raw = Variable(("x", "n"), LazilyIndexedArray(backend))
    dec = CharacterArrayCoder().decode(raw)
    assert backend.reads == 0 and dec.dtype == np.dtype("S2")
    assert dec[1:].values.tolist() == [b"c"] and backend.reads == 1
    assert dec._data[OuterIndexer((np.array([0]),))].get_duck_array().tolist() == [b"ab"]


def test_lazy_helpers_and_dask() -> None:
    import dask.array as da

    dask_data = da.from_array(np.arange(6), chunks=2)
    out = lazy_elemwise(dask_data, lambda x: x * 2, np.dtype("i8"))
    assert out.chunks == ((2, 2, 2),) and out.compute().tolist() == [0, 2, 4, 6, 8, 10]
    assert lazy_sample(dask_data).tolist() == [0, 5] and lazy_sample(np.zeros((0, 2))).size == 0
    assert lazy_sample(LazilyIndexedArray(np.array(7))).tolist() == [7]
    assert raw_data(Variable("x", dask_data)) is dask_data
    chars = Variable(("x", "n"), da.from_array(np.array([[b"a", b"b"], [b"c", b"d"]]), chunks=(1, 1)))
    assert CharacterArrayCoder().decode(chars).values.tolist() == [b"ab", b"cd"]
    assert char_to_bytes(np.zeros((2, 0), "S1")).shape == (2,)
    assert "LazilyDecodedArray" in repr(LazilyDecodedArray(np.arange(2), abs, "i8"))


def test_registry_order() -> None:
    names = list(list_coders())
    assert names.index("unsigned") < names.index("mask") < names.index("scale") < names.index("times")
    assert names[0] == "dtype" and names[-1] == "bools"


def test_decode_coords_all() -> None:
    raw = {"a": Variable("x", [1.0], {"grid_mapping": "crs", "coordinates": "lat", "cell_measures": "area: cell_area"}),
           "crs": Variable((), 0), "lat": Variable("x", [2.0]), "cell_area": Variable("x", [3.0]),
           "b": Variable("x", [1.0], {"coordinates": "missing"})}
    _, _, coords = decode_cf_variables(raw, {"coordinates": "crs"}, decode_coords=True)
    assert coords == {"lat", "crs"}
    decoded, _, coords = decode_cf_variables(raw, {}, decode_coords="all")
    assert coords == {"lat", "crs", "cell_area"}
    assert decoded["b"].attrs["coordinates"] == "missing"  # names not in the file stay an attribute


def test_decode_cf_on_dataset_uses_all_coders() -> None:
    ds = la.Dataset({"v": ("x", np.array([1, -1], "i2"), {"_FillValue": np.int16(-1), "scale_factor": 0.5}),
                     "lat": ("x", [1.0, 2.0])})
    ds["v"].attrs["coordinates"] = "lat"
    out = la.decode_cf(ds)
    np.testing.assert_array_equal(out["v"].values, [0.5, np.nan])
    assert "lat" in out.coords
    assert la.decode_cf(ds, mask_and_scale=False)["v"].dtype == np.int16
    assert "lat" in la.decode_cf(ds, decode_coords=False).data_vars


def test_cf_encoder_coordinates_attribute_choices() -> None:
    raw = {"a": Variable(("y", "x"), np.ones((1, 2))), "b": Variable("x", np.ones(2)),
           "lat": Variable(("y", "x"), np.zeros((1, 2))), "lon": Variable(("y", "x"), np.zeros((1, 2)))}
    # a user's own attribute is written as given (as xarray)
    user = dict(raw, a=Variable(("y", "x"), np.ones((1, 2)), {"coordinates": "lon lat"}))
    variables, attrs = cf_encoder(user, {}, ["lat", "lon"])
    assert variables["a"].attrs["coordinates"] == "lon lat" and "coordinates" not in attrs
    # encoding None: no attribute; the coordinates go to the global attribute
    none = dict(raw, a=Variable(("y", "x"), np.ones((1, 2)), encoding={"coordinates": None}))
    variables, attrs = cf_encoder(none, {}, ["lat", "lon"])
    assert "coordinates" not in variables["a"].attrs and attrs["coordinates"] == "lat lon"
    # a stale encoding (a coordinate dropped since reading) names only what exists
    stale = dict(raw, a=Variable(("y", "x"), np.ones((1, 2)), encoding={"coordinates": "lon gone"}))
    variables, attrs = cf_encoder(stale, {}, ["lat", "lon"])
    assert variables["a"].attrs["coordinates"] == "lon" and attrs["coordinates"] == "lat"
    # an existing global attribute is kept, with a warning naming the coordinates left out
    lonely = dict(raw, c=Variable("z", np.zeros(3)))
    with pytest.warns(UserWarning, match="coordinates c are written as data variables"):
        variables, attrs = cf_encoder(lonely, {"coordinates": "mine"}, ["lat", "lon", "c"])
    assert attrs["coordinates"] == "mine" and variables["a"].attrs["coordinates"] == "lat lon"


def test_packing_values_out_of_the_integer_range_raise() -> None:
    var = Variable("x", np.array([1e6, 5.0]), encoding={"dtype": "int16", "scale_factor": 0.1})
    with pytest.raises(ValueError, match=r"values of variable 'v' .* do not fit into the encoding dtype int16"):
        encode_cf_variable(var, _coders({}), "v")
    ok = Variable("x", np.array([1e3, np.nan]), encoding={"dtype": "int16", "scale_factor": 0.1,
                                                          "_FillValue": np.int16(-32767)})
    assert encode_cf_variable(ok, _coders({}), "v").values.tolist() == [10000, -32767]


def test_non_numeric_fill_value_is_named() -> None:
    var = Variable("x", np.array([1.0, np.nan]), encoding={"_FillValue": "x"})
    with pytest.raises(TypeError, match="_FillValue 'x' of variable 'v' must be a number"):
        encode_cf_variable(var, _coders({}), "v")
