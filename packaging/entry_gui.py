"""FulianDesk.exe: the windowed app; a database path as first argument opens it."""

from desktop.cli import gui_main

raise SystemExit(gui_main())
