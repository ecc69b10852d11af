"""Reading and writing files: YAML with locations, indicator, weights and facts files,
batch tables, validation of files, the shipped resources and atomic output.

The only layer that touches the file system for input; imports the core and
the analysis layer (for the case checks), nothing above.
"""
