"""allauth's headings, buttons and labels in the portal's own wording.

allauth writes them in title case ("Sign In", "Remember Me"); the portal writes sentence case
in both languages. Django reads the catalogues in LOCALE_PATHS before an app's own, so the
project overrides these strings without copying allauth's templates or forms: the English
wording is in locale/en/LC_MESSAGES/django.po (kept by hand: only these entries), the Spanish
in the project's Spanish catalogue. Listing them here keeps `make messages` from dropping
their Spanish entries; the module is never imported.
"""

from django.utils.translation import gettext_noop

ALLAUTH_TEXT = [
    gettext_noop("Account Inactive"),
    gettext_noop("Activate Authenticator App"),
    gettext_noop("Add Email Address"),
    gettext_noop("Add Email"),
    gettext_noop("Add Security Key"),
    gettext_noop("Authenticator App"),
    gettext_noop("Bad Token"),
    gettext_noop("Change Email"),
    gettext_noop("Change Password"),
    gettext_noop("Confirm Access"),
    gettext_noop("Confirm Email Address"),
    gettext_noop("Current Password"),
    gettext_noop("Deactivate Authenticator App"),
    gettext_noop("Email Address"),
    gettext_noop("Email Addresses"),
    gettext_noop("Email Verification"),
    gettext_noop("Enter Email Verification Code"),
    gettext_noop("Enter Password Reset Code"),
    gettext_noop("Enter Sign-In Code"),
    gettext_noop("New Password"),
    gettext_noop("New Password (again)"),
    gettext_noop("Password (again)"),
    gettext_noop("Password Reset"),
    gettext_noop("Recovery Codes"),
    gettext_noop("Remember Me"),
    gettext_noop("Request Code"),
    gettext_noop("Set Password"),
    gettext_noop("Sign In"),
    gettext_noop("Sign Out"),
    gettext_noop("Sign Up"),
    gettext_noop("Sign Up Closed"),
    gettext_noop("Trust this Browser?"),
    gettext_noop("Two-Factor Authentication"),
    gettext_noop("Verify Your Email Address"),
    gettext_noop("Cancel Change"),
    gettext_noop("Make Primary"),
    gettext_noop("Re-send Verification"),
    gettext_noop("Reset My Password"),
    gettext_noop("Don't Trust"),
    gettext_noop(
        "Forgotten your password? Enter your email address below, and we'll send you an "
        "email allowing you to reset it."
    ),
    gettext_noop(
        "If you have not created an account yet, then please %(link)ssign up%(end_link)s first."
    ),
    gettext_noop("Account Already Exists"),
    gettext_noop("Authenticator App Activated"),
    gettext_noop("Authenticator App Deactivated"),
    gettext_noop("Email Changed"),
    gettext_noop("Email Confirmation"),
    gettext_noop("Email Removed"),
    gettext_noop("New Recovery Codes Generated"),
    gettext_noop("Password Changed"),
    gettext_noop("Password Reset Code"),
    gettext_noop("Password Reset Email"),
    gettext_noop("Password Set"),
    gettext_noop("Please Confirm Your Email Address"),
    gettext_noop("Sign-In Code"),
    gettext_noop("Unknown Account"),
    # allauth's own Spanish says "tú" and "autenticación de dos factores" in these.
    gettext_noop("Be patient, you are sending too many requests."),
    gettext_noop(
        "You're receiving this email because user %(user_display)s has given your email "
        "address to register an account on %(site_domain)s."
    ),
    gettext_noop(
        "You cannot add an email address to an account protected by two-factor authentication."
    ),
    gettext_noop("You cannot deactivate two-factor authentication."),
    gettext_noop(
        "You cannot generate recovery codes without having two-factor authentication enabled."
    ),
    gettext_noop(
        "You cannot activate two-factor authentication until you have verified your email address."
    ),
    gettext_noop(
        '<strong>Note:</strong> you can still <a href="%(email_url)s">change your email '
        "address</a>."
    ),
    # allauth's Spanish says "vete a", "email" and "recuperació" in its emails, and uses
    # Spain's wording on its pages: the portal's Spanish says usted, as Mexico writes it.
    gettext_noop("To confirm this is correct, go to %(activate_url)s"),
    gettext_noop("Hello from %(site_name)s!"),
    gettext_noop("Thank you for using %(site_name)s!\n%(site_domain)s"),
    gettext_noop(
        "You are receiving this email because you or someone else tried to signup for an\n"
        "account using email address:\n"
        "\n"
        "%(email)s\n"
        "\n"
        "However, an account using that email address already exists.  In case you have\n"
        "forgotten about this, please use the password forgotten procedure to recover\n"
        "your account:\n"
        "\n"
        "%(password_reset_url)s"
    ),
    gettext_noop(
        "You are receiving this email because you, or someone else, tried to access an account "
        "with email %(email)s. However, we do not have any record of such an account in our "
        "database."
    ),
    gettext_noop("This mail can be safely ignored if you did not initiate this action."),
    gettext_noop("Signup"),
    gettext_noop("Forgot your password?"),
]
