"""Browser files copied from the npm packages into the site (theme/vendor/), with their licences:
lunr.js and its German support (the search), qrcode-generator (the Merkliste's QR code)."""

from __future__ import annotations

import shutil
from pathlib import Path

VENDOR_FILES = {
    "lunr.min.js": "lunr/lunr.min.js",
    "lunr.stemmer.support.min.js": "lunr-languages/min/lunr.stemmer.support.min.js",
    "lunr.de.min.js": "lunr-languages/min/lunr.de.min.js",
    "LICENSE-lunr.txt": "lunr/LICENSE",
    "LICENSE-lunr-languages.txt": "lunr-languages/LICENSE",
    "qrcode.js": "qrcode-generator/dist/qrcode.js",  # its licence (MIT) is in the file's header
}


def write_vendor_files(output: Path, node_modules: str) -> None:
    vendor = output / "theme" / "vendor"
    vendor.mkdir(parents=True, exist_ok=True)
    for name, source in VENDOR_FILES.items():
        shutil.copyfile(Path(node_modules, source), vendor / name)
