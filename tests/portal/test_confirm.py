"""The shared pieces for irreversible actions and form errors."""

from django import forms
from django.template import Context, Template
from django.test import RequestFactory

from portal.confirm import confirmation, is_confirmed


class _Form(forms.Form):
    title = forms.CharField(label="Title")
    amount = forms.IntegerField(label="Amount")


def test_error_summary_links_every_field_error_and_is_empty_without_errors():
    form = _Form(data={"title": "", "amount": "x"})
    assert not form.is_valid()
    html = Template("{% load portal %}{% error_summary form %}").render(
        Context({"form": form})
    )
    assert 'href="#id_title"' in html and 'href="#id_amount"' in html
    assert 'role="alert"' in html
    clean = _Form(data={"title": "a", "amount": "1"})
    assert clean.is_valid()
    assert "error-summary" not in Template(
        "{% load portal %}{% error_summary form %}"
    ).render(Context({"form": clean}))


class _ChoicesForm(forms.Form):
    areas = forms.MultipleChoiceField(
        label="Areas",
        choices=[("water", "Water"), ("budget", "Budget")],
        widget=forms.CheckboxSelectMultiple,
    )
    kind = forms.ChoiceField(
        label="Kind", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect
    )
    nothing = forms.MultipleChoiceField(
        label="Nothing", choices=[], widget=forms.CheckboxSelectMultiple
    )


def test_error_summary_links_checkbox_and_radio_lists_to_their_first_option():
    form = _ChoicesForm(data={})
    assert not form.is_valid()
    html = Template("{% load portal %}{% error_summary form %}").render(
        Context({"form": form})
    )
    # the first option's input exists with that id, so the link lands on it
    rendered = str(form["areas"]) + str(form["kind"])
    assert 'id="id_areas_0"' in rendered and 'id="id_kind_0"' in rendered
    assert 'href="#id_areas_0">Areas: ' in html
    assert 'href="#id_kind_0">Kind: ' in html
    # no option at all: the list's container, which carries the field's id
    assert 'id="id_nothing"' in str(form["nothing"])
    assert 'href="#id_nothing">Nothing: ' in html


def test_confirmation_page_carries_the_submitted_fields_and_asks(rf=None):
    request = RequestFactory().post(
        "/tenders/5/cancel/", {"reason": "changed", "explanation": "<b>x</b>"}
    )
    request.user = None
    assert not is_confirmed(request)
    response = confirmation(
        request,
        title="Cancel?",
        consequence="Bidders are told; it cannot be undone.",
        button="Cancel the tender",
        back="/tenders/5/",
    )
    html = response.content.decode()
    assert 'name="confirmed" value="1"' in html
    assert 'name="reason" value="changed"' in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html  # carried values are escaped
    assert 'action="/tenders/5/cancel/"' in html
    confirmed = RequestFactory().post("/tenders/5/cancel/", {"confirmed": "1"})
    assert is_confirmed(confirmed)
