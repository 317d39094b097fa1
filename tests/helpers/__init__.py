"""Helpers the tests share: the page's expected steps, SVG reading, digit matching."""
