"""Settings for the published site: pelicanconf plus the public address."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

# The address the site is published at, e.g. https://example.org/angebote
SITEURL = os.environ.get("SITEURL", "")
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = False  # tools/build_site.py swaps the folder whole
