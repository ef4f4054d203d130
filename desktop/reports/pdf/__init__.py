"""The PDF base shared by letters, reports, listings and blank forms: fonts, page templates."""
