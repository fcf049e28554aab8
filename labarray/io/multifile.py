"""Many files as one Dataset (:func:`open_mfdataset`) and one Dataset per file (:func:`save_mfdataset`).

``open_mfdataset`` opens every file with :func:`labarray.open_dataset` (Dask-backed: the data
stays in the files until computed; dimension coordinates are read once per file to build the
indexes), optionally in parallel with ``dask.delayed``, applies ``preprocess`` and combines
the pieces with :func:`labarray.combine_by_coords` or :func:`labarray.combine_nested`. Closing
the result closes every file. Any failure names the file it came from.

Examples
--------
>>> import os, tempfile
>>> import labarray as la
>>> folder = tempfile.mkdtemp()
>>> parts = [la.Dataset({"a": ("t", [i])}, coords={"t": [i]}) for i in range(3)]
>>> paths = [os.path.join(folder, f"p{i}.nc") for i in range(3)]
>>> save_mfdataset(parts, paths)
>>> with open_mfdataset(os.path.join(folder, "p*.nc")) as ds:
...     ds["a"].values.tolist()
[0, 1, 2]
"""

from __future__ import annotations

import functools
import glob
import os
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from labarray.dataset import Dataset
from labarray.io.closing import close as close_object
from labarray.io.closing import set_close
from labarray.structure.combine import combine_by_coords, combine_nested

__all__ = ["open_mfdataset", "save_mfdataset"]

_COMBINES = ("by_coords", "nested")


def _is_remote(path: str) -> bool:
    return "://" in path.split("?")[0][:32]


def _expand_paths(
    paths: Any, combine: str, storage_options: dict[str, Any] | None = None
) -> tuple[list[Any], list[tuple[int, ...]] | None]:
    """Flat list of paths and, for a list argument, their tile ids (positions in the nesting).

    A string is a glob pattern (sorted matches; fsspec URLs are globbed with fsspec and
    ``storage_options``); a list may nest for ``combine="nested"``.
    """
    flat: list[Any]
    if isinstance(paths, str | os.PathLike):
        text = os.fspath(paths)
        if _is_remote(text):
            if any(ch in text for ch in "*?["):
                import fsspec

                fs, pattern = fsspec.core.url_to_fs(text, **(storage_options or {}))
                flat = [fs.unstrip_protocol(m) for m in sorted(fs.glob(pattern))]
                if not flat:
                    raise OSError(f"no files match the pattern {text!r}")
            else:
                flat = [text]
        else:
            pattern = os.path.expanduser(text)
            flat = sorted(glob.glob(pattern)) if glob.has_magic(pattern) else [pattern]
            if glob.has_magic(pattern) and not flat:
                raise OSError(f"no files match the pattern {text!r}")
            if not glob.has_magic(pattern) and not os.path.exists(pattern):
                raise FileNotFoundError(f"no such file: {text!r}")
        if not flat:
            raise OSError(f"no files to open: {text!r} matched nothing")
        return flat, None
    if not isinstance(paths, list | tuple):
        raise TypeError(
            f"paths must be a glob string, a path, or a (nested) list of paths; got {type(paths).__name__}"
        )
    flat = []
    tiles: list[tuple[int, ...]] = []

    def walk(entry: Any, tile: tuple[int, ...]) -> None:
        if isinstance(entry, list | tuple):
            for i, item in enumerate(entry):
                walk(item, (*tile, i))
        else:
            if isinstance(entry, os.PathLike):
                entry = os.fspath(entry)
            if isinstance(entry, str) and not _is_remote(entry):
                entry = os.path.expanduser(entry)
            flat.append(entry)
            tiles.append(tile)

    walk(list(paths), ())
    if not flat:
        raise OSError("no files to open: the list of paths is empty")
    depths = {len(t) for t in tiles}
    if len(depths) > 1:
        raise ValueError(f"the nested list of paths has uneven depth (entries nested {sorted(depths)} levels deep)")
    if depths != {1} and combine != "nested":
        raise ValueError("nested lists of paths need combine='nested' (with one concat_dim per nesting level)")
    return flat, tiles


def _label(path: Any) -> str:
    return os.fspath(path) if isinstance(path, str | os.PathLike) else repr(path)


def _reraise(err: BaseException, path: Any, what: str) -> BaseException:
    """``err`` again, of the same type where possible, with the file named in its message."""
    message = f"{what} {_label(path)}: {err}"
    if isinstance(err, KeyError):
        new: BaseException = KeyError(message)
    else:
        try:
            new = type(err)(message)
        except Exception:
            new = RuntimeError(message)
    new.__cause__ = err
    return new


def _open_one(path: Any, open_kwargs: dict[str, Any], preprocess: Callable[[Dataset], Dataset] | None) -> Dataset:
    from labarray.io.api import open_dataset

    try:
        ds = open_dataset(path, **open_kwargs)
    except Exception as err:
        raise _reraise(err, path, "failed to open") from err
    if preprocess is not None:
        try:
            processed = preprocess(ds)
        except Exception as err:
            close_object(ds)
            raise _reraise(err, path, "preprocess failed on") from err
        if not isinstance(processed, Dataset):
            close_object(ds)
            raise TypeError(
                f"preprocess must return a Dataset; it returned a {type(processed).__name__} for {_label(path)}"
            )
        if processed is not ds:
            # closing the preprocessed result must still close the file
            set_close(processed, functools.partial(close_object, ds))
        ds = processed
    return ds


def _open_or_error(
    path: Any, open_kwargs: dict[str, Any], preprocess: Callable[[Dataset], Dataset] | None
) -> tuple[Dataset | None, BaseException | None]:
    """:func:`_open_one` for parallel opening: the error is returned so that the others can be closed."""
    try:
        return _open_one(path, open_kwargs, preprocess), None
    except Exception as err:
        return None, err


def _rename_objects(err: BaseException, labels: Sequence[str]) -> BaseException:
    """Replace "object 3" in a combine error by the file that object came from."""
    text = str(err.args[0]) if err.args else str(err)

    def sub(match: re.Match[str]) -> str:
        i = int(match.group(1))
        return f"file {labels[i]!r}" if i < len(labels) else match.group(0)

    renamed = re.sub(r"object (\d+)", sub, text)
    if renamed == text:
        return err
    try:
        new = type(err)(renamed)
    except Exception:
        return err
    new.__cause__ = err
    return new


def open_mfdataset(
    paths: str | os.PathLike[str] | Sequence[Any],
    chunks: Any = None,
    concat_dim: Any = None,
    compat: str = "no_conflicts",
    preprocess: Callable[[Dataset], Dataset] | None = None,
    engine: Any = None,
    data_vars: Any = "all",
    coords: Any = "different",
    combine: str = "by_coords",
    parallel: bool = False,
    join: str = "outer",
    attrs_file: str | os.PathLike[str] | int | None = None,
    combine_attrs: Any = "override",
    **kwargs: Any,
) -> Dataset:
    """Open many files as one Dataset (Dask-backed), combining them by coordinates or by position.

    Parameters
    ----------
    paths : str, os.PathLike or (nested) list of them
        A glob pattern (``"data/*.nc"``, matches sorted), one path, or a list of paths; with
        ``combine="nested"`` a nested list gives one level per entry of ``concat_dim``.
    chunks : int, dict, "auto" or None, optional
        Dask chunks of every file (``None`` or ``{}``: each file's own chunking).
    concat_dim : str, DataArray, None or list of them, optional
        The dimension(s) to concatenate along with ``combine="nested"`` (``None`` merges).
    compat : {"no_conflicts", "identical", "equals", "broadcast_equals", "override", "minimal"}, default: "no_conflicts"
        How variables with the same name are compared.
    preprocess : callable, optional
        Applied to each opened Dataset before combining (e.g. to select variables).
    engine : str or BackendEntrypoint, optional
        IO engine (default: guessed per file).
    data_vars, coords : str or list, optional
        Which variables are concatenated, as in :func:`labarray.concat`.
    combine : {"by_coords", "nested"}, default: "by_coords"
        Order files by their dimension coordinates, or by their position in ``paths``.
    parallel : bool, default: False
        Open the files (and run ``preprocess``) in parallel with ``dask.delayed``.
    join : {"outer", "inner", "left", "right", "exact", "override"}, default: "outer"
        How indexes of the other dimensions are joined.
    attrs_file : str, os.PathLike or int, optional
        Take the global attributes from this file (path or position); default: the first.
    combine_attrs : {"override", "drop", "identical", "no_conflicts", "drop_conflicts"} or callable, default: "override"
        How the global attributes are combined.
    **kwargs
        Passed to :func:`labarray.open_dataset` (``decode_times``, ``mask_and_scale``, ...).

    Returns
    -------
    Dataset
        Closing it (``ds.close()`` or a ``with`` block) closes every file.

    Examples
    --------
    >>> import os, tempfile
    >>> import labarray as la
    >>> folder = tempfile.mkdtemp()
    >>> for i in range(2):
    ...     la.Dataset({"a": ("t", [i, i])}, coords={"t": [2 * i, 2 * i + 1]}).to_netcdf(os.path.join(folder, f"{i}.nc"))
    >>> ds = open_mfdataset(os.path.join(folder, "*.nc"))
    >>> ds["a"].values.tolist(), ds.chunks["t"]
    ([0, 0, 1, 1], (2, 2))
    >>> ds.close()
    """
    if combine not in _COMBINES:
        raise ValueError(f"combine must be 'by_coords' or 'nested'; got {combine!r}")
    if combine == "by_coords" and concat_dim is not None:
        raise ValueError(
            "concat_dim is only used with combine='nested'; combine='by_coords' finds the "
            "dimensions to concatenate from the coordinates (drop concat_dim or use combine='nested')"
        )
    if preprocess is not None and not callable(preprocess):
        raise TypeError(f"preprocess must be callable; got {type(preprocess).__name__}")
    storage_options = kwargs.get("storage_options", (kwargs.get("backend_kwargs") or {}).get("storage_options"))
    flat, tiles = _expand_paths(paths, combine, storage_options)
    open_kwargs = dict(engine=engine, chunks=chunks if chunks is not None else {}, **kwargs)
    labels = [_label(p) for p in flat]

    if parallel:
        import dask

        tasks = [dask.delayed(_open_or_error)(p, open_kwargs, preprocess) for p in flat]
        outcomes = dask.compute(*tasks)
        failures = [err for _, err in outcomes if err is not None]
        if failures:
            for ds, _ in outcomes:
                if ds is not None:
                    close_object(ds)
            raise failures[0]
        datasets = [ds for ds, _ in outcomes]
    else:
        datasets = []
        try:
            for p in flat:
                datasets.append(_open_one(p, open_kwargs, preprocess))
        except BaseException:
            for ds in datasets:
                close_object(ds)
            raise

    def close_all() -> None:
        for ds in datasets:
            close_object(ds)

    try:
        if combine == "nested":
            grid = _rebuild_nesting(datasets, tiles) if tiles is not None else datasets
            combined = combine_nested(
                grid, concat_dim=concat_dim, compat=compat, data_vars=data_vars, coords=coords,
                join=join, combine_attrs=combine_attrs,
            )
        else:
            combined = combine_by_coords(
                datasets, compat=compat, data_vars=data_vars, coords=coords, join=join,
                combine_attrs=combine_attrs,
            )
    except (ValueError, TypeError, KeyError) as err:
        close_all()
        raise _rename_objects(err, labels) from err
    except BaseException:
        close_all()
        raise

    if attrs_file is not None:
        if isinstance(attrs_file, int):
            if not -len(datasets) <= attrs_file < len(datasets):
                close_all()
                raise IndexError(f"attrs_file={attrs_file} is out of range for {len(datasets)} files")
            combined.attrs = dict(datasets[attrs_file].attrs)
        else:
            wanted = os.path.abspath(os.path.expanduser(os.fspath(attrs_file)))
            matches = [i for i, p in enumerate(flat) if isinstance(p, str) and os.path.abspath(p) == wanted]
            if not matches:
                close_all()
                raise ValueError(
                    f"attrs_file {os.fspath(attrs_file)!r} is not one of the opened files; files: "
                    + ", ".join(labels[:5]) + (" ..." if len(labels) > 5 else "")
                )
            combined.attrs = dict(datasets[matches[0]].attrs)
    set_close(combined, close_all)
    return combined


def _rebuild_nesting(datasets: list[Dataset], tiles: list[tuple[int, ...]]) -> Any:
    root: list[Any] = []
    for ds, tile in zip(datasets, tiles, strict=True):
        level = root
        for i in tile[:-1]:
            while len(level) <= i:
                level.append([])
            level = level[i]
        level.append(ds)
    return root


def save_mfdataset(
    datasets: Sequence[Dataset],
    paths: Sequence[str | os.PathLike[str]],
    mode: str = "w",
    format: str | None = None,
    groups: Sequence[str | None] | None = None,
    engine: str | None = None,
    compute: bool = True,
    **kwargs: Any,
) -> Any:
    """Write several Datasets to several netCDF files at once (Dask data written in parallel).

    Parameters
    ----------
    datasets : list of Dataset
    paths : list of str or os.PathLike
        One path per Dataset.
    mode : {"w", "a"}, default: "w"
    format : {"NETCDF4", "NETCDF4_CLASSIC", "NETCDF3_64BIT", "NETCDF3_CLASSIC"}, optional
    groups : list of str, optional
        The group of each file to write into.
    engine : str, optional
        The netCDF engine.
    compute : bool, default: True
        False returns a ``dask.delayed.Delayed`` writing every file.
    **kwargs
        Passed to :func:`labarray.to_netcdf` (``encoding``, ``unlimited_dims``, ...).

    Returns
    -------
    None or dask.delayed.Delayed

    Examples
    --------
    >>> import os, tempfile
    >>> import labarray as la
    >>> ds = la.Dataset({"a": ("t", [1, 2, 3, 4])}, coords={"t": [0, 1, 2, 3]})
    >>> folder = tempfile.mkdtemp()
    >>> halves = [ds.isel(t=slice(0, 2)), ds.isel(t=slice(2, 4))]
    >>> save_mfdataset(halves, [os.path.join(folder, "a.nc"), os.path.join(folder, "b.nc")])
    >>> sorted(os.listdir(folder))
    ['a.nc', 'b.nc']
    """
    from labarray.io.api import to_netcdf

    if mode == "w" and len(set(map(_label, paths))) < len(list(paths)):
        raise ValueError("cannot write several Datasets to the same file with mode='w'; the paths repeat")
    datasets = list(datasets)
    paths = list(paths)
    for i, obj in enumerate(datasets):
        if not isinstance(obj, Dataset):
            raise TypeError(
                f"save_mfdataset writes Datasets; item {i} is a {type(obj).__name__} (convert DataArrays with .to_dataset())"
            )
    groups_list = [None] * len(datasets) if groups is None else list(groups)
    if not (len(datasets) == len(paths) == len(groups_list)):
        raise ValueError(
            f"save_mfdataset needs as many paths (and groups) as Datasets; got {len(datasets)} Datasets, "
            f"{len(paths)} paths and {len(groups_list)} groups"
        )
    writes = []
    for ds, path, group in zip(datasets, paths, groups_list, strict=True):
        try:
            writes.append(to_netcdf(ds, path, mode=mode, format=format, group=group, engine=engine, compute=False, **kwargs))
        except Exception as err:
            raise _reraise(err, path, "failed to write") from err
    import dask

    if not compute:
        return dask.delayed(_all_written)(writes)
    dask.compute(*writes)
    return None


def _all_written(results: Iterable[Any]) -> None:
    list(results)
    return None
