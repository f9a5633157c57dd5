"""Evaluations of the normaliser on shared reference data; they print figures, not pass/fail."""
