"""The settings a production site (DEBUG off) adds for HTTPS: redirects,
HSTS, secure cookies, trusted origins, and which of Django's deployment
checks cannot apply. Read from the environment like the rest of
config.settings, which calls production_settings."""

from typing import Any

from config import env

YEAR = 365 * 24 * 3600


def production_settings(site_url: str, trusted_proxies: int) -> dict[str, Any]:
    https = site_url.startswith("https://")
    found: dict[str, Any] = {"SITE_IS_HTTPS": https}
    if trusted_proxies > 0:
        # The proxy terminates TLS and says which scheme the client used.
        found["SECURE_PROXY_SSL_HEADER"] = ("HTTP_X_FORWARDED_PROTO", "https")
    preload = env.bool_value("SECURE_HSTS_PRELOAD", default=False)
    found.update(
        SECURE_SSL_REDIRECT=env.bool_value("SECURE_SSL_REDIRECT", default=https),
        # A load balancer's health check speaks plain HTTP to the app itself.
        SECURE_REDIRECT_EXEMPT=[r"^healthz$"],
        SECURE_HSTS_SECONDS=env.int_value(
            "SECURE_HSTS_SECONDS", default=YEAR if https else 0, minimum=0
        ),
        SECURE_HSTS_INCLUDE_SUBDOMAINS=env.bool_value(
            "SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True
        ),
        # Asking browsers to preload the domain is hard to undo
        # (hstspreload.org), so it is the operator's decision; until then its
        # reminder is silenced.
        SECURE_HSTS_PRELOAD=preload,
        SESSION_COOKIE_SECURE=https,
        CSRF_COOKIE_SECURE=https,
        CSRF_TRUSTED_ORIGINS=[site_url],
        SECURE_CONTENT_TYPE_NOSNIFF=True,
    )
    silenced = [] if preload else ["security.W021"]
    if not https and env.is_loopback(site_url):
        # A production-shaped stack on this machine (docker-compose.yml) has no
        # certificate: the checks that want HTTPS cannot apply. A public site
        # on plain HTTP still fails them.
        silenced += ["security.W004", "security.W008", "security.W012", "security.W016"]
    found["SILENCED_SYSTEM_CHECKS"] = silenced
    return found
