"""The analysis core: parsing, the stage model, rules and position queries.

Nothing under this package imports pygls or lsprotocol, so the ``check`` command and
the table tests stay fast; a test enforces that.
"""
