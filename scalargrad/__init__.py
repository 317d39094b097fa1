"""scalargrad: a scalar reverse-mode autograd engine that shows its work.

    >>> from scalargrad import Value
    >>> x, y, z = Value(-2.0, "x"), Value(5.0, "y"), Value(-4.0, "z")
    >>> f = (x + y) * z
    >>> f.backward()
    >>> x.grad, y.grad, z.grad
    (-4.0, -4.0, 3.0)

Every gate of the op table is also a function of numbers or Values that returns a
Value: ``scalargrad.sin(x)``, ``scalargrad.clamp(x, -1, 1)``, ``scalargrad.max(a, b, c)``.
These functions are the ``Op`` rows themselves (an ``Op`` is callable).
"""

from . import losses, nn, optim
from .compiled import Compiled, compile
from .errors import (
    CompileError,
    DomainError,
    ScalarGradError,
    ScalarOverflowError,
    ScalarZeroDivisionError,
    StaleGraphError,
)
from .expr import ExprError, expr
from .grad_mode import enable_grad, is_grad_enabled, no_grad
from .gradcheck import GradcheckError, gradcheck, gradgradcheck
from .gradients import derivative, grad, hessian
from .graph import reverse_topological_order, topological_order
from .op import Op
from .ops import ABS as abs
from .ops import ACOS as acos
from .ops import ASIN as asin
from .ops import ATAN as atan
from .ops import CBRT as cbrt
from .ops import CLAMP as clamp
from .ops import COS as cos
from .ops import COSH as cosh
from .ops import ERF as erf
from .ops import EXP as exp
from .ops import EXPM1 as expm1
from .ops import LEAKY_RELU as leaky_relu
from .ops import LOG as log
from .ops import LOG1P as log1p
from .ops import MAX as max
from .ops import MIN as min
from .ops import NEG as neg
from .ops import NEURON as neuron
from .ops import OPS
from .ops import RELU as relu
from .ops import SIGMOID as sigmoid
from .ops import SIN as sin
from .ops import SINH as sinh
from .ops import SOFTPLUS as softplus
from .ops import SQRT as sqrt
from .ops import SUM as sum
from .ops import TAN as tan
from .ops import TANH as tanh
from .value import Value, apply

__version__ = "0.1.0"

__all__ = [
    "OPS",
    "CompileError",
    "Compiled",
    "DomainError",
    "ExprError",
    "GradcheckError",
    "Op",
    "ScalarGradError",
    "ScalarOverflowError",
    "ScalarZeroDivisionError",
    "StaleGraphError",
    "Value",
    "__version__",
    "abs",
    "acos",
    "apply",
    "asin",
    "atan",
    "cbrt",
    "clamp",
    "compile",
    "cos",
    "cosh",
    "derivative",
    "enable_grad",
    "erf",
    "exp",
    "expm1",
    "expr",
    "grad",
    "gradcheck",
    "gradgradcheck",
    "hessian",
    "is_grad_enabled",
    "leaky_relu",
    "log",
    "log1p",
    "losses",
    "max",
    "min",
    "neg",
    "neuron",
    "nn",
    "no_grad",
    "optim",
    "relu",
    "reverse_topological_order",
    "sigmoid",
    "sin",
    "sinh",
    "softplus",
    "sqrt",
    "sum",
    "tan",
    "tanh",
    "topological_order",
]
