"""The xarray top-level names labarray exports: ALL_DIMS, SerializationWarning, IndexVariable,
as_variable, show_versions, cftime_range and the lazily imported ``labarray.testing``."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

import labarray as xr

NAMES = ("ALL_DIMS", "IndexVariable", "SerializationWarning", "as_variable", "cftime_range", "show_versions")


def test_names_are_exported():
    from labarray.compute.cftime_range import cftime_range
    from labarray.utils.show_versions import show_versions
    from labarray.utils.xarray_names import SerializationWarning
    from labarray.variable import as_variable
    from labarray.variable.index_variable import IndexVariable

    assert xr.ALL_DIMS is ...
    assert xr.SerializationWarning is SerializationWarning
    assert xr.IndexVariable is IndexVariable
    assert xr.as_variable is as_variable
    assert xr.show_versions is show_versions
    assert xr.cftime_range is cftime_range
    for name in (*NAMES, "testing"):
        assert name in xr.__all__, name


def test_as_variable_and_show_versions_work_from_the_top():
    assert xr.as_variable(("x", [1, 2])).dims == ("x",)
    assert isinstance(xr.IndexVariable("x", [1, 2]), xr.Variable)
    out = io.StringIO()
    xr.show_versions(file=out)
    assert "labarray: " in out.getvalue()


def test_testing_is_lazy_but_reachable():
    code = (
        "import sys, labarray; before = 'labarray.testing' in sys.modules; "
        "f = labarray.testing.assert_identical; "
        "print(before, 'labarray.testing' in sys.modules, 'testing' in dir(labarray))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True", "True"]


def test_unknown_attribute_suggests_closest():
    with pytest.raises(AttributeError, match="no attribute 'tesitng'; did you mean 'testing'"):
        xr.tesitng
    with pytest.raises(AttributeError, match="no attribute 'show_version'; did you mean 'show_versions'"):
        xr.show_version


@pytest.mark.compat
def test_names_exist_in_xarray_too():
    xarray = pytest.importorskip("xarray")
    for name in (*NAMES, "testing"):
        assert hasattr(xarray, name), name
