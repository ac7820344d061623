"""The tender's notice on the state procurement portal (zakupki.gov.kg)."""

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

# The state procurement portal's order id: the number at the end of a notice's
# address, zakupki.gov.kg/popp/view/order/view.xhtml?id=<id>; its ocid there is
# ocds-h7i0z4-<id>.
STATE_NOTICE_URL = "https://zakupki.gov.kg/popp/view/order/view.xhtml?id={}"
STATE_OCID_PREFIX = "ocds-h7i0z4-"
state_notice_validator = RegexValidator(
    r"^[1-9][0-9]{0,11}$",
    _(
        "Enter the order number of the notice on zakupki.gov.kg: the digits "
        'after "id=" in the notice\'s address, for example 521141.'
    ),
)
