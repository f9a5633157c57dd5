"""Reference data as values: the gazetteer, the organisation table, the demonyms.

Pure: each table is built once per process by :mod:`wiredesk.resources.reference` (the only module
that reads their files) and handed to the stages inside
:class:`~wiredesk.normalize.Resources`.
"""
