"""The access matrix: for every named URL (``name`` or ``name#variant``) and
every API operation (``API <METHOD> <path>``) the answer each role gets.
``answer(default, role=value, …)``: the default for every role, then the
roles that differ. Values: an HTTP status, or LOGIN (a redirect to a sign-in
page). Pages are requested with GET, POST-only actions with POST, API
operations with their own method; every request is rolled back afterwards."""

from tests.attack.world import ROLES

LOGIN = "login"


def answer(default, **overrides) -> dict:
    unknown = set(overrides) - set(ROLES)
    assert not unknown, f"no such role: {unknown}"
    return {role: overrides.get(role, default) for role in ROLES}


def answer_of(value) -> str:
    return "LOGIN" if value == LOGIN else str(value)


# Reviewed answer by answer (2026-12-04): every 2xx below is a role that may
# see or do it. Roles: anonymous, consultant_a (the canary bid's bidder),
# consultant_b, staff_owner (Alamüdün, the tenders' municipality),
# staff_other, staff_pending, coordinator_region (Chüy and Naryn),
# coordinator_other (Batken), academy_admin, no_role, superuser.
EXPECTED: dict[str, dict] = {
    "healthz": answer(200),
    "favicon": answer(200),
    "api-schema": answer(200),
    "api-docs": answer(200),
    "set_language": answer(302),
    "home": answer(200),
    "account_login": answer(302, anonymous=200),
    "account_logout": answer(200, anonymous=302),
    "account_inactive": answer(200),
    "account_signup": answer(302, anonymous=200),
    "account_reauthenticate": answer(200, anonymous=LOGIN),
    "account_email": answer(200, anonymous=LOGIN),
    "account_email_verification_sent": answer(200),
    "account_change_password": answer(200, anonymous=LOGIN),
    "account_set_password": answer(302, anonymous=LOGIN),
    "account_reset_password": answer(200),
    "account_confirm_login_code": answer(302, anonymous=LOGIN),
    "account_confirm_email": answer(200),
    "account_reset_password_from_key_done": answer(200),
    "account_reset_password_from_key": answer(200),
    "account_reset_password_done": answer(200),
    "accounts:dashboard": answer(200, anonymous=LOGIN),
    "accounts:email-language": answer(400, anonymous=LOGIN),
    "accounts:login-link-request": answer(200),
    "accounts:login-link-sent": answer(200),
    "accounts:login-link": answer(400),
    "notifications:notification-list": answer(200, anonymous=LOGIN),
    "notifications:notification-open": answer(404, anonymous=LOGIN),
    "notifications:notification-read-all": answer(302, anonymous=LOGIN),
    "notifications:unsubscribe": answer(200),
    "municipalities:municipality-list": answer(200),
    "municipalities:municipality-detail": answer(200),
    "municipalities:staff-join": answer(
        403,
        anonymous=LOGIN,
        staff_owner=200,
        staff_other=200,
        staff_pending=200,
        no_role=200,
        superuser=200,
    ),
    "municipalities:staff-list": answer(
        200,
        anonymous=LOGIN,
        consultant_a=403,
        consultant_b=403,
        staff_pending=403,
        no_role=403,
    ),
    "municipalities:staff-decide": answer(
        404,
        anonymous=LOGIN,
        staff_pending=403,
        coordinator_region=302,
        academy_admin=302,
        superuser=302,
    ),
    "municipalities:coordinator-list": answer(
        403, anonymous=LOGIN, academy_admin=200, superuser=200
    ),
    "municipalities:coordinator-remove": answer(
        403, anonymous=LOGIN, academy_admin=302, superuser=302
    ),
    "municipalities:names-list": answer(
        403, anonymous=LOGIN, academy_admin=200, superuser=200
    ),
    "municipalities:names-edit": answer(
        403, anonymous=LOGIN, academy_admin=200, superuser=200
    ),
    "consultants:consultant-list": answer(200),
    "consultants:consultant-export-csv": answer(200),
    "consultants:consultant-export-xlsx": answer(200),
    "consultants:consultant-print": answer(200),
    "consultants:consultant-apply": answer(
        403, anonymous=LOGIN, consultant_a=302, consultant_b=302, no_role=200
    ),
    "consultants:consultant-mine": answer(302, anonymous=LOGIN),
    "consultants:application-list": answer(
        403, anonymous=LOGIN, academy_admin=200, superuser=200
    ),
    "consultants:application-detail": answer(
        403, anonymous=LOGIN, academy_admin=200, superuser=200
    ),
    "consultants:consultant-detail": answer(200),
    "consultants:consultant-edit": answer(
        403, anonymous=LOGIN, consultant_a=200, academy_admin=200, superuser=200
    ),
    "consultants:consultant-resubmit": answer(404, anonymous=LOGIN, consultant_a=302),
    "consultants:consultant-withdraw": answer(
        403, anonymous=LOGIN, consultant_a=200, academy_admin=200, superuser=200
    ),
    "consultants:rating-answer": answer(403, anonymous=LOGIN, consultant_a=302),
    "consultants:claim-list": answer(
        403, anonymous=LOGIN, academy_admin=200, superuser=200
    ),
    "consultants:claim-decide": answer(
        403, anonymous=LOGIN, academy_admin=302, superuser=302
    ),
    "consultants:claim-create": answer(403, anonymous=LOGIN, no_role=200),
    "consultants:invitation-accept": answer(200),
    "consultants:invitation-create": answer(
        403, anonymous=LOGIN, academy_admin=200, superuser=200
    ),
    "procurement:tender-list": answer(200),
    "procurement:tender-feed": answer(200),
    "procurement:tender-create": answer(
        403, anonymous=LOGIN, staff_owner=200, staff_other=200
    ),
    "procurement:tender-mine": answer(
        403,
        anonymous=LOGIN,
        consultant_a=200,
        consultant_b=200,
        staff_owner=200,
        staff_other=200,
    ),
    "procurement:alert-settings": answer(200, anonymous=LOGIN),
    "procurement:tender-detail": answer(200),
    "procurement:tender-detail#draft": answer(404, staff_owner=200),
    "procurement:tender-detail#opened": answer(200),
    "procurement:tender-edit": answer(404, anonymous=LOGIN, staff_owner=200),
    "procurement:document-add": answer(404, anonymous=LOGIN, staff_owner=302),
    "procurement:tender-publish": answer(404, anonymous=LOGIN, staff_owner=302),
    "procurement:tender-invite-recommended": answer(
        404, anonymous=LOGIN, staff_owner=302
    ),
    "procurement:interest-call": answer(404, anonymous=LOGIN, staff_owner=302),
    "procurement:interest-express": answer(
        403, anonymous=LOGIN, consultant_a=200, consultant_b=200
    ),
    "procurement:shortlist": answer(403, anonymous=LOGIN),
    "procurement:proposals-request": answer(403, anonymous=LOGIN, staff_owner=200),
    "procurement:tender-amend": answer(403, anonymous=LOGIN, staff_owner=200),
    "procurement:tender-cancel": answer(403, anonymous=LOGIN, staff_owner=302),
    "procurement:tender-follow": answer(302, anonymous=LOGIN),
    "procurement:question-ask": answer(
        403, anonymous=LOGIN, consultant_a=302, consultant_b=302
    ),
    "procurement:bid-submit": answer(
        403, anonymous=LOGIN, consultant_a=200, consultant_b=200
    ),
    "procurement:tender-open": answer(403, anonymous=LOGIN, staff_owner=302),
    "procurement:tender-evaluate": answer(403, anonymous=LOGIN, staff_owner=200),
    "procurement:tender-committee": answer(403, anonymous=LOGIN, staff_owner=200),
    "procurement:committee-declare": answer(403, anonymous=LOGIN, staff_owner=302),
    "procurement:tender-technical-result": answer(
        403, anonymous=LOGIN, staff_owner=200
    ),
    "procurement:tender-financial-open": answer(403, anonymous=LOGIN, staff_owner=200),
    "procurement:tender-evaluation-report": answer(
        403,
        anonymous=LOGIN,
        staff_owner=200,
        coordinator_region=200,
        academy_admin=200,
        superuser=200,
    ),
    "procurement:tender-award": answer(403, anonymous=LOGIN, staff_owner=200),
    "procurement:contract-record": answer(403, anonymous=LOGIN),
    "procurement:contract-complete": answer(403, anonymous=LOGIN),
    "procurement:document-download": answer(200),
    "procurement:document-delete": answer(404, anonymous=LOGIN, staff_owner=302),
    "procurement:question-answer": answer(403, anonymous=LOGIN, staff_owner=302),
    "procurement:bid-detail": answer(404, anonymous=LOGIN, consultant_a=200),
    "procurement:bid-withdraw": answer(
        403, anonymous=LOGIN, consultant_a=200, consultant_b=404
    ),
    "procurement:complaint-file": answer(
        403, anonymous=LOGIN, consultant_a=302, consultant_b=404
    ),
    "procurement:bidfile-download": answer(404, anonymous=LOGIN, consultant_a=200),
    "procurement:biddraft-download": answer(404, anonymous=LOGIN, consultant_a=200),
    "procurement:bidreceipt-document": answer(404, anonymous=LOGIN, consultant_a=200),
    "procurement:complaint-terms": answer(
        403, anonymous=LOGIN, consultant_a=302, consultant_b=302
    ),
    "procurement:tender-resume": answer(403, anonymous=LOGIN),
    "procurement:complaint-explain": answer(403, anonymous=LOGIN),
    "procurement:complaint-decide": answer(403, anonymous=LOGIN),
    "procurement:review-list": answer(403, anonymous=LOGIN),
    "procurement:review-members": answer(
        403, anonymous=LOGIN, academy_admin=200, superuser=200
    ),
    "procurement:review-member-remove": answer(
        403, anonymous=LOGIN, academy_admin=302, superuser=302
    ),
    "consultations:request-list": answer(
        200, anonymous=LOGIN, staff_pending=403, no_role=403
    ),
    "consultations:request-create": answer(
        403, anonymous=LOGIN, staff_owner=200, staff_other=200
    ),
    "consultations:request-detail": answer(
        200,
        anonymous=LOGIN,
        consultant_b=404,
        staff_other=404,
        staff_pending=404,
        coordinator_other=404,
        no_role=404,
    ),
    "consultations:request-answer": answer(
        400,
        anonymous=LOGIN,
        consultant_b=404,
        staff_other=404,
        staff_pending=404,
        coordinator_other=404,
        no_role=404,
    ),
    "consultations:request-agree": answer(
        302,
        anonymous=LOGIN,
        consultant_b=404,
        staff_other=404,
        staff_pending=404,
        coordinator_other=404,
        no_role=404,
    ),
    "consultations:request-cancel": answer(
        404,
        anonymous=LOGIN,
        consultant_a=403,
        staff_owner=200,
        coordinator_region=403,
        academy_admin=403,
        superuser=403,
    ),
    "consultations:request-complete": answer(
        404,
        anonymous=LOGIN,
        consultant_a=403,
        staff_owner=400,
        coordinator_region=403,
        academy_admin=403,
        superuser=403,
    ),
    "consultations:municipality-rate": answer(
        400,
        anonymous=LOGIN,
        consultant_b=404,
        staff_other=404,
        staff_pending=404,
        coordinator_other=404,
        no_role=404,
    ),
    "consultations:request-tender": answer(
        404,
        anonymous=LOGIN,
        consultant_a=403,
        staff_owner=302,
        coordinator_region=403,
        academy_admin=403,
        superuser=403,
    ),
    "consultations:rating-answer": answer(403, anonymous=LOGIN, staff_owner=302),
    "reports:overview": answer(
        404,
        anonymous=LOGIN,
        coordinator_region=200,
        coordinator_other=302,
        academy_admin=302,
        superuser=302,
    ),
    "reports:report": answer(404, anonymous=LOGIN, academy_admin=200, superuser=200),
    "reports:report-print": answer(
        404, anonymous=LOGIN, coordinator_region=200, academy_admin=200, superuser=200
    ),
    "reports:report-pdf": answer(
        404, anonymous=LOGIN, coordinator_region=200, academy_admin=200, superuser=200
    ),
    "reports:report-export": answer(
        404, anonymous=LOGIN, coordinator_region=200, academy_admin=200, superuser=200
    ),
    "reports:gap-list": answer(
        404, anonymous=LOGIN, coordinator_region=200, academy_admin=200, superuser=200
    ),
    "reports:flag-tenders": answer(
        404, anonymous=LOGIN, academy_admin=200, superuser=200
    ),
    "reports:municipality-detail": answer(
        404, anonymous=LOGIN, coordinator_region=200, academy_admin=200, superuser=200
    ),
    "trainings:training-list": answer(200),
    "trainings:training-create": answer(
        403, anonymous=LOGIN, academy_admin=200, superuser=200
    ),
    "trainings:training-mine": answer(
        403, anonymous=LOGIN, consultant_a=200, consultant_b=200
    ),
    "trainings:training-detail": answer(200),
    "trainings:training-edit": answer(
        403, anonymous=LOGIN, academy_admin=200, superuser=200
    ),
    "trainings:training-attendance": answer(
        403, anonymous=LOGIN, academy_admin=200, superuser=200
    ),
    "trainings:training-attendance-download": answer(
        403, anonymous=LOGIN, academy_admin=200, superuser=200
    ),
    "trainings:training-certify": answer(
        403, anonymous=LOGIN, academy_admin=200, superuser=200
    ),
    "trainings:programme-list": answer(200),
    "trainings:programme-create": answer(
        403, anonymous=LOGIN, academy_admin=200, superuser=200
    ),
    "trainings:programme-detail": answer(200),
    "trainings:programme-edit": answer(
        403, anonymous=LOGIN, academy_admin=200, superuser=200
    ),
    "trainings:certificate-list": answer(
        200,
        anonymous=LOGIN,
        staff_owner=403,
        staff_other=403,
        staff_pending=403,
        no_role=403,
    ),
    "trainings:certificate-detail": answer(
        404, anonymous=LOGIN, consultant_a=200, academy_admin=200, superuser=200
    ),
    "trainings:certificate-download": answer(
        404, anonymous=LOGIN, consultant_a=200, academy_admin=200, superuser=200
    ),
    "trainings:certificate-verify-form": answer(200),
    "trainings:certificate-verify": answer(200),
    "javascript-catalog": answer(200),
    "admin:index": answer(LOGIN, academy_admin=200, superuser=200),
    "admin:login": answer(200, academy_admin=302, superuser=302),
    "admin:logout": answer(302, academy_admin=405, superuser=405),
    "admin:password_change": answer(LOGIN, academy_admin=200, superuser=200),
    "admin:password_change_done": answer(LOGIN, academy_admin=200, superuser=200),
    "admin:autocomplete": answer(LOGIN, academy_admin=403, superuser=403),
    "admin:jsi18n": answer(LOGIN, academy_admin=200, superuser=200),
    "admin:view_on_site": answer(LOGIN, academy_admin=302, superuser=302),
    "admin:auth_group_changelist": answer(LOGIN, academy_admin=403, superuser=200),
    "admin:auth_group_add": answer(LOGIN, academy_admin=403, superuser=200),
    "admin:auth_group_history": answer(LOGIN, academy_admin=302, superuser=302),
    "admin:auth_group_delete": answer(LOGIN, academy_admin=403, superuser=302),
    "admin:auth_group_change": answer(LOGIN, academy_admin=403, superuser=302),
    "admin:account_emailaddress_changelist": answer(
        LOGIN, academy_admin=403, superuser=200
    ),
    "admin:account_emailaddress_add": answer(LOGIN, academy_admin=403, superuser=200),
    "admin:account_emailaddress_history": answer(
        LOGIN, academy_admin=302, superuser=302
    ),
    "admin:account_emailaddress_delete": answer(
        LOGIN, academy_admin=403, superuser=302
    ),
    "admin:account_emailaddress_change": answer(
        LOGIN, academy_admin=403, superuser=302
    ),
    "admin:audit_auditentry_changelist": answer(
        LOGIN, academy_admin=403, superuser=200
    ),
    "admin:audit_auditentry_add": answer(LOGIN, academy_admin=403, superuser=403),
    "admin:audit_auditentry_history": answer(LOGIN, academy_admin=302, superuser=302),
    "admin:audit_auditentry_delete": answer(LOGIN, academy_admin=403, superuser=403),
    "admin:audit_auditentry_change": answer(LOGIN, academy_admin=403, superuser=302),
    "admin:accounts_user_changelist": answer(LOGIN, academy_admin=200, superuser=200),
    "admin:accounts_user_add": answer(LOGIN, academy_admin=200, superuser=200),
    "admin:accounts_user_history": answer(LOGIN, academy_admin=302, superuser=200),
    "admin:accounts_user_delete": answer(LOGIN, academy_admin=302, superuser=200),
    "admin:accounts_user_change": answer(LOGIN, academy_admin=302, superuser=200),
    "admin:accounts_loginthrottle_changelist": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:accounts_loginthrottle_add": answer(LOGIN, academy_admin=403, superuser=403),
    "admin:accounts_loginthrottle_history": answer(
        LOGIN, academy_admin=302, superuser=302
    ),
    "admin:accounts_loginthrottle_delete": answer(
        LOGIN, academy_admin=302, superuser=302
    ),
    "admin:accounts_loginthrottle_change": answer(
        LOGIN, academy_admin=302, superuser=302
    ),
    "admin:outbox_event_changelist": answer(LOGIN, academy_admin=403, superuser=200),
    "admin:outbox_event_add": answer(LOGIN, academy_admin=403, superuser=200),
    "admin:outbox_event_history": answer(LOGIN, academy_admin=403, superuser=200),
    "admin:outbox_event_delete": answer(LOGIN, academy_admin=403, superuser=200),
    "admin:outbox_event_change": answer(LOGIN, academy_admin=403, superuser=200),
    "admin:notifications_notification_changelist": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:notifications_notification_add": answer(
        LOGIN, academy_admin=403, superuser=403
    ),
    "admin:notifications_notification_history": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:notifications_notification_delete": answer(
        LOGIN, academy_admin=403, superuser=403
    ),
    "admin:notifications_notification_change": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:notifications_eventdelivery_changelist": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:notifications_eventdelivery_add": answer(
        LOGIN, academy_admin=403, superuser=403
    ),
    "admin:notifications_eventdelivery_history": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:notifications_eventdelivery_delete": answer(
        LOGIN, academy_admin=403, superuser=403
    ),
    "admin:notifications_eventdelivery_change": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:municipalities_region_changelist": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:municipalities_region_add": answer(LOGIN, academy_admin=200, superuser=200),
    "admin:municipalities_region_history": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:municipalities_region_delete": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:municipalities_region_change": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:municipalities_district_changelist": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:municipalities_district_add": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:municipalities_district_history": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:municipalities_district_delete": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:municipalities_district_change": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:municipalities_municipality_changelist": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:municipalities_municipality_add": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:municipalities_municipality_history": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:municipalities_municipality_delete": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:municipalities_municipality_change": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:municipalities_place_changelist": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:municipalities_place_add": answer(LOGIN, academy_admin=200, superuser=200),
    "admin:municipalities_place_history": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:municipalities_place_delete": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:municipalities_place_change": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:municipalities_staffmembership_changelist": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:municipalities_staffmembership_add": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:municipalities_staffmembership_history": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:municipalities_staffmembership_delete": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:municipalities_staffmembership_change": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:municipalities_rolechange_changelist": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:municipalities_rolechange_add": answer(
        LOGIN, academy_admin=403, superuser=403
    ),
    "admin:municipalities_rolechange_history": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:municipalities_rolechange_delete": answer(
        LOGIN, academy_admin=403, superuser=403
    ),
    "admin:municipalities_rolechange_change": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:consultants_expertisearea_changelist": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:consultants_expertisearea_add": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:consultants_expertisearea_history": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:consultants_expertisearea_delete": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:consultants_expertisearea_change": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:consultants_consultant_changelist": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:consultants_consultant_add": answer(LOGIN, academy_admin=200, superuser=200),
    "admin:consultants_consultant_history": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:consultants_consultant_delete": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:consultants_consultant_change": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:consultants_profileinvitation_changelist": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:consultants_profileinvitation_add": answer(
        LOGIN, academy_admin=403, superuser=403
    ),
    "admin:consultants_profileinvitation_history": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:consultants_profileinvitation_delete": answer(
        LOGIN, academy_admin=403, superuser=403
    ),
    "admin:consultants_profileinvitation_change": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:consultants_profileclaim_changelist": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:consultants_profileclaim_add": answer(
        LOGIN, academy_admin=403, superuser=403
    ),
    "admin:consultants_profileclaim_history": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:consultants_profileclaim_delete": answer(
        LOGIN, academy_admin=403, superuser=403
    ),
    "admin:consultants_profileclaim_change": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:trainings_training_changelist": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:trainings_training_add": answer(LOGIN, academy_admin=200, superuser=200),
    "admin:trainings_training_history": answer(LOGIN, academy_admin=200, superuser=200),
    "admin:trainings_training_delete": answer(LOGIN, academy_admin=200, superuser=200),
    "admin:trainings_training_change": answer(LOGIN, academy_admin=200, superuser=200),
    "admin:trainings_certificationprogramme_changelist": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:trainings_certificationprogramme_add": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:trainings_certificationprogramme_history": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:trainings_certificationprogramme_delete": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:trainings_certificationprogramme_change": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:trainings_certificate_changelist": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:trainings_certificate_add": answer(LOGIN, academy_admin=403, superuser=403),
    "admin:trainings_certificate_history": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:trainings_certificate_delete": answer(
        LOGIN, academy_admin=403, superuser=403
    ),
    "admin:trainings_certificate_change": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:procurement_tender_changelist": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:procurement_tender_add": answer(LOGIN, academy_admin=200, superuser=200),
    "admin:procurement_tender_history": answer(LOGIN, academy_admin=200, superuser=200),
    "admin:procurement_tender_delete": answer(LOGIN, academy_admin=200, superuser=200),
    "admin:procurement_tender_change": answer(LOGIN, academy_admin=200, superuser=200),
    "admin:procurement_bid_changelist": answer(LOGIN, academy_admin=200, superuser=200),
    "admin:procurement_bid_add": answer(LOGIN, academy_admin=403, superuser=403),
    "admin:procurement_bid_history": answer(LOGIN, academy_admin=302, superuser=302),
    "admin:procurement_bid_delete": answer(LOGIN, academy_admin=403, superuser=403),
    "admin:procurement_bid_change": answer(LOGIN, academy_admin=302, superuser=302),
    "admin:procurement_question_changelist": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:procurement_question_add": answer(LOGIN, academy_admin=403, superuser=403),
    "admin:procurement_question_history": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:procurement_question_delete": answer(
        LOGIN, academy_admin=403, superuser=403
    ),
    "admin:procurement_question_change": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:procurement_award_changelist": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:procurement_award_add": answer(LOGIN, academy_admin=403, superuser=403),
    "admin:procurement_award_history": answer(LOGIN, academy_admin=200, superuser=200),
    "admin:procurement_award_delete": answer(LOGIN, academy_admin=403, superuser=403),
    "admin:procurement_award_change": answer(LOGIN, academy_admin=200, superuser=200),
    "admin:procurement_complaint_changelist": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:procurement_complaint_add": answer(LOGIN, academy_admin=403, superuser=403),
    "admin:procurement_complaint_history": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:procurement_complaint_delete": answer(
        LOGIN, academy_admin=403, superuser=403
    ),
    "admin:procurement_complaint_change": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:procurement_contract_changelist": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:procurement_contract_add": answer(LOGIN, academy_admin=403, superuser=403),
    "admin:procurement_contract_history": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:procurement_contract_delete": answer(
        LOGIN, academy_admin=403, superuser=403
    ),
    "admin:procurement_contract_change": answer(
        LOGIN, academy_admin=200, superuser=200
    ),
    "admin:consultations_consultationrequest_changelist": answer(
        LOGIN, academy_admin=403, superuser=200
    ),
    "admin:consultations_consultationrequest_add": answer(
        LOGIN, academy_admin=403, superuser=403
    ),
    "admin:consultations_consultationrequest_history": answer(
        LOGIN, academy_admin=403, superuser=200
    ),
    "admin:consultations_consultationrequest_delete": answer(
        LOGIN, academy_admin=403, superuser=403
    ),
    "admin:consultations_consultationrequest_change": answer(
        LOGIN, academy_admin=403, superuser=200
    ),
    "admin:consultations_municipalityrating_changelist": answer(
        LOGIN, academy_admin=403, superuser=200
    ),
    "admin:consultations_municipalityrating_add": answer(
        LOGIN, academy_admin=403, superuser=403
    ),
    "admin:consultations_municipalityrating_history": answer(
        LOGIN, academy_admin=403, superuser=200
    ),
    "admin:consultations_municipalityrating_delete": answer(
        LOGIN, academy_admin=403, superuser=403
    ),
    "admin:consultations_municipalityrating_change": answer(
        LOGIN, academy_admin=403, superuser=200
    ),
    "admin:app_list": answer(LOGIN, academy_admin=200, superuser=200),
    "API GET /api/v1/bids/": answer(200),
    "API GET /api/v1/bids/{id}/": answer(404, consultant_a=200),
    "API PUT /api/v1/bids/{id}/": answer(403, consultant_a=200, consultant_b=404),
    "API PATCH /api/v1/bids/{id}/": answer(403, consultant_a=200, consultant_b=404),
    "API POST /api/v1/bids/{id}/confirm/": answer(
        403, consultant_a=409, consultant_b=404
    ),
    "API POST /api/v1/bids/{id}/withdraw/": answer(
        403, consultant_a=200, consultant_b=404
    ),
    "API GET /api/v1/certificates/{code}/": answer(200),
    "API GET /api/v1/complaints/": answer(200),
    "API POST /api/v1/complaints/": answer(403, consultant_a=400, consultant_b=400),
    "API GET /api/v1/complaints/{id}/": answer(200),
    "API POST /api/v1/complaints/{id}/decision/": answer(403),
    "API POST /api/v1/complaints/{id}/explanation/": answer(403),
    "API GET /api/v1/complaints/mine/": answer(403, consultant_a=200, consultant_b=200),
    "API GET /api/v1/consultants/": answer(200),
    "API GET /api/v1/consultants/{id}/": answer(200),
    "API GET /api/v1/consultations/": answer(200, anonymous=403),
    "API GET /api/v1/consultations/{id}/": answer(
        200,
        anonymous=403,
        consultant_b=404,
        staff_other=404,
        staff_pending=404,
        coordinator_other=404,
        no_role=404,
    ),
    "API GET /api/v1/expertise-areas/": answer(200),
    "API GET /api/v1/expertise-areas/{code}/": answer(200),
    "API GET /api/v1/municipalities/": answer(200),
    "API GET /api/v1/municipalities/{id}/": answer(200),
    "API GET /api/v1/municipalities/{id}/recommended-members/": answer(200),
    "API GET /api/v1/notifications/": answer(200, anonymous=403),
    "API GET /api/v1/notifications/{id}/": answer(404, anonymous=403),
    "API POST /api/v1/notifications/{id}/read/": answer(404, anonymous=403),
    "API POST /api/v1/notifications/read-all/": answer(200, anonymous=403),
    "API GET /api/v1/ocds/bulk/": answer(200),
    "API GET /api/v1/ocds/bulk/{day}.jsonl": answer(404),
    "API GET /api/v1/ocds/record-package/": answer(200),
    "API GET /api/v1/ocds/record-package/{ocid}/": answer(200),
    "API GET /api/v1/ocds/release-package/": answer(200),
    "API POST /api/v1/questions/{id}/answer/": answer(403, staff_owner=409),
    "API GET /api/v1/regions/": answer(200),
    "API GET /api/v1/regions/{code}/": answer(200),
    "API GET /api/v1/tenders/": answer(200),
    "API POST /api/v1/tenders/": answer(403, staff_owner=400, staff_other=400),
    "API GET /api/v1/tenders/{id}/": answer(200),
    "API PUT /api/v1/tenders/{id}/": answer(403, staff_owner=409),
    "API PATCH /api/v1/tenders/{id}/": answer(403, staff_owner=409),
    "API POST /api/v1/tenders/{id}/amend/": answer(403, staff_owner=400),
    "API GET /api/v1/tenders/{id}/amendments/": answer(200),
    "API POST /api/v1/tenders/{id}/bids/": answer(
        403, consultant_a=409, consultant_b=409
    ),
    "API POST /api/v1/tenders/{id}/cancel/": answer(403, staff_owner=400),
    "API POST /api/v1/tenders/{id}/documents/": answer(403, staff_owner=400),
    "API GET /api/v1/tenders/{id}/interest/": answer(
        403, consultant_a=200, consultant_b=200, staff_owner=200
    ),
    "API POST /api/v1/tenders/{id}/interest/": answer(
        403, consultant_a=400, consultant_b=400
    ),
    "API POST /api/v1/tenders/{id}/publish/": answer(403, staff_owner=409),
    "API GET /api/v1/tenders/{id}/questions/": answer(200),
    "API POST /api/v1/tenders/{id}/questions/": answer(
        403, consultant_a=201, consultant_b=201
    ),
    "API GET /api/v1/tenders/{id}/shortlist/": answer(404),
    "API POST /api/v1/tenders/{id}/shortlist/": answer(403, staff_owner=400),
    "API GET /api/v1/trainings/": answer(200),
    "API GET /api/v1/trainings/{id}/": answer(200),
    "admin:auth_user_password_change": answer(LOGIN, academy_admin=403, superuser=200),
}
