# "event:12" strings become foreign keys. A reference to a fact deleted since is dropped:
# the question's own text, a snapshot, is unchanged.

from django.db import migrations


def refs_to_foreign_keys(apps, schema_editor):
    QuestionFact = apps.get_model("quizzes", "QuestionFact")
    columns = {"event": "event_id", "person": "person_id"}
    existing = {
        "event": set(apps.get_model("facts", "Event").objects.values_list("pk", flat=True)),
        "person": set(apps.get_model("facts", "Person").objects.values_list("pk", flat=True)),
    }
    for link in QuestionFact.objects.all():
        kind, _sep, number = link.ref.partition(":")
        if kind in columns and number.isdigit() and int(number) in existing[kind]:
            setattr(link, columns[kind], int(number))
            link.save(update_fields=[columns[kind]])
        else:
            link.delete()


def foreign_keys_to_refs(apps, schema_editor):
    QuestionFact = apps.get_model("quizzes", "QuestionFact")
    for link in QuestionFact.objects.all():
        link.ref = f"event:{link.event_id}" if link.event_id else f"person:{link.person_id}"
        link.save(update_fields=["ref"])


class Migration(migrations.Migration):

    dependencies = [
        ('quizzes', '0003_questionfact_event_person'),
    ]

    operations = [
        migrations.RunPython(refs_to_foreign_keys, foreign_keys_to_refs),
    ]
