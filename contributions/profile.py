"""The profile fields of a collective that its owners write, defined once: the
owners' edit page, the registration, the services that store what they typed
and the moderators' pages all derive their lists from here."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# The public fields in the order the pages show them, grouped in fieldsets.
PROFILE_SECTIONS = [
    (_("The collective"), ["name", "kind", "founded_year", "description"]),
    (_("Where it is"), ["address", "postcode", "city", "location"]),
    (
        _("Entrepreneurs"),
        ["entrepreneur_count", "member_demonym", "entrepreneur_types"],
    ),
    (
        _("Space and contract"),
        [
            "tenure",
            "tenure_detail",
            "tenure_end_date",
            "building_count",
            "floor_area_m2",
            "outdoor_area_m2",
            "rent_eur_m2_year",
            "building_description",
            "building_history",
        ],
    ),
    (_("Organisation"), ["governance", "website", "other_websites"]),
]
# The contact details: never public, always last, in a fieldset of their own.
CONTACT_FIELDS = ["contact_name", "contact_email", "contact_phone"]
# What an owner may propose changes to (never status, slug or owners).
OWNER_EDIT_FIELDS = [
    *(name for _legend, names in PROFILE_SECTIONS for name in names),
    *CONTACT_FIELDS,
]
EDITABLE_FIELDS = frozenset(OWNER_EDIT_FIELDS)

# The registration asks less; these are left to the owners' edit page later.
NOT_ASKED_AT_REGISTRATION = frozenset(
    {
        "building_count",
        "outdoor_area_m2",
        "building_description",
        "building_history",
        "other_websites",
    }
)
# What an owner may type into a registration.
REGISTRATION_FIELDS = tuple(
    name for name in OWNER_EDIT_FIELDS if name not in NOT_ASKED_AT_REGISTRATION
)

# A database row needs these; a draft without them cannot be saved at all.
DRAFT_REQUIRED = frozenset({"name", "kind", "tenure", "location"})
# A draft may leave these blank; submission needs them (the model requires them).
DRAFT_MAY_LACK = ("city", "governance")
SUBMIT_REQUIRED = DRAFT_REQUIRED | set(DRAFT_MAY_LACK)
