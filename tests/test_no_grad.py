"""no_grad: ops build no graph inside the block, and the switch never leaks out of it."""

from __future__ import annotations

import asyncio
import threading

import pytest

import scalargrad
from scalargrad import Value, is_grad_enabled, no_grad


def is_leaf(v: Value) -> bool:
    return v.parents == () and v.op == "" and v.gate is None and v.local_grads == ()


def test_results_inside_no_grad_are_leaves() -> None:
    x = Value(2.0)
    with no_grad():
        outs = [x + 1, 3 * x, x**2, -x, x.exp(), scalargrad.max(x, 5), abs(x), x.relu()]
    assert [o.data for o in outs[:4]] == [3.0, 6.0, 4.0, -2.0]
    assert all(is_leaf(o) for o in outs)
    outs[0].backward()
    assert x.grad == 0.0  # nothing to propagate through
    outs[2].data = 10.0  # a leaf, so an optimiser may move it


def test_is_grad_enabled_and_nesting() -> None:
    assert is_grad_enabled()
    with no_grad():
        assert not is_grad_enabled()
        with no_grad():
            assert not is_grad_enabled()
        assert not is_grad_enabled()  # the inner block restores the outer setting
    assert is_grad_enabled()
    assert not is_leaf(Value(1.0) + 1)


def test_setting_restored_after_an_exception() -> None:
    with pytest.raises(ZeroDivisionError), no_grad():
        Value(1.0) / 0
    assert is_grad_enabled()
    assert (Value(1.0) * 2).op == "*"


def test_two_threads_do_not_leak_the_setting() -> None:
    inside_block = threading.Barrier(2, timeout=10)
    checked = threading.Barrier(2, timeout=10)
    seen: dict[str, tuple[bool, bool, bool]] = {}
    errors: list[BaseException] = []

    def record(name: str) -> None:
        v = Value(2.0) * 3
        seen[name] = (is_grad_enabled(), is_leaf(v), v.data == 6.0)

    def without_grad() -> None:
        try:
            with no_grad():
                inside_block.wait()  # both threads are now inside their blocks
                record("no_grad")
                checked.wait()  # the other thread has checked while this one is inside
        except BaseException as e:  # reported by the main thread
            errors.append(e)

    def with_grad() -> None:
        try:
            inside_block.wait()
            record("grad")
            checked.wait()
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=without_grad), threading.Thread(target=with_grad)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=20)
    assert not errors
    assert seen == {"no_grad": (False, True, True), "grad": (True, False, True)}
    assert is_grad_enabled()


def test_two_asyncio_tasks_do_not_leak_the_setting() -> None:
    async def without_grad(started: asyncio.Event, done: asyncio.Event) -> bool:
        with no_grad():
            started.set()
            await done.wait()  # stay inside the block while the other task runs
            return is_grad_enabled()

    async def with_grad(started: asyncio.Event, done: asyncio.Event) -> bool:
        await started.wait()
        enabled = is_grad_enabled() and not is_leaf(Value(1.0) + 1)
        done.set()
        return enabled

    async def main() -> list[bool]:
        started, done = asyncio.Event(), asyncio.Event()
        return list(await asyncio.gather(without_grad(started, done), with_grad(started, done)))

    assert asyncio.run(main()) == [False, True]


def test_enable_grad_builds_the_graph_inside_no_grad() -> None:
    from scalargrad import Value, enable_grad, is_grad_enabled, no_grad

    x = Value(2.0)
    with no_grad():
        with enable_grad():
            assert is_grad_enabled()
            y = x * x
        assert not is_grad_enabled()
        z = x * x
    assert y.parents == (x, x) and z.parents == ()
