"""Excel in and out (openpyxl, imported lazily: it costs ~120 ms at start-up)."""
