"""Tags: the topics a prediction is filed under."""

from django.db import models


class Tag(models.Model):
    name = models.CharField(max_length=50)
    slug = models.SlugField(max_length=50)

    class Meta:
        ordering = ["slug"]
        constraints = [models.UniqueConstraint(fields=["slug"], name="tag_unique_slug")]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def named(cls, value: str) -> "Tag | None":
        """The tag whose slug is ``value``, or else whose name it is as typed
        (any case, spaces around aside); None for no tag (or a NUL)."""
        value = value.strip()
        if not value or "\x00" in value:
            return None
        return cls.objects.filter(slug=value).first() or (
            cls.objects.filter(name__iexact=value).order_by("pk").first()
        )
