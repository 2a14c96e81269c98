"""What several layers share: ids and anchors, dates, addresses, CSS values, the Markdown tree steps, and a
file written whole."""
