"""Gathers along several axes at once, fused with a binary operation: the engine of joins.

Reindexing and outer/inner-join arithmetic move data by positions: along each reindexed axis an
integer indexer gives, for every output position, the position in the input (``-1`` = the label
is missing: fill). Two functions run that data movement in one pass over the data:

* :func:`take_nd` gathers one array along any number of axes (``reindex``/``align``), and
  :func:`take_nd_many` several at once (a Dataset's variables), the results of equal shape and
  dtype sharing one allocation: writing fresh memory costs page faults, and one large
  allocation (huge pages from 4 MiB) faults far less than many small ones;
* :func:`joined_binary_op` computes ``out = op(a[ia...], b[ib...])`` directly, so ``a + b`` on
  partly overlapping indexes reads each input once instead of first building NaN-filled copies.

How the loops are laid out: every operand is addressed through a flat 1-D view of its memory and
element strides (no copy for transposed or sliced views). The output is split into *rows*: the
trailing axes that need no gather and are contiguous in every operand form the row (copied or
combined with a simple, vectorisable loop); the offsets of the row starts over the remaining
axes are precomputed in NumPy (``-1`` where any axis is missing). When no such contiguous tail
exists the last axis is gathered element by element through a second offset array.

Values are cast to the NumPy computation dtype of the operation before it is applied (``ct``
below), so results are bit-identical to reindexing first and applying the NumPy operator then.
A missing label gives the operation's result for NaN: NaN for arithmetic, False for comparisons
(True for ``!=``) -- the operand with missing labels is always promoted to a float dtype.

>>> import operator
>>> a = np.array([1.0, 2.0, 3.0])
>>> b = np.array([10.0, 20.0])
>>> joined_binary_op(operator.add, a, [np.array([0, 1, 2, -1])], b, [np.array([-1, 0, 1, -1])])
array([nan, 12., 23., nan])
>>> take_nd(np.arange(6).reshape(2, 3), {0: [1, -1], 1: [2, 0]}, fill_value=-1)
array([[ 5,  3],
       [-1, -1]])
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from labarray.kernels._compile import lazy_njit
from labarray.kernels.take import NA, maybe_promote, result_dtype
from labarray.options import OPTIONS

# numba.prange inside the compiled kernels (see labarray.kernels._compile)
prange = range

__all__ = ["JOIN_OPS", "joined_binary_op", "supports_joined_op", "take_nd", "take_nd_many"]

# operation codes (compile-time constants inside the kernels)
_ADD, _SUB, _MUL, _DIV, _EQ, _NE, _LT, _LE, _GT, _GE, _TAKE = range(11)

#: The binary operators :func:`joined_binary_op` fuses with the gather, by their code.
JOIN_OPS: dict[Callable[[Any, Any], Any], int] = {
    operator.add: _ADD,
    operator.sub: _SUB,
    operator.mul: _MUL,
    operator.truediv: _DIV,
    operator.eq: _EQ,
    operator.ne: _NE,
    operator.lt: _LT,
    operator.le: _LE,
    operator.gt: _GT,
    operator.ge: _GE,
}


@lazy_njit(nogil=True, error_model="numpy")
def _rows_kernel(a, ao, b, bo, width, op, ct, fill, out):  # type: ignore[no-untyped-def]  # pragma: no cover
    # Row t of the output is ``width`` contiguous elements starting at t * width; it combines
    # the runs of a and b starting at ao[t] and bo[t] (-1: a label is missing, the row is fill).
    # One branch per operation outside the inner loop keeps that loop simple (vectorised).
    for t in prange(ao.shape[0]):
        ka = ao[t]
        kb = bo[t]
        base = t * width
        if ka < 0 or kb < 0:
            for q in range(width):
                out[base + q] = fill
        elif op == _TAKE:
            for q in range(width):
                out[base + q] = ct(a[ka + q])
        elif op == _ADD:
            for q in range(width):
                out[base + q] = ct(a[ka + q]) + ct(b[kb + q])
        elif op == _SUB:
            for q in range(width):
                out[base + q] = ct(a[ka + q]) - ct(b[kb + q])
        elif op == _MUL:
            for q in range(width):
                out[base + q] = ct(a[ka + q]) * ct(b[kb + q])
        elif op == _DIV:
            for q in range(width):
                out[base + q] = ct(a[ka + q]) / ct(b[kb + q])
        elif op == _EQ:
            for q in range(width):
                out[base + q] = ct(a[ka + q]) == ct(b[kb + q])
        elif op == _NE:
            for q in range(width):
                out[base + q] = ct(a[ka + q]) != ct(b[kb + q])
        elif op == _LT:
            for q in range(width):
                out[base + q] = ct(a[ka + q]) < ct(b[kb + q])
        elif op == _LE:
            for q in range(width):
                out[base + q] = ct(a[ka + q]) <= ct(b[kb + q])
        elif op == _GT:
            for q in range(width):
                out[base + q] = ct(a[ka + q]) > ct(b[kb + q])
        else:
            for q in range(width):
                out[base + q] = ct(a[ka + q]) >= ct(b[kb + q])


@lazy_njit(nogil=True, error_model="numpy")
def _gather_kernel(a, ao, ai, b, bo, bi, op, ct, fill, out):  # type: ignore[no-untyped-def]  # pragma: no cover
    # Like _rows_kernel, but the last axis is gathered too: element q of row t reads
    # a[ao[t] + ai[q]] (either offset -1: missing). Used when no trailing axis is contiguous
    # in every operand (the last axis is reindexed or broadcast).
    width = ai.shape[0]
    for t in prange(ao.shape[0]):
        ka = ao[t]
        kb = bo[t]
        base = t * width
        for q in range(width):
            ia = ai[q]
            ib = bi[q]
            if ka < 0 or kb < 0 or ia < 0 or ib < 0:
                out[base + q] = fill
            elif op == _TAKE:
                out[base + q] = ct(a[ka + ia])
            elif op == _ADD:
                out[base + q] = ct(a[ka + ia]) + ct(b[kb + ib])
            elif op == _SUB:
                out[base + q] = ct(a[ka + ia]) - ct(b[kb + ib])
            elif op == _MUL:
                out[base + q] = ct(a[ka + ia]) * ct(b[kb + ib])
            elif op == _DIV:
                out[base + q] = ct(a[ka + ia]) / ct(b[kb + ib])
            elif op == _EQ:
                out[base + q] = ct(a[ka + ia]) == ct(b[kb + ib])
            elif op == _NE:
                out[base + q] = ct(a[ka + ia]) != ct(b[kb + ib])
            elif op == _LT:
                out[base + q] = ct(a[ka + ia]) < ct(b[kb + ib])
            elif op == _LE:
                out[base + q] = ct(a[ka + ia]) <= ct(b[kb + ib])
            elif op == _GT:
                out[base + q] = ct(a[ka + ia]) > ct(b[kb + ib])
            else:
                out[base + q] = ct(a[ka + ia]) >= ct(b[kb + ib])


# -- dtypes ---------------------------------------------------------------------------------

_BINARY_KINDS = frozenset("iuf")
# Every (operand, operand) dtype pair is one more compilation of both kernels; the common
# dtypes of labeled data are fused, the rare ones are gathered first and combined by NumPy.
_BINARY_DTYPES = frozenset(np.dtype(t) for t in ("int32", "int64", "float32", "float64"))


def _kernel_dtype(dtype: np.dtype[Any], kinds: frozenset[str]) -> bool:
    return (
        dtype.kind in kinds
        and dtype.isnative
        and not (dtype.kind == "f" and dtype.itemsize < 4)
        and not (dtype.kind == "c" and dtype.itemsize < 8)
    )


def _binary_dtypes(
    f: Callable[[Any, Any], Any], a: np.dtype[Any], b: np.dtype[Any]
) -> tuple[np.dtype[Any], np.dtype[Any]] | None:
    """``(computation dtype, result dtype)`` of ``f`` on arrays of dtypes ``a`` and ``b``.

    ``None`` when the kernels do not reproduce NumPy exactly for that combination.
    """
    if f not in JOIN_OPS or a not in _BINARY_DTYPES or b not in _BINARY_DTYPES:
        return None
    code = JOIN_OPS[f]
    with np.errstate(all="ignore"):
        out = f(np.ones(1, a), np.ones(1, b)).dtype
    compute = out if code == _DIV else np.result_type(a, b)
    if not _kernel_dtype(compute, _BINARY_KINDS):
        return None
    return compute, out


def supports_joined_op(
    f: Callable[[Any, Any], Any], a_dtype: Any, b_dtype: Any, a_missing: bool, b_missing: bool
) -> bool:
    """Whether :func:`joined_binary_op` handles ``f`` for these dtypes and missing labels.

    Fused are the operators of :data:`JOIN_OPS` on native ``int32``, ``int64``, ``float32`` and
    ``float64`` data (after promotion for missing labels: ``int64`` with a fill is ``float64``).

    Parameters
    ----------
    f : callable
        The operator (``operator.add`` ...; see :data:`JOIN_OPS`).
    a_dtype, b_dtype : dtype
        dtypes of the two operands.
    a_missing, b_missing : bool
        Whether an indexer of that operand holds ``-1`` (its dtype is then promoted as
        :func:`labarray.kernels.take.maybe_promote` does).

    Returns
    -------
    bool

    Examples
    --------
    >>> supports_joined_op(operator.add, np.dtype("int64"), np.dtype("float32"), True, False)
    True
    >>> supports_joined_op(operator.pow, np.dtype("float64"), np.dtype("float64"), False, False)
    False
    """
    a_dtype, b_dtype = np.dtype(a_dtype), np.dtype(b_dtype)
    if a_missing:
        a_dtype = maybe_promote(a_dtype)[0]
    if b_missing:
        b_dtype = maybe_promote(b_dtype)[0]
    return _binary_dtypes(f, a_dtype, b_dtype) is not None


# -- layout ---------------------------------------------------------------------------------


def _flat(arr: np.ndarray) -> tuple[np.ndarray, list[int]]:
    """A read-only 1-D view spanning ``arr``'s memory and its element strides (0 on length-1 axes).

    Arrays whose strides are negative or not multiples of the item size are copied first. The
    view is always read-only so that writable and read-only inputs share one compiled kernel.
    """
    item = arr.itemsize
    if any(n > 1 and (s < 0 or s % item) for n, s in zip(arr.shape, arr.strides, strict=True)):
        arr = np.ascontiguousarray(arr)
    strides = [0 if n == 1 else s // item for n, s in zip(arr.shape, arr.strides, strict=True)]
    span = 1 + sum((n - 1) * s for n, s in zip(arr.shape, strides, strict=True))
    flat = np.lib.stride_tricks.as_strided(arr, shape=(span,), strides=(item,), writeable=False)
    return flat, strides


def _positions(indexer: np.ndarray | None, size: int, n: int) -> np.ndarray | None:
    """Positions read along an axis of input length ``size`` for ``n`` outputs; None = all."""
    if indexer is not None:
        return indexer
    if size == n:
        return None
    return np.zeros(n, dtype=np.int64)  # a length-1 axis broadcast


def _offsets(
    positions: Sequence[np.ndarray | None], strides: Sequence[int], shape: Sequence[int]
) -> np.ndarray:
    """Flat offsets of every point of the grid ``shape`` (C order); -1 where any axis misses."""
    off = np.zeros(1, dtype=np.int64)
    miss: np.ndarray | None = None  # allocated once the first missing position shows up
    for pos, stride, n in zip(positions, strides, shape, strict=True):
        lost = None
        if pos is None:
            step = np.arange(n, dtype=np.int64) * stride
        else:
            step = pos.astype(np.int64) * stride
            if (pos < 0).any():
                lost = pos < 0
        if lost is not None or miss is not None:
            before = np.zeros(off.size, dtype=bool) if miss is None else miss
            miss = np.logical_or.outer(before, np.zeros(n, bool) if lost is None else lost).ravel()
        off = np.add.outer(off, step).ravel()
    if miss is not None:
        off[miss] = -1
    return off


def _run(
    op: int,
    arrays: Sequence[np.ndarray],
    indexers: Sequence[Sequence[np.ndarray | None]],
    out_shape: tuple[int, ...],
    ct: type,
    fill: Any,
    out: np.ndarray,
) -> None:
    """Lay out the operands and run the row or gather kernel into ``out`` (C-contiguous)."""
    flats, strides, positions = [], [], []
    for arr, ixs in zip(arrays, indexers, strict=True):
        flat, st = _flat(arr)
        flats.append(flat)
        strides.append(st)
        positions.append(
            [_positions(ix, size, n) for ix, size, n in zip(ixs, arr.shape, out_shape, strict=True)]
        )
    # trailing axes gathered by no operand and C-contiguous in all of them form the rows
    ndim = len(out_shape)
    split, width = ndim, 1
    while split > 0:
        axis = split - 1
        if any(pos[axis] is not None for pos in positions):
            break
        if any(st[axis] != width and out_shape[axis] > 1 for st in strides):
            break
        width *= out_shape[axis]
        split -= 1
    flat_out = out.reshape(-1)
    args: tuple[Any, ...]
    if split == ndim and ndim > 0:
        # the last axis needs a gather: rows over the other axes, element offsets along it
        outer = [
            _offsets(pos[:-1], st[:-1], out_shape[:-1]) for pos, st in zip(positions, strides, strict=True)
        ]
        inner = [
            _offsets(pos[-1:], st[-1:], out_shape[-1:]) for pos, st in zip(positions, strides, strict=True)
        ]
        a, b = flats[0], flats[-1]
        args = (a, outer[0], inner[0], b, outer[-1], inner[-1], op, ct, fill, flat_out)
        kernel = _gather_kernel
    else:
        offsets = [
            _offsets(pos[:split], st[:split], out_shape[:split])
            for pos, st in zip(positions, strides, strict=True)
        ]
        args = (flats[0], offsets[0], flats[-1], offsets[-1], width, op, ct, fill, flat_out)
        kernel = _rows_kernel
    if out.size >= OPTIONS["parallel_threshold"]:
        kernel.dispatcher(parallel=True)(*args)
    else:
        kernel(*args)


def _check_indexers(
    name: str, arr: np.ndarray, indexers: Sequence[Any], out_shape: list[int | None]
) -> list[np.ndarray | None]:
    if len(indexers) != arr.ndim:
        raise ValueError(
            f"{name} has {arr.ndim} dimension(s) but {len(indexers)} indexer(s) were given; pass "
            "one indexer (or None) per axis"
        )
    checked: list[np.ndarray | None] = []
    for axis, ix in enumerate(indexers):
        if ix is None:
            checked.append(None)
            size = arr.shape[axis]
            if size != 1:
                if out_shape[axis] not in (None, size):
                    raise ValueError(
                        f"axis {axis} of {name} has length {size} but the output has length "
                        f"{out_shape[axis]} there; give an indexer or make the lengths equal"
                    )
                out_shape[axis] = size
            continue
        ix = np.asarray(ix)
        if ix.size == 0 and ix.dtype.kind not in "iu":
            ix = ix.astype(np.intp)
        if ix.ndim != 1 or ix.dtype.kind not in "iu":
            raise TypeError(
                f"indexer {axis} of {name} must be a 1-D integer array (positions, -1 for "
                f"missing); got a {ix.ndim}-D array of dtype {ix.dtype}"
            )
        n = arr.shape[axis]
        if ix.size and (int(ix.min()) < -1 or int(ix.max()) >= n):
            bad = int(ix.min()) if int(ix.min()) < -1 else int(ix.max())
            raise IndexError(
                f"indexer {axis} of {name} holds {bad}, out of bounds for an axis of length {n}; "
                f"valid values are -1 (missing) to {n - 1}"
            )
        if out_shape[axis] not in (None, ix.size):
            raise ValueError(
                f"indexer {axis} of {name} has length {ix.size} but the output has length "
                f"{out_shape[axis]} along that axis"
            )
        out_shape[axis] = ix.size
        checked.append(ix)
    return checked


def _run_slice(positions: np.ndarray) -> slice | None:
    """``positions`` as a slice when they are consecutive increasing positions, else None."""
    if positions.size == 0:
        return None
    start = int(positions[0])
    stop = start + positions.size
    if int(positions[-1]) != stop - 1 or not np.array_equal(positions, np.arange(start, stop)):
        return None
    return slice(start, stop)


def _as_slices(indexers: Sequence[np.ndarray | None]) -> tuple[slice, ...] | None:
    """The indexers as slices when each is None or consecutive increasing positions, else None."""
    slices = []
    for ix in indexers:
        run = slice(None) if ix is None else _run_slice(ix)
        if run is None:
            return None
        slices.append(run)
    return tuple(slices)


def joined_binary_op(
    f: Callable[[Any, Any], Any],
    a: np.ndarray,
    a_indexers: Sequence[Any],
    b: np.ndarray,
    b_indexers: Sequence[Any],
) -> np.ndarray:
    """``f(a[a_indexers], b[b_indexers])`` in one pass, ``-1`` positions being missing (NaN).

    Equal to gathering each operand with :func:`labarray.kernels.take.take_with_fill` (default
    fill) along every axis that has an indexer, then applying ``f`` with NumPy broadcasting --
    same values and dtype -- without building the gathered copies.

    Parameters
    ----------
    f : callable
        One of the operators of :data:`JOIN_OPS` (``operator.add``, ``sub``, ``mul``,
        ``truediv``, ``eq``, ``ne``, ``lt``, ``le``, ``gt``, ``ge``).
    a, b : numpy.ndarray
        Operands with the same number of dimensions (length-1 axes broadcast); ``int32``,
        ``int64``, ``float32`` or ``float64`` data (see :func:`supports_joined_op`).
    a_indexers, b_indexers : sequence
        One entry per axis: ``None`` (take the axis as is) or a 1-D integer array of positions
        along that axis (``-1`` = missing). Along every axis the output length is the length of
        the indexers there, or else of the operands.

    Returns
    -------
    numpy.ndarray
        C-contiguous result.

    Raises
    ------
    TypeError
        An unsupported operator or dtype, or a non-integer indexer.
    ValueError, IndexError
        Mismatched numbers of axes or lengths, positions out of bounds.

    Examples
    --------
    >>> a = np.array([[1, 2], [3, 4]])
    >>> joined_binary_op(operator.mul, a, [[1, 0], None], a, [None, [1, 0]])
    array([[6, 4],
           [4, 6]])
    >>> joined_binary_op(operator.lt, np.array([1.0, 5.0]), [[0, 1, -1]], np.array([2.0]), [None])
    array([ True, False, False])
    """
    if f not in JOIN_OPS:
        raise TypeError(
            f"joined_binary_op does not support {getattr(f, '__name__', f)!r}; supported: "
            + ", ".join(op.__name__ for op in JOIN_OPS)
        )
    a, b = np.asarray(a), np.asarray(b)
    if a.ndim != b.ndim:
        raise ValueError(
            f"both operands must have the same number of dimensions (insert length-1 axes to "
            f"broadcast); got {a.ndim} and {b.ndim}"
        )
    out_shape: list[int | None] = [None] * a.ndim
    a_ix = _check_indexers("the first operand", a, a_indexers, out_shape)
    b_ix = _check_indexers("the second operand", b, b_indexers, out_shape)
    shape = tuple(1 if n is None else n for n in out_shape)
    a_missing = any(ix is not None and ix.size and (ix < 0).any() for ix in a_ix)
    b_missing = any(ix is not None and ix.size and (ix < 0).any() for ix in b_ix)
    a_dtype = maybe_promote(a.dtype)[0] if a_missing else a.dtype
    b_dtype = maybe_promote(b.dtype)[0] if b_missing else b.dtype
    dtypes = _binary_dtypes(f, a_dtype, b_dtype)
    if dtypes is None:
        raise TypeError(
            f"joined_binary_op does not support {f.__name__!r} between {a_dtype} and {b_dtype}; "
            "check supports_joined_op first and fall back to gathering then operating"
        )
    compute, out_dtype = dtypes
    if not (a_missing or b_missing):
        a_slices, b_slices = _as_slices(a_ix), _as_slices(b_ix)
        if a_slices is not None and b_slices is not None:
            # every indexer is a run of consecutive positions (the usual overlap of two time
            # axes): operate on views, which NumPy does at memory speed with no gather
            result = f(a[a_slices].astype(compute, copy=False), b[b_slices].astype(compute, copy=False))
            return np.asarray(result, dtype=out_dtype, order="C")  # keeps 0-d results 0-d
    out = np.empty(shape, dtype=out_dtype)
    if out.size == 0:
        return out
    code = JOIN_OPS[f]
    # the result for a missing label: op(NaN, x) (see the module docstring)
    fill: Any
    if code >= _EQ:
        fill = np.bool_(code == _NE)
    else:  # only used when a label is missing: the result dtype is then a float
        fill = np.array(np.nan if out_dtype.kind == "f" else 0, dtype=out_dtype)[()]
    _run(code, [a, b], [a_ix, b_ix], shape, compute.type, fill, out)
    return out


def _single_block(indexers: Sequence[np.ndarray | None]) -> tuple[int, slice, slice] | None:
    """``(axis, output slice, input slice)`` when only one axis is gathered and its valid
    positions are one run of consecutive input positions at consecutive output positions."""
    gathered = [axis for axis, ix in enumerate(indexers) if ix is not None]
    if len(gathered) != 1:
        return None
    axis = gathered[0]
    ix = indexers[axis]
    assert ix is not None
    # the valid output positions and the input positions they read must both be one run
    dst = _run_slice(np.flatnonzero(ix >= 0))
    src = None if dst is None else _run_slice(ix[dst])
    return None if dst is None or src is None else (axis, dst, src)


def take_nd(arr: np.ndarray, indexers: Mapping[int, Any], fill_value: Any = NA) -> np.ndarray:
    """Gather ``arr`` along several axes in one pass; ``-1`` positions get ``fill_value``.

    When the positions are one run of consecutive positions along a single axis and nothing
    is missing, the result is a view of ``arr`` (as a slice would give).

    The multi-axis form of :func:`labarray.kernels.take.take_with_fill` (same dtype rule: the
    dtype changes only when a fill is needed and ``fill_value`` does not fit).

    Parameters
    ----------
    arr : numpy.ndarray
        The data.
    indexers : dict
        ``{axis: 1-D integer positions}``, ``-1`` marking missing positions.
    fill_value : scalar, default: NA
        Value of missing positions; :data:`~labarray.kernels.take.NA` is the dtype's missing
        value (NaN, NaT).

    Returns
    -------
    numpy.ndarray

    Raises
    ------
    TypeError, IndexError, ValueError
        Invalid indexers (not integers, out of bounds, axis out of range).

    Examples
    --------
    >>> take_nd(np.array([[1, 2], [3, 4]]), {1: [1, -1]})
    array([[ 2., nan],
           [ 4., nan]])
    >>> take_nd(np.array([[1, 2], [3, 4]]), {0: [1, 0]}).dtype
    dtype('int64')
    """
    plan = _Plan(np.asarray(arr), indexers, fill_value)
    if plan.result is not None:
        return plan.result
    out = np.empty(plan.shape, dtype=plan.dtype)
    plan.run(out)
    return out


def take_nd_many(
    arrays: Sequence[np.ndarray], indexers: Sequence[Mapping[int, Any]], fill_value: Any = NA
) -> list[np.ndarray]:
    """:func:`take_nd` of several arrays, the results of equal shape and dtype sharing memory.

    The results that need new memory are grouped by shape and dtype and each group is one
    allocation (``(k, *shape)``, result ``i`` being its C-contiguous slice ``i``), e.g. the
    variables of a Dataset aligned along ``time``. One large allocation costs far fewer page
    faults than ``k`` separate ones (NumPy asks for huge pages from 4 MiB on), which is most
    of the time of an outer join. A group's memory is released when all its results are.

    Parameters
    ----------
    arrays : sequence of numpy.ndarray
        The data.
    indexers : sequence of dict
        One :func:`take_nd` indexer mapping per array.
    fill_value : scalar or sequence, default: NA
        One fill value for every array, or a sequence of one per array (a tuple or list;
        :data:`~labarray.kernels.take.NA` is each dtype's missing value).

    Returns
    -------
    list of numpy.ndarray
        Equal, values and dtype, to ``[take_nd(a, ix, fill) for ...]``.

    Raises
    ------
    ValueError
        ``arrays``, ``indexers`` and a sequence of fill values differ in length.
    TypeError, IndexError
        Invalid indexers (see :func:`take_nd`).

    Examples
    --------
    >>> a, b = np.arange(4.0).reshape(2, 2), np.ones((2, 2))
    >>> u, v = take_nd_many([a, b], [{0: [1, -1]}, {0: [0, -1]}])
    >>> u
    array([[ 2.,  3.],
           [nan, nan]])
    >>> np.shares_memory(u.base, v)
    True
    """
    if len(indexers) != len(arrays):
        raise ValueError(
            f"take_nd_many needs one indexer mapping per array: got {len(arrays)} array(s) and "
            f"{len(indexers)} indexer mapping(s)"
        )
    if isinstance(fill_value, (list, tuple)):
        if len(fill_value) != len(arrays):
            raise ValueError(
                f"take_nd_many got {len(fill_value)} fill value(s) for {len(arrays)} array(s); "
                "pass one fill value, or one per array"
            )
        fills = list(fill_value)
    else:
        fills = [fill_value] * len(arrays)
    plans = [_Plan(np.asarray(a), ix, f) for a, ix, f in zip(arrays, indexers, fills, strict=True)]
    groups: dict[tuple[tuple[int, ...], np.dtype[Any]], list[int]] = {}
    for i, plan in enumerate(plans):
        if plan.result is None:
            groups.setdefault((plan.shape, plan.dtype), []).append(i)
    results: list[Any] = [plan.result for plan in plans]
    for (shape, dtype), members in groups.items():
        if len(members) == 1:  # alone in its group: an array of its own, as take_nd gives
            results[members[0]] = out = np.empty(shape, dtype=dtype)
            plans[members[0]].run(out)
            continue
        buffer = np.empty((len(members), *shape), dtype=dtype)
        for k, i in enumerate(members):
            plans[i].run(buffer[k])
            results[i] = buffer[k]
    return results


class _Plan:
    """What :func:`take_nd` does for one array: ``result`` when no new memory is needed (a
    view, an empty array, the NumPy path), else ``shape``/``dtype`` of the output that
    :meth:`run` fills."""

    def __init__(self, arr: np.ndarray, indexers: Mapping[int, Any], fill_value: Any) -> None:
        from labarray.kernels.take import take_with_fill

        per_axis: list[Any] = [None] * arr.ndim
        for axis, ix in indexers.items():
            if not isinstance(axis, (int, np.integer)) or isinstance(axis, bool):
                raise TypeError(f"take_nd indexers are keyed by integer axes, got {axis!r}")
            if not -arr.ndim <= axis < arr.ndim:
                raise IndexError(f"axis {axis} is out of bounds for an array of dimension {arr.ndim}")
            per_axis[int(axis) % arr.ndim] = ix
        out_shape: list[int | None] = [None] * arr.ndim
        checked = _check_indexers("the array", arr, per_axis, out_shape)
        missing = any(ix is not None and ix.size and (ix < 0).any() for ix in checked)
        dtype, fill = result_dtype(arr.dtype, fill_value) if missing else (arr.dtype, None)
        self.arr, self.checked, self.dtype, self.fill = arr, checked, dtype, fill
        self.shape = tuple(arr.shape[ax] if n is None else n for ax, n in enumerate(out_shape))
        self.result: np.ndarray | None = None
        self.block: tuple[int, slice, slice] | None = None
        kernel_ok = (
            OPTIONS["use_numba"]
            # complex data use take_with_fill: the shared kernels also hold comparisons
            and (_kernel_dtype(arr.dtype, frozenset("biuf")) or arr.dtype.kind in "mM")
            and (dtype == arr.dtype or (arr.dtype.kind in "biuf" and _kernel_dtype(dtype, frozenset("f"))))
        )
        if not kernel_ok:
            out = arr
            for axis, ix in enumerate(checked):
                if ix is not None:
                    out = take_with_fill(out, ix, axis, fill_value)
            self.result = out
            return
        self.block = _single_block(checked)
        if self.block is not None and not missing:
            # an inner join of overlapping ranges is a slice: a view, as isel gives
            axis, _, src_block = self.block
            self.result = arr[(slice(None),) * axis + (src_block,)]
        elif 0 in self.shape:
            self.result = np.empty(self.shape, dtype=dtype)

    def run(self, out: np.ndarray) -> None:
        """Write the gathered values into ``out`` (C-contiguous, ``shape``, ``dtype``)."""
        arr, fill = self.arr, self.fill
        if self.block is not None:
            # an outer join of overlapping ranges: one block copied as is, the rest filled
            axis, dst, src_block = self.block
            before = (slice(None),) * axis
            out[before + (slice(None, dst.start),)] = fill
            out[before + (dst,)] = arr[before + (src_block,)]
            out[before + (slice(dst.stop, None),)] = fill
            return
        src, target = arr, out
        if out.dtype.kind in "mM":  # times move as their int64 representation (NaT = int64 min)
            src, target = arr.view(np.int64), out.view(np.int64)
        fill_scalar = np.asarray(fill if fill is not None else 0, dtype=out.dtype)
        if out.dtype.kind in "mM":
            fill_scalar = fill_scalar.view(np.int64)
        _run(_TAKE, [src], [self.checked], self.shape, target.dtype.type, fill_scalar[()], target)
