"""Loss functions on Values, each a mean over examples and stable for any finite input.

Each also works inside a function given to ``scalargrad.compile``, where the targets are
the function's inputs (Values whose numbers vary from example to example): a label that
is a Value is then used as a number in the graph, not checked against the allowed labels.

    >>> from scalargrad import Value, losses
    >>> losses.mse([Value(0.5), Value(2.0)], [1.0, 2.0]).data
    0.125
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from .grad_mode import tracing
from .ops import MAX, SOFTPLUS, SUM
from .reals import is_int, is_list, is_real, to_float
from .value import Operand, Value, apply, as_value


def _list(name: str, what: str, xs: object) -> None:
    """Refuse anything but a list (or tuple) for the argument ``what`` of loss ``name``."""
    if isinstance(xs, Value) or not is_list(xs):
        raise TypeError(f"{name}: {what} must be a list, got {type(xs).__name__}")


def _pairs(
    name: str, predictions: Sequence[Operand], targets: Sequence[Operand]
) -> list[tuple[Operand, Operand]]:
    _list(name, "predictions", predictions)
    _list(name, "targets", targets)
    if len(predictions) != len(targets):
        raise ValueError(
            f"{name}: {len(predictions)} predictions but {len(targets)} targets; "
            "they must pair up one to one"
        )
    if not predictions:
        raise ValueError(f"{name}: no examples; give at least one prediction and target")
    return list(zip(predictions, targets, strict=True))


def _mean(terms: list[Value]) -> Value:
    """One 'sum' gate over the terms, times 1/n."""
    return apply(SUM, *terms) * (1.0 / len(terms))


def _target(name: str, i: int, t: Operand, allowed: tuple[float, ...]) -> float | Value:
    if isinstance(t, Value) and tracing.get():
        return t  # a compiled function's input: its label comes with each example
    value = t._data if isinstance(t, Value) else t
    if isinstance(value, bool) or value not in allowed:
        shown = " or ".join(f"{a:g}" for a in allowed)
        raise ValueError(f"{name}: targets[{i}] is {value!r}; labels must be {shown}")
    return float(value)


def mse(predictions: Sequence[Operand], targets: Sequence[Operand]) -> Value:
    """Mean squared error $\\frac{1}{n} \\sum_i (p_i - t_i)^2$."""
    pairs = _pairs("mse", predictions, targets)
    diffs = [as_value(p) - t for p, t in pairs]
    return _mean([d * d for d in diffs])  # d * d: no exponent wire (d ** 2 has one)


def binary_cross_entropy_with_logits(
    logits: Sequence[Operand], targets: Sequence[Operand]
) -> Value:
    """Mean of $-[t \\log \\sigma(z) + (1-t) \\log(1 - \\sigma(z))]$ for labels t in {0, 1},
    computed from the logits as ``softplus(z) - t z`` (finite for any finite logit; the
    softplus gate is stable for any z)."""
    pairs = _pairs("binary_cross_entropy_with_logits", logits, targets)
    terms = []
    for i, (z, t) in enumerate(pairs):
        label = _target("binary_cross_entropy_with_logits", i, t, (0.0, 1.0))
        terms.append(SOFTPLUS(z) - as_value(z) * label)
    return _mean(terms)


def hinge(scores: Sequence[Operand], targets: Sequence[Operand]) -> Value:
    """Mean of $\\max(0, 1 - t s)$ for labels t in {-1, +1} (an SVM's loss)."""
    pairs = _pairs("hinge", scores, targets)
    terms = []
    for i, (s, t) in enumerate(pairs):
        label = _target("hinge", i, t, (-1.0, 1.0))
        terms.append((1.0 - as_value(s) * label).relu())
    return _mean(terms)


def l2_penalty(parameters: Sequence[Value], alpha: float) -> Value:
    """$\\alpha \\sum_p p^2$, weight decay written as a loss term."""
    if not (is_real(alpha) and alpha >= 0.0):
        raise ValueError(f"l2_penalty: alpha must be a number >= 0, got {alpha!r}")
    _list("l2_penalty", "parameters", parameters)
    if not parameters:
        raise ValueError("l2_penalty: no parameters given")
    squares = [v * v for v in map(as_value, parameters)]
    return apply(SUM, *squares) * to_float(alpha, "l2_penalty: alpha")


def softmax_cross_entropy(logits: Sequence[Operand], target: int | Sequence[Operand]) -> Value:
    """$-\\log \\mathrm{softmax}(z)_t = \\log \\sum_j e^{z_j} - z_t$ for one example.

    ``target`` is the class index t, or one probability per class (a one-hot list, whose
    loss is $\\log \\sum_j e^{z_j} - \\sum_j t_j z_j$): the form ``scalargrad.compile``
    can replay, since the label is then an input rather than a choice of gate.

    The log-sum-exp subtracts the largest logit first (a constant, so the gradient is
    unchanged): every exponent is <= 0 and the sum is >= 1, so no overflow and no log 0.
    Under ``compile`` it is a max gate instead, so each example subtracts its own largest
    logit (its gradient, 1 - the sum of the softmax, is 0 up to rounding).
    """
    _list("softmax_cross_entropy", "logits", logits)
    if not logits:
        raise ValueError("softmax_cross_entropy: no logits; give at least one class")
    if is_list(target):
        if len(target) != len(logits):
            raise ValueError(
                f"softmax_cross_entropy: {len(logits)} logits but {len(target)} target "
                "probabilities; give one per class"
            )
    elif not is_int(target) or not 0 <= target < len(logits):
        raise ValueError(
            f"softmax_cross_entropy: target must be a class index 0..{len(logits) - 1} "
            f"or a list of {len(logits)} probabilities, got {target!r}"
        )
    zs = [as_value(z) for z in logits]
    shift: float | Value
    if tracing.get():  # the numbers are one example's: the shift must be per example
        shift = apply(MAX, *zs)
    else:
        for i, z in enumerate(zs):
            if not math.isfinite(z._data):
                raise ValueError(
                    f"softmax_cross_entropy: logits must be finite, logits[{i}] is {z._data!r}"
                )
        shift = max(z._data for z in zs)
    lse = apply(SUM, *[(z - shift).exp() for z in zs]).log() + shift
    if isinstance(target, int):
        return lse - zs[target]
    return lse - apply(SUM, *[z * t for z, t in zip(zs, target, strict=True)])
