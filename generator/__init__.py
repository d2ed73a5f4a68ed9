"""Render a ccxt adapter from a YAML spec of an exchange API.

    spec/<exchange>/*.yaml --loader--> SpecMap --model--> Model --render (Jinja + black)--> files --output--> generated/

Nothing in this package knows a particular exchange: every exchange fact comes
from the spec directory (and the hand-written files beside it).
"""
