"""SQLite storage for one database file that travels on a USB stick. No Qt here."""
