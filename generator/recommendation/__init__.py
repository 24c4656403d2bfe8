"""Recommending a framework: the questions, the answer schema, the rules and the report.

Pure data and pure functions: no prompting, no rendering, no file writes.
"""
