"""The checker's rules, one module each; `registry.REGISTRY` lists them once, in order."""

from bowout.checker.rules.registry import REGISTRY

__all__ = ["REGISTRY"]
