"""Irreversible actions ask first, on a page of their own (no JavaScript needed).

A destructive form posts to its action's URL; unless the post carries
`confirmed`, the view answers with `confirmation(...)`: a page that states the
consequence and re-posts every submitted field with `confirmed=1`. The view
then does the change and says what happened ("revoked", not "updated").

    if not is_confirmed(request):
        return confirmation(request, title=..., consequence=..., button=..., back=...)
"""

from django.shortcuts import render

CONFIRMED = "confirmed"


def is_confirmed(request) -> bool:
    return request.method == "POST" and request.POST.get(CONFIRMED) == "1"


def confirmation(request, *, title, consequence, button, back, details=()):
    """The confirmation page for the action the request was posted to.

    `consequence` says what will happen and that it cannot be undone;
    `details` are extra lines (e.g. the reason the user typed); `back` is the
    URL of the page the user came from (its link keeps everything unchanged).
    """
    carried = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", CONFIRMED)
        for value in values
    ]
    return render(
        request,
        "confirm.html",
        {
            "title": title,
            "consequence": consequence,
            "button": button,
            "back": back,
            "details": details,
            "carried": carried,
            "action": request.get_full_path(),
        },
    )
