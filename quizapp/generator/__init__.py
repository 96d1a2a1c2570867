"""Question generator: pure Python, no Django.

It takes a snapshot of the fact base (plain dataclasses, `facts.FactBase`) and a seed,
and returns question drafts that are right by construction and checked again, rule by
rule, before they are returned (`rules.py`).
"""
