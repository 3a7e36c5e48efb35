"""The interface language: Swedish unless the visitor chose English with the switch.

Django's LocaleMiddleware also follows the browser's Accept-Language, which would show a
Swedish municipality's pages in English to every visitor whose browser is set to English.
Here only the language cookie, set by the switch in the header (django.views.i18n.set_language),
changes the language.

The API is read by programs rather than browsers, which say what they want in
Accept-Language: its messages (errors included) follow that header (and the cookie, if sent),
in Swedish when neither asks for a language the site has."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        api = request.path_info.startswith("/api/")
        if api:
            language = translation.get_language_from_request(request)
            if language not in self.supported:
                language = settings.LANGUAGE_CODE
        else:
            chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
            language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie", "Accept-Language") if api else ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response
