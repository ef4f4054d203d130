"""fulian.exe: the console command line beside the windowed app."""

from desktop.cli import main

raise SystemExit(main())
