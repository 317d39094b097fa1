"""scalargrad.nn: seeded initialisation, the one-gate neuron, shapes, and clear errors."""

from __future__ import annotations

import math
import random
from collections.abc import Callable

import pytest

from scalargrad import Value, apply, gradcheck, gradgradcheck, hessian
from scalargrad.nn import MLP, Layer, Module, Neuron
from scalargrad.ops import NEURON


def reference_forward(model: MLP, x: list[float], act: str = "relu") -> list[float]:
    """The same network in plain floats, from the model's weights."""
    f: Callable[[float], float] = {
        "relu": lambda v: max(v, 0.0),
        "tanh": math.tanh,
        "sigmoid": lambda v: 1.0 / (1.0 + math.exp(-v)),
    }[act]
    out = x
    for i, layer in enumerate(model.layers):
        sums = [
            sum(w.data * xi for w, xi in zip(n.w, out, strict=True)) + n.b.data
            for n in layer.neurons
        ]
        out = sums if i == len(model.layers) - 1 else [f(s) for s in sums]
    return out


def weights(m: Module) -> list[float]:
    return [p.data for p in m.parameters()]


# ---- the neuron gate --------------------------------------------------------------------


def test_neuron_gate_is_cs231n_neuron() -> None:
    w = [Value(2.0), Value(-3.0)]
    x = [Value(-1.0), Value(-2.0)]
    b = Value(-3.0)
    f = apply(NEURON, *w, *x, b).sigmoid()
    f.backward()
    assert f.data == pytest.approx(0.7310585786, abs=1e-10)
    assert [v.grad for v in x] == pytest.approx([0.3932238664, -0.5898357997], abs=1e-10)
    assert [v.grad for v in (*w, b)] == pytest.approx(
        [-0.1966119332, -0.3932238664, 0.1966119332], abs=1e-10
    )


def test_neuron_gate_local_gradients_are_inputs_swapped() -> None:
    w, x, b = [Value(2.0), Value(-3.0)], [Value(-1.0), Value(-2.0)], Value(-3.0)
    out = apply(NEURON, *w, *x, b)
    assert out.op == "neuron"
    assert out.parents == (*w, *x, b)
    assert out.local_grads == (-1.0, -2.0, 2.0, -3.0, 1.0)


def test_neuron_gate_gradcheck_and_second_order() -> None:
    def f(*v: Value) -> Value:
        return apply(NEURON, *v).tanh()

    assert gradcheck(f, 0.3, -0.7, 1.1, 0.4, 0.2)
    assert gradgradcheck(f, 0.3, -0.7, 1.1, 0.4, 0.2)
    # w*x + b: d²/dw dx = 1, every other second derivative 0.
    h = hessian(lambda w, x, b: apply(NEURON, w, x, b))(2.0, 3.0, 1.0)
    assert h == [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 0.0]]


def test_neuron_gate_refuses_even_input_count() -> None:
    with pytest.raises(TypeError, match="2n\\+1 inputs"):
        apply(NEURON, 1.0, 2.0)


# ---- seeding ----------------------------------------------------------------------------


def test_same_seed_same_weights_other_seed_other_weights() -> None:
    assert weights(MLP(2, [16, 16, 1], seed=7)) == weights(MLP(2, [16, 16, 1], seed=7))
    assert weights(MLP(2, [16, 16, 1], seed=7)) != weights(MLP(2, [16, 16, 1], seed=8))


def test_global_random_state_neither_read_nor_changed() -> None:
    state = random.getstate()
    random.seed(1)
    a = weights(MLP(3, [4, 2], seed=5))
    random.seed(2)
    b = weights(MLP(3, [4, 2], seed=5))
    assert a == b
    random.seed(3)
    after = random.random()
    random.seed(3)
    MLP(3, [4, 2], seed=5)
    assert random.random() == after
    random.setstate(state)


def test_initial_weights_in_unit_range_and_zero_bias() -> None:
    m = MLP(2, [16, 16, 1], seed=0)
    for layer in m.layers:
        for n in layer.neurons:
            assert all(-1.0 <= w.data <= 1.0 for w in n.w)
            assert n.b.data == 0.0


# ---- shapes and activations -------------------------------------------------------------


def test_mlp_parameter_count_and_labels() -> None:
    m = MLP(2, [16, 16, 1])
    ps = m.parameters()
    assert len(ps) == (2 * 16 + 16) + (16 * 16 + 16) + (16 + 1)
    assert len({id(p) for p in ps}) == len(ps)
    assert ps[0].label == "L0.n0.w0" and ps[-1].label == "L2.n0.b"


@pytest.mark.parametrize("act", ["relu", "tanh", "sigmoid"])
def test_mlp_matches_float_reference(act: str) -> None:
    m = MLP(3, [5, 4, 2], activation=act, seed=3)
    x = [0.5, -1.25, 2.0]
    out = m(x)
    assert isinstance(out, list) and len(out) == 2
    assert [o.data for o in out] == pytest.approx(reference_forward(m, x, act), rel=1e-12)
    hidden = m.layers[0](x)
    assert {h.op for h in hidden} == {act}


def test_last_layer_linear_by_default_and_configurable() -> None:
    m = MLP(2, [8, 1], seed=1)
    out = m([1.0, -2.0])
    assert isinstance(out, Value)
    assert out.op == "neuron"  # no activation after the last weighted sum
    scores = [m([x, -x]) for x in (-3.0, -1.0, 1.0, 3.0)]
    assert any(isinstance(s, Value) and s.data < 0.0 for s in scores)
    squashed = MLP(2, [8, 1], output_activation="sigmoid", seed=1)([1.0, -2.0])
    assert isinstance(squashed, Value) and squashed.op == "sigmoid"


def test_inputs_may_be_values_and_gradients_reach_them() -> None:
    m = MLP(2, [4, 1], activation="tanh", seed=2)

    def f(a: Value, b: Value) -> Value:
        out = m([a, b])
        assert isinstance(out, Value)
        return out

    assert gradcheck(f, 0.3, -0.8)


def test_backward_reaches_every_parameter_and_zero_grad_clears() -> None:
    m = MLP(2, [3, 1], activation="tanh", seed=4)
    out = m([0.5, 0.25])
    assert isinstance(out, Value)
    out.backward()
    assert all(p.grad != 0.0 for p in m.parameters())
    m.zero_grad()
    assert all(p.grad == 0.0 for p in m.parameters())


def test_layer_and_neuron_alone() -> None:
    n = Neuron(2, "relu", seed=1)
    assert len(n.parameters()) == 3
    assert n([1.0, 1.0]).op == "relu"
    layer = Layer(2, 3, seed=1)
    assert len(layer([1.0, 2.0])) == 3
    assert len(layer.parameters()) == 9


# ---- errors -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (lambda: MLP(0, [1]), ValueError, "nin .* must be an int >= 1, got 0"),
        (lambda: MLP(True, [1]), ValueError, "nin .* got True"),
        (lambda: MLP(2, []), ValueError, "nouts must be a non-empty list"),
        (lambda: MLP(2, [4, 0]), ValueError, r"nouts\[1\] .* got 0"),
        (lambda: MLP(2, [4], activation="softmax"), ValueError,
         "activation must be one of 'linear', 'relu', 'tanh', 'sigmoid', got 'softmax'"),
        (lambda: MLP(2, [4], output_activation="gelu"), ValueError, "output_activation"),
        (lambda: MLP(2, [4], seed="a"), TypeError, "seed must be an int"),  # type: ignore[arg-type]
        (lambda: Neuron(-1), ValueError, "Neuron: nin"),
        (lambda: Layer(2, 0), ValueError, "Layer: nout"),
    ],
)
def test_bad_arguments(make: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        make()  # type: ignore[operator]


def test_wrong_input_length_at_call_time() -> None:
    with pytest.raises(ValueError, match="MLP takes 2 inputs per example, got 3"):
        MLP(2, [3, 1])([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="Neuron takes 2 inputs, got 1"):
        Neuron(2)([1.0])
    with pytest.raises(ValueError, match="Layer takes 2 inputs, got 4"):
        Layer(2, 2)([1.0, 2.0, 3.0, 4.0])
    with pytest.raises(TypeError, match="one example as a list"):
        MLP(2, [1])(3.0)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("model", "who"), [(Neuron(2), "Neuron"), (Layer(2, 3), "Layer"), (MLP(2, [3, 1]), "MLP")]
)
@pytest.mark.parametrize("example", [5, "ab", None, iter([1.0, 2.0])])
def test_an_example_that_is_not_a_list_is_named(model: object, who: str, example: object) -> None:
    with pytest.raises(TypeError, match=rf"^{who} takes one example as a list of 2 numbers"):
        model(example)  # type: ignore[operator]
