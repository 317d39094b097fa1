"""Optimisers: move leaf parameters against their gradients through ``Value.data``.

    >>> opt = SGD(model.parameters(), lr=0.1, momentum=0.9)   # doctest: +SKIP
    >>> loss.backward(); opt.step(); opt.zero_grad()          # doctest: +SKIP
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

from .reals import is_real, to_float
from .value import Value


def _number(value: object, what: str, allowed: str, ok: Callable[[float], bool]) -> float:
    """``value`` as a float if it is a finite real number passing ``ok``, else an error
    naming the hyper-parameter, what was given and what is allowed."""
    if not is_real(value):
        raise TypeError(f"{what} must be a number {allowed}, got {type(value).__name__} {value!r}")
    x = to_float(value, what)
    if not (math.isfinite(x) and ok(x)):
        raise ValueError(f"{what} must be {allowed}, got {value!r}")
    return x


def _unit(x: float) -> bool:
    return 0.0 <= x < 1.0


def _params(cls: str, params: Iterable[Value]) -> list[Value]:
    """The parameters as a list of distinct leaves, or an error naming the bad one."""
    if isinstance(params, Value):
        raise TypeError(f"{cls}: params must be a list of Values, got a single Value")
    if not isinstance(params, Iterable):
        raise TypeError(f"{cls}: params must be a list of Values, got {type(params).__name__}")
    out: list[Value] = []
    seen: set[Value] = set()  # a Value hashes by identity
    for i, p in enumerate(params):
        if not isinstance(p, Value):
            raise TypeError(f"{cls}: params[{i}] is a {type(p).__name__}, not a Value")
        if p.parents:
            raise ValueError(
                f"{cls}: params[{i}] is the output of a {p.op!r} gate; only leaves "
                "(Values made with Value(...)) can be trained"
            )
        if p in seen:
            raise ValueError(f"{cls}: params[{i}] appears twice; give each parameter once")
        seen.add(p)
        out.append(p)
    if not out:
        raise ValueError(f"{cls}: no parameters to optimise")
    return out


class Optimizer:
    """Holds the parameters and the learning rate; ``zero_grad`` clears the gradients."""

    def __init__(self, params: Iterable[Value], lr: float) -> None:
        self.params = _params(type(self).__name__, params)
        self.lr = lr

    @property
    def lr(self) -> float:
        """The learning rate; set it between steps for a schedule."""
        return self._lr

    @lr.setter
    def lr(self, value: float) -> None:
        self._lr = _number(value, f"{type(self).__name__}: lr", "> 0", lambda x: x > 0.0)

    def zero_grad(self) -> None:
        """Set every parameter's ``.grad`` to 0.0 (do it before each backward pass)."""
        for p in self.params:  # leaves (checked at construction): nothing below them
            p._grad = 0.0

    def step(self) -> None:
        """Move every parameter once, using its current ``.grad``."""
        raise NotImplementedError


class SGD(Optimizer):
    """Stochastic gradient descent, with PyTorch's momentum:
    ``v = momentum * v + grad; p -= lr * v``."""

    def __init__(self, params: Iterable[Value], lr: float, momentum: float = 0.0) -> None:
        super().__init__(params, lr)
        self.momentum = _number(momentum, "SGD: momentum", "in [0, 1)", _unit)
        self._velocity = [0.0] * len(self.params)

    def step(self) -> None:
        # The fields directly (the params are leaves, checked at construction), counting
        # each move in _version as the .data setter does: a graph built before the step
        # is then found stale.
        lr, mu = self._lr, self.momentum
        if mu == 0.0:
            for p in self.params:
                p._data -= lr * p._grad
                p._version += 1
            return
        v = self._velocity
        for i, p in enumerate(self.params):
            v[i] = mu * v[i] + p._grad
            p._data -= lr * v[i]
            p._version += 1


class Adam(Optimizer):
    """Adam (Kingma & Ba, 2015) with bias correction."""

    def __init__(
        self,
        params: Iterable[Value],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
    ) -> None:
        super().__init__(params, lr)
        if not isinstance(betas, tuple) or len(betas) != 2:
            raise TypeError(f"Adam: betas must be a pair (beta1, beta2), got {betas!r}")
        self.betas = (
            _number(betas[0], "Adam: betas[0]", "in [0, 1)", _unit),
            _number(betas[1], "Adam: betas[1]", "in [0, 1)", _unit),
        )
        self.eps = _number(eps, "Adam: eps", ">= 0", lambda x: x >= 0.0)
        self.steps = 0
        self._m = [0.0] * len(self.params)
        self._v = [0.0] * len(self.params)

    def step(self) -> None:
        b1, b2 = self.betas
        self.steps += 1
        # Dividing by 1 - beta**t undoes the zero start of m and v (the bias correction).
        c1, c2 = 1.0 - b1**self.steps, 1.0 - b2**self.steps
        m, v = self._m, self._v
        lr, eps, sqrt = self._lr, self.eps, math.sqrt
        for i, p in enumerate(self.params):  # fields directly, as SGD.step
            g = p._grad
            m[i] = mi = b1 * m[i] + (1.0 - b1) * g
            v[i] = vi = b2 * v[i] + (1.0 - b2) * g * g
            p._data -= lr * (mi / c1) / (sqrt(vi / c2) + eps)
            p._version += 1
