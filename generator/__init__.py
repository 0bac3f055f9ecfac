"""decide: turns a company's content files into decision aids.

The package is laid out by step, and data flows one way through them:
``load`` (files to models, with positions) -> ``check`` (cross-references and
content rules) -> ``render`` (templates) -> ``write`` (the docs tree and the
site). ``cli`` wires the steps to commands.
"""
