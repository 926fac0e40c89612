"""`python -m bot` runs the `sistercity` command."""

import sys

from bot.cli import main

sys.exit(main())
