"""Error pages in the site's layout, in Chinese, with a way back."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_htmx.http import reswap, retarget

# The heading of the error page, by status.
TITLES = {
    400: gettext_lazy("無法處理這個請求"),
    403: gettext_lazy("無法進入"),
    404: gettext_lazy("找不到"),
    405: gettext_lazy("請用表單送出"),
    409: gettext_lazy("無法再更改"),
    429: gettext_lazy("請稍候再試"),
}


def render_error(
    request: HttpRequest,
    *,
    status: int,
    message: str,
    back_url: str = "/",
    back_label: str = "",
) -> HttpResponse:
    """The error page; for an htmx request, only its card, swapped in for the whole main
    region (not pasted inside the question box the request came from)."""
    context = {
        "status": status,
        "title": TITLES.get(status, TITLES[400]),
        "message": message,
        "back_url": back_url,
        "back_label": back_label or _("回到首頁"),
    }
    if request.headers.get("HX-Request") == "true":
        # Read from the header: error handlers also run for requests the htmx
        # middleware never saw (a CSRF failure, say).
        response = render(request, "error.html#card", context, status=status)
        return reswap(retarget(response, "#main"), "innerHTML")
    return render(request, "error.html", context, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render_error(
        request, status=400, message=_("這個請求無法處理，可能是表單資料不完整或太大。")
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render_error(request, status=403, message=_("你沒有權限打開這個頁面。"))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render_error(
        request, status=404, message=_("找不到這個頁面。它可能已被移除，或網址有誤。")
    )


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors or database: whatever broke may be one of them.
    return HttpResponse(loader.get_template("500.html").render(), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render_error(request, status=403, message=_("表單已過期，請重新載入頁面後再送出一次。"))


class MethodNotAllowedPage:
    """Give Django's bare 405 (a GET on a POST-only URL, say after the back button) a real
    page in the site's layout, keeping the status and the Allow header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405 or response.content:
            return response
        page = render_error(
            request,
            status=405,
            message=_("這個網址只接受表單送出。請回到上一頁，或回到首頁重新開始。"),
        )
        page["Allow"] = response.get("Allow", "")
        return page
