"""Leaf helpers shared by every layer (no imports of labarray modules above this package)."""
