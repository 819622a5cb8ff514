"""Release artefacts: every distribution format, the dataset description, docs and a diagram.

``scokg build`` calls :func:`scokg.release.build.build_release`; each artefact has its own
small module so it can be tested and reused on its own.
"""
