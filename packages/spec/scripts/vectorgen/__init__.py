"""Generators of the FlagSwitch shared test vectors (see ../generate.py)."""
