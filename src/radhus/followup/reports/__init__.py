"""Reports for the board and the auditors (issue 11, item 3): each answers one question, named
in its heading, as a page, a PDF, a CSV and an XLSX file. Importing the package registers them."""

from radhus.followup.reports import decisions, extracts, register  # noqa: F401
