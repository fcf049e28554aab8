"""Index management and expression-based selection: set_xindex, drop_indexes, query, eval,
filter_by_attrs.

``set_xindex``/``drop_indexes`` build or remove :class:`~labarray.indexes.Index` objects on
existing coordinates without renaming anything (unlike ``set_index``/``reset_index``).
``query`` evaluates string expressions with :func:`pandas.eval` and selects by position;
``eval`` evaluates a Python expression (or ``name = expression``) over the variables, with
``and``/``or``/``not`` and chained comparisons made element-wise, on arrays of any dimension.
"""

from __future__ import annotations

import ast
import builtins
import functools
import re
import sys
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from labarray.indexes import Index, PandasIndex, PandasMultiIndex, assert_no_index_corrupted
from labarray.utils.dims import either_dict_or_kwargs
from labarray.utils.suggest import did_you_mean, format_names, missing_names_message
from labarray.utils.warnings import LabarrayDeprecationWarning, warn

__all__ = ["DATAARRAY_METHODS", "DATASET_METHODS"]

_default: Any = object()


def _as_name_list(names: Any) -> list[Hashable]:
    if isinstance(names, str) or not isinstance(names, Iterable):
        return [names]
    return list(names)


# ---------------------------------------------------------------------------- set_xindex


def _check_coordinates(ds: Any, names: list[Hashable], action: str) -> None:
    """Raise ``ValueError`` naming names that are data variables or do not exist at all."""
    data_vars = [n for n in names if n in ds._variables and n not in ds._coord_names]
    if data_vars:
        raise ValueError(
            f"cannot {action} {format_names(repr(n) for n in data_vars)}: data variables, not "
            f"coordinates; make them coordinates first with set_coords({data_vars!r})"
        )
    missing = [n for n in names if n not in ds._variables]
    if missing:
        raise ValueError(
            f"cannot {action}: "
            + missing_names_message("coordinate", missing, sorted(ds._coord_names, key=str))
        )


def dataset_set_xindex(
    self: Any,
    coord_names: Hashable | Sequence[Hashable],
    index_cls: type[Index] | None = None,
    **options: Any,
) -> Any:
    """Build an index from existing coordinates, without renaming them.

    Parameters
    ----------
    coord_names : hashable or sequence of hashable
        The coordinate(s) the index is built from. Unlike :meth:`set_index`, a non-dimension
        coordinate keeps its name: ``set_xindex("station")`` makes ``sel(station=...)`` work.
    index_cls : subclass of Index, optional
        The index type: :class:`~labarray.PandasIndex` for one coordinate and
        :class:`~labarray.PandasMultiIndex` for several, by default.
    **options
        Passed to ``index_cls.from_variables(variables, options=options)``.

    Returns
    -------
    DataArray or Dataset
        A new object with the index (the coordinates' values are unchanged).

    Raises
    ------
    TypeError
        ``index_cls`` is not a subclass of :class:`~labarray.Index`.
    ValueError
        A name is not a coordinate (data variables must be made coordinates first with
        ``set_coords``), or the new index would take only part of an existing multi-index.

    See Also
    --------
    drop_indexes, set_index

    Examples
    --------
    >>> import labarray as xr
    >>> ds = xr.Dataset(coords={"station": ("x", ["a", "b", "c"])})
    >>> ds.set_xindex("station").sel(station="b").station.item()
    'b'
    """
    names = _as_name_list(coord_names)
    if not names:
        raise ValueError("set_xindex needs at least one coordinate name, got none")
    if index_cls is None:
        index_cls = PandasIndex if len(names) == 1 else PandasMultiIndex
    elif not (isinstance(index_cls, type) and issubclass(index_cls, Index)):
        raise TypeError(
            f"index_cls must be a subclass of labarray.Index, got {index_cls!r}; use e.g. "
            "PandasIndex or PandasMultiIndex, or a class derived from Index"
        )
    _check_coordinates(self, names, "set an index on")
    coord_vars = {name: self._variables[name] for name in names}
    index = index_cls.from_variables(coord_vars, options=options)
    created = index.create_variables(coord_vars)
    if isinstance(index, PandasMultiIndex) and index.dim not in names:
        # a multi-index also creates the tuple coordinate named after its dimension
        rebuilt = isinstance(self._indexes.get(index.dim), PandasMultiIndex)
        if index.dim in self._variables and not rebuilt:
            raise ValueError(
                f"cannot build a PandasMultiIndex on dimension {index.dim!r} from "
                f"{format_names(repr(n) for n in names)}: it would replace the existing "
                f"coordinate {index.dim!r}; drop or rename that coordinate first"
            )
        names = [index.dim, *names]
    extra = [k for k in created if k not in names]
    if extra:
        raise ValueError(
            f"the {type(index).__name__} built from {format_names(repr(n) for n in names)} "
            f"creates other coordinates {format_names(repr(k) for k in extra)}; build the index "
            "yourself and assign it with Coordinates instead"
        )
    # the coordinates of a new index replace any index they had before
    assert_no_index_corrupted(self._indexes, names, action="set a new index on")
    if len(names) == 1:
        # one coordinate: it keeps its place among the variables
        (name,) = names
        variables = dict(self._variables)
        variables[name] = created.get(name, variables[name])
        indexes = dict(self._indexes)
        indexes[name] = index
    else:
        # several: the coordinates of the new index are put next to each other
        variables = {k: v for k, v in self._variables.items() if k not in names}
        indexes = {k: v for k, v in self._indexes.items() if k not in names}
        for name in names:
            variables[name] = created.get(name, self._variables.get(name))
            indexes[name] = index
    return self._replace(variables=variables, coord_names=self._coord_names | set(names), indexes=indexes)


def dataset_drop_indexes(
    self: Any,
    coord_names: Hashable | Iterable[Hashable],
    *,
    errors: Literal["raise", "ignore"] = "raise",
) -> Any:
    """Remove the indexes of coordinates; the coordinates themselves stay.

    Parameters
    ----------
    coord_names : hashable or iterable of hashable
        Coordinates whose index is removed. All coordinates of a multi-coordinate index (e.g.
        the dimension and levels of a multi-index) must be given together.
    errors : {"raise", "ignore"}, default: "raise"
        With ``"ignore"``, names that are not indexed coordinates are skipped.

    Returns
    -------
    DataArray or Dataset
        A new object; ``sel`` along the dropped index then selects by position.

    Raises
    ------
    ValueError
        A name is not a coordinate or has no index (with ``errors="raise"``), ``errors`` is
        invalid, or only part of a multi-coordinate index is given.

    See Also
    --------
    set_xindex, reset_index

    Examples
    --------
    >>> import labarray as xr
    >>> ds = xr.Dataset(coords={"x": [10, 20]})
    >>> list(ds.drop_indexes("x").xindexes)
    []
    """
    if errors not in ("raise", "ignore"):
        raise ValueError(f"errors must be 'raise' or 'ignore', got {errors!r}")
    names = _as_name_list(coord_names)
    if errors == "raise":
        _check_coordinates(self, names, "drop the index of")
        unindexed = [n for n in names if n not in self._indexes]
        if unindexed:
            raise ValueError(
                f"coordinate{'s' if len(unindexed) > 1 else ''} "
                f"{format_names(repr(n) for n in unindexed)} {'have' if len(unindexed) > 1 else 'has'} "
                f"no index; indexed coordinates: {format_names(self._indexes)}"
            )
    else:
        names = [n for n in names if n in self._indexes]
    assert_no_index_corrupted(self._indexes, names, action="drop the index of")
    dropped = set(names)
    variables = {
        k: (v.to_base_variable() if k in dropped else v) for k, v in self._variables.items()
    }
    indexes = {k: v for k, v in self._indexes.items() if k not in dropped}
    return self._replace(variables=variables, indexes=indexes)


def dataarray_set_xindex(
    self: Any,
    coord_names: Hashable | Sequence[Hashable],
    index_cls: type[Index] | None = None,
    **options: Any,
) -> Any:
    return self._from_temp_dataset(
        dataset_set_xindex(self._to_temp_dataset(), coord_names, index_cls, **options)
    )


def dataarray_drop_indexes(
    self: Any,
    coord_names: Hashable | Iterable[Hashable],
    *,
    errors: Literal["raise", "ignore"] = "raise",
) -> Any:
    return self._from_temp_dataset(
        dataset_drop_indexes(self._to_temp_dataset(), coord_names, errors=errors)
    )


dataarray_set_xindex.__doc__ = dataset_set_xindex.__doc__
dataarray_drop_indexes.__doc__ = dataset_drop_indexes.__doc__


# ---------------------------------------------------------------------------- query

_PARSERS = ("pandas", "python")
_ENGINES = ("numexpr", "python")


def dataset_query(
    self: Any,
    queries: Mapping[Any, Any] | None = None,
    parser: Literal["pandas", "python"] = "pandas",
    engine: Literal["numexpr", "python"] | None = None,
    missing_dims: Literal["raise", "warn", "ignore"] = "raise",
    **queries_kwargs: Any,
) -> Any:
    """Select along dimensions where string expressions over the variables are true.

    Each expression is evaluated with :func:`pandas.eval`, the names in it resolving to the
    variables and coordinates; its boolean (or integer) result selects positions along the
    dimension, as :meth:`isel` does.

    Parameters
    ----------
    queries : dict-like, optional
        Dimension name -> expression, e.g. ``{"x": "temperature > 280 and x < 10"}``.
    parser : {"pandas", "python"}, default: "pandas"
        The pandas parser: ``"pandas"`` reads ``and``/``or``/``not`` as element-wise
        operators and gives ``&``/``|`` a lower precedence than comparisons.
    engine : {"numexpr", "python"}, optional
        Evaluation engine: numexpr when it is installed, else Python.
    missing_dims : {"raise", "warn", "ignore"}, default: "raise"
        What to do with query dimensions the object does not have.
    **queries_kwargs
        The queries as keyword arguments.

    Returns
    -------
    DataArray or Dataset
        The selected part.

    Raises
    ------
    ValueError
        An expression is not a string, or ``parser``/``engine`` is unknown.
    NameError
        An expression uses a name that is neither a variable nor a coordinate.

    See Also
    --------
    isel, where

    Examples
    --------
    >>> import labarray as xr
    >>> ds = xr.Dataset({"a": ("x", [1, 5, 3])}, coords={"x": [10, 20, 30]})
    >>> ds.query(x="a > 2 and x < 30").x.values
    array([20])
    """
    queries = either_dict_or_kwargs(queries, queries_kwargs, "query")
    if parser not in _PARSERS:
        hint = did_you_mean(parser, _PARSERS)
        raise ValueError(
            f"unknown query parser {parser!r}; choose one of 'pandas', 'python'"
            + (f"; {hint}" if hint else "")
        )
    if engine is not None and engine not in _ENGINES:
        hint = did_you_mean(engine, _ENGINES)
        raise ValueError(
            f"unknown query engine {engine!r}; choose one of 'numexpr', 'python' or None"
            + (f"; {hint}" if hint else "")
        )
    for dim, expr in queries.items():
        if not isinstance(expr, str):
            raise ValueError(
                f"the query for dimension {dim!r} must be a string expression, got a "
                f"{type(expr).__name__}: {expr!r}"
            )
    indexers = {}
    for dim, expr in queries.items():
        # a fresh mapping of the variables: pandas may write into its resolvers (it stores
        # converted operands back under their names), which must not reach this object
        resolver = {name: self[name] for name in self._variables}
        try:
            result = pd.eval(expr, resolvers=[resolver], parser=parser, engine=engine)
        except NameError as err:
            found = re.search(r"name '(.+?)' is not defined", str(err))
            unknown = found.group(1) if found else str(err)
            hint = did_you_mean(unknown, self._variables)
            raise NameError(
                f"query for dimension {dim!r}: name {unknown!r} in {expr!r} is neither a "
                f"variable nor a coordinate; existing variables: {format_names(self._variables)}"
                + (f"; {hint}" if hint else "")
            ) from err
        # a 1-D result along the queried dimension selects by position only: its own
        # coordinates (copies of this object's) carry nothing the selection needs
        if getattr(result, "dims", None) == (dim,) and hasattr(result, "variable"):
            result = result.variable
        indexers[dim] = result
    return self.isel(indexers, missing_dims=missing_dims)


def dataarray_query(
    self: Any,
    queries: Mapping[Any, Any] | None = None,
    parser: Literal["pandas", "python"] = "pandas",
    engine: Literal["numexpr", "python"] | None = None,
    missing_dims: Literal["raise", "warn", "ignore"] = "raise",
    **queries_kwargs: Any,
) -> Any:
    # a named array can be used in its own expressions, as in ``da.query(x="temp > 0")``
    if self.name is not None and self.name not in self._coords:
        ds = self._to_dataset_whole(self.name)
        out = dataset_query(ds, queries, parser, engine, missing_dims, **queries_kwargs)
        return out[self.name]
    ds = self._to_temp_dataset()
    out = dataset_query(ds, queries, parser, engine, missing_dims, **queries_kwargs)
    return self._from_temp_dataset(out)


dataarray_query.__doc__ = (dataset_query.__doc__ or "").replace(
    '>>> ds = xr.Dataset({"a": ("x", [1, 5, 3])}, coords={"x": [10, 20, 30]})\n'
    '    >>> ds.query(x="a > 2 and x < 30").x.values',
    '>>> da = xr.DataArray([1, 5, 3], dims="x", coords={"x": [10, 20, 30]}, name="a")\n'
    '    >>> da.query(x="a > 2 and x < 30").x.values',
)


# ---------------------------------------------------------------------------- eval

#: builtins an eval expression may call (the namespace has no other builtins)
_EVAL_BUILTINS: dict[str, Any] = {
    name: getattr(builtins, name)
    for name in (
        "abs", "all", "any", "bool", "dict", "enumerate", "filter", "float", "int", "len",
        "list", "map", "max", "min", "pow", "range", "round", "set", "slice", "str", "sum",
        "tuple", "zip",
    )
}


class _ElementwiseLogic(ast.NodeTransformer):
    """Rewrite the operators that call ``bool()`` on their operands into element-wise ones.

    ``a and b`` -> ``a & b``, ``a or b`` -> ``a | b``, ``not a`` -> ``~a`` and
    ``a < b < c`` -> ``(a < b) & (b < c)``: on arrays, Python's short-circuit forms would ask
    for the truth value of a whole array. ``query`` (pandas' parser) reads them the same way.
    """

    def visit_BoolOp(self, node: ast.BoolOp) -> ast.AST:
        self.generic_visit(node)
        op: ast.operator = ast.BitAnd() if isinstance(node.op, ast.And) else ast.BitOr()
        return functools.reduce(lambda left, right: ast.BinOp(left, op, right), node.values)

    def visit_UnaryOp(self, node: ast.UnaryOp) -> ast.AST:
        self.generic_visit(node)
        if isinstance(node.op, ast.Not):
            return ast.UnaryOp(ast.Invert(), node.operand)
        return node

    def visit_Compare(self, node: ast.Compare) -> ast.AST:
        self.generic_visit(node)
        if len(node.ops) == 1:
            return node
        lefts = [node.left, *node.comparators[:-1]]
        result: ast.expr | None = None
        for left, op, right in zip(lefts, node.ops, node.comparators, strict=True):
            pair = ast.Compare(left, [op], [right])
            result = pair if result is None else ast.BinOp(result, ast.BitAnd(), pair)
        return result if result is not None else node


def _check_expression(tree: ast.AST, namespace: Mapping[str, Any], variables: list[Hashable], source: str) -> None:
    stored = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Lambda):
            raise ValueError(
                f"lambda expressions are not allowed in eval ({source!r}); write the operation "
                "on the variables directly"
            )
        if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
            raise ValueError(
                f"eval cannot access the private attribute {node.attr!r} (in {source!r})"
            )
        if (
            isinstance(node, ast.Name)
            and isinstance(node.ctx, ast.Load)
            and node.id not in namespace
            and node.id not in stored
        ):
            hint = did_you_mean(node.id, variables)
            raise NameError(
                f"name {node.id!r} in eval expression {source!r} is neither a variable nor a "
                f"coordinate; existing variables: {format_names(variables)}"
                + (f"; {hint}" if hint else "")
            )


def _eval_expression(ds: Any, source: str) -> Any:
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as err:
        raise ValueError(f"invalid expression {source!r}: {err.msg}") from err
    tree = ast.fix_missing_locations(_ElementwiseLogic().visit(tree))
    namespace: dict[str, Any] = dict(_EVAL_BUILTINS)
    package = sys.modules.get("labarray")
    namespace.update({"np": np, "pd": pd, "xr": package, "la": package})
    # priority: data variables over coordinates over modules over builtins
    namespace.update({str(name): ds.coords[name] for name in ds._coord_names})
    namespace.update({str(name): ds[name] for name in ds._variables if name not in ds._coord_names})
    _check_expression(tree, namespace, list(ds._variables), source)
    code = compile(tree, "<labarray.eval>", "eval")
    return builtins.eval(code, {"__builtins__": {}}, namespace)


def dataset_eval(self: Any, statement: str, *, parser: Any = _default) -> Any:
    """Evaluate an expression over the variables, or assign its result to a new variable.

    Names in ``statement`` are the data variables and coordinates (data variables win a
    clash), plus ``np``, ``pd``, ``xr`` and a few safe builtins (``abs``, ``min``, ``max``,
    ``round``, ``len``, ``sum`` ...). ``and``, ``or``, ``not`` and chained comparisons act
    element-wise, as in :meth:`query`. Arrays of any dimension are supported.

    Parameters
    ----------
    statement : str
        An expression (``"a + b"``) or an assignment to a new or existing variable
        (``"c = a + b"``).
    parser : optional
        Deprecated and ignored (the logical operators are always element-wise); passing it
        emits a ``FutureWarning``.

    Returns
    -------
    DataArray or Dataset
        The value of an expression, or a new Dataset with the assigned variable.

    Raises
    ------
    ValueError
        Invalid syntax, several statements, an assignment to something other than one plain
        name, a lambda or access to a private attribute.
    NameError
        A name that is neither a variable nor a coordinate (the closest one is suggested).

    See Also
    --------
    query, assign

    Examples
    --------
    >>> import labarray as xr
    >>> ds = xr.Dataset({"a": ("x", [1.0, 2.0]), "b": ("x", [10.0, 20.0])})
    >>> ds.eval("a + b").values
    array([11., 22.])
    >>> ds.eval("c = a > 1 and b < 30").c.values
    array([False,  True])
    """
    if parser is not _default:
        warn(
            "the 'parser' argument of Dataset.eval() is deprecated and ignored: 'and', 'or' and "
            "'not' are always element-wise; drop the argument",
            LabarrayDeprecationWarning,
            stacklevel=3,
        )
    if not isinstance(statement, str):
        raise TypeError(f"eval needs a string statement, got a {type(statement).__name__}")
    source = statement.strip()
    try:
        module = ast.parse(source, mode="exec")
    except SyntaxError as err:
        raise ValueError(f"invalid statement {statement!r}: {err.msg}") from err
    if len(module.body) != 1:
        raise ValueError(
            f"eval takes one expression or assignment, got {len(module.body)} statements in "
            f"{statement!r}"
        )
    (stmt,) = module.body
    if isinstance(stmt, ast.Expr):
        return _eval_expression(self, ast.unparse(stmt.value))
    if isinstance(stmt, ast.Assign):
        if len(stmt.targets) != 1 or not isinstance(stmt.targets[0], ast.Name):
            targets = ", ".join(ast.unparse(t) for t in stmt.targets)
            raise ValueError(
                f"eval can assign to one plain variable name ('c = a + b'), not to {targets!r}"
            )
        value = _eval_expression(self, ast.unparse(stmt.value))
        return self.assign({stmt.targets[0].id: value})
    raise ValueError(
        f"eval takes an expression or an assignment 'name = expression'; {statement!r} is a "
        f"{type(stmt).__name__} statement"
    )


# ---------------------------------------------------------------------------- filter_by_attrs


def _attrs_match(attrs: Mapping[Any, Any], conditions: Mapping[str, Any]) -> bool:
    if not conditions:
        return False
    for key, wanted in conditions.items():
        value = attrs.get(key)
        if callable(wanted):
            if not wanted(value):
                return False
        elif not _equal(value, wanted):
            return False
    return True


def _equal(value: Any, wanted: Any) -> bool:
    if isinstance(value, np.ndarray) or isinstance(wanted, np.ndarray):
        # array attributes (flag_values ...) match when shapes and values are equal
        return value is not None and bool(np.array_equal(value, wanted))
    result = value == wanted
    return bool(result) if isinstance(result, (bool, np.bool_)) else False


def dataset_filter_by_attrs(self: Any, **kwargs: Any) -> Any:
    """The variables (and coordinates) whose attributes match every condition.

    Parameters
    ----------
    **kwargs
        ``attribute=value`` (the attribute must equal ``value``) or ``attribute=callable``
        (``callable(attribute_value)`` must be true; a missing attribute is passed as
        ``None``). A variable is kept when all conditions hold.

    Returns
    -------
    Dataset
        The matching variables, with the coordinates they need; empty when no condition is
        given or nothing matches.

    Raises
    ------
    Exception
        Whatever a callable condition raises, with the variable's name added as a note.

    Examples
    --------
    >>> import labarray as xr
    >>> ds = xr.Dataset({
    ...     "t": ("x", [280.0], {"standard_name": "air_temperature"}),
    ...     "p": ("x", [1e5], {"standard_name": "air_pressure"}),
    ... })
    >>> list(ds.filter_by_attrs(standard_name="air_temperature").data_vars)
    ['t']
    >>> list(ds.filter_by_attrs(standard_name=lambda v: v is not None and "air" in v).data_vars)
    ['t', 'p']
    """
    selection = []
    for name, var in self._variables.items():
        try:
            matched = _attrs_match(var.attrs, kwargs)
        except Exception as err:
            err.add_note(f"raised by filter_by_attrs while checking the attributes of {name!r}")
            raise
        if matched:
            selection.append(name)
    return self[selection]


DATASET_METHODS: dict[str, Callable[..., Any]] = {
    "set_xindex": dataset_set_xindex,
    "drop_indexes": dataset_drop_indexes,
    "query": dataset_query,
    "eval": dataset_eval,
    "filter_by_attrs": dataset_filter_by_attrs,
}
DATAARRAY_METHODS: dict[str, Callable[..., Any]] = {
    "set_xindex": dataarray_set_xindex,
    "drop_indexes": dataarray_drop_indexes,
    "query": dataarray_query,
}
for _table in (DATASET_METHODS, DATAARRAY_METHODS):
    for _public, _func in _table.items():
        _func.__name__ = _public
        _func.__qualname__ = _public
