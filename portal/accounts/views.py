from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def dashboard(request):
    """The signed-in person's start page; apps add their panels by role."""
    return render(request, "accounts/dashboard.html", {"role": request.user.role})
