"""Block reductions of daily (time, lat, lon) float64 data with 10% NaN: ``coarsen``.

The full size is (14610, 36, 72); blocks of 30 days (boundary="trim") and of 2 x 2 grid cells.
"""

from __future__ import annotations

from . import randn, requires_dask, scaled, xr

DIMS = ("time", "lat", "lon")


def make_dataarray() -> object:
    shape = (scaled(14610, 60), scaled(36, 4), scaled(72, 6))
    return xr.DataArray(randn(shape, seed=2, frac_nan=0.1), dims=DIMS)


class Coarsen:
    """``coarsen(time=30, boundary="trim").<func>()`` and ``coarsen(lat=2, lon=2).mean()``."""

    params = (["mean", "max", "std"],)
    param_names = ("func",)

    def setup(self, func: str) -> None:
        self.da = make_dataarray()

    def time_coarsen_time(self, func: str) -> None:
        getattr(self.da.coarsen(time=30, boundary="trim"), func)()

    def time_coarsen_space(self, func: str) -> None:
        getattr(self.da.coarsen(lat=2, lon=2), func)()


class CoarsenDask:
    """``coarsen(time=30, boundary="trim").mean().compute()`` on Dask chunked along time."""

    def setup(self) -> None:
        requires_dask()
        self.da = make_dataarray().chunk({"time": scaled(1500, 30)})

    def time_coarsen_dask(self) -> None:
        self.da.coarsen(time=30, boundary="trim").mean().compute()
