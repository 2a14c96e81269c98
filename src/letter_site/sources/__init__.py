"""Reading and checking the sources: YAML files, letter parts, pages, each value with its file and line."""
