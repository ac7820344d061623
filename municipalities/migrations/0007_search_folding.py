"""portal_fold(text): the loose spelling of search (rules: portal/search.py),
and the folded, trigram-indexed search columns of municipalities and villages.

The function is created here, below every app that searches, so that
consultants and procurement can fold with it too."""

import django.contrib.postgres.indexes
import django.db.models.functions.comparison
import django.db.models.functions.text
import portal.search
from django.db import migrations, models

FOLD = r"""
CREATE FUNCTION portal_fold(value text) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  s text := lower(value);  -- 1. (the database has a UTF-8 locale: README)
BEGIN
  -- 2. letters written with two Latin letters
  s := replace(replace(replace(s, 'ш', 'sh'), 'щ', 'sh'), 'ч', 'ch');
  s := replace(replace(s, 'ю', 'iu'), 'я', 'ia');
  s := replace(replace(s, 'ş', 'sh'), 'ç', 'ch');
  -- 3. Cyrillic letters written with one Latin letter: sources and targets
  --    in the same order, the commonest first (translate scans the list);
  --    the hard and soft signs dropped (no target)
  s := translate(s,
    'аеиоунлкртсыүмбдөгзжйпфхцэңёв' || 'әғқҳһіұў' || 'ъь',
    'aeiounlkrtsiumbdogzjipfhcenev' || 'agkhhiuu');
  --    y, q, w; apostrophes and hyphens dropped
  s := replace(replace(replace(s, 'y', 'i'), 'q', 'k'), 'w', 'v');
  s := replace(replace(replace(s, '-', ''), '''', ''), '`', '');
  --    Latin letters with marks, other apostrophes and dashes (only when
  --    anything beyond ASCII is left: translate is slow on long texts)
  IF s ~ '[^\x01-\x7f]' THEN
    s := translate(s,
      'öüıñğáàâäéèêëíìîïóòôúùûý' || '’ʼ´‐‑–—',
      'ouing' || 'aaaa' || 'eeee' || 'iiii' || 'ooo' || 'uuu' || 'i');
  END IF;
  -- 4. Latin spellings of the same sounds, in this order
  s := replace(replace(replace(s, 'shch', 'sh'), 'dzh', 'j'), 'dj', 'j');
  s := replace(replace(replace(s, 'zh', 'j'), 'kh', 'h'), 'ts', 'c');
  s := replace(replace(s, 'ng', 'n'), 'x', 'ks');
  -- 5. anything but letters and digits is one space, ends trimmed
  s := btrim(regexp_replace(s, '[^[:alnum:]]+', ' ', 'g'));
  -- 6. a doubled Latin letter once (runs of up to eight)
  s := replace(replace(replace(s, 'aaaa', 'a'), 'aa', 'a'), 'aa', 'a');
  s := replace(replace(replace(s, 'bbbb', 'b'), 'bb', 'b'), 'bb', 'b');
  s := replace(replace(replace(s, 'cccc', 'c'), 'cc', 'c'), 'cc', 'c');
  s := replace(replace(replace(s, 'dddd', 'd'), 'dd', 'd'), 'dd', 'd');
  s := replace(replace(replace(s, 'eeee', 'e'), 'ee', 'e'), 'ee', 'e');
  s := replace(replace(replace(s, 'ffff', 'f'), 'ff', 'f'), 'ff', 'f');
  s := replace(replace(replace(s, 'gggg', 'g'), 'gg', 'g'), 'gg', 'g');
  s := replace(replace(replace(s, 'hhhh', 'h'), 'hh', 'h'), 'hh', 'h');
  s := replace(replace(replace(s, 'iiii', 'i'), 'ii', 'i'), 'ii', 'i');
  s := replace(replace(replace(s, 'jjjj', 'j'), 'jj', 'j'), 'jj', 'j');
  s := replace(replace(replace(s, 'kkkk', 'k'), 'kk', 'k'), 'kk', 'k');
  s := replace(replace(replace(s, 'llll', 'l'), 'll', 'l'), 'll', 'l');
  s := replace(replace(replace(s, 'mmmm', 'm'), 'mm', 'm'), 'mm', 'm');
  s := replace(replace(replace(s, 'nnnn', 'n'), 'nn', 'n'), 'nn', 'n');
  s := replace(replace(replace(s, 'oooo', 'o'), 'oo', 'o'), 'oo', 'o');
  s := replace(replace(replace(s, 'pppp', 'p'), 'pp', 'p'), 'pp', 'p');
  s := replace(replace(replace(s, 'rrrr', 'r'), 'rr', 'r'), 'rr', 'r');
  s := replace(replace(replace(s, 'ssss', 's'), 'ss', 's'), 'ss', 's');
  s := replace(replace(replace(s, 'tttt', 't'), 'tt', 't'), 'tt', 't');
  s := replace(replace(replace(s, 'uuuu', 'u'), 'uu', 'u'), 'uu', 'u');
  s := replace(replace(replace(s, 'vvvv', 'v'), 'vv', 'v'), 'vv', 'v');
  s := replace(replace(replace(s, 'zzzz', 'z'), 'zz', 'z'), 'zz', 'z');
  RETURN s;
END
$$;
"""

UNFOLD = "DROP FUNCTION IF EXISTS portal_fold(text);"


class Migration(migrations.Migration):
    dependencies = [
        ("municipalities", "0006_merge_phones_review_body"),
    ]

    operations = [
        migrations.RunSQL(FOLD, UNFOLD),
        migrations.AddField(
            model_name="municipality",
            name="search_folded",
            field=models.GeneratedField(
                db_persist=True,
                expression=portal.search.Fold(
                    django.db.models.functions.text.Concat(
                        django.db.models.functions.comparison.Coalesce(
                            "name_ky", models.Value(""), output_field=models.TextField()
                        ),
                        models.Value(" "),
                        django.db.models.functions.comparison.Coalesce(
                            "name_ru", models.Value(""), output_field=models.TextField()
                        ),
                        models.Value(" "),
                        django.db.models.functions.comparison.Coalesce(
                            "name_en", models.Value(""), output_field=models.TextField()
                        ),
                        models.Value(" "),
                        django.db.models.functions.comparison.Coalesce(
                            "soate", models.Value(""), output_field=models.TextField()
                        ),
                        models.Value(" "),
                        output_field=models.TextField(),
                    )
                ),
                output_field=models.TextField(),
            ),
        ),
        migrations.AddField(
            model_name="place",
            name="search_folded",
            field=models.GeneratedField(
                db_persist=True,
                expression=portal.search.Fold(
                    django.db.models.functions.text.Concat(
                        django.db.models.functions.comparison.Coalesce(
                            "name_ky", models.Value(""), output_field=models.TextField()
                        ),
                        models.Value(" "),
                        django.db.models.functions.comparison.Coalesce(
                            "name_ru", models.Value(""), output_field=models.TextField()
                        ),
                        models.Value(" "),
                        django.db.models.functions.comparison.Coalesce(
                            "name_en", models.Value(""), output_field=models.TextField()
                        ),
                        models.Value(" "),
                        output_field=models.TextField(),
                    )
                ),
                output_field=models.TextField(),
            ),
        ),
        migrations.AddIndex(
            model_name="municipality",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_folded"],
                name="municipality_folded_trgm",
                opclasses=["gin_trgm_ops"],
            ),
        ),
        migrations.AddIndex(
            model_name="place",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_folded"],
                name="place_folded_trgm",
                opclasses=["gin_trgm_ops"],
            ),
        ),
    ]
