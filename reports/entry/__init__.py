"""Data entry in the browser: the forms, the table a Biểu mẫu page shows, and the saves.

``forms`` validates what the user typed (through ``reports.parsing``), ``table`` turns a section
and its values into the rows the page prints, ``saving`` writes a section, the narrative or a
warning explanation atomically, with optimistic locking and an audit row per change.
"""
