"""Band expressions such as ``(nir - red) / (nir + red)``, parsed safely and evaluated with numpy.

Only arithmetic on band names, ``b<N>`` band indexes, numbers and a few functions is
accepted: the text is parsed into a Python AST and every node is checked, so nothing
else can ever run.  Masked pixels are NaN; a result that is not finite (a masked input,
a division by zero) is masked in turn.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from gis.errors import InvalidInput
from gis.raster.bands import ALIASES, BAND_INDEX, BandMap

MAX_LENGTH = 256
MAX_NODES = 100

BINARY: dict[type[ast.operator], Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: operator.pow,
}
UNARY: dict[type[ast.unaryop], Callable[[np.ndarray], np.ndarray]] = {
    ast.USub: operator.neg,
    ast.UAdd: operator.pos,
}
FUNCTIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "sqrt": np.sqrt,
    "abs": np.abs,
    "log": np.log,
    "log10": np.log10,
    "exp": np.exp,
}


@dataclass(frozen=True)
class BandExpression:
    """A checked expression; ``bands`` are the 1-based indexes it reads."""

    text: str
    tree: ast.Expression
    bands: tuple[int, ...]
    names: Mapping[str, int]

    def evaluate(self, values: Mapping[int, np.ndarray]) -> np.ndarray:
        """The expression over float arrays (NaN where masked); NaN where the result is not finite."""
        with np.errstate(all="ignore"):
            result = np.asarray(self._eval(self.tree.body, values), dtype="float64")
        return np.where(np.isfinite(result), result, np.nan)

    def _eval(self, node: ast.AST, values: Mapping[int, np.ndarray]) -> np.ndarray | float:
        if isinstance(node, ast.Constant):
            return np.float64(node.value)
        if isinstance(node, ast.Name):
            return values[self.names[node.id.lower()]]
        if isinstance(node, ast.BinOp):
            return BINARY[type(node.op)](self._eval(node.left, values), self._eval(node.right, values))
        if isinstance(node, ast.UnaryOp):
            return UNARY[type(node.op)](self._eval(node.operand, values))
        assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        return FUNCTIONS[node.func.id.lower()](self._eval(node.args[0], values))


def compile_expression(text: str, bands: BandMap, count: int) -> BandExpression:
    """Check ``text`` against a scene with ``count`` bands named by ``bands``."""
    if not text or not text.strip():
        raise InvalidInput("the expression is empty")
    if len(text) > MAX_LENGTH:
        raise InvalidInput(f"the expression is longer than {MAX_LENGTH} characters")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except (SyntaxError, ValueError) as exc:
        raise InvalidInput(f"the expression {text!r} is not valid: {getattr(exc, 'msg', exc)}") from exc
    nodes = list(ast.walk(tree))
    if len(nodes) > MAX_NODES:
        raise InvalidInput(f"the expression has more than {MAX_NODES} terms")
    names: dict[str, int] = {}
    for node in nodes:
        _check_node(node, text)
        if isinstance(node, ast.Name) and not _is_function(node, nodes):
            names[node.id.lower()] = _band_index(node.id, bands, count)
    if not names:
        raise InvalidInput(f"the expression {text!r} reads no band")
    return BandExpression(text.strip(), tree, tuple(sorted(set(names.values()))), names)


def _is_function(name: ast.Name, nodes: list[ast.AST]) -> bool:
    return any(isinstance(n, ast.Call) and n.func is name for n in nodes)


def _check_node(node: ast.AST, text: str) -> None:
    allowed = (ast.Expression, ast.Name, ast.Load, ast.BinOp, ast.UnaryOp, ast.Call, ast.Constant)
    if isinstance(node, ast.operator | ast.unaryop):
        if type(node) not in BINARY and type(node) not in UNARY:
            raise InvalidInput(f"operator {type(node).__name__} is not allowed in {text!r}: use + - * / **")
        return
    if not isinstance(node, allowed):
        raise InvalidInput(f"{type(node).__name__} is not allowed in the expression {text!r}")
    if isinstance(node, ast.Constant) and (
        isinstance(node.value, bool) or not isinstance(node.value, int | float)
    ):
        raise InvalidInput(f"only numbers may appear as constants in {text!r}")
    if isinstance(node, ast.Call):
        if (
            not isinstance(node.func, ast.Name)
            or node.func.id.lower() not in FUNCTIONS
            or len(node.args) != 1
            or node.keywords
        ):
            raise InvalidInput(
                f"only {', '.join(sorted(FUNCTIONS))} of one argument may be called in {text!r}"
            )


def _band_index(name: str, bands: BandMap, count: int) -> int:
    key = name.lower()
    match = BAND_INDEX.fullmatch(key)
    if match:
        index = int(match.group(1))
    else:
        index = bands.index_of(ALIASES.get(key, key)) or 0
    if not 1 <= index <= count:
        known = ", ".join(bands.names.values()) or "no named bands"
        raise InvalidInput(f"unknown band {name!r}: this scene has {known} (or b1..b{count})")
    return index
