# "event:12" strings become foreign keys to the fact. A reference to a fact deleted
# since is dropped: the question's own text, a snapshot, is unchanged. The question's
# JSON copy of the references goes: the links are the one record.

import django.db.models.deletion
from django.db import migrations, models


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
    if schema_editor.connection.vendor == "postgresql":
        # Check the new links now, so the table can be altered in this same transaction
        # (PostgreSQL refuses to alter a table with pending foreign-key checks).
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def foreign_keys_to_refs(apps, schema_editor):
    """Back to strings, on the links and in each question's JSON copy of them."""
    QuestionFact = apps.get_model("quizzes", "QuestionFact")
    Question = apps.get_model("quizzes", "Question")
    refs = {}
    for link in QuestionFact.objects.order_by("pk"):
        link.ref = f"event:{link.event_id}" if link.event_id else f"person:{link.person_id}"
        link.save(update_fields=["ref"])
        refs.setdefault(link.question_id, []).append(link.ref)
    for question in Question.objects.filter(pk__in=refs):
        question.fact_ids = refs[question.pk]
        question.save(update_fields=["fact_ids"])
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):

    dependencies = [
        ('facts', '0002_source'),
        ('quizzes', '0002_alter_question_kind'),
    ]

    operations = [
        *(
            migrations.AddField(
                model_name='questionfact',
                name=fact,
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=f'facts.{fact}'),
            )
            for fact in ('event', 'person')
        ),
        # Nullable while the links change hands, so that going back can re-add the column
        # before it is filled.
        migrations.AlterField(
            model_name='questionfact',
            name='ref',
            field=models.CharField(db_index=True, max_length=40, null=True),
        ),
        migrations.RunPython(refs_to_foreign_keys, foreign_keys_to_refs),
        migrations.RemoveConstraint(
            model_name='questionfact',
            name='one_ref_per_question',
        ),
        *(
            migrations.RemoveField(model_name=model_name, name=name)
            for model_name, name in (('questionfact', 'ref'), ('question', 'fact_ids'))
        ),
        migrations.AlterField(
            model_name='question',
            name='kind',
            field=models.CharField(choices=[('date', '日期選擇題'), ('time', '時間選擇題'), ('participant', '參與者選擇題'), ('role', '職務選擇題'), ('place', '地點選擇題'), ('ordering', '排序題'), ('choice', '自訂選擇題')], max_length=12, verbose_name='題型'),
        ),
        migrations.AddConstraint(
            model_name='questionfact',
            constraint=models.CheckConstraint(condition=models.Q(('event__isnull', True), ('person__isnull', True), _connector='XOR'), name='question_fact_is_one_fact'),
        ),
        *(
            migrations.AddConstraint(
                model_name='questionfact',
                constraint=models.UniqueConstraint(fields=('question', fact), name=f'one_link_per_{fact}'),
            )
            for fact in ('event', 'person')
        ),
    ]
