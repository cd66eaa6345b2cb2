"""Accounts: the password change, which keeps the previous password's hash (a change may not go
back to it) and ends the change an account created by an administrator must make at first
login (see ``cchc.middleware.password_change_required``)."""

from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views

from reports.access import profile_of


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Mật khẩu hiện tại"
        self.fields["new_password2"].label = "Nhập lại mật khẩu mới"


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm

    def get_context_data(self, **kwargs):
        profile = profile_of(self.request.user)
        forced = profile is not None and profile.must_change_password
        return super().get_context_data(forced=forced, **kwargs)

    def form_valid(self, form):
        previous_hash = form.user.password
        response = super().form_valid(form)  # saves the new password, keeps the session
        profile = profile_of(form.user)
        if profile is not None:
            profile.previous_password_hash = previous_hash
            profile.must_change_password = False
            profile.save(update_fields=["previous_password_hash", "must_change_password"])
        return response
