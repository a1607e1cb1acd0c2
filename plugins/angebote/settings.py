"""The plugin's settings (ANGEBOTE_* in pelicanconf.py) and their defaults."""

from __future__ import annotations

DEFAULTS = {
    "ANGEBOTE_PATH": "angebote",
    "ANGEBOTE_TAXONOMY": "taxonomie.yml",
    "ANGEBOTE_TODAY": None,  # "JJJJ-MM-TT": build as on that day (tests, previews)
    "ANGEBOTE_PHONE_REGION": "DE",
    "ANGEBOTE_COLLATION": "de_DE",
    "ANGEBOTE_GROUP_LIMIT": 10,  # entries a group shows on a facet page
    "ANGEBOTE_PER_PAGE": 25,  # entries per page of a full list
    "ANGEBOTE_NODE_MODULES": "node_modules",  # lunr.js and lunr-languages (npm ci)
    # Where providers make pull requests (mitmachen/ opens its new-file page; make report links files)
    "ANGEBOTE_REPOSITORY": "",  # e.g. "https://github.com/owner/name"
    "ANGEBOTE_BRANCH": "main",
    # Interface languages: every page is written once per language, the first at the root,
    # the others under /<code>/ (each needs theme/translations/<code>/LC_MESSAGES/messages.po).
    "ANGEBOTE_LANGUAGES": ["de"],
    "ANGEBOTE_CONTENT_LANG": "de",  # the language the providers write in
    # Content-Security-Policy of every page (meta tag; deploy/ has the same as server headers).
    # Only the site itself: no inline scripts or styles, no other host; the form may link to GitHub.
    "ANGEBOTE_CSP": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
        "connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; "
        # no HTML sink in the scripts (innerHTML and the like) without a violation report
        "require-trusted-types-for 'script'; trusted-types 'none'"
    ),
}


def setting(settings, name):
    return settings.get(name, DEFAULTS[name])
