"""``python -m crawler.replay pack|list``: see :mod:`crawler.replay.cli`."""

import sys

from crawler.replay.cli import main

sys.exit(main())
