from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.views import LoginView, PasswordResetView
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from quizapp.accounts.forms import SignUpForm
from quizapp.accounts.guests import forget_guest, guest_token
from quizapp.accounts.roles import TEACHER_PERMISSION
from quizapp.http import HtmxHttpRequest, see_other
from quizapp.limits.decorators import View, rate_limited
from quizapp.limits.services import client_address, limit_key


def _created(response: HttpResponseBase) -> bool:
    return response.status_code == 302


@require_http_methods(["GET", "POST"])
@rate_limited("signup", methods=("POST",), counts=_created)
def signup(request: HtmxHttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST or None)
    # Where to go after: a class's joining page sends new students here and back.
    back = request.POST.get("next") or request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(back or "home")
    status = 400 if request.method == "POST" else 200
    return render(request, "registration/signup.html", {"form": form, "next": back}, status=status)


@require_POST
def logout_view(request: HtmxHttpRequest) -> HttpResponse:
    """Log out, and forget this browser's guest attempts too: on a shared classroom
    computer the next student must not find the previous one's quiz."""
    logout(request)
    response = redirect("home")
    forget_guest(response)
    return response


@require_POST
def guest_leave(request: HtmxHttpRequest) -> HttpResponse:
    """「不是你？」: this browser stops being the last guest. Their attempts stay (the
    teacher has them); this computer just no longer shows or resumes them."""
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "/"
    response = see_other(back)
    if guest_token(request):
        forget_guest(response)
        messages.info(request, _("好了，這台電腦不再顯示上一位訪客的作答。"))
    return response


def _failed_login(response: HttpResponseBase) -> bool:
    """The login form shown again: a wrong password (a success redirects)."""
    return response.status_code == 200


def by_address_and_username(request: HttpRequest) -> str:
    return limit_key(client_address(request), request.POST.get("username", "").casefold())


def login_limited(view: View) -> View:
    """Password guessing is slowed per address and username, and more loosely per address,
    so one student's typos never lock out the rest of a class behind one school address.
    The counters are shared by all processes; the admin's login is held to the same."""
    per_username = rate_limited(
        "login", methods=("POST",), counts=_failed_login, key=by_address_and_username
    )
    per_address = rate_limited("login_address", methods=("POST",), counts=_failed_login)
    return per_address(per_username(view))


class LoginToWork(LoginView):
    """After logging in (with nowhere asked for), a teacher lands in the workspace and a
    student on the home page, where their homework is."""

    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        if self.request.user.has_perm(TEACHER_PERMISSION):
            return resolve_url("teacher_dashboard")
        return super().get_default_redirect_url()


login_view = login_limited(LoginToWork.as_view())

# A reset mail per request: limited per address so the form cannot be used to flood an
# inbox (or the mail server) from one place.
password_reset = rate_limited("password_reset", methods=("POST",))(PasswordResetView.as_view())
