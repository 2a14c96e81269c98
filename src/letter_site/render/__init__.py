"""Rendering the letter: its pages as Markdown and HTML, the PDF, the citation files and head tags."""
