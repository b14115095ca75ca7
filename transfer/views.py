from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from core import ratelimit
from predictions import rules
from transfer import export, progress, services
from transfer.forms import ImportForm
from transfer.models import ImportJob
from transfer.selectors import ExportRequestError, exported_predictions

EDITORS_ONLY = "Only editors may import files."
FORMAT_NAMES = {
    "hindsight": "Hindsight",
    "fatebook": "Fatebook",
    "predictionbook": "PredictionBook",
}


def export_response(request, format: str, predictions) -> StreamingHttpResponse:
    """The file, streamed as it is written, under a dated name; counted
    against the export limit (RATE_LIMIT_EXPORT) of the client and account."""
    ratelimit.attempt(ratelimit.EXPORT, *ratelimit.request_keys(request))
    now = timezone.now()
    response = StreamingHttpResponse(
        export.chunks(format, predictions, site_url=settings.SITE_URL, exported_at=now),
        content_type=export.CONTENT_TYPES[format],
    )
    response["Content-Disposition"] = f'attachment; filename="{export.filename(format, now)}"'
    return response


@require_GET
def export_predictions(request: HttpRequest) -> HttpResponseBase:
    """/predictions/export/?format=csv|json|fatebook and the list's filters."""
    try:
        format, predictions = exported_predictions(request.GET)
    except ExportRequestError as error:
        lines = [f"{field}: {' '.join(messages)}" for field, messages in error.errors.items()]
        return HttpResponse(
            "The export could not be made:\n" + "\n".join(lines) + "\n",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    return export_response(request, format, predictions)


@login_required
def new_import(request: HttpRequest) -> HttpResponse:
    """The editors' upload page; a worker imports the file (transfer.tasks)."""
    if not rules.is_editor(request.user):
        raise PermissionDenied(EDITORS_ONLY)
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        job = services.queue_import(
            user=request.user,
            filename=form.cleaned_data["file"].name,
            format=form.cleaned_data["format"],
            text=form.cleaned_data["text"],
            person=form.cleaned_data["person"],
            dry_run=form.cleaned_data["dry_run"],
        )
        return redirect("transfer:import", job.pk)
    recent = ImportJob.objects.filter(created_by_id=request.user.pk).defer("text")[:10]
    status = 400 if form.is_bound else 200
    return render(
        request, "transfer/new_import.html", {"form": form, "recent": recent}, status=status
    )


@login_required
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    if not rules.is_editor(request.user):
        raise PermissionDenied(EDITORS_ONLY)
    job = get_object_or_404(ImportJob.objects.defer("text"), pk=pk)
    done_total = progress.of(job.pk)
    return render(
        request,
        "transfer/import_job.html",
        {
            "job": job,
            "format_name": FORMAT_NAMES.get(job.format, job.format),
            "done": done_total[0] if done_total else 0,
            "total": done_total[1] if done_total else 0,
        },
    )
