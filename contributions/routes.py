"""The URL pieces that more than one module needs: the slug segment of a
collective's pages, and the fixed path segments a draft's slug must not take
(they sit where `aanmelden/<slug>/` and `mijn/<slug>/` would otherwise match)."""

SLUG = "<slug:slug>/"
DUPLICATES = "dubbel"
OWNER_DATA = "gegevens.json"
DELETE_ACCOUNT = "account-verwijderen"
RESERVED_SLUGS = frozenset({DUPLICATES, OWNER_DATA, DELETE_ACCOUNT})
