"""Text typed by organisers (a spreadsheet cell, a JSON value), read one way everywhere:
`conference_setup`'s description and bridge point lists alike. The functions live with the
project's shared table reading (congtin.core.table_import), which the follow-up's unit
import uses too."""

from congtin.core.table_import import checked_text, clean_text

__all__ = ["checked_text", "clean_text"]
