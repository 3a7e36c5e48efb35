"""Command output and API errors are Swedish like the rest (issue 8, item 6): every command
prints through gettext, and the API's messages follow the request's Accept-Language, Swedish
when it asks for none the site has."""

import io

import pytest
from django.core.management import CommandError, call_command, get_commands, load_command_class

from tests.factories import TenantFactory, UnitFactory

pytestmark = pytest.mark.django_db

OURS = [name for name, app in get_commands().items() if app.startswith("radhus")]


def test_the_api_answers_in_swedish_by_default_and_for_a_language_it_does_not_have(client):
    for header in ({}, {"HTTP_ACCEPT_LANGUAGE": "de-DE,de;q=0.9"}, {"HTTP_ACCEPT_LANGUAGE": "sv"}):
        response = client.get("/api/v1/units?tenant=finns-inte", **header)
        assert response.status_code == 404
        assert response.json()["detail"] == "Det finns ingen organisation med adressen ”finns-inte”."
        assert response["Content-Language"] == "sv"


def test_the_api_answers_in_english_when_asked(client):
    response = client.get("/api/v1/units?tenant=finns-inte", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8")
    assert response.json()["detail"] == "No organisation with the address “finns-inte”."
    assert "Accept-Language" in response["Vary"]
    bad = client.get("/api/v1/units?as_of=2020-13-01", HTTP_ACCEPT_LANGUAGE="en")
    assert bad.json()["errors"]["as_of"] == ["Give a date as YYYY-MM-DD from 1800-01-01 to 2200-12-31."]
    refused = client.post("/api/v1/units", {}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 401 and refused.json()["detail"].startswith("A valid API key is needed")


def test_pages_still_ignore_accept_language(client):
    TenantFactory(slug="munkedal")
    assert client.get("/munkedal/", HTTP_ACCEPT_LANGUAGE="en")["Content-Language"] == "sv"


def test_every_command_of_ours_has_swedish_help():
    """``radhus <command> --help`` is Swedish: the help text and the options' help."""
    assert {
        "create_tenant",
        "grant_role",
        "create_token",
        "revoke_tokens",
        "serve",
        "load_demo",
        "worker",
    } <= set(OURS)
    for name in OURS:
        command = load_command_class(get_commands()[name], name)
        parser = command.create_parser("radhus", name)
        text = " ".join(parser.format_help().split())
        own = [
            a.help
            for a in parser._actions
            if a.dest
            not in {
                "help",
                "version",
                "verbosity",
                "settings",
                "pythonpath",
                "traceback",
                "no_color",
                "force_color",
                "skip_checks",
            }
            and a.help
        ]
        assert str(command.help) in text
        for words in [str(command.help), *map(str, own)]:
            assert not any(english in f" {words} " for english in (" the ", " a ", " an ", " of ", " to ")), (
                name,
                words,
            )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["grant_role", "anna", "finns-inte", "editor"], "Det finns ingen organisation ”finns-inte”"),
        (
            ["grant_role", "anna", "pargas", "editor"],
            "Det finns ingen användare ”anna”. Lägg till --create-user",
        ),
        (["create_token", "anna"], "Det finns ingen användare ”anna”."),
        (["revoke_tokens", "anna"], "Det finns ingen användare ”anna”."),
        (["export_popolo", "finns-inte"], "Det finns ingen organisation ”finns-inte”"),
        (["import_popolo", "/finns/inte.json"], "Kan inte läsa /finns/inte.json"),
    ],
)
def test_command_refusals_are_swedish(args, message):
    TenantFactory(slug="pargas")
    with pytest.raises(CommandError) as exc:
        call_command(*args, stdout=io.StringIO(), stderr=io.StringIO())
    assert str(exc.value).startswith(message)


def test_command_output_is_swedish():
    TenantFactory(slug="pargas", name="Pargas stad")
    out, err = io.StringIO(), io.StringIO()
    call_command("grant_role", "anna", "pargas", "editor", "--create-user", stdout=out, stderr=err)
    assert "Skapade användaren anna." in out.getvalue()
    assert "anna är redaktör i Pargas stad." in out.getvalue()
    assert "Inget lösenord angavs" in err.getvalue()
    out = io.StringIO()
    call_command("create_token", "anna", stdout=out, stderr=err)
    assert "Nyckeln slutar gälla" in err.getvalue()
    out = io.StringIO()
    call_command("revoke_tokens", "anna", stdout=out)
    assert "Återkallade 1 nyckel för anna." in out.getvalue()


def test_the_import_reports_in_swedish(tmp_path):
    unit = UnitFactory(tenant=TenantFactory(slug="pargas", name="Pargas stad"))
    out = io.StringIO()
    call_command("export_popolo", "pargas", "-o", str(tmp_path / "p.json"), stdout=out)
    unit.delete()
    call_command("import_popolo", str(tmp_path / "p.json"), stdout=out, stderr=io.StringIO())
    assert "Inläst i Pargas stad: 1 enheter." in out.getvalue()
