"""Keeping one record per person through the web: an editor merges a
duplicate into the record that stays; a signed-in person says "this is me"
and an editor approves or declines it.

The services decide (predictions.services.people); these pages turn their
refusals into the page's message: InvalidInput beside the field (400),
InvalidTransition as a message (409), NotPermitted as 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import InvalidInput, InvalidTransition, NotPermitted
from predictions import rules, selectors
from predictions.forms.people import DeclineLinkForm, LinkRequestForm, MergeForm
from predictions.services import people as people_services
from sources import services as source_services
from sources.models import AccountLinkRequest, Person

MERGE_REFUSAL = "Only an editor may merge people."


def _person_page(person: Person) -> str:
    return reverse("predictions:person", args=[person.slug])


@login_required
@require_http_methods(["GET", "POST"])
def merge(request, slug: str):
    """The form (also on the person's page), then the confirmation listing
    what will move, then the merge."""
    person = get_object_or_404(Person, slug=slug, merged_into__isnull=True)
    if not rules.is_editor(request.user):
        raise PermissionDenied(MERGE_REFUSAL)
    form = MergeForm(request.POST if request.method == "POST" else None)
    context: dict = {"person": person, "form": form}
    if not (form.is_bound and form.is_valid()):
        return _merge_page(request, context)
    try:
        target = source_services.person_by_slug_or_name(form.cleaned_data["into"], field="into")
        people_services.check_merge(person, target)
        if not form.cleaned_data["confirmed"]:
            context.update(target=target, preview=selectors.merge_preview(person, target))
            return _merge_page(request, context)
        merged = people_services.merge_people(
            from_person=person, into_person=target, actor=request.user
        )
    except InvalidInput as error:
        form.add_service_errors(error.errors)
        return _merge_page(request, context)
    except InvalidTransition as error:
        return _merge_page(request, {**context, "conflict": str(error)})
    except NotPermitted as error:
        raise PermissionDenied(str(error)) from error
    messages.success(
        request,
        f"Merged {person.name} into {target.name}: {merged.predictions} "
        f"prediction{'s' if merged.predictions != 1 else ''} moved. "
        f"{person.name}'s address leads here now.",
    )
    return redirect(_person_page(target))


def _merge_page(request, context: dict):
    form = context["form"]
    status = 409 if context.get("conflict") else 400 if form.errors else 200
    return render(request, "predictions/merge.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def this_is_me(request, slug: str):
    """A signed-in person asks an editor to link them to this record."""
    person = get_object_or_404(Person, slug=slug, merged_into__isnull=True)
    form = LinkRequestForm(request.POST if request.method == "POST" else None)
    conflict = ""
    if form.is_bound and form.is_valid():
        try:
            people_services.request_account_link(
                person=person, account=request.user, message=form.cleaned_data["message"]
            )
        except InvalidInput as error:
            form.add_service_errors(error.errors)
        except InvalidTransition as error:
            conflict = str(error)
        except NotPermitted as error:
            raise PermissionDenied(str(error)) from error
        else:
            messages.success(
                request,
                "Asked. An editor will check that this is you; once they agree, this page "
                "says so and you judge your own forecasts.",
            )
            return redirect(_person_page(person))
    status = 409 if conflict else 400 if form.errors else 200
    return render(
        request,
        "predictions/this_is_me.html",
        {"person": person, "form": form, "conflict": conflict},
        status=status,
    )


@login_required
@require_POST
def approve_link(request, pk: int):
    link_request = get_object_or_404(AccountLinkRequest.objects.select_related("person"), pk=pk)
    try:
        people_services.approve_account_link(link_request=link_request, actor=request.user)
    except NotPermitted as error:
        raise PermissionDenied(str(error)) from error
    except InvalidTransition as error:
        return _decided_page(request, link_request, conflict=str(error))
    messages.success(request, f"{link_request.user} is now linked to {link_request.person.name}.")
    return _back(request, link_request)


@login_required
@require_POST
def decline_link(request, pk: int):
    link_request = get_object_or_404(AccountLinkRequest.objects.select_related("person"), pk=pk)
    if not rules.is_editor(request.user):
        raise PermissionDenied("Only an editor may decline a link between a person and an account.")
    form = DeclineLinkForm(request.POST)
    if not form.is_valid():
        return _decided_page(request, link_request, form=form)
    try:
        people_services.decline_account_link(
            link_request=link_request, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except NotPermitted as error:
        raise PermissionDenied(str(error)) from error
    except InvalidInput as error:
        form.add_service_errors(error.errors)
        return _decided_page(request, link_request, form=form)
    except InvalidTransition as error:
        return _decided_page(request, link_request, conflict=str(error))
    messages.success(
        request, f"Declined {link_request.user}'s request to be {link_request.person.name}."
    )
    return _back(request, link_request)


def _decided_page(request, link_request: AccountLinkRequest, *, conflict="", form=None):
    """The request again, with what stood in the way of deciding it."""
    return render(
        request,
        "predictions/link_request.html",
        {
            "link_request": link_request,
            "link_requests": [link_request] if link_request.state == "pending" else [],
            "decline_form": form,
            "conflict": conflict,
            # The queue's forms come back to the page they are on; from here, the person's.
            "next": _person_page(link_request.person),
        },
        status=409 if conflict else 400,
    )


def _back(request, link_request: AccountLinkRequest):
    """To the page the editor decided from (the review queue), or the person's."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(_person_page(link_request.person))
