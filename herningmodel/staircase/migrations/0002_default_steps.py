"""The six steps of the staircase, with Socialstyrelsen's names (DOMAIN.md §1).

Descriptions are in Danish, like the rest of the municipality's catalogue data.
"""

from django.db import migrations

STEPS = [
    (
        1,
        "Tidligere indsatser i almenområdet",
        "Earlier interventions in universal services",
        "Dagtilbud, skole og sundhedspleje, uden afgørelse efter Barnets Lov.",
    ),
    (
        2,
        "Forebyggende indsatser",
        "Preventive interventions",
        "Barnets Lov § 30: rådgivning, familieorienteret arbejde, netværks- og samtalegrupper.",
    ),
    (
        3,
        "Hjemmebaserede foranstaltninger",
        "Home-based measures",
        "Barnets Lov § 32: støtte i hjemmet, kontaktperson, familiebehandling, støtteophold.",
    ),
    (
        4,
        "Anbringelse i slægt eller netværk",
        "Placement with kin or network",
        "Netværksplejefamilie, godkendt til et bestemt barn.",
    ),
    (
        5,
        "Anbringelse i plejefamilie",
        "Placement in a foster family",
        "Almen, forstærket eller specialiseret plejefamilie.",
    ),
    (
        6,
        "Anbringelse på institution",
        "Placement in an institution",
        "Døgninstitution, opholdssted, sikret døgninstitution.",
    ),
]


def create_steps(apps, schema_editor):
    Step = apps.get_model("staircase", "Step")
    for number, name_da, name_en, description in STEPS:
        Step.objects.update_or_create(
            number=number,
            defaults={"name_da": name_da, "name_en": name_en, "description": description},
        )


def remove_steps(apps, schema_editor):
    apps.get_model("staircase", "Step").objects.filter(number__in=[s[0] for s in STEPS]).delete()


class Migration(migrations.Migration):
    dependencies = [("staircase", "0001_initial")]

    operations = [migrations.RunPython(create_steps, remove_steps)]
