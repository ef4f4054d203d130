"""The form engine: register definitions (``forms/*.toml``) read into frozen dataclasses, one
class per field type, cross-field rules. Qt-free; the store, exports and UI build on it."""
