"""The schema version this program writes (``PRAGMA user_version``).

Apart from ``migrations.py`` so that opening a file that is already up to date, the common
case, does not import the migrations and the modules their steps use (checked when it is
imported: its list of migrations ends at this version).
"""

LATEST = 25
