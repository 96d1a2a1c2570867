# Separate from 0002: on PostgreSQL a table cannot be altered in the transaction that
# just updated its rows (pending foreign-key trigger events).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('facts', '0002_source'),
    ]

    operations = [
        migrations.AlterField(
            model_name='event',
            name='source',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='facts.source', verbose_name='來源'),
        ),
        migrations.AlterField(
            model_name='person',
            name='source',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='facts.source', verbose_name='來源'),
        ),
        migrations.AlterField(
            model_name='place',
            name='source',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='facts.source', verbose_name='來源'),
        ),
    ]
