"""scalargrad's tests (a package, so their helpers are imported as tests.helpers)."""
