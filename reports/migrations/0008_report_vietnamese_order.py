# Reports listed by the commune's Vietnamese sort key (Commune.sort_key), not its name in byte order.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0007_signed_verification'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='report',
            options={'ordering': ['commune__sort_key', '-year', '-period_kind'], 'verbose_name': 'báo cáo', 'verbose_name_plural': 'báo cáo'},
        ),
    ]
