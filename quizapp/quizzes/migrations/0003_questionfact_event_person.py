import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('facts', '0003_source_required'),
        ('quizzes', '0002_alter_question_kind'),
    ]

    operations = [
        migrations.AddField(
            model_name='questionfact',
            name='event',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='facts.event'),
        ),
        migrations.AddField(
            model_name='questionfact',
            name='person',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='facts.person'),
        ),
    ]
