"""The scales an assessment reads a collective on: how far a value reaches, the
directions it develops in, degrees of regie and samenwerking, and how strong a
reading's evidence is. valuefan.models re-exports them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Reach(models.IntegerChoices):
    """How far a value reaches: from the building (the fan's hinge) to the region."""

    BUILDING = 1, _("building")
    NEIGHBOURHOOD = 2, _("neighbourhood")
    AREA = 3, _("area")
    CITY = 4, _("city")
    REGION = 5, _("region")


class Direction(models.IntegerChoices):
    """The ways a collective develops (whitepaper, § Fasen en rollen and § Waarde,
    image 5): first trust and cohesion, then internal stability; from there three
    "closely related directions" of value creation for the area that develop
    side by side, not one after the other. An assessment says which of them a
    collective shows, each with its evidence (DirectionReading)."""

    TRUST = 1, _("building trust and cohesion")
    STABILITY = 2, _("internal stability and continuity")
    SOCIO_ECONOMIC = 3, _("socio-economic value for the neighbourhood")
    PLANNING = 4, _("participating in planning")
    CIRCULAR = 5, _("activating the circular transition")

    @classmethod
    def groups(cls) -> list[tuple[str, list[Direction]]]:
        """The two groups the whitepaper's text makes: within the collective, and
        value creation for the area."""
        return [
            (_("Within the collective"), [cls.TRUST, cls.STABILITY]),
            (
                _("Value creation for the area (directions that develop side by side)"),
                [cls.SOCIO_ECONOMIC, cls.PLANNING, cls.CIRCULAR],
            ),
        ]

    @classmethod
    def mask_sum(cls) -> models.Sum:
        """An aggregate over DirectionReading rows: one bit per direction shown,
        so that a collective's directions fit in one annotated integer."""
        return models.Sum(
            models.Case(
                *(
                    models.When(direction=value, then=models.Value(1 << (value - 1)))
                    for value in cls.values
                ),
                output_field=models.IntegerField(),
            )
        )

    @classmethod
    def from_mask(cls, mask: int | None) -> list[Direction]:
        return [d for d in cls if mask and mask & (1 << (d.value - 1))]


class Degree(models.IntegerChoices):
    """A degree of regie (control over own space) or samenwerking (cooperation)."""

    VERY_LOW = 1, _("very low")
    LOW = 2, _("low")
    MEDIUM = 3, _("medium")
    HIGH = 4, _("high")
    VERY_HIGH = 5, _("very high")


class EvidenceBasis(models.TextChoices):
    """How strong a reading's evidence is: what the source's text says outright,
    what the atlas infers from it, or what the assessor reports."""

    STATED = "stated", _("stated in the source's text")
    INFERRED = "inferred", _("inferred from the source's text")
    REPORTED = "reported", _("reported by the assessor")
