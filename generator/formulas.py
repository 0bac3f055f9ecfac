"""The calculators' formula language: read a formula into a tree (or say exactly where and why it cannot be), and evaluate it.

Formulas are written by marketers and run in prospects' browsers, so they are
never Python or JavaScript: a small language of numbers, input ids, ``+ - * /``,
parentheses, unary minus, one comparison at a time, and four functions (``min``,
``max``, ``round(x, digits)``, ``if(condition, then, else)``). The tree is plain
data: the Python engine evaluates it, and the generator hands the same tree to
the page's own small interpreter, so web and print compute the same numbers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from generator.load.models import LARGEST_FIGURE
from generator.load.validation import did_you_mean

COMPARISONS = ("<=", ">=", "==", "!=", "<", ">")
FUNCTIONS = {"min": "min(a, b, …)", "max": "max(a, b, …)", "round": "round(x, digits)", "if": "if(condition, then, else)"}
ROUND_DIGITS = range(-9, 10)
POWERS_OF_TEN = tuple(10.0**digits for digits in range(10))
"""``round``'s digits: a whole number written in the formula, so both engines scale by the same power of ten."""

LONGEST_FORMULA = 1000
"""The most characters a formula may have: several times any real cost or benefit, and a bound on the parser's work."""
MOST_TERMS = 100
"""The most numbers and input ids in one formula. With ``DEEPEST_NESTING`` it bounds how deep a formula's tree
goes (every ``+ - * /`` joins two terms), so no engine that walks the tree, in Python or the page, recurses far."""
DEEPEST_NESTING = 30
"""How many brackets, functions and minus signs a formula may have inside one another."""

ALLOWED = (
    "numbers (1500, 0.25), the calculator's input ids, + - * /, parentheses, one comparison (< <= > >= == !=) "
    "and the functions " + ", ".join(FUNCTIONS.values())
)


@dataclass(frozen=True)
class Number:
    value: float


@dataclass(frozen=True)
class Input:
    id: str


@dataclass(frozen=True)
class Negative:
    operand: Node


@dataclass(frozen=True)
class Operation:
    """``+ - * /`` or a comparison (which gives 1 for true and 0 for false)."""

    operator: str
    left: Node
    right: Node
    position: int = field(default=0, compare=False)
    """Where the operator is written, for warnings about it."""


@dataclass(frozen=True)
class Call:
    function: str
    arguments: tuple[Node, ...]


Node = Number | Input | Negative | Operation | Call


class FormulaError(ValueError):
    """What is wrong, and the 0-based character position in the formula where it is."""

    def __init__(self, position: int, message: str) -> None:
        super().__init__(message)
        self.position = position
        self.message = message


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    position: int


_TOKEN = re.compile(
    r"(?P<space>\s+)|(?P<number>(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<operator><=|>=|==|!=|\*\*|[-+*/<>(),])"
)

_REFUSED = {
    "**": "`**` (a power) is not allowed; multiply instead, e.g. rate * rate",
    "=": "a single `=` is not allowed; compare with `==`",
    "%": "`%` is not allowed; write a percentage as a division, e.g. discount / 100",
    "^": "`^` is not allowed; multiply instead, e.g. rate * rate",
    ".": "attribute access (`.`) is not allowed; formulas name inputs by their ids only",
    "[": "indexing (`[`) is not allowed",
    "]": "indexing (`]`) is not allowed",
    "'": "text in quotes is not allowed; formulas compute numbers",
    '"': "text in quotes is not allowed; formulas compute numbers",
    "&": "`&` is not allowed; nest if() to combine conditions",
    "|": "`|` is not allowed; nest if() to combine conditions",
    "!": "`!` is only allowed in `!=`",
    ":": "`:` is not allowed; formulas have no lambdas, slices or labels",
}


def parse(text: str, inputs: Iterable[str]) -> Node:
    """The tree of ``text``, whose names must be ``inputs``; raises FormulaError at the first problem."""
    if len(text) > LONGEST_FORMULA:
        raise FormulaError(LONGEST_FORMULA, f"the formula is longer than {LONGEST_FORMULA:,} characters; shorten it, or split the amount into two items")
    return _Parser(text, frozenset(inputs)).formula()


def names_in(node: Node) -> set[str]:
    """The input ids a formula reads."""
    if isinstance(node, Input):
        return {node.id}
    if isinstance(node, Negative):
        return names_in(node.operand)
    if isinstance(node, Operation):
        return names_in(node.left) | names_in(node.right)
    if isinstance(node, Call):
        return set().union(*(names_in(argument) for argument in node.arguments))
    return set()


def divisions_by_zero(node: Node, values: dict[str, float]) -> list[int]:
    """Where ``/`` divides by zero for these values (counting only the branch of an ``if`` that is taken)."""
    if isinstance(node, Negative):
        return divisions_by_zero(node.operand, values)
    if isinstance(node, Operation):
        here = [node.position] if node.operator == "/" and evaluate(node.right, values) == 0 else []
        return divisions_by_zero(node.left, values) + here + divisions_by_zero(node.right, values)
    if isinstance(node, Call) and node.function == "if":
        condition, then, otherwise = node.arguments
        taken = then if evaluate(condition, values) != 0 else otherwise
        return divisions_by_zero(condition, values) + divisions_by_zero(taken, values)
    if isinstance(node, Call):
        return [position for argument in node.arguments for position in divisions_by_zero(argument, values)]
    return []


def as_data(node: Node) -> list[object]:
    """The tree as JSON-ready lists, the form the page's interpreter reads: ``["*", ["input", "hours"], ["number", 50]]``."""
    if isinstance(node, Number):
        return ["number", node.value]
    if isinstance(node, Input):
        return ["input", node.id]
    if isinstance(node, Negative):
        return ["negative", as_data(node.operand)]
    if isinstance(node, Operation):
        return [node.operator, as_data(node.left), as_data(node.right)]
    return [node.function, *(as_data(argument) for argument in node.arguments)]


SYMBOLS = {"+": "+", "-": "−", "*": "×", "/": "÷", "<": "<", "<=": "≤", ">": ">", ">=": "≥", "==": "=", "!=": "≠"}
"""How an operator is printed for people: the signs of arithmetic by hand, not a keyboard's."""

BINDING = {"+": 2, "-": 2, "*": 3, "/": 3} | {operator: 1 for operator in COMPARISONS}
"""How tightly each operator binds, the parser's precedence levels: a comparison, a sum, a product."""


def written_out(node: Node, name: Callable[[str], str], number: Callable[[float], str]) -> str:
    """A formula as a person checks it by hand, ``A × B ÷ 12``, with parentheses only where the tree needs them.

    ``name`` prints an input (a letter on a blank worksheet, the prospect's figure on a filled one)
    and ``number`` a number written in the formula, both in the reader's locale.
    """

    def show(node: Node) -> tuple[str, int]:
        """The text and how tightly it binds: an atom 5, a sign 4, then the operators' own levels."""
        if isinstance(node, Number):
            return number(node.value), 5
        if isinstance(node, Input):
            return name(node.id), 5
        if isinstance(node, Negative):
            return "−" + inside(node.operand, 5), 4
        if isinstance(node, Call):
            return f"{node.function}({', '.join(show(argument)[0] for argument in node.arguments)})", 5
        level = BINDING[node.operator]
        right_needs = level + (0 if node.operator in ("+", "*") else 1)
        return f"{inside(node.left, level if level > 1 else 2)} {SYMBOLS[node.operator]} {inside(node.right, right_needs)}", level

    def inside(node: Node, needs: int) -> str:
        text, binding = show(node)
        return text if binding >= needs else f"({text})"

    return show(node)[0]


def _tokens(text: str) -> Iterator[Token]:
    """The formula's tokens, read as the parser asks for them, so the problem reported first is the one written first."""
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise FormulaError(position, _refusal(text[position]))
        kind = match.lastgroup or ""
        if kind == "number" and re.match(r"[A-Za-z_.]", text[match.end() : match.end() + 1]):
            raise FormulaError(position, "write numbers as plain digits with at most one decimal point, e.g. 1500 or 0.25 (no exponents, units or separators)")
        if kind != "space":
            yield Token(kind, match.group(), position)
        position = match.end()
    yield Token("end", "", len(text))


def _refusal(character: str) -> str:
    """Why a character cannot start a token: the digits of other scripts read as numbers in Python, but not in formulas."""
    if character.isdigit():
        return f"`{character}` is not one of the digits 0 to 9; write numbers with 0123456789"
    return _REFUSED.get(character, f"`{character}` is not allowed")


class _Parser:
    """Recursive descent, one method per precedence level: comparison < sum < product < sign < atom."""

    def __init__(self, text: str, inputs: frozenset[str]) -> None:
        self.text = text
        self.inputs = inputs
        self.tokens = _tokens(text)
        self.current = next(self.tokens)
        self.terms = 0
        self.nesting = 0

    def advance(self) -> Token:
        token = self.current
        if token.kind != "end":
            self.current = next(self.tokens)
        return token

    def formula(self) -> Node:
        if self.current.kind == "end":
            raise FormulaError(0, "the formula is empty")
        node = self.comparison()
        if self.current.kind != "end":
            raise FormulaError(self.current.position, self._unexpected("an operator such as + or *, or the end of the formula"))
        return node

    def comparison(self) -> Node:
        node = self.sum()
        if self.current.text in COMPARISONS:
            operator = self.advance()
            node = Operation(operator.text, node, self.sum(), operator.position)
            if self.current.text in COMPARISONS:
                raise FormulaError(self.current.position, "compare two values at a time; nest if() to combine comparisons")
        return node

    def sum(self) -> Node:
        node = self.product()
        while self.current.text in ("+", "-"):
            operator = self.advance()
            node = Operation(operator.text, node, self.product(), operator.position)
        return node

    def product(self) -> Node:
        node = self.sign()
        while self.current.text in ("*", "/", "**"):
            if self.current.text == "**":
                raise FormulaError(self.current.position, _REFUSED["**"])
            operator = self.advance()
            node = Operation(operator.text, node, self.sign(), operator.position)
        return node

    def sign(self) -> Node:
        """Minus signs in a row, read one after another rather than by recursion: each is a level of nesting."""
        signs = 0
        while self.current.text == "-":
            self.enter(self.advance())
            signs += 1
        node = self.atom()
        for _ in range(signs):
            node = Negative(node)
        self.nesting -= signs
        return node

    def atom(self) -> Node:
        token = self.current
        if token.kind == "number":
            self.advance()
            return Number(self.number(token))
        if token.kind == "name":
            self.advance()
            return self.call(token) if self.current.text == "(" else self.input(token)
        if token.text == "(":
            self.enter(self.advance())
            node = self.comparison()
            self.close(token)
            self.nesting -= 1
            return node
        raise FormulaError(token.position, self._unexpected("a number, an input id, a function or `(`"))

    def enter(self, token: Token) -> None:
        """One level deeper: a bracket, a function's bracket or a minus sign."""
        self.nesting += 1
        if self.nesting > DEEPEST_NESTING:
            raise FormulaError(
                token.position, f"brackets, functions and minus signs go more than {DEEPEST_NESTING} deep inside one another here; write the formula with fewer of them inside each other"
            )

    def term(self, token: Token) -> None:
        """One more number or input id."""
        self.terms += 1
        if self.terms > MOST_TERMS:
            raise FormulaError(token.position, f"the formula has more than {MOST_TERMS} numbers and input ids; shorten it, or split the amount into two items")

    def number(self, token: Token) -> float:
        self.term(token)
        value = float(token.text)
        if value > LARGEST_FIGURE:
            raise FormulaError(token.position, f"`{token.text[:20]}{'…' if len(token.text) > 20 else ''}` is larger than the largest number a formula may hold, {LARGEST_FIGURE:,.0f}")
        return value

    def input(self, token: Token) -> Input:
        if token.text in self.inputs:
            self.term(token)
            return Input(token.text)
        if token.text in FUNCTIONS:
            raise FormulaError(token.position, f"`{token.text}` is a function; write it with its arguments, e.g. {FUNCTIONS[token.text]}")
        known = ", ".join(sorted(self.inputs)) or "none"
        raise FormulaError(token.position, f"`{token.text}` is not an input of this calculator.{did_you_mean(token.text, self.inputs)} Its inputs are: {known}")

    def call(self, name: Token) -> Call:
        if name.text not in FUNCTIONS:
            raise FormulaError(name.position, f"`{name.text}()` is not a function formulas may use; they may use {', '.join(FUNCTIONS.values())}")
        opening = self.advance()
        self.enter(opening)
        arguments = [self.comparison()] if self.current.text != ")" else []
        while self.current.text == ",":
            self.advance()
            arguments.append(self.comparison())
        self.close(opening)
        self.nesting -= 1
        self._check_arguments(name, arguments)
        return Call(name.text, tuple(arguments))

    def close(self, opening: Token) -> None:
        if self.current.text == ")":
            self.advance()
            return
        if self.current.kind == "end":
            raise FormulaError(opening.position, "this `(` is never closed; add `)`")
        raise FormulaError(self.current.position, self._unexpected("`)`" + (" or `,`" if opening.text == "(" else "")))

    def _check_arguments(self, name: Token, arguments: list[Node]) -> None:
        function = name.text
        count = len(arguments)
        if function in ("min", "max") and count < 2:
            raise FormulaError(name.position, f"{function}() compares at least two values: {FUNCTIONS[function]}")
        if function == "if" and count != 3:
            raise FormulaError(name.position, f"if() takes three values: {FUNCTIONS['if']}")
        if function == "round" and count != 2:
            raise FormulaError(name.position, f"round() takes two values: {FUNCTIONS['round']}, e.g. round(hours * rate, 0)")
        if function == "round" and _whole_number(arguments[1]) not in ROUND_DIGITS:
            raise FormulaError(name.position, "round()'s digits must be a whole number from -9 to 9 written as a number, e.g. round(total, 2)")

    def _unexpected(self, expected: str) -> str:
        token = self.current
        if token.kind == "end":
            return f"the formula ends too early; expected {expected}"
        return _REFUSED.get(token.text, f"`{token.text}` is not expected here; expected {expected}")


def _whole_number(node: Node) -> int | None:
    """The value of a literal whole number such as ``2`` or ``-3``, else None."""
    if isinstance(node, Negative):
        inner = _whole_number(node.operand)
        return None if inner is None else -inner
    if isinstance(node, Number) and node.value.is_integer():
        return int(node.value)
    return None


def evaluate(node: Node, values: dict[str, float]) -> float:
    """A formula's value in floating point, the page's arithmetic too; dividing by zero gives 0.

    A step that overflows gives infinity or NaN, as it does in JavaScript; the break-even engine calls such
    figures out of range rather than showing the number.
    """
    if isinstance(node, Number):
        return node.value
    if isinstance(node, Input):
        return values[node.id]
    if isinstance(node, Negative):
        return -evaluate(node.operand, values)
    if isinstance(node, Operation):
        return _operate(node.operator, evaluate(node.left, values), evaluate(node.right, values))
    return _call(node, values)


def _operate(operator: str, left: float, right: float) -> float:
    if operator == "+":
        return left + right
    if operator == "-":
        return left - right
    if operator == "*":
        return left * right
    if operator == "/":
        return 0.0 if right == 0 else left / right
    return 1.0 if _compare(operator, left, right) else 0.0


def _compare(operator: str, left: float, right: float) -> bool:
    return {"<": left < right, "<=": left <= right, ">": left > right, ">=": left >= right, "==": left == right, "!=": left != right}[operator]


def _call(node: Call, values: dict[str, float]) -> float:
    if node.function == "if":
        condition, then, otherwise = node.arguments
        return evaluate(then if evaluate(condition, values) != 0 else otherwise, values)
    arguments = [evaluate(argument, values) for argument in node.arguments]
    if node.function == "round":
        return round_half_away(arguments[0], int(arguments[1]))
    chosen = arguments[0]
    for value in arguments[1:]:
        if (value < chosen) if node.function == "min" else (value > chosen):
            chosen = value
    return chosen


def round_half_away(value: float, digits: int) -> float:
    """Rounds halves away from zero (2.5 -> 3, -2.5 -> -3), as people do, rather than Python's halves-to-even.

    A value too large to scale has no digits below the ones kept, so it is its own rounding (and NaN stays NaN).
    """
    scale = POWERS_OF_TEN[abs(digits)]
    scaled = abs(value) * scale + 0.5 if digits >= 0 else abs(value) / scale + 0.5
    if not math.isfinite(scaled):
        return value
    whole = float(math.floor(scaled))
    rounded = whole / scale if digits >= 0 else whole * scale
    return -rounded if value < 0 else rounded
