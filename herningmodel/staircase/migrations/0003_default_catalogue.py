"""The default catalogue: 30 intervention types on all six steps, 7 fictitious providers, and
prices from 2016-01-01 with an update from 2024-01-01.

Where each figure comes from (and which are invented assumptions) is in docs/staircase.md.
A municipality replaces all of it with its own catalogue (Excel import or the admin pages).
"""

from decimal import Decimal

from django.db import migrations

PROVIDERS = {
    # key: (name, kind) — every name is invented and marked as such.
    "sundhed": ("Sundhedsplejen (kommunal, fiktiv)", "municipal"),
    "ppr": ("PPR og skoler (kommunal, fiktiv)", "municipal"),
    "familie": ("Familiecentret Åløkke (kommunal, fiktiv)", "municipal"),
    "pleje": ("Plejefamilieenheden (kommunal, fiktiv)", "municipal"),
    "terapi": ("Terapihuset Ådalen ApS (ekstern, fiktiv)", "external"),
    "fjordlys": ("Opholdsstedet Fjordlys (ekstern, fiktiv)", "external"),
    "bakke": ("Bakkegården Børnehjem (ekstern, fiktiv)", "external"),
}

U, S30, S32, S43 = "universal", "§ 30", "§ 32", "§ 43"

# code, name, step, legal basis, legal item, programme, unit, days, {provider: (2016, 2024)}
TYPES = [
    ("ekstra-sundhedsplejebesoeg", "Ekstra sundhedsplejebesøg (2 før 18 måneder)", 1, U, "",
     "", "course", 540, {"sundhed": (1600, 1900)}),
    ("cos-p-foraeldregruppe", "COS-P forældregruppe", 1, U, "", "COS-P", "course", 70,
     {"sundhed": (6500, 7800)}),
    ("adbb-opfoelgning", "ADBB-screening med opfølgning", 1, U, "", "ADBB", "course", 90,
     {"sundhed": (1200, 1450)}),
    ("faelles-hjemmebesoeg", "Fælles hjemmebesøg, sundhedsplejerske og rådgiver", 1, U, "", "",
     "hour", 90, {"sundhed": (520, 620)}),
    ("pals-skolestoette", "PALS-understøttelse i skolen", 1, U, "", "PALS", "month", 365,
     {"ppr": (1500, 1800)}),
    ("familieraadgivning", "Familieorienteret rådgivning", 2, S30, "rådgivning", "", "hour", 90,
     {"familie": (560, 650)}),
    ("aaben-raadgivning", "Åben anonym rådgivning", 2, S30, "rådgivning", "", "hour", 30,
     {"familie": (560, 650)}),
    ("netvaerksgruppe", "Netværks- og samtalegruppe", 2, S30, "netværks- eller samtalegrupper",
     "", "course", 120, {"familie": (4800, 5600)}),
    ("familieplanlaegning", "Familieplanlægningsrådgivning", 2, S30, "familieplanlægning", "",
     "hour", 60, {"familie": (560, 650)}),
    ("foraeldrekursus", "Forældrekursus", 2, S30, "rådgivning", "", "course", 60,
     {"familie": (3900, 4500)}),
    ("familiekonsulent", "Familiekonsulent (familiebehandling)", 3, S32, "familiebehandling",
     "", "hour", 180, {"familie": (590, 688), "terapi": (640, 745)}),
    ("kontaktperson", "Fast kontaktperson", 3, S32, "fast kontaktperson", "", "hour", 365,
     {"familie": (545, 636)}),
    ("praktisk-paedagogisk-stoette", "Praktisk pædagogisk støtte i hjemmet", 3, S32,
     "praktisk, pædagogisk eller anden støtte i hjemmet", "", "hour", 180,
     {"familie": (380, 444)}),
    ("fft", "Funktionel familieterapi (FFT)", 3, S32, "familiebehandling", "FFT", "course", 120,
     {"familie": (46000, 51379), "terapi": (49000, 54900)}),
    ("mst", "Multisystemisk terapi (MST)", 3, S32, "familiebehandling", "MST", "course", 150,
     {"terapi": (62000, 72000)}),
    ("pmto", "PMTO forældretræning", 3, S32, "familiebehandling", "PMTO", "course", 180,
     {"familie": (38000, 44000)}),
    ("de-utrolige-aar", "De Utrolige År (forældreprogram)", 3, S32, "familiebehandling",
     "De Utrolige År", "course", 140, {"familie": (14000, 16500)}),
    ("stoetteophold", "Støtteophold for familien", 3, S32, "støtteophold", "", "day", 90,
     {"fjordlys": (2600, 3050)}),
    ("dagbehandling", "Dagbehandling", 3, S32, "dagbehandling", "", "day", 365,
     {"fjordlys": (1350, 1580)}),
    ("aflastning", "Aflastningsophold", 3, S32, "aflastningsophold", "", "day", 365,
     {"pleje": (1100, 1290)}),
    ("netvaerksplejefamilie", "Netværksplejefamilie", 4, S43, "netværksplejefamilie", "", "day",
     730, {"pleje": (420, 480)}),
    ("netvaerksplejefamilie-stoette", "Netværksplejefamilie med supplerende støtte", 4, S43,
     "netværksplejefamilie", "", "day", 730, {"pleje": (560, 650)}),
    ("plejefamilie", "Almen plejefamilie", 5, S43, "plejefamilie", "", "day", 730,
     {"pleje": (1288, 1380)}),
    ("forstaerket-plejefamilie", "Forstærket plejefamilie", 5, S43, "plejefamilie", "", "day",
     730, {"pleje": (1550, 1700)}),
    ("specialiseret-plejefamilie", "Specialiseret plejefamilie", 5, S43, "plejefamilie", "",
     "day", 730, {"pleje": (2150, 2400)}),
    ("kommunal-plejefamilie", "Kommunal plejefamilie", 5, S43, "kommunal plejefamilie", "",
     "day", 730, {"pleje": (1700, 1900)}),
    ("boernehjem", "Døgninstitution (børnehjem)", 6, S43, "døgninstitution", "", "day", 365,
     {"bakke": (3450, 4206)}),
    ("opholdssted", "Opholdssted", 6, S43, "opholdssted", "", "day", 365,
     {"fjordlys": (3178, 3859)}),
    ("sikret-afdeling", "Sikret døgninstitution", 6, S43, "sikret døgninstitution", "", "day",
     90, {"bakke": (4600, 5309)}),
    ("intensiv-korttidsanbringelse", "Intensivt, tidsbegrænset institutionsophold", 6, S43,
     "døgninstitution", "", "day", 120, {"bakke": (4050, 4789)}),
]

FROM_2016 = "2016-01-01"
FROM_2024 = "2024-01-01"


def create_catalogue(apps, schema_editor):
    Step = apps.get_model("staircase", "Step")
    Provider = apps.get_model("staircase", "Provider")
    InterventionType = apps.get_model("staircase", "InterventionType")
    Price = apps.get_model("staircase", "Price")
    steps = {s.number: s for s in Step.objects.all()}
    providers = {
        key: Provider.objects.get_or_create(name=name, defaults={"kind": kind})[0]
        for key, (name, kind) in PROVIDERS.items()
    }
    for code, name, step, basis, item, programme, unit, days, prices in TYPES:
        kind, _ = InterventionType.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "step": steps[step],
                "legal_basis": basis,
                "legal_item": item,
                "evidence_programme": programme,
                "unit": unit,
                "default_duration_days": days,
            },
        )
        for key, (old, new) in prices.items():
            for valid_from, amount in ((FROM_2016, old), (FROM_2024, new)):
                Price.objects.get_or_create(
                    provider=providers[key],
                    intervention_type=kind,
                    valid_from=valid_from,
                    defaults={"amount": Decimal(amount)},
                )


def remove_catalogue(apps, schema_editor):
    codes = [t[0] for t in TYPES]
    apps.get_model("staircase", "Price").objects.filter(intervention_type__code__in=codes).delete()
    apps.get_model("staircase", "InterventionType").objects.filter(code__in=codes).delete()
    names = [name for name, _ in PROVIDERS.values()]
    apps.get_model("staircase", "Provider").objects.filter(name__in=names).delete()


class Migration(migrations.Migration):
    dependencies = [("staircase", "0002_default_steps")]

    operations = [migrations.RunPython(create_catalogue, remove_catalogue)]
