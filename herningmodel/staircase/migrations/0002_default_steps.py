"""The six steps of the staircase, with Socialstyrelsen's names (DOMAIN.md §1)."""

from django.db import migrations

STEPS = [
    (
        1,
        "Tidligere indsatser i almenområdet",
        "Earlier interventions in universal services",
        "Day-care, school and health-nurse work, without a decision under Barnets Lov.",
    ),
    (
        2,
        "Forebyggende indsatser",
        "Preventive interventions",
        "Barnets Lov § 30: counselling, family-oriented work, network and talk groups.",
    ),
    (
        3,
        "Hjemmebaserede foranstaltninger",
        "Home-based measures",
        "Barnets Lov § 32: support at home, contact person, family treatment, support stay.",
    ),
    (
        4,
        "Anbringelse i slægt eller netværk",
        "Placement with kin or network",
        "Network foster family, approved for one specific child.",
    ),
    (
        5,
        "Anbringelse i plejefamilie",
        "Placement in a foster family",
        "Ordinary, reinforced or specialised foster family.",
    ),
    (
        6,
        "Anbringelse på institution",
        "Placement in an institution",
        "Children's home, residential home (opholdssted), secure unit.",
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
