def user_display(user):
    """Accounts are email-only: greet people by their address, not a generated username."""
    return user.email or user.get_username()
