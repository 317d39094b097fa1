""""Deep Learning from Scratch", chapter 5: buying apples and oranges with tax.

The book builds the price from multiply and add *layers*, each with its own
``forward`` and ``backward``, and prints every intermediate number. scalargrad builds the
same circuit from Values; this demo prints the book's numbers (as the book prints
them) beside the engine's, which must agree to the last bit.
"""

from __future__ import annotations

from pathlib import Path

from scalargrad import Value

from .pictures import save_circuit
from .report import DemoResult, Log, main

# The book's printed output, name -> value, in the order it prints them.
BOOK_APPLES = {
    "apple_price": 200,
    "tax_price": 220.00000000000003,
    "grad_apple_price": 1.1,
    "grad_tax": 200,
    "grad_apple": 2.2,
    "grad_apple_num": 110.00000000000001,
}
BOOK_APPLES_ORANGES = {
    "apple_price": 200,
    "orange_price": 450,
    "all_price": 650,
    "tax_price": 715.0000000000001,
    "dall_price": 1.1,
    "dtax": 650,
    "d_add_apple_price": 1.1,
    "d_add_orange_price": 1.1,
    "dorange_price": 3.3000000000000003,
    "dorange_num": 165.0,
    "dapple_price": 2.2,
    "dapple_num": 110.00000000000001,
}


def apples() -> tuple[Value, dict[str, float]]:
    """apple * apple_num * tax, with every intermediate the book prints."""
    apple, apple_num, tax = Value(100, "apple"), Value(2, "apple_num"), Value(1.1, "tax")
    apple_price = apple * apple_num
    price = apple_price * tax
    price.backward()
    return price, {
        "apple_price": apple_price.data,
        "tax_price": price.data,
        "grad_apple_price": apple_price.grad,
        "grad_tax": tax.grad,
        "grad_apple": apple.grad,
        "grad_apple_num": apple_num.grad,
    }


def apples_and_oranges() -> tuple[Value, dict[str, float]]:
    """(apple * apple_num + orange * orange_num) * tax, the book's second example."""
    apple, apple_num = Value(100, "apple"), Value(2, "apple_num")
    orange, orange_num = Value(150, "orange"), Value(3, "orange_num")
    tax = Value(1.1, "tax")
    apple_price = apple * apple_num
    orange_price = orange * orange_num
    all_price = apple_price + orange_price
    price = all_price * tax
    price.backward()
    # The add layer's two outputs are the gradients arriving at its inputs.
    return price, {
        "apple_price": apple_price.data,
        "orange_price": orange_price.data,
        "all_price": all_price.data,
        "tax_price": price.data,
        "dall_price": all_price.grad,
        "dtax": tax.grad,
        "d_add_apple_price": apple_price.grad,
        "d_add_orange_price": orange_price.grad,
        "dorange_price": orange.grad,
        "dorange_num": orange_num.grad,
        "dapple_price": apple.grad,
        "dapple_num": apple_num.grad,
    }


def compare(
    result: DemoResult, log: Log, title: str, book: dict[str, float], engine: dict[str, float]
) -> None:
    log(title)
    log(f"  {'the book prints':<38}{'scalargrad':<24}")
    for name, want in book.items():
        got = engine[name]
        mark = "=" if got == want else "≠"
        log(f"  {name + ': ' + repr(want):<38}{got!r:<24}{mark}")
        result.check(f"{title.split(':')[0]}: {name}", got, float(want))


def run(out_dir: Path, log: Log = print) -> DemoResult:
    result = DemoResult("shopping", "Deep Learning from Scratch: apples, oranges and tax")
    price1, numbers1 = apples()
    compare(result, log, "apples: 100 * 2 * 1.1", BOOK_APPLES, numbers1)
    price2, numbers2 = apples_and_oranges()
    compare(result, log, "apples and oranges: (100 * 2 + 150 * 3) * 1.1",
            BOOK_APPLES_ORANGES, numbers2)
    result.numbers = {
        "price": repr(price2.data),
        "d_apple,d_n_a,d_orange,d_n_o,d_tax": ", ".join(
            f"{numbers2[k]:g}"
            for k in ("dapple_price", "dapple_num", "dorange_price", "dorange_num", "dtax")
        ),
    }
    save_circuit(
        result, price1, out_dir / "shopping_apples.svg",
        "Two apples at 100 with 10 % tax: each multiply layer sends back the other input "
        "times the gradient (d apple = 2 × 1.1 = 2.2).",
    )
    save_circuit(
        result, price2, out_dir / "shopping.svg",
        "Apples and oranges with tax, the book's layers as gates: the add layer passes "
        "1.1 to both prices unchanged; d tax = 650, the price before tax.",
    )
    return result


if __name__ == "__main__":
    raise SystemExit(main("shopping", run))
