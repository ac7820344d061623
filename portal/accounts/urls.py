from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("email-language/", views.email_language, name="email-language"),
    path("sign-in-link/", views.login_link_request, name="login-link-request"),
    path("sign-in-link/sent/", views.login_link_sent, name="login-link-sent"),
    path("sign-in-link/<uidb64>/<token>/", views.login_link, name="login-link"),
]
