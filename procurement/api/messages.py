"""Third-party messages that the procurement API's inputs can show, for
makemessages: DRF ships no Kyrgyz catalogue, and Django's Kyrgyz for these
form messages is informal. As portal/i18n_extra.py: nothing imports this
module; the msgids must stay byte-for-byte equal to the packages' source
strings (re-check them on upgrading)."""

from django.utils.translation import gettext_noop

REST_FRAMEWORK_INPUTS = [
    gettext_noop("Not a valid string."),
    gettext_noop("Ensure this field has no more than {max_length} characters."),
    gettext_noop("Ensure this value is less than or equal to {max_value}."),
    gettext_noop("Ensure this value is greater than or equal to {min_value}."),
    gettext_noop("Ensure that there are no more than {max_digits} digits in total."),
    gettext_noop(
        "Ensure that there are no more than {max_decimal_places} decimal places."
    ),
    gettext_noop(
        "Ensure that there are no more than {max_whole_digits} digits before "
        "the decimal point."
    ),
    gettext_noop("String value too large."),
    gettext_noop("Must be a valid boolean."),
    gettext_noop("Expected a datetime but got a date."),
    gettext_noop('Invalid datetime for the timezone "{timezone}".'),
    gettext_noop("Datetime value out of range."),
    gettext_noop("No filename could be determined."),
    gettext_noop("Invalid data. Expected a dictionary, but got {datatype}."),
]

# Django's form wording, which the inputs share with the pages
DJANGO_FORMS = [
    gettext_noop("Enter a number."),
    gettext_noop("Enter a valid date/time."),
    gettext_noop("Enter a list of values."),
    gettext_noop("No file was submitted. Check the encoding type on the form."),
    gettext_noop("The submitted file is empty."),
]
