"""The engines: the Markdown extension both run, the MkDocs plugin, the Zensical path and the finishing step."""
