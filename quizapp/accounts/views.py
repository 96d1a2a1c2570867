from __future__ import annotations

from django.contrib.auth import login, logout
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import User
from django.contrib.auth.views import LoginView
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from quizapp.accounts.guests import forget_guest
from quizapp.http import HtmxHttpRequest
from quizapp.limits.decorators import rate_limited


@require_http_methods(["GET", "POST"])
def signup(request: HtmxHttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form: UserCreationForm[User] = UserCreationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("home")
    status = 400 if request.method == "POST" else 200
    return render(request, "registration/signup.html", {"form": form}, status=status)


@require_POST
def logout_view(request: HtmxHttpRequest) -> HttpResponse:
    """Log out, and forget this browser's guest attempts too: on a shared classroom
    computer the next student must not find the previous one's quiz."""
    logout(request)
    response = redirect("home")
    forget_guest(response)
    return response


# Password guessing is slowed per client address; the counter is shared by all processes.
login_view = rate_limited(
    "login",
    methods=("POST",),
    counts=lambda response: response.status_code == 200,  # the form again: a failed login
)(LoginView.as_view(redirect_authenticated_user=True))
