"""Suggesting a category and a priority from what a requester writes.

`types.py` is the interface every backend implements; `chain.py` tries the LLM when one
is configured and falls back to the local model, recording why.
"""
