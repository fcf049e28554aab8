"""Building DataArrays and Datasets from NumPy (and Dask) arrays with coordinates."""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import randn, requires_dask, scaled, xr


class DataArrayConstruction:
    """A (time, lat, lon) float64 DataArray built from NumPy data and 1-D coordinates."""

    def setup(self) -> None:
        nt, ny, nx = scaled(24, 2), scaled(180, 3), scaled(360, 4)
        self.data = randn((nt, ny, nx), seed=1)
        self.coords = {
            "time": pd.date_range("2000-01-01", periods=nt, freq="h").to_numpy(),
            "lat": np.linspace(-89.5, 89.5, ny),
            "lon": np.linspace(0.5, 359.5, nx),
        }
        self.dims = ("time", "lat", "lon")

    def time_dataarray_with_coords(self) -> None:
        xr.DataArray(self.data, coords=self.coords, dims=self.dims, name="t2m")

    def time_dataarray_without_coords(self) -> None:
        xr.DataArray(self.data, dims=self.dims)

    def time_dataarray_tuple_coords(self) -> None:
        coords = {name: (name, values, {"units": "u"}) for name, values in self.coords.items()}
        xr.DataArray(self.data, coords=coords, dims=self.dims, attrs={"units": "K"})

    def time_dataset_from_dict(self) -> None:
        xr.Dataset(
            {"t2m": (self.dims, self.data), "sst": (self.dims, self.data)},
            coords=self.coords,
        )

    def peakmem_dataarray_with_coords(self) -> None:
        xr.DataArray(self.data, coords=self.coords, dims=self.dims, name="t2m")


class DataArrayConstructionDask(DataArrayConstruction):
    """The same with Dask-backed data (construction must stay lazy)."""

    def setup(self) -> None:
        requires_dask()
        import dask.array as da

        super().setup()
        self.data = da.from_array(self.data, chunks=(1, -1, -1))


class DatasetManyVariables:
    """A Dataset with 1,000 one-dimensional data variables sharing one indexed dimension."""

    def setup(self) -> None:
        nvars, n = scaled(1000, 5), scaled(100, 4)
        base = randn((nvars, n), seed=2)
        self.variables = {f"var{i}": ("x", base[i]) for i in range(nvars)}
        self.coords = {"x": np.arange(n)}

    def time_dataset_many_variables(self) -> None:
        xr.Dataset(self.variables, coords=self.coords)

    def peakmem_dataset_many_variables(self) -> None:
        xr.Dataset(self.variables, coords=self.coords)


class DatasetManyVariablesDask(DatasetManyVariables):
    """The same with each variable Dask-backed."""

    def setup(self) -> None:
        requires_dask()
        import dask.array as da

        super().setup()
        self.variables = {
            name: (dims, da.from_array(values, chunks=-1))
            for name, (dims, values) in self.variables.items()
        }
