"""Views of a Dataset: ``ds.loc`` and ``ds.data_vars``."""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from labarray.formatting import text as formatting_text
from labarray.utils.frozen import Frozen, is_dict_like
from labarray.utils.suggest import missing_names_message
from labarray.variable import Variable

if TYPE_CHECKING:
    from labarray.dataarray import DataArray
    from labarray.dataset import Dataset

__all__ = ["DataVariables", "DatasetLocIndexer"]


class DatasetLocIndexer:
    """``ds.loc[{"x": label}]``: label-based selection and assignment on a Dataset."""

    __slots__ = ("dataset",)

    def __init__(self, dataset: Dataset):
        self.dataset = dataset

    def __getitem__(self, key: Mapping[Any, Any]) -> Dataset:
        if not is_dict_like(key):
            raise TypeError(
                "Dataset.loc only accepts a dict mapping dimension names to labels, "
                f"got {type(key).__name__}; e.g. ds.loc[{{'time': '2000-01'}}]"
            )
        return self.dataset.sel(key)

    def __setitem__(self, key: Mapping[Any, Any], value: Any) -> None:
        if not is_dict_like(key):
            raise TypeError(
                "Dataset.loc only accepts a dict mapping dimension names to labels, "
                f"got {type(key).__name__}"
            )
        positions = self.dataset._labels_to_positions(dict(key))
        self.dataset[positions] = value


class DataVariables(Mapping[Hashable, "DataArray"]):
    """The data variables of a Dataset (every variable that is not a coordinate)."""

    __slots__ = ("_dataset",)

    def __init__(self, dataset: Dataset):
        self._dataset = dataset

    def __iter__(self) -> Iterator[Hashable]:
        ds = self._dataset
        return (k for k in ds._variables if k not in ds._coord_names)

    def __len__(self) -> int:
        return len(self._dataset._variables) - len(self._dataset._coord_names)

    def __contains__(self, key: object) -> bool:
        return key in self._dataset._variables and key not in self._dataset._coord_names

    def __getitem__(self, key: Hashable) -> DataArray:
        if key not in self:
            raise KeyError(missing_names_message("data variable", [key], list(self)))
        return self._dataset[key]

    @property
    def variables(self) -> Frozen[Hashable, Variable]:
        """The data variables as Variables."""
        return Frozen({k: self._dataset._variables[k] for k in self})

    @property
    def dtypes(self) -> Frozen[Hashable, np.dtype]:
        """The dtype of each data variable."""
        return Frozen({k: v.dtype for k, v in self.variables.items()})

    def __repr__(self) -> str:
        return formatting_text.data_vars_repr(self._dataset)

    def _ipython_key_completions_(self) -> list[Hashable]:
        return list(self)
