"""scalargrad: a scalar reverse-mode autograd engine that shows its work.

    >>> from scalargrad import Value
    >>> x, y, z = Value(-2.0, "x"), Value(5.0, "y"), Value(-4.0, "z")
    >>> f = (x + y) * z
    >>> f.backward()
    >>> x.grad, y.grad, z.grad
    (-4.0, -4.0, 3.0)
"""

from . import losses, nn, optim
from .derivatives import derivative, hessian
from .errors import DomainError, ScalarGradError, ScalarOverflowError, ScalarZeroDivisionError
from .expr import expr
from .expr_error import ExprError
from .functions import abs, exp, log, max, min, relu, sigmoid, sqrt, tanh
from .grad_mode import is_grad_enabled, no_grad
from .gradcheck import GradcheckError, gradcheck
from .gradgradcheck import gradgradcheck
from .gradients import grad
from .graph import reverse_topological_order, topological_order
from .ops import Op
from .value import Value, apply

__all__ = [
    "DomainError",
    "ExprError",
    "GradcheckError",
    "Op",
    "ScalarGradError",
    "ScalarOverflowError",
    "ScalarZeroDivisionError",
    "Value",
    "abs",
    "apply",
    "derivative",
    "exp",
    "expr",
    "grad",
    "gradcheck",
    "gradgradcheck",
    "hessian",
    "is_grad_enabled",
    "log",
    "losses",
    "max",
    "min",
    "nn",
    "no_grad",
    "optim",
    "relu",
    "reverse_topological_order",
    "sigmoid",
    "sqrt",
    "tanh",
    "topological_order",
]
