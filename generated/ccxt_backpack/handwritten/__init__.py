"""Hand-written code from beside the spec, copied verbatim (and a sync copy of async methods)."""
