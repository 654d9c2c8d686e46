"""Ship the default instruments: ICS scaling 1–10, a 0–10 safety scale, SDQ subscale scores."""

from django.db import migrations

INSTRUMENTS = [
    (
        "ics-scaling",
        "Skalering på ICS-trekanten (1–10)",
        "ICS triangle scaling (1–10)",
        True,
        [
            ("child", "Barnets udvikling", "The child's development", 1, 10),
            ("parenting", "Forældrekompetencer", "Parenting capacity", 1, 10),
            ("family", "Familie og netværk", "Family and network", 1, 10),
        ],
    ),
    (
        "safety",
        "Sikkerhedsskala (0–10)",
        "Safety scale (0–10)",
        True,
        [("safety", "Sikkerhed", "Safety", 0, 10)],
    ),
    (
        "sdq",
        "SDQ – delskalaer",
        "SDQ subscales",
        False,
        [
            ("emotional", "Emotionelle symptomer", "Emotional symptoms", 0, 10),
            ("conduct", "Adfærdsproblemer", "Conduct problems", 0, 10),
            ("hyperactivity", "Hyperaktivitet/opmærksomhed", "Hyperactivity/inattention", 0, 10),
            ("peer", "Problemer med jævnaldrende", "Peer problems", 0, 10),
        ],
    ),
]


def create(apps, schema_editor):
    Instrument = apps.get_model("progress", "Instrument")
    Dimension = apps.get_model("progress", "Dimension")
    for code, name_da, name_en, higher_is_better, dimensions in INSTRUMENTS:
        instrument = Instrument.objects.create(
            code=code, name_da=name_da, name_en=name_en, higher_is_better=higher_is_better
        )
        for position, (dcode, dname_da, dname_en, low, high) in enumerate(dimensions):
            Dimension.objects.create(
                instrument=instrument,
                code=dcode,
                name_da=dname_da,
                name_en=dname_en,
                minimum=low,
                maximum=high,
                position=position,
            )


def remove(apps, schema_editor):
    apps.get_model("progress", "Instrument").objects.filter(
        code__in=[i[0] for i in INSTRUMENTS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("progress", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]
