"""Report data (pure) and renderers (xlsx with openpyxl, pdf with reportlab)."""
