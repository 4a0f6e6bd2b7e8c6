"""Documents: letters, lists and reports rendered to PDF with reportlab (Qt-free, database-free)."""
