"""The orders a list of predictions can be read in: one table for every page
(and, through ``by_field``, for the API's ``ordering`` parameter).

Each order is a model field, ascending or descending, with the id as the
tie-break in the same direction, so that rows with the same date keep one
order from page to page.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Sort:
    label: str  # what a reader picks, e.g. "Said, newest first"
    field: str  # the model field, "-" first when descending: the API's name for it

    @property
    def order_by(self) -> tuple[str, str]:
        return (self.field, "-id" if self.field.startswith("-") else "id")


# value of the pages' `sort` parameter → its order. The pages offer these in
# this order; the first is the default.
SORTS: dict[str, Sort] = {
    "deadline": Sort("Deadline, soonest first", "resolves_on"),
    "-deadline": Sort("Deadline, latest first", "-resolves_on"),
    "-made": Sort("Said, newest first", "-made_on"),
    "made": Sort("Said, oldest first", "made_on"),
    "-filed": Sort("Filed, newest first", "-created_at"),
}
DEFAULT_SORT = "deadline"

# Orders only the API offers, by field: it also reads the ledger oldest-filed
# first and by the latest change.
API_ONLY = (Sort("Filed, oldest first", "created_at"), Sort("Changed, newest first", "-updated_at"))


def choices() -> list[tuple[str, str]]:
    """(value, label) of every order a page offers, the default first."""
    return [(value, sort.label) for value, sort in SORTS.items()]


def order_by(value: str) -> tuple[str, str]:
    """The ordering ``value`` names; the default order for anything else."""
    return SORTS.get(value, SORTS[DEFAULT_SORT]).order_by


# The API names an order by its field ("-made_on"), not by a page's value.
BY_FIELD: dict[str, Sort] = {sort.field: sort for sort in (*SORTS.values(), *API_ONLY)}


def by_field(field: str) -> Sort | None:
    """The order the API's ``ordering=field`` names, or None."""
    return BY_FIELD.get(field)
