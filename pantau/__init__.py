"""Pantau: watch Indonesian news for TPPO cases and turn them into reviewed incidents."""

__version__ = "0.1.0"
