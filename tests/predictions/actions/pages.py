"""Small readers the action page tests share."""

from django.urls import reverse

from predictions.models import Prediction

EVIDENCE = "https://news.example.com/bridge-opens"


def url(name: str, prediction: Prediction) -> str:
    return reverse(f"predictions:{name}", args=[prediction.pk])


def stored(prediction: Prediction) -> Prediction:
    return Prediction.objects.get(pk=prediction.pk)


def kinds(prediction: Prediction) -> list[str]:
    return list(prediction.events.order_by("id").values_list("kind", flat=True))


def as_user(client, user):
    client.force_login(user)
    return client


def messages_on(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]
