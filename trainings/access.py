"""Who may see what of trainings and certificates: the one home of these
rules, asked by the pages and the profile panel."""


def can_see_training_history(user, consultant) -> bool:
    """A consultant's trainings and certificates: the consultant, academy
    administrators and the coordinators of the consultant's home region."""
    if not user.is_authenticated:
        return False
    if user.is_academy_admin or consultant.user_id == user.pk:
        return True
    return (
        user.is_coordinator
        and user.coordinated_regions.filter(code=consultant.home_region_id).exists()
    )


def can_download_certificate(user, certificate) -> bool:
    """The PDF: for its holder and academy administrators."""
    return user.is_authenticated and (
        user.is_academy_admin or certificate.consultant.user_id == user.pk
    )
