"""Uploaded files, from the first byte to a checked file a workflow may store.

The steps, each a module: ``handlers`` (size limits while the body streams in), ``names`` (what a file's
name may say), ``kinds`` and ``inspection`` (what the content really is, parsed by a library, and the active
content it holds), ``scanning`` (ClamAV), and ``checks``, which runs them in order and returns a
``CheckedFile``: the only thing the submission service and the document admin store.
"""
