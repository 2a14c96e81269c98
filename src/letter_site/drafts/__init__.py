"""Drafts as a coalition has them (Word, ODT, HTML, text), read into a letter's sources: ``letter-site import``."""
