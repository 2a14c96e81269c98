"""``letter_site.extension``: the name under which letters' ``mkdocs.yml`` list our Markdown extension.

The extension itself is :mod:`letter_site.engines.extension`.
"""

from .engines.extension import LetterExtension, makeExtension

__all__ = ["LetterExtension", "makeExtension"]
