"""Text and HTML reprs of a DataArray and of a Dataset with 1,000 variables."""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import randn, requires_dask, scaled, xr


class ReprDataArray:
    """A (time, lat, lon) DataArray with coordinates and attributes."""

    def setup(self) -> None:
        nt, ny, nx = scaled(24, 3), scaled(180, 4), scaled(360, 5)
        self.da = xr.DataArray(
            randn((nt, ny, nx), seed=14),
            coords={
                "time": pd.date_range("2000-01-01", periods=nt, freq="h").to_numpy(),
                "lat": np.linspace(-89.5, 89.5, ny),
                "lon": np.linspace(0.5, 359.5, nx),
                "station": ("lat", np.arange(ny)),
            },
            dims=("time", "lat", "lon"),
            name="t2m",
            attrs={"units": "K", "long_name": "2 metre temperature", "history": "x" * 500},
        )

    def time_repr(self) -> None:
        repr(self.da)

    def time_repr_html(self) -> None:
        self.da._repr_html_()


class ReprDataArrayDask(ReprDataArray):
    def setup(self) -> None:
        requires_dask()
        super().setup()
        self.da = self.da.chunk({"time": 1})


class ReprDatasetManyVariables:
    """A Dataset with 1,000 data variables (the repr must truncate, not walk them all slowly)."""

    def setup(self) -> None:
        nvars, n = scaled(1000, 5), scaled(50, 4)
        data = randn((nvars, n), seed=15)
        self.ds = xr.Dataset(
            {f"var{i}": ("x", data[i], {"units": "m", "index": i}) for i in range(nvars)},
            coords={"x": np.arange(n), "label": ("x", np.array([f"p{i}" for i in range(n)]))},
            attrs={f"attr{i}": f"value {i}" for i in range(scaled(50, 3))},
        )

    def time_repr(self) -> None:
        repr(self.ds)

    def time_repr_html(self) -> None:
        self.ds._repr_html_()


class ReprDatasetManyVariablesDask(ReprDatasetManyVariables):
    def setup(self) -> None:
        requires_dask()
        super().setup()
        self.ds = self.ds.chunk({"x": scaled(10, 2)})
