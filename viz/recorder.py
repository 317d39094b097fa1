"""``TrainingRecorder``: what each step of a training run did, for the training page.

    >>> rec = viz.TrainingRecorder(model, X, y)          # doctest: +SKIP
    >>> for step in range(100):                          # doctest: +SKIP
    ...     loss = ...; opt.zero_grad(); loss.backward(); opt.step()
    ...     rec.record(loss)
    >>> rec.save("moons.html")                           # doctest: +SKIP

At each ``record`` the recorder reads, from the step's own graph, every example's input
and neuron values and gradients (the numbers ``backward`` left there, nothing computed
again), the loss, and the parameters after the optimiser moved them. A neuron's gradient
is d loss / d (its output for that example). Reading them walks the neurons of each
example, not the whole graph, so recording costs little beside the step itself.

With ``scalargrad.compile``, record the compiled function after its ``backward``:
``loss = c.backward(X, Y); opt.step(); rec.record(c)``; the numbers then come from the
replay's buffers (the same rules, on the whole batch).
"""

from __future__ import annotations

import math
import os
from array import array
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from scalargrad import Compiled, Value, nn
from scalargrad.reals import is_list, is_real, to_float

from .recording import (
    Recording,
    input_grads,
    neurons_by_weight,
    outputs_of,
    param_names,
    unit_names,
    units_of,
)


class TrainingRecorder:
    """Records a training run of an ``nn.MLP`` on examples ``X`` with targets ``y``: a
    network of 2 inputs and one output classifying labels ±1 (or 0/1) by the sign of its
    output (above 0.5 after a sigmoid), or of 1 input fitting real targets.
    ``record(loss)`` after each step; ``save(path)`` writes the page."""

    def __init__(self, model: object, X: Sequence[Sequence[float]], y: Sequence[float]) -> None:
        params = _parameters(model)
        if not isinstance(model, nn.MLP):
            raise TypeError(
                f"TrainingRecorder draws a scalargrad.nn.MLP's neurons, got "
                f"{type(model).__name__}"
            )
        nin = model.nin
        if nin not in (1, 2):
            raise ValueError(
                f"TrainingRecorder: the page draws networks of 1 input (a curve) or 2 inputs "
                f"(a plane); this MLP takes {nin}"
            )
        if len(model.layers[-1].neurons) != 1:
            raise ValueError(
                "TrainingRecorder: the page draws networks with one output; the last layer "
                f"has {len(model.layers[-1].neurons)}"
            )
        self._X = _examples(X, nin)
        self._y = _targets(y)
        if len(self._X) != len(self._y):
            raise ValueError(
                f"TrainingRecorder: X has {len(self._X)} examples but y has {len(self._y)} "
                "targets; they must pair up one to one"
            )
        if not self._X:
            raise ValueError("TrainingRecorder: no examples; give at least one")
        self._task = "classification" if nin == 2 else "regression"
        if self._task == "classification":
            labels = set(self._y)
            if not (labels <= {-1.0, 1.0} or labels <= {0.0, 1.0}):
                raise ValueError(
                    "TrainingRecorder: with 2 inputs the page shows a classifier; labels must "
                    f"be -1/+1 or 0/1, got {sorted(labels)[:5]}"
                )
        self._model = model
        self._params = params
        self._weights = neurons_by_weight(model)
        self._losses: list[float] = []
        self._scores: list[list[float]] = []
        self._values = array("f")
        self._grads = array("f")
        self._snapshots = [array("d", (p._data for p in params))]
        self._moved = _moves(params)  # the parameters' versions at the last snapshot
        self._compiled_step: tuple[int, int] | None = None  # (id, backward_count) recorded

    @property
    def steps(self) -> int:
        """How many steps are recorded."""
        return len(self._losses)

    def record(self, loss: Value | Compiled) -> None:
        """Record one step: call it after ``loss.backward()`` (and the optimiser's step),
        with the loss Value whose graph holds the model's output for every example of X,
        in order. A NaN loss is recorded (the page shows it)."""
        if isinstance(loss, Compiled):
            if self._compiled_step == (id(loss), loss.backward_count):
                raise ValueError(
                    f"TrainingRecorder.record: {loss.name}'s last backward is recorded "
                    "already; run the next step's backward first"
                )
            total, values, grads = _from_compiled(loss, self)
        elif isinstance(loss, Value):
            total, values, grads = self._from_graph(loss)
        else:
            raise TypeError(
                "TrainingRecorder.record takes the step's loss (a Value, after "
                f"loss.backward()) or a scalargrad.Compiled after its backward; got "
                f"{type(loss).__name__}"
            )
        moved = _moves(self._params)
        if moved == self._moved:
            raise ValueError(
                "TrainingRecorder.record: the parameters have not moved since the last "
                "record; call it after the optimiser's step (the page shows each step's "
                "update)"
            )
        if isinstance(loss, Compiled):
            self._compiled_step = (id(loss), loss.backward_count)
        units = self.unit_count
        self._losses.append(total)
        self._scores.append([values[i * units + units - 1] for i in range(len(self._X))])
        self._values.extend(_float32(values))
        self._grads.extend(_float32(grads))
        self._snapshots.append(array("d", (p._data for p in self._params)))
        self._moved = moved

    @property
    def unit_count(self) -> int:
        return self._model.nin + sum(len(layer.neurons) for layer in self._model.layers)

    def _from_graph(self, loss: Value) -> tuple[float, list[float], list[float]]:
        if loss._grad == 0.0 and loss._parents:
            raise ValueError(
                "TrainingRecorder.record: this loss has no gradient yet; call "
                "loss.backward() first (the page shows each step's gradients)"
            )
        outputs = outputs_of(loss, self._model)
        if len(outputs) != len(self._X):
            raise ValueError(
                f"TrainingRecorder.record: the loss reads the model's output for "
                f"{len(outputs)} example{'s' if len(outputs) != 1 else ''}, but X has "
                f"{len(self._X)}; record the loss of a forward pass over every example of X"
            )
        values: list[float] = []
        grads: list[float] = []
        for i, out in enumerate(outputs):
            units = units_of(out, self._model, self._weights)
            xs = [u._data for u in units[: self._model.nin]]
            if xs != self._X[i]:
                raise ValueError(
                    f"TrainingRecorder.record: the loss's example {i} has inputs {xs}, but "
                    f"X[{i}] is {self._X[i]}; the loss must read the examples in X's order"
                )
            values.extend(u._data for u in units)
            grads.extend(input_grads(units, self._model))
            grads.extend(u._grad for u in units[self._model.nin :])
        return loss._data, values, grads

    def recording(self) -> Recording:
        """What has been recorded so far (``save`` draws it)."""
        if not self._losses:
            raise ValueError(
                "TrainingRecorder: nothing recorded yet; call record(loss) after each "
                "training step"
            )
        return Recording(  # copies: recording more steps later does not change it
            self._task, [list(x) for x in self._X], list(self._y), unit_names(self._model),
            param_names(self._model), list(self._losses), [list(s) for s in self._scores],
            array("f", self._values), array("f", self._grads), list(self._snapshots),
            self._model,
        )

    def save(self, path: str | os.PathLike[str], title: str = "") -> Path:
        """Write the training page (one HTML file that opens from disk) to ``path``, with
        ``title`` (plain text) in its heading. Nothing is written if anything fails."""
        if not isinstance(title, str):
            raise TypeError(f"TrainingRecorder.save: title must be a str, got {title!r}")
        from .save import check_writable, write_atomic
        from .training_page import training_page

        target = Path(path)
        if target.suffix.lower() not in (".html", ".htm"):
            raise ValueError(f"TrainingRecorder.save writes an .html page, got {str(target)!r}")
        check_writable(Path(os.path.realpath(target)))
        write_atomic(target, training_page(self.recording(), title).encode("utf-8"))
        return target


# ---- checking what was given -----------------------------------------------------------


def _parameters(model: object) -> list[Value]:
    parameters = getattr(model, "parameters", None)
    if not callable(parameters):
        raise TypeError(
            f"TrainingRecorder: model must be a scalargrad.nn.MLP, got {type(model).__name__}"
        )
    params = list(parameters())
    if not params:
        raise ValueError("TrainingRecorder: the model has no parameters; nothing trains")
    return params


def _examples(X: object, nin: int) -> list[list[float]]:
    rows = _rows(X, "X")
    out = []
    for i, row in enumerate(rows):
        items = _rows(row, f"X[{i}]")
        if len(items) != nin or not all(is_real(x) for x in items):
            raise ValueError(
                f"TrainingRecorder: X[{i}] must be {nin} number{'s' if nin != 1 else ''} "
                f"(the model's inputs), got {row!r}"
            )
        point = [to_float(x, f"X[{i}]") for x in items]
        if not all(map(math.isfinite, point)):
            raise ValueError(f"TrainingRecorder: X[{i}] must be finite numbers, got {row!r}")
        out.append(point)
    return out


def _targets(y: object) -> list[float]:
    items = _rows(y, "y")
    for i, t in enumerate(items):
        if not is_real(t):
            raise TypeError(f"TrainingRecorder: y[{i}] must be a number, got {t!r}")
    out = [to_float(t, "y") for t in items]
    for i, t in enumerate(out):
        if not math.isfinite(t):
            raise ValueError(f"TrainingRecorder: y[{i}] must be a finite number, got {t!r}")
    return out


def _rows(x: object, what: str) -> list[Any]:
    tolist = getattr(x, "tolist", None)  # a NumPy array
    if callable(tolist):
        x = tolist()
    if not is_list(x):
        raise TypeError(f"TrainingRecorder: {what} must be a list, got {type(x).__name__}")
    return list(x)


def _float32(xs: list[float]) -> array[float]:
    """float32 copies (a value too large for float32 becomes ±inf, NaN stays NaN)."""
    return array("f", xs)


def _moves(params: list[Value]) -> int:
    """How many times the parameters' .data has been set, in all."""
    return sum(p._version for p in params)


def _from_compiled(
    c: Compiled, rec: TrainingRecorder
) -> tuple[float, list[float], list[float]]:
    """The step's numbers from a compiled function's last ``backward`` over X."""
    model = rec._model
    outputs = outputs_of(c.root, model)
    if len(outputs) != 1:
        raise ValueError(
            "TrainingRecorder.record: a compiled function should be the loss of one example "
            f"(reading the model's output once); {c.name} reads it {len(outputs)} times"
        )
    units = units_of(outputs[0], model, rec._weights)
    columns = [c.per_example(u) for u in units]
    n = len(rec._X)
    if len(columns[0][0]) != n:
        raise ValueError(
            f"TrainingRecorder.record: {c.name}'s last backward ran on {len(columns[0][0])} "
            f"examples, but X has {n}; record a step over all of X"
        )
    for i in range(model.nin):
        if columns[i][0].tolist() != [x[i] for x in rec._X]:
            raise ValueError(
                f"TrainingRecorder.record: {c.name}'s last backward ran on inputs other than "
                "X (in X's order); record a step over all of X"
            )
    # columns are per unit, one number per example; the recording is per example
    values = [float(x) for example in zip(*(v for v, _ in columns), strict=True) for x in example]
    grads = [float(g) for example in zip(*(g for _, g in columns), strict=True) for g in example]
    return c.last_loss, values, grads
